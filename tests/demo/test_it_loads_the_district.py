"""The demo district: Xiangzhou-shaped, loaded once."""

from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.http import HttpRequest

from orgs.integrity import tree_problems
from orgs.models import OrgUnit


def test_it_loads_a_xiangzhou_shaped_district(demo, db):
    assert OrgUnit.objects.filter(kind="street").count() == 9
    assert OrgUnit.objects.filter(kind="community").count() == 126
    assert OrgUnit.objects.filter(kind="grid").count() == 493
    assert OrgUnit.objects.filter(kind="party_group").exists()
    assert OrgUnit.objects.filter(kind="member_household").exists()
    assert OrgUnit.objects.filter(kind="department").exists()
    for community in OrgUnit.objects.filter(kind="community"):
        assert 2 <= community.get_children().filter(kind="grid").count() <= 5
    assert tree_problems() == []
    for username in (
        "demo_admin",
        "demo_orgdept",
        "demo_street",
        "demo_community",
        "demo_grid",
        "demo_grid_other",
    ):
        assert (
            authenticate(HttpRequest(), username=username, password="gridgov-demo") is not None
        ), username


def test_it_loads_the_demo_only_once(demo, db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert OrgUnit.objects.filter(kind="street").count() == 9


def test_it_puts_the_two_grid_leaders_in_different_streets(demo, db):
    from orgs.models import Position

    mine = Position.objects.get(user__username="demo_grid").unit
    other = Position.objects.get(user__username="demo_grid_other").unit
    street = Position.objects.get(user__username="demo_street").unit
    assert mine.is_descendant_of(street)
    assert not other.is_descendant_of(street)
