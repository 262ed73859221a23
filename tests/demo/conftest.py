"""The demo district, loaded once for every test of this package.

Loading it takes long, and these tests only read it: the package fixture
loads it inside a transaction, each test runs in a savepoint of its own (what
it writes rolls back as usual), and the whole demo rolls back when the
package is done, before any other test runs.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.dashboards.helpers import ensure_checklist


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            ensure_checklist()  # again if a transactional test flushed it
            call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
