from io import StringIO

import pytest
from django.core.management import call_command

from orgs.models import OrgUnit


def test_it_reports_no_problems_on_a_sound_tree(world):
    out = StringIO()
    call_command("check_tree", stdout=out)
    assert out.getvalue().strip().endswith("0 problems")


def test_it_finds_a_corrupted_nested_set_and_rebuilds_it(world):
    # Simulate what a racing writer would leave behind.
    OrgUnit.objects.filter(pk=world.g1.pk).update(rght=999)
    with pytest.raises(SystemExit):
        call_command("check_tree", stdout=StringIO())
    out = StringIO()
    call_command("rebuild_tree", stdout=out)
    assert "0 problems" in out.getvalue()
    call_command("check_tree", stdout=StringIO())


def test_it_finds_a_kind_that_broke_the_rules(world):
    OrgUnit.objects.filter(pk=world.p1.pk).update(kind="street")
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("check_tree", stdout=out)
    assert "not allowed" in out.getvalue()
