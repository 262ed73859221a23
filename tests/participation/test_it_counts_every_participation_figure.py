"""Every participation figure of the dashboard, recounted from the raw rows
in plain Python for several nodes and periods of a randomly filled world.
The rows go in as plain inserts, so the rollup is rebuilt from them (that
the writes keep it is test_it_keeps_the_party_rollup_through_every_write)."""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from members.models import Category, DualReport, PartyMember
from participation.figures import participation_of
from participation.models import Activity, ActivityKind, Demand, ServiceRecord
from participation.rollups import PARTY_ROLLUPS
from tests.members.factories import member

ORG_LIFE = {"branch_meeting", "committee_meeting", "group_meeting", "party_lecture", "theme_day"}
TZ = timezone.get_current_timezone()


def moment(rng, year=2025):
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    return datetime.datetime.combine(
        day, datetime.time(rng.randrange(24), rng.choice([0, 15, 30, 45])), tzinfo=TZ
    )


def fill(w, rng):
    members = [member(w.leader, rng.choice([w.g1, w.p1]), name=f"党员{i}") for i in range(6)]
    members += [member(w.outsider, w.g2, name=f"三网格党员{i}") for i in range(3)]
    for i, m in enumerate(members[:5]):
        PartyMember.objects.filter(pk=m.pk).update(category=Category.IN_SERVICE)
        report = DualReport(
            member=m,
            community_unit=[w.c1, w.c2][i % 2],
            workplace="单位",
            reported_on=datetime.date(2025, 1, 1),
        )
        report.copy_ancestors()
        report.save()
    organizers = [w.g1, w.g1b, w.g2, w.p1, w.c1, w.c2]
    for _ in range(60):
        start = moment(rng)
        expected = rng.randint(0, 12)
        a = Activity(
            title="活动",
            kind=rng.choice(ActivityKind.values),
            organizer=rng.choice(organizers),
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=rng.randint(1, 3)),
            status=rng.choice(["planned", "held", "held", "held", "cancelled"]),
            expected=expected,
            attended=rng.randint(0, expected),
            residents=rng.randint(0, 30),
            created_by=w.leader,
        )
        a.copy_ancestors()
        a.save()
    for _ in range(50):
        kind = rng.choice(["volunteer", "pledge", "pioneer"])
        r = ServiceRecord(
            kind=kind,
            unit=rng.choice([w.g1, w.g1b, w.g2, w.p1, w.c1, w.c2, w.s1]),
            member=rng.choice(members),
            on=moment(rng).date(),
            hours=Decimal(rng.randint(1, 16)) / 2,
            note="服务",
            recorded_by=w.leader,
        )
        r.copy_ancestors()
        r.save()
    for _ in range(50):
        posted = moment(rng)
        claimed = (
            posted + datetime.timedelta(hours=rng.randint(1, 400)) if rng.random() < 0.7 else None
        )
        done = (
            claimed + datetime.timedelta(hours=rng.randint(1, 200))
            if claimed and rng.random() < 0.6
            else None
        )
        status = "done" if done else "claimed" if claimed else rng.choice(["posted", "cancelled"])
        d = Demand(
            title="需求",
            description="x",
            kind="wish",
            grid=rng.choice([w.g1, w.g1b, w.g2]),
            place="某楼",
            posted_by=w.leader,
            posted_at=posted,
            claimed_at=claimed,
            done_at=done,
            status=status,
        )
        d.copy_ancestors()
        d.save()
    PARTY_ROLLUPS.rebuild()


def inside(node, unit):
    return unit.tree_id == node.tree_id and node.lft <= unit.lft <= node.rght


def local_day(value):
    return timezone.localtime(value).date()


def half_up(value, places):
    return float(Decimal(value).quantize(Decimal(places), ROUND_HALF_UP))


def expected_figures(node, date_from, date_to):
    within = lambda day: date_from <= day <= date_to  # noqa: E731
    held = [
        a
        for a in Activity.objects.select_related("organizer")
        if a.status == "held" and inside(node, a.organizer) and within(local_day(a.starts_at))
    ]
    org = [a for a in held if a.kind in ORG_LIFE]
    services = [
        r
        for r in ServiceRecord.objects.select_related("unit")
        if inside(node, r.unit) and within(r.on)
    ]
    demands = [d for d in Demand.objects.select_related("grid") if inside(node, d.grid)]
    claimed = [d for d in demands if d.claimed_at and within(local_day(d.claimed_at))]
    expected_members = sum(a.expected for a in org)
    attended_members = sum(a.attended for a in org)
    waits = sum((d.claimed_at - d.posted_at).total_seconds() for d in claimed)
    reports = [
        r
        for r in DualReport.objects.select_related("community_unit")
        if inside(node, r.community_unit)
    ]
    pledge = [r for r in services if r.kind == "pledge"]
    return {
        "activities_held": len(held),
        "activities_by_kind": {k: sum(1 for a in held if a.kind == k) for k in ActivityKind.values},
        "org_life_held": len(org),
        "org_life_expected": expected_members,
        "org_life_attended": attended_members,
        "org_life_attendance_rate": half_up(Decimal(attended_members) / expected_members, "0.001")
        if expected_members
        else None,
        "participations": sum(a.attended + a.residents for a in held),
        "volunteer_hours": half_up(
            sum((r.hours for r in services if r.kind != "pledge"), Decimal(0)), "0.1"
        ),
        "demands_posted": sum(1 for d in demands if within(local_day(d.posted_at))),
        "demands_claimed": len(claimed),
        "demands_done": sum(1 for d in demands if d.done_at and within(local_day(d.done_at))),
        "mean_days_to_claim": half_up(Decimal(waits) / 86400 / len(claimed), "0.1")
        if claimed
        else None,
        "dual_reported_members": None if node.kind in ("grid", "party_group") else len(reports),
        "dual_services": len(pledge),
        "dual_service_hours": half_up(sum((r.hours for r in pledge), Decimal(0)), "0.1"),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_counts_every_participation_figure_from_the_raw_rows(world, seed):
    rng = random.Random(seed)
    w = world
    fill(w, rng)
    nodes = [w.region, w.s1, w.s2, w.c1, w.g1, w.g2, w.p1]
    periods = [(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))]
    for _ in range(3):
        a = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        periods.append((a, a + datetime.timedelta(days=rng.randint(0, 120))))
    checked = 0
    for date_from, date_to in periods:
        got = participation_of(nodes, date_from, date_to)
        for node in nodes:
            want = expected_figures(node, date_from, date_to)
            have = dict(got[node.pk])
            have["activities_by_kind"] = {k["kind"]: k["n"] for k in have["activities_by_kind"]}
            assert have == want, (node.name, date_from, date_to)
            checked += 1
    assert checked == len(nodes) * len(periods)
    # The whole year of the district has something in every figure.
    year = participation_of([w.region], *periods[0])[w.region.pk]
    assert year["activities_held"] and year["demands_claimed"] and year["dual_services"]
