"""The participation rollup the dashboards read is kept in the writes' own
transactions: after a random walk through every write of party life (plans,
attendance recorded and recorded again, volunteer hours, services done, the
demands board's every action) it equals a recount from the raw rows; a
moved grid takes its figures along; `verify_counters party_rollups` finds
0 differences and `rebuild_counters` repairs a tampered row."""

import datetime
import random
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from grid_gov.errors import Conflict
from participation import services
from participation.figures import participation_of
from participation.models import Demand, PartyDayRollup
from participation.rollups import PARTY_ROLLUPS
from tests.world import make_user

from .helpers import activity, at, demand, link, party


@pytest.fixture
def w(world):
    return party(world)


def _try(call, **kwargs):
    try:
        return call(**kwargs)
    except (ValidationError, PermissionDenied, Conflict):
        return None


STEPS = ["plan"] * 3 + ["record"] * 3 + ["again", "service", "service", "cancel"]
STEPS += ["post"] * 2 + ["act"] * 5


def _step(w, rng, n):
    choice = rng.choice(STEPS)
    people = [w.me, w.m2, w.leader_member]
    if choice == "plan" or not w.held:
        organizer = rng.choice([w.g1, w.p1, w.c1])
        kind = rng.choice(["theme_day", "branch_meeting", "volunteer", "study"])
        start = at(-rng.randint(1, 60), hours=rng.randint(0, 6))
        a = _try(
            services.activity_create,
            user=w.community if organizer == w.c1 else w.leader,
            title=f"活动{n}",
            kind=kind,
            organizer=organizer,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=rng.randint(1, 3)),
        )
        if a is not None:
            w.held.append(a)
    elif choice in ("record", "again"):
        a = rng.choice(w.held)
        came = rng.sample(people, rng.randint(0, len(people)))
        _try(
            services.activity_attendance_record,
            user=w.community,
            activity=a,
            members=[m.pk for m in came],
            residents=rng.randint(0, 20),
        )
    elif choice == "service":
        _try(
            services.service_record,
            user=w.community,
            kind=rng.choice(["volunteer", "pledge"]),
            unit=rng.choice([w.g1, w.c1, w.p1]),
            member=rng.choice(people),
            pledge=w.pledge,
            on=timezone.localdate() - datetime.timedelta(days=rng.randint(0, 60)),
            hours=rng.choice(["0.5", "2", "3.5"]),
            note="服务",
        )
    elif choice == "post":
        w.demands.append(demand(w, title=f"需求{n}"))
    elif choice == "cancel" and w.held:
        _try(services.activity_cancel, user=w.leader, activity=rng.choice(w.held))
    elif w.demands:
        d = Demand.objects.get(pk=rng.choice(w.demands).pk)
        action = rng.choice(["claim", "complete", "rate", "cancel"])
        call, extra = {
            "claim": (services.demand_claim, {"user": rng.choice([w.me_user, w.m2_user])}),
            "complete": (services.demand_complete, {"user": w.me_user, "note": "已办"}),
            "rate": (services.demand_rate, {"user": w.leader, "satisfaction": "satisfied"}),
            "cancel": (services.demand_cancel, {"user": w.leader, "reason": "重复"}),
        }[action]
        _try(call, demand=d, version=d.version, **extra)
    return choice


@pytest.mark.parametrize("seed", [1, 2])
def test_it_equals_a_recount_after_every_write(w, seed):
    rng = random.Random(seed)
    w.held, w.demands = [], []
    w.m2_user = make_user("member2")
    link(w.m2, w.m2_user)
    w.pledge = services.pledge_add(user=w.community, report=w.me.dual_report, title="法律咨询")
    done = set()
    for n in range(60):
        done.add(_step(w, rng, n))
        assert PARTY_ROLLUPS.differences() == [], n
    assert done == {"plan", "record", "again", "service", "post", "act", "cancel"}
    assert PartyDayRollup.objects.filter(held__gt=0).exists()
    assert PartyDayRollup.objects.filter(demands_claimed__gt=0).exists()
    out = StringIO()
    call_command("verify_counters", "party_rollups", stdout=out)
    assert out.getvalue() == "party_rollups match a recount: 0 differences\n"


def test_it_takes_a_grids_figures_along_when_it_moves(w):
    day = timezone.localdate()
    period = (day - datetime.timedelta(days=30), day)
    a = activity(w, organizer=w.g1b, user=w.community, title="二网格党日")
    services.activity_attendance_record(user=w.community, activity=a, residents=7)
    demand(w, user=w.community, grid=w.g1b, household=None)
    before = participation_of([w.s1, w.s2], *period)
    assert (before[w.s1.pk]["activities_held"], before[w.s1.pk]["demands_posted"]) == (1, 1)
    assert (before[w.s2.pk]["activities_held"], before[w.s2.pk]["demands_posted"]) == (0, 0)
    w.g1b.parent = w.c2
    w.g1b.save()
    w.refresh()
    assert PARTY_ROLLUPS.differences() == []
    after = participation_of([w.s1, w.s2, w.c2], *period)
    assert [after[u.pk]["participations"] for u in (w.s1, w.s2, w.c2)] == [0, 7, 7]
    assert [after[u.pk]["demands_posted"] for u in (w.s1, w.s2, w.c2)] == [0, 1, 1]


def test_it_names_a_tampered_row_and_rebuilds_it(w):
    a = activity(w)
    services.activity_attendance_record(user=w.leader, activity=a, members=[w.me.pk])
    row = PartyDayRollup.objects.get(unit=w.g1, kind="theme_day")
    assert (row.held, row.expected, row.attended) == (1, 4, 1)
    PartyDayRollup.objects.filter(pk=row.pk).update(attended=3)
    out = StringIO()
    with pytest.raises(CommandError, match="1 participation rollup rows differ"):
        call_command("verify_counters", "party_rollups", stdout=out)
    assert out.getvalue() == (
        f"party unit {w.g1.pk} {row.day} theme_day: attended stored 3 counted 1\n"
    )
    call_command("rebuild_counters", "party_rollups", stdout=StringIO())
    call_command("verify_counters", "party_rollups", stdout=StringIO())
