from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings

from cases import services
from cases.deadlines import deadlines_scan
from cases.models import Case, CaseEvent, Notification
from cases.tasks import scan_deadlines

from .conftest import file_case, make_case

T0 = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
H = timedelta(hours=1)


def _scan(at):
    with time_machine.travel(at, tick=False):
        return deadlines_scan()


def _state():
    return (
        list(Case.objects.order_by("pk").values()),
        CaseEvent.objects.count(),
        Notification.objects.count(),
    )


@pytest.fixture
def case(world, cats):
    with time_machine.travel(T0, tick=False):
        return file_case(world, cats)  # 0204 normal: 72 h, remind at 57.6 h


def test_it_is_scheduled_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["cases-scan-deadlines"]
    assert entry == {"task": "cases.tasks.scan_deadlines", "schedule": 60.0}


def test_it_reminds_at_eighty_percent_once(case, world, django_capture_on_commit_callbacks):
    assert _scan(T0 + 57 * H) == {"overdue": 0, "reminded": 0, "supervised": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert _scan(T0 + 58 * H)["reminded"] == 1
    case.refresh_from_db()
    assert case.reminded_at == T0 + 58 * H
    assert case.version == 1  # a reminder is no conflict for the handler
    event = case.events.last()
    assert (event.action, event.actor, event.to_unit_id) == ("remind", None, world.g1.id)
    assert {n.recipient for n in Notification.objects.filter(kind="reminder")} == {
        world.leader,
        world.teammate,
    }
    before = _state()
    with django_capture_on_commit_callbacks(execute=True):
        assert _scan(T0 + 58 * H) == {"overdue": 0, "reminded": 0, "supervised": 0}
        assert _scan(T0 + 60 * H) == {"overdue": 0, "reminded": 0, "supervised": 0}
    assert _state() == before


def test_it_marks_overdue_at_the_deadline_once(case, django_capture_on_commit_callbacks):
    _scan(T0 + 58 * H)
    assert _scan(T0 + 71 * H)["overdue"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert _scan(T0 + 72 * H + timedelta(seconds=30))["overdue"] == 1
    case.refresh_from_db()
    assert case.overdue_at == T0 + 72 * H  # the deadline itself
    assert case.events.last().action == "overdue"
    assert Notification.objects.filter(kind="overdue").count() == 2
    before = _state()
    assert _scan(T0 + 73 * H) == {"overdue": 0, "reminded": 0, "supervised": 0}
    assert _state() == before


def test_it_has_the_unit_above_supervise_after_the_grace_period_once(
    case, world, django_capture_on_commit_callbacks
):
    _scan(T0 + 58 * H)
    _scan(T0 + 72 * H)
    assert _scan(T0 + 95 * H)["supervised"] == 0  # grace: 24 h
    with django_capture_on_commit_callbacks(execute=True):
        assert _scan(T0 + 96 * H)["supervised"] == 1
    case.refresh_from_db()
    # The case stays with its handler; the community supervises it.
    assert (case.responsible_unit, case.status, case.highest_level) == (
        world.g1,
        "reported",
        "grid",
    )
    assert (case.supervising_unit, case.was_overdue) == (world.c1, True)
    assert case.version == 2
    event = case.events.last()
    assert (event.action, event.from_unit, event.to_unit, event.actor) == (
        "supervise",
        world.g1,
        world.g1,
        None,
    )
    assert "24" in event.note and "一社区" in event.note
    assert {n.recipient for n in Notification.objects.filter(kind="supervised")} == {
        world.leader,
        world.teammate,
        world.community,
    }
    before = _state()
    with django_capture_on_commit_callbacks(execute=True):
        for hours in (96, 97, 200, 500):
            assert _scan(T0 + hours * H) == {"overdue": 0, "reminded": 0, "supervised": 0}
    assert _state() == before


def test_it_catches_up_in_one_run_after_an_outage(case, world):
    assert _scan(T0 + 100 * H) == {"overdue": 1, "reminded": 0, "supervised": 1}
    case.refresh_from_db()
    assert case.reminded_at is None and case.responsible_unit == world.g1
    assert case.supervising_unit == world.c1
    assert [e.action for e in case.events.all()] == ["file", "overdue", "supervise"]
    assert _scan(T0 + 100 * H) == {"overdue": 0, "reminded": 0, "supervised": 0}


def test_it_honours_the_grace_setting(case, settings):
    settings.GRIDGOV_SUPERVISE_GRACE_HOURS = 2
    _scan(T0 + 72 * H)
    assert _scan(T0 + 74 * H)["supervised"] == 1


def test_it_leaves_finished_cases_alone(world, cats):
    with time_machine.travel(T0, tick=False):
        resolved = make_case(world, cats, at="g1_new", status="resolved")
        closed = make_case(world, cats, at="g1_new", status="closed")
        cancelled = make_case(world, cats, at="g1_new", status="cancelled")
    before = _state()
    assert _scan(T0 + 500 * H) == {"overdue": 0, "reminded": 0, "supervised": 0}
    assert _state() == before
    assert {resolved.pk, closed.pk, cancelled.pk} == set(Case.objects.values_list("pk", flat=True))


def test_it_supervises_a_department_from_its_street(world, cats):
    with time_machine.travel(T0, tick=False):
        case = make_case(world, cats, at="d1", status="handling")
    _scan(T0 + 200 * H)
    case.refresh_from_db()
    assert (case.responsible_unit, case.status, case.supervising_unit) == (
        world.d1,
        "handling",
        world.s1,
    )


def test_it_starts_over_after_a_fresh_dispatch(case, world):
    _scan(T0 + 100 * H)  # overdue, supervised by C1
    case.refresh_from_db()
    with time_machine.travel(T0 + 101 * H, tick=False):
        case = services.case_escalate(case=case, user=world.leader, version=case.version, note="x")
        services.case_dispatch(
            case=case, user=world.community, version=case.version, to_unit=world.g1b
        )
    case.refresh_from_db()
    assert (case.overdue_at, case.supervised_at, case.reminded_at) == (None, None, None)
    assert _scan(T0 + 102 * H) == {"overdue": 0, "reminded": 0, "supervised": 0}
    assert _scan(T0 + (101 + 58) * H)["reminded"] == 1
    assert _scan(T0 + (101 + 72) * H)["overdue"] == 1


def test_it_runs_as_the_beat_task(case):
    with time_machine.travel(T0 + 100 * H, tick=False):
        result = scan_deadlines.delay()
    assert result.get() == {"overdue": 1, "reminded": 0, "supervised": 1}
