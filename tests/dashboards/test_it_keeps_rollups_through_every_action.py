"""One case moved through every action of the case loop by the real
services (and the deadline scan); after each step the rollups equal a
recount from the raw rows."""

from datetime import date, timedelta

from django.core.management import call_command

from cases import services as s
from cases.deadlines import deadlines_scan
from cases.models import Level, Status
from dashboards.rollups import ROLLUPS
from dashboards.selectors import dashboard_figures
from orgs.kinds import Role
from tests.dashboards.helpers import at, seeded_categories
from tests.world import make_user


def _checked(case, step):
    assert ROLLUPS.differences() == [], f"after {step}"
    return case


def test_it_matches_a_recount_after_every_action(world):
    cats = seeded_categories()
    # Whoever resolved a case does not record its satisfaction.
    follow_up = make_user("follow_up", world.region, Role.ADMIN)
    leaf, other = cats["0204"], cats["0401"]
    t = at(2025, 3, 31, 22, 0)  # filed in March, closed in April: two months' rows move

    def later(hours=1):
        nonlocal t
        t += timedelta(hours=hours)
        return t

    def file(user, grid, category=leaf, **extra):
        return s.case_file(
            user=user,
            grid=grid,
            category=category,
            title="楼道堆放杂物",
            description="3栋楼道堆放纸箱，堵塞消防通道。",
            at=later(),
            **extra,
        )

    case = _checked(file(world.leader, world.g1), "file")
    case = _checked(
        s.case_accept(case=case, user=world.leader, version=case.version, at=later()), "accept"
    )
    case = _checked(
        s.case_urge(case=case, user=world.community, version=case.version, at=later()), "urge"
    )
    case = _checked(
        s.case_escalate(
            case=case, user=world.leader, version=case.version, note="需社区协调", at=later()
        ),
        "escalate to the community",
    )
    case = _checked(
        s.case_escalate(
            case=case, user=world.community, version=case.version, note="需街道执法", at=later()
        ),
        "escalate to the street",
    )
    assert case.highest_level == Level.STREET
    case = _checked(
        s.case_dispatch(
            case=case, user=world.street, version=case.version, to_unit=world.d1, at=later()
        ),
        "dispatch to a department",
    )
    case = _checked(
        s.case_accept(case=case, user=world.handler, version=case.version, at=later()), "accept"
    )
    case = _checked(
        s.case_return(
            case=case, user=world.handler, version=case.version, note="不属本队职责", at=later()
        ),
        "return",
    )
    case = _checked(
        s.case_dispatch(
            case=case, user=world.street, version=case.version, to_unit=world.c1, at=later()
        ),
        "dispatch down",
    )
    case = _checked(
        s.case_accept(case=case, user=world.community, version=case.version, at=later()), "accept"
    )
    case = _checked(
        s.case_resolve(
            case=case, user=world.community, version=case.version, result="已清理", at=later()
        ),
        "resolve",
    )
    case = _checked(
        s.case_close(
            case=case,
            user=world.street,
            version=case.version,
            satisfaction="unsatisfied",
            at=later(),
        ),
        "close unsatisfied (reopens)",
    )
    assert case.status == Status.HANDLING and case.reopen_count == 1
    case = _checked(
        s.case_resolve(
            case=case, user=world.community, version=case.version, result="再次清理", at=later()
        ),
        "resolve again",
    )
    case = _checked(
        s.case_close(
            case=case,
            user=world.street,
            version=case.version,
            satisfaction="satisfied",
            at=later(30),
        ),
        "close",
    )
    assert case.status == Status.CLOSED and case.closed_at.month == 4
    case = _checked(
        s.case_reopen(
            case=case, user=world.street, version=case.version, note="群众再次反映", at=later()
        ),
        "reopen a closed case",
    )
    case = _checked(
        s.case_resolve(
            case=case, user=world.community, version=case.version, result="彻底清理", at=later()
        ),
        "resolve",
    )
    case = _checked(
        s.case_close(
            case=case,
            user=world.street,
            version=case.version,
            satisfaction="basically_satisfied",
            at=later(),
        ),
        "close basically satisfied",
    )

    # A duplicate, merged into a case still open.
    open_case = _checked(file(world.leader, world.g1), "file a case")
    dup = _checked(file(world.teammate, world.g1), "file a duplicate")
    _checked(
        s.case_merge(
            case=dup,
            user=world.community,
            version=dup.version,
            into=open_case,
            note="重复上报",
            at=later(),
        ),
        "merge a duplicate",
    )

    # A case that goes all the way up to the district and is closed there.
    up = _checked(file(world.outsider, world.g2, category=other), "file in the other street")
    up = _checked(
        s.case_escalate(case=up, user=world.outsider, version=up.version, note="上报", at=later()),
        "escalate",
    )
    up = _checked(
        s.case_escalate(case=up, user=world.street2, version=up.version, note="上报", at=later()),
        "escalate",
    )
    up = _checked(
        s.case_escalate(case=up, user=world.street2, version=up.version, note="上报区", at=later()),
        "escalate",
    )
    assert up.highest_level == Level.DISTRICT
    up = _checked(
        s.case_accept(case=up, user=world.admin, version=up.version, at=later()), "accept"
    )
    up = _checked(
        s.case_resolve(
            case=up, user=world.admin, version=up.version, result="区级处理", at=later()
        ),
        "resolve",
    )
    _checked(
        s.case_close(
            case=up, user=follow_up, version=up.version, satisfaction="satisfied", at=later()
        ),
        "close",
    )

    # A case left alone: the deadline scan reminds, marks overdue, supervises.
    late = _checked(file(world.community, world.g1b, urgency="emergency"), "file an emergency")
    for days in (1, 3, 10):
        deadlines_scan(now=t + timedelta(days=days))
        _checked(late, f"deadline scan +{days}d")
    late.refresh_from_db()
    # Supervision leaves the case with its handler: no escalation.
    assert (late.highest_level, late.supervising_unit) == (Level.GRID, world.c1)

    call_command("verify_counters", "rollups")
    district = dashboard_figures(
        unit=world.region, date_from=date(2025, 3, 1), date_to=date(2025, 4, 30)
    )
    c = district["cases"]
    assert (c["reported"], c["cancelled"], c["closed"]) == (4, 1, 2)
    # Escalated at most to the street (the first case; its dispatches do not
    # count) and to the district; supervision is no escalation.
    assert (c["escalated_community"], c["escalated_street"], c["escalated_district"]) == (0, 1, 1)
    assert [c[f"finished_{level}"] for level in ("grid", "community", "street", "district")] == [
        0,
        1,
        0,
        1,
    ]
    assert (c["satisfied"], c["basically_satisfied"], c["unsatisfied"]) == (1, 1, 2)
    assert c["reopened"] == 1 and c["reopen_rate"] == 0.5
    march = dashboard_figures(
        unit=world.region, date_from=date(2025, 3, 1), date_to=date(2025, 3, 31)
    )
    assert march["cases"]["reported"] == 1 and march["cases"]["closed"] == 0
