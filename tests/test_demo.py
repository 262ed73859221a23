"""The demo loader refuses to run without DEBUG (the demo's own tests are in
tests/demo, which loads it once)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from orgs.models import OrgUnit


def test_it_refuses_to_load_the_demo_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())
    assert OrgUnit.objects.count() == 0
