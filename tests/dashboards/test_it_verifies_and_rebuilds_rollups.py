"""`verify_counters rollups` recounts and reports every difference (non-zero exit);
`rebuild_counters rollups` puts the rows right again."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from dashboards.models import CaseDayRollup, CaseMonthRollup, CaseWeekRollup
from dashboards.selectors import dashboard_figures
from tests.dashboards.helpers import at, categories, close_case, file_case


def _cases(world):
    cats = categories()
    for day in (1, 15, 28):
        case = file_case(
            grid=world.g1,
            category=cats["fire"],
            reporter=world.leader,
            reported_at=at(2025, 5, day),
        )
    close_case(case, closed_at=at(2025, 6, 2), satisfaction="basically_satisfied")
    file_case(
        grid=world.g2, category=cats["trash"], reporter=world.outsider, reported_at=at(2025, 5, 3)
    )


def test_it_reports_zero_differences_when_the_rollups_are_right(world):
    _cases(world)
    out = StringIO()
    call_command("verify_counters", "rollups", stdout=out)
    assert "0 differences" in out.getvalue()


def test_it_reports_each_difference_and_fails_then_rebuild_fixes_it(world):
    _cases(world)
    period = {"date_from": date(2025, 5, 1), "date_to": date(2025, 6, 30)}
    right = dashboard_figures(unit=world.region, **period)
    # Drift: a lost increment, a stray row.
    CaseMonthRollup.objects.filter(unit=world.c1).update(reported=F("reported") - 1)
    CaseDayRollup.objects.filter(unit=world.g2).delete()
    CaseWeekRollup.objects.create(unit=world.s2, week=date(2025, 1, 6), reported=5)
    out = StringIO()
    # C1 has two month rows (May reported, June closed): four rows differ.
    with pytest.raises(CommandError, match="4 rollup rows differ"):
        call_command("verify_counters", "rollups", stdout=out)
    report = out.getvalue()
    assert (
        f"month unit {world.c1.id} 2025-05-01" in report and "reported stored 2 counted 3" in report
    )
    assert f"day unit {world.g2.id} 2025-05-03" in report
    assert f"week unit {world.s2.id} 2025-01-06" in report

    call_command("rebuild_counters", "rollups", stdout=StringIO())
    call_command("verify_counters", "rollups", stdout=StringIO())
    assert dashboard_figures(unit=world.region, **period) == right
