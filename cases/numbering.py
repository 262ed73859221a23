"""Case numbers people can read aloud: region code, year, sequence
(XZ-2026-000123), unique, and safe under concurrent filings."""

from django.db import IntegrityError, connection, transaction

from .models import CaseCounter


def _bump(prefix: str) -> int | None:
    """Add one to the counter row and read it back in one statement (its
    row lock taken by the UPDATE); None when the row does not exist yet."""
    table = connection.ops.quote_name(CaseCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE prefix = %s RETURNING last", [prefix]
        )
        row = cursor.fetchone()
    return row[0] if row else None


def case_number_next(*, code: str, year: int) -> str:
    """Hand out the next number of `code` and `year`.

    The counter row is bumped with one UPDATE, which takes its row lock, so
    two filings can never read the same value. Called before the filing's
    own transaction, the lock is held only for this one statement; a filing
    that fails later leaves a gap, which a readable number may have.
    """
    prefix = f"{code[:20]}-{year}"
    last = _bump(prefix)
    if last is None:
        try:
            with transaction.atomic():
                CaseCounter.objects.create(prefix=prefix, last=1)
            last = 1
        except IntegrityError:
            # Another filing created the row first: take the next value.
            last = _bump(prefix)
    return f"{prefix}-{last:06d}"
