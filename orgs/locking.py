"""One lock for every write to the org tree.

django-mptt's own README warns that concurrent writes can corrupt the nested
set: two inserts under one parent both read the parent's `rght` and both shift
the same range. Every tree write therefore runs inside `tree_write()`, which
holds one transaction-scoped lock until commit.
"""

from contextlib import contextmanager

from django.db import connection, transaction

# Arbitrary but fixed: the advisory-lock key of the org tree ("grid" in ASCII).
TREE_LOCK_KEY = 0x67726964


@contextmanager
def tree_write():
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Re-entrant within one session, released at commit or rollback.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TREE_LOCK_KEY])
        # SQLite runs with transaction_mode=IMMEDIATE: the transaction above
        # already holds the database's single write lock.
        yield
