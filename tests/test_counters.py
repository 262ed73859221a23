"""`verify_counters` and `rebuild_counters`: one pair of commands for every
counter set, by name; with no name the check covers every set."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.models import CaseTally
from grids.models import PeopleTally
from tests.dashboards.helpers import at, categories, file_case


def test_it_checks_every_set_when_no_name_is_given(world):
    out = StringIO()
    call_command("verify_counters", stdout=out)
    assert out.getvalue().splitlines() == [
        "case_counts match a recount: 0 differences",
        "member_points match a recount: 0 differences",
        "party_rollups match a recount: 0 differences",
        "people_counts match a recount: 0 differences",
        "rollups match a recount: 0 differences",
    ]


def test_it_names_each_set_that_differs_and_rebuilds_only_those_named(world):
    fire = categories()["fire"]
    file_case(grid=world.g1, category=fire, reporter=world.leader, reported_at=at(2025, 5, 1))
    CaseTally.objects.filter(unit=world.g1).update(n=5)
    PeopleTally.objects.filter(unit=world.region, own=False).update(grids=0)
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("verify_counters", stdout=out)
    assert str(raised.value) == (
        "1 case count rows differ from a recount; run rebuild_counters case_counts; "
        "1 people count rows differ from a recount; run rebuild_counters people_counts"
    )
    assert out.getvalue().splitlines() == [
        f"unit {world.g1.pk} reported normal category {fire.pk}: n stored 5 counted 1",
        "member_points match a recount: 0 differences",
        "party_rollups match a recount: 0 differences",
        f"unit {world.region.pk} not own: grids stored 0 counted 3",
        "rollups match a recount: 0 differences",
    ]

    out = StringIO()
    call_command("rebuild_counters", "case_counts", stdout=out)
    assert out.getvalue().startswith("case_counts rebuilt: ")
    with pytest.raises(CommandError, match="people count rows differ"):
        call_command("verify_counters", stdout=StringIO())
    call_command("rebuild_counters", "people_counts", stdout=StringIO())
    call_command("verify_counters", stdout=StringIO())


def test_it_refuses_a_name_it_does_not_know(db):
    with pytest.raises(
        CommandError, match="No counter set called tally; the sets are case_counts, member_points, "
    ):
        call_command("verify_counters", "tally")
    with pytest.raises(CommandError, match="the following arguments are required: name"):
        call_command("rebuild_counters")
