"""A seeded random walk through every action of the case loop, with time
jumping past deadlines and the deadline scan running now and then: after
every step the rollups equal a recount from the raw rows, and every closed
case is on time exactly when none of its stints missed its deadline."""

import random
from datetime import timedelta

from cases import rules
from cases import services as s
from cases.deadlines import deadlines_scan
from cases.models import Case, Status
from dashboards.rollups import ROLLUPS
from orgs.kinds import Role
from tests.dashboards.helpers import at, seeded_categories
from tests.world import make_user

STEPS = 220
# A stint's deadline may pass while the case waits at a unit (0204: 72 h,
# 0401: its own), so dispatch and reopen meet overdue cases.
H = timedelta(hours=1)
JUMPS = [H / 2, H, H, 2 * H, 3 * H, 6 * H, 40 * H]
# Half the time the walk moves a case on, so some finish before their deadline.
FORWARD = ("accept", "resolve", "close")
MISSABLE = (Status.REPORTED, Status.HANDLING, Status.RESOLVED)


def test_it_matches_a_recount_after_a_random_walk(world):
    rng = random.Random(20260302)
    cats = seeded_categories()
    # A second administrator: the satisfaction is recorded by someone other
    # than the person who resolved the case.
    follow_up = make_user("admin_follow_up", world.region, Role.ADMIN)
    t = at(2026, 3, 1, 9, 0)
    cases: list[Case] = []
    missed: dict[int, bool] = {}
    taken: dict[str, int] = {}

    def note_deadlines(now):
        """The oracle: a stint past its deadline at `now` is missed for good."""
        for case in Case.objects.filter(pk__in=missed):
            if case.status in MISSABLE and case.due_at is not None and case.due_at < now:
                missed[case.pk] = True

    def file(now):
        grid = rng.choice([world.g1, world.g1b, world.g2])
        user = {world.g1: world.leader, world.g1b: world.community, world.g2: world.outsider}[grid]
        case = s.case_file(
            user=user,
            grid=grid,
            category=rng.choice([cats["0204"], cats["0401"]]),
            urgency=rng.choice(["normal", "normal", "urgent"]),
            title="随机事件",
            description="随机漫步中的事件。",
            at=now,
        )
        cases.append(case)
        missed[case.pk] = False

    for _ in range(4):
        file(t)
    for step in range(STEPS):
        t += rng.choice(JUMPS)
        roll = rng.random()
        if roll < 0.1:
            note_deadlines(t)
            deadlines_scan(now=t)
            assert ROLLUPS.differences() == [], f"step {step}: scan"
            continue
        if roll < 0.2 and len(cases) < 16:
            file(t)
            assert ROLLUPS.differences() == [], f"step {step}: file"
            continue
        case = Case.objects.select_related("responsible_unit").get(pk=rng.choice(cases).pk)
        actions = rules.actions_for_user(world.admin, case)
        if not actions:
            continue
        forward = [a for a in actions if a in FORWARD]
        action = rng.choice(forward if forward and rng.random() < 0.5 else actions)
        note_deadlines(t)
        overdue_before = missed[case.pk]
        common = {"case": case, "version": case.version, "at": t}
        if action == "accept":
            s.case_accept(user=world.admin, **common)
        elif action == "escalate":
            s.case_escalate(user=world.admin, note="上报", **common)
        elif action == "dispatch":
            targets = list(rules.dispatch_targets(case))
            if not targets:
                continue
            target = rng.choice(targets)
            s.case_dispatch(user=world.admin, to_unit=target, note="派单", **common)
        elif action == "return":
            s.case_return(user=world.admin, note="退回", **common)
        elif action == "resolve":
            s.case_resolve(user=world.admin, result="已处置", **common)
        elif action == "close":
            satisfaction = rng.choice(["satisfied", "basically_satisfied", "unsatisfied"])
            s.case_close(user=follow_up, satisfaction=satisfaction, **common)
        elif action == "reopen":
            s.case_reopen(user=world.admin, note="重办", **common)
        elif action == "cancel":
            if rng.random() < 0.8:
                continue  # cancel less often: the walk wants long lives
            s.case_cancel(user=world.admin, reason="不属实", **common)
        elif action == "urge":
            s.case_urge(user=world.admin, note="催办", **common)
        elif action == "merge":
            others = [
                c.pk
                for c in Case.objects.filter(status__in=MISSABLE).exclude(pk=case.pk)
                if c.grid_id == case.grid_id
            ]
            if not others or rng.random() < 0.7:
                continue
            s.case_merge(user=world.admin, into=rng.choice(others), note="重复", **common)
        elif action == "request_extension":
            due_at = (case.due_at or t) + rng.choice(JUMPS) * 4
            if due_at <= t:
                continue
            s.case_request_extension(user=world.admin, due_at=due_at, reason="需协调", **common)
        elif action == "decide_extension":
            s.case_decide_extension(user=follow_up, grant=rng.random() < 0.6, **common)
        key = f"{action} overdue" if overdue_before else action
        taken[key] = taken.get(key, 0) + 1
        assert ROLLUPS.differences() == [], f"step {step}: {key}"

    # And, at the end of the walk, one case closed in time and one late for sure.
    for wait, key in ((H, "close"), (timedelta(days=10), "close overdue")):
        file(t)
        last = cases[-1]
        t += wait
        note_deadlines(t)
        last = s.case_accept(case=last, user=world.admin, version=last.version, at=t)
        last = s.case_resolve(case=last, user=world.admin, version=last.version, result="x", at=t)
        s.case_close(
            case=last, user=follow_up, version=last.version, satisfaction="satisfied", at=t
        )
        taken[key] = taken.get(key, 0) + 1
        assert ROLLUPS.differences() == [], key

    # The walk met what it is about.
    for action in ("dispatch overdue", "reopen overdue", "close overdue", "close"):
        assert taken.get(action, 0) > 0, (action, taken)
    for action in ("merge", "request_extension", "decide_extension"):
        assert taken.get(action, 0) + taken.get(f"{action} overdue", 0) > 0, (action, taken)
    closed = Case.objects.filter(status=Status.CLOSED)
    assert closed.exists()
    for case in Case.objects.all():
        assert case.was_overdue == missed[case.pk] or (
            # Overdue now, not yet seen by the scan or an action.
            case.status in MISSABLE and case.due_at < t
        ), case.number
    for case in closed:
        assert case.closed_on_time is (not missed[case.pk]), case.number
