"""Case numbers people can read aloud: region code, year, sequence
(XZ-2026-000123), unique, and safe under concurrent filings."""

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import CaseCounter


def case_number_next(*, code: str, year: int) -> str:
    """Hand out the next number of `code` and `year`.

    The counter row is bumped with one UPDATE, which takes its row lock, so
    two filings can never read the same value. Called before the filing's
    own transaction, the lock is held only for this short one; a filing that
    fails later leaves a gap, which a readable number may have.
    """
    prefix = f"{code[:20]}-{year}"
    with transaction.atomic():
        if not CaseCounter.objects.filter(prefix=prefix).update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    CaseCounter.objects.create(prefix=prefix, last=1)
            except IntegrityError:
                # Another filing created the row first: take the next value.
                CaseCounter.objects.filter(prefix=prefix).update(last=F("last") + 1)
        last = CaseCounter.objects.filter(prefix=prefix).values_list("last", flat=True).get()
    return f"{prefix}-{last:06d}"
