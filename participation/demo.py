"""Party life of the demo district, in bulk inserts, shaped like the field
reports at demo scale: venues shared by several grids (Liuhe: 135 venues for
819 grids), a year of organizational life with realistic attendance (most
come, the floating members of rural streets often away; Qingcao 34.2%),
volunteer teams with hours, demands in every status (Fuqing), dual-reported
members with pledges and services done, and `demo_member`: an in-service
member living in demo_grid's grid, dual-reported there."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from members import points
from members.models import Category, DualReport, PartyMember, ScoreEntry, ScoreRule, ScoreSource
from orgs.demo import DEMO_PASSWORD
from orgs.kinds import UnitKind
from orgs.models import OrgUnit, Position
from orgs.scoping import ancestor_ids

from .models import (
    ORG_LIFE_KINDS,
    Activity,
    ActivityKind,
    ActivityStatus,
    Attendance,
    Demand,
    DemandEvent,
    DemandStatus,
    Pledge,
    Presence,
    ServiceKind,
    ServiceRecord,
    Signup,
    Standard,
    TeamMember,
    Venue,
    VenueUnit,
    VolunteerTeam,
)
from .rollups import PARTY_ROLLUPS

K = UnitKind
DEMANDS = [
    ("wish", "为独居老人更换门锁", "老人腿脚不便，门锁坏了"),
    ("wish", "给留守儿童送一套课外书", "孩子喜欢读科普书"),
    ("service", "帮助行动不便老人代买药品", "每周需要降压药"),
    ("service", "楼道灯损坏需要维修", "三楼到五楼楼道灯不亮"),
    ("service", "为困难家庭辅导孩子功课", "初二数学"),
    ("resource", "小区闲置活动室可供使用", "周末可借用"),
    ("wish", "想学用智能手机挂号", "老人不会用手机预约"),
]
LECTURES = ["学习党的二十大精神", "党章党规专题党课", "基层治理专题党课", "廉洁教育党课"]
THEMES = ["清洁家园主题党日", "为民服务主题党日", "红色教育主题党日", "垃圾分类宣传主题党日"]
VOLUNTEER = ["社区环境整治", "关爱独居老人", "文明交通劝导", "反诈宣传进小区"]


def _insert_rows(model, columns, rows, batch=2000):
    """Plain multi-row INSERTs for the big demo tables: no model instances."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), batch):
            chunk = rows[i : i + batch]
            cursor.execute(
                f"INSERT INTO {table} ({cols}) VALUES " + ", ".join([one] * len(chunk)),
                [v for row in chunk for v in row],
            )


def _entries(entries):
    """Ledger lines as (member, on, points, rule, reason, source, source id, by)."""
    now = timezone.now()
    _insert_rows(
        ScoreEntry,
        [
            "member_id",
            "on",
            "points",
            "rule_id",
            "reason",
            "source_kind",
            "source_id",
            "entered_by_id",
            "created_at",
        ],
        [(*e, now) for e in entries],
    )


def _place(row, ids):
    row.region_id, row.street_id = ids.get(K.REGION), ids.get(K.STREET)
    row.community_id = ids.get(K.COMMUNITY)
    if hasattr(row, "grid_id"):
        row.grid_id = ids.get(K.GRID)


def _at(day, hour, minutes=0):
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour, minutes), tzinfo=tz)


def load(*, region, users, rng):
    today = timezone.localdate()
    units = list(
        OrgUnit.objects.filter(tree_id=region.tree_id, lft__gte=region.lft, rght__lte=region.rght)
        .exclude(kind__in=[K.PARTY_GROUP, K.MEMBER_HOUSEHOLD])
        .order_by("lft")
        .only("pk", "parent_id", "kind", "name", "tree_id", "lft", "rght")
    )
    by_pk = {u.pk: u for u in units}

    def ids_of(unit_id):
        out = {}
        node = by_pk.get(unit_id)
        while node is not None:
            out[node.kind] = node.pk
            node = by_pk.get(node.parent_id)
        return out

    grids = [u for u in units if u.kind == K.GRID]
    communities = [u for u in units if u.kind == K.COMMUNITY]
    grids_of = defaultdict(list)
    for g in grids:
        grids_of[g.parent_id].append(g)
    leader_of = {
        p.unit_id: p.user
        for p in Position.objects.filter(unit__in=grids, role="grid_leader").select_related("user")
    }
    members = defaultdict(list)
    for m in PartyMember.objects.filter(grid__in=grids).only(
        "pk", "grid_id", "unit_id", "category", "user_id", "community_id"
    ):
        members[m.grid_id].append(m)

    member = _demo_member(users, rng, today)
    if member is not None:
        members[member.grid_id].append(member)
    venues = _venues(communities, grids_of, ids_of, rng, users)
    teams = _teams(communities, grids_of, members, ids_of, rng)
    _activities(grids, members, venues, teams, leader_of, ids_of, rng, today, users, member)
    _dual_services(communities, ids_of, rng, today, users)
    _demands(grids, members, leader_of, ids_of, rng, today, member)
    from . import demo_deliberation

    demo_deliberation.load(region=region, users=users, rng=rng)
    points.rebuild_totals()
    PARTY_ROLLUPS.rebuild()  # the rows above went in as plain inserts


def _demo_member(users, rng, today):
    """`demo_member`: in-service, living in demo_grid's grid, reported there."""
    grid_user = users.get("demo_grid")
    if grid_user is None:
        return None
    grid = Position.objects.get(user=grid_user, role="grid_leader").unit
    user = get_user_model().objects.create_user(
        username="demo_member", password=DEMO_PASSWORD, first_name="林在职"
    )
    users["demo_member"] = user
    m = PartyMember(name="林在职", category=Category.IN_SERVICE, unit=grid, user=user)
    m.copy_ancestors(ancestor_ids(grid))
    m.save()
    report = DualReport(
        member=m,
        community_unit_id=grid.parent_id,
        workplace="区税务局",
        reported_on=today - datetime.timedelta(days=200),
        services="法律咨询、代办证件",
    )
    report.copy_ancestors()
    report.save()
    Pledge.objects.bulk_create(
        [Pledge(report=report, title=t) for t in ("每月一次法律咨询", "为老人代办证件")]
    )
    return m


def _venues(communities, grids_of, ids_of, rng, users):
    """A party-and-people home per community, serving its grids; a service
    station per street, shared by the grids of two or three communities."""
    keeper_user = users.get("demo_community")
    rows = []
    for c in communities:
        v = Venue(
            name=f"{c.name}党群之家",
            kind="home",
            keeper_id=c.pk,
            address=f"{c.name}{rng.randint(1, 99)}号",
            standards=sorted(rng.sample(Standard.values, rng.randint(3, 5))),
            opening_hours="周一至周六 8:30-17:30",
            duty_roster=[{"weekday": d, "name": f"值班员{d}"} for d in range(1, 6)],
        )
        _place(v, ids_of(c.pk))
        rows.append((v, [g.pk for g in grids_of[c.pk]]))
    by_street = defaultdict(list)
    for c in communities:
        by_street[c.parent_id].append(c)
    for street_id, cs in by_street.items():
        for k in range(0, len(cs), 3):
            group = cs[k : k + 3]
            v = Venue(
                name=f"{group[0].name}等党建驿站",
                kind="station",
                keeper_id=street_id,
                address=f"{group[0].name}商业街{rng.randint(1, 50)}号",
                standards=sorted(rng.sample(Standard.values, rng.randint(2, 5))),
                opening_hours="每天 9:00-21:00",
            )
            _place(v, ids_of(street_id))
            rows.append((v, [g.pk for c in group for g in grids_of[c.pk]]))
    Venue.objects.bulk_create([v for v, _ in rows], batch_size=500)
    VenueUnit.objects.bulk_create(
        [VenueUnit(venue=v, unit_id=u) for v, served in rows for u in served], batch_size=2000
    )
    del keeper_user
    venue_of = {}
    for v, served in rows:
        for u in served:
            venue_of.setdefault(u, []).append(v)
    return venue_of


def _teams(communities, grids_of, members, ids_of, rng):
    teams = []
    for c in communities:
        t = VolunteerTeam(name=f"{c.name}志愿服务队", unit_id=c.pk)
        _place(t, ids_of(c.pk))
        teams.append(t)
    VolunteerTeam.objects.bulk_create(teams, batch_size=500)
    rows = []
    for t in teams:
        pool = [m for g in grids_of[t.unit_id] for m in members[g.pk]]
        for m in rng.sample(pool, min(len(pool), rng.randint(4, 10))):
            rows.append(TeamMember(team=t, member_id=m.pk))
        for k in range(rng.randint(2, 6)):
            rows.append(TeamMember(team=t, resident_name=f"居民志愿者{k + 1}"))
    TeamMember.objects.bulk_create(rows, batch_size=2000)
    return {t.unit_id: t for t in teams}


def _activities(grids, members, venues, teams, leader_of, ids_of, rng, today, users, demo):
    """A year of organizational life per grid (a branch meeting and a party
    lecture each quarter, theme days), volunteer services per community, and
    what comes up next; attendance as the branch took it."""
    rule = {r.source: r for r in ScoreRule.objects.exclude(source="").filter(active=True)}
    booked = defaultdict(list)  # venue pk -> [(start, end)]

    def book(venue_list, start, end):
        for v in venue_list or ():
            if all(end <= s or start >= e for s, e in booked[v.pk]):
                booked[v.pk].append((start, end))
                return v
        return None

    plan = []  # (activity, grid, expected members)
    for grid in grids:
        clerk = leader_of.get(grid.pk)
        if clerk is None:
            continue
        ids = ids_of(grid.pk)
        for q in range(4):
            for kind, titles in (
                (ActivityKind.BRANCH_MEETING, ["季度支部党员大会"]),
                (ActivityKind.PARTY_LECTURE, LECTURES),
                (ActivityKind.THEME_DAY, THEMES),
            ):
                day = today - datetime.timedelta(days=q * 91 + rng.randint(5, 85))
                start = _at(day, rng.choice([9, 14, 19]), rng.choice([0, 30]))
                end = start + datetime.timedelta(hours=rng.choice([1, 2]))
                a = Activity(
                    title=rng.choice(titles),
                    kind=kind,
                    organizer_id=grid.pk,
                    venue=book(venues.get(grid.pk), start, end),
                    starts_at=start,
                    ends_at=end,
                    online=True,
                    status=ActivityStatus.HELD,
                    created_by=clerk,
                    recorded_by=clerk,
                    recorded_at=end,
                )
                _place(a, ids)
                plan.append((a, grid))
        # What comes up next: next month's theme day, open for sign-up.
        day = today + datetime.timedelta(days=rng.randint(3, 20))
        start = _at(day, 9, 30)
        a = Activity(
            title=rng.choice(THEMES),
            kind=ActivityKind.THEME_DAY,
            organizer_id=grid.pk,
            venue=book(venues.get(grid.pk), start, start + datetime.timedelta(hours=2)),
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            capacity=40,
            online=True,
            created_by=clerk,
        )
        _place(a, ids)
        plan.append((a, grid))
    for community_id, team in teams.items():
        clerk = next((leader_of.get(g) for g in [team.unit_id]), None) or users.get("demo_admin")
        for k in range(4):
            day = today - datetime.timedelta(days=k * 90 + rng.randint(1, 80))
            start = _at(day, 8, 30)
            a = Activity(
                title=rng.choice(VOLUNTEER),
                kind=ActivityKind.VOLUNTEER,
                organizer_id=community_id,
                team=team,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=3),
                status=ActivityStatus.HELD,
                created_by=clerk,
                recorded_by=clerk,
                recorded_at=start + datetime.timedelta(hours=3),
                residents=rng.randint(5, 40),
            )
            _place(a, ids_of(community_id))
            plan.append((a, None))
    team_members = defaultdict(list)
    for team_id, member_id in TeamMember.objects.filter(member__isnull=False).values_list(
        "team_id", "member_id"
    ):
        team_members[team_id].append(member_id)
    # Who came, decided before the rows are written so each activity carries
    # its figures from the start.
    marks = {}  # id(activity) -> [(member, presence)]
    signups = []
    for a, grid in plan:
        if a.status != ActivityStatus.HELD:
            for m in members.get(grid.pk, []):
                if rng.random() < 0.3 and m is not demo:
                    signups.append((a, m.pk))
            if demo is not None and grid.pk == demo.grid_id:
                signups.append((a, demo.pk))
            continue
        rows = []
        if a.kind in ORG_LIFE_KINDS:
            expected = members.get(grid.pk, [])
            for m in expected:
                roll = rng.random()
                if m.category == Category.FLOATING:
                    presence = (
                        Presence.ONLINE
                        if roll < 0.35
                        else Presence.FLOATING
                        if roll < 0.8
                        else Presence.ABSENT
                    )
                else:
                    presence = (
                        Presence.PRESENT
                        if roll < 0.86
                        else Presence.LEAVE
                        if roll < 0.92
                        else Presence.SICK
                        if roll < 0.96
                        else Presence.ABSENT
                    )
                rows.append((m.pk, presence))
            a.expected = len(expected)
            a.attended = sum(1 for _m, p in rows if p in (Presence.PRESENT, Presence.ONLINE))
            a.minutes = f"{a.title}：传达学习上级精神，讨论本网格近期工作。"
        else:  # volunteer service of a community team
            rows = [
                (mid, Presence.PRESENT)
                for mid in team_members.get(a.team_id, [])
                if rng.random() < 0.7
            ]
            a.attended = len(rows)
        marks[id(a)] = rows
    Activity.objects.bulk_create([a for a, _ in plan], batch_size=1000)

    used = defaultdict(int)  # (member, rule source, year) -> points
    by_pk = {m.pk: m for ms in members.values() for m in ms}
    entries = []

    def award(member_id, source, source_id, day, clerk, reason):
        r = rule.get(source)
        m = by_pk.get(member_id)
        if r is None or m is None or m.user_id == clerk.pk:
            return
        key = (member_id, source, day.year)
        if r.yearly_cap is not None and used[key] + abs(r.points) > r.yearly_cap:
            return
        used[key] += abs(r.points)
        entries.append((member_id, day, r.points, r.pk, reason, source, source_id, clerk.pk))

    attendance, services = [], []
    for a, _grid in plan:
        rows = marks.get(id(a))
        if rows is None:
            continue
        day = timezone.localtime(a.starts_at).date()
        for member_id, presence in rows:
            attendance.append((a.pk, member_id, presence))
            if a.kind in ORG_LIFE_KINDS and presence in (Presence.PRESENT, Presence.ONLINE):
                award(member_id, ScoreSource.ATTENDANCE, a.pk, day, a.recorded_by, a.title)
            elif a.kind == ActivityKind.VOLUNTEER:
                record = ServiceRecord(
                    kind=ServiceKind.VOLUNTEER,
                    unit_id=a.organizer_id,
                    member_id=member_id,
                    team_id=a.team_id,
                    activity=a,
                    on=day,
                    hours=a.hours,
                    note=a.title,
                    recorded_by=a.recorded_by,
                )
                record.region_id, record.street_id = a.region_id, a.street_id
                record.community_id = a.community_id
                services.append(record)
    _insert_rows(Attendance, ["activity_id", "member_id", "presence"], attendance)
    now = timezone.now()
    _insert_rows(
        Signup,
        ["activity_id", "member_id", "online", "created_at"],
        sorted({(a.pk, mid, False, now) for a, mid in signups}),
    )
    ServiceRecord.objects.bulk_create(services, batch_size=2000)
    for r in services:
        award(r.member_id, ScoreSource.VOLUNTEER, r.pk, r.on, r.recorded_by, r.note)
    _entries(entries)


def _dual_services(communities, ids_of, rng, today, users):
    """Dual-reported members keep their pledges: services done, with hours,
    recorded by the community they reported to."""
    reports = list(
        DualReport.objects.select_related("member").prefetch_related("pledges").order_by("pk")
    )
    staff = {
        p.unit_id: p.user
        for p in Position.objects.filter(role="community_staff").select_related("user")
    }
    clerk_default = users.get("demo_admin")
    rule = ScoreRule.objects.filter(source=ScoreSource.PLEDGE_SERVICE, active=True).first()
    pledges = []
    for r in reports:
        if not r.pledges.all():
            for title in rng.sample(
                ["法律咨询", "代办证件", "义务理发", "健康讲座", "辅导功课"], 2
            ):
                pledges.append(Pledge(report=r, title=title))
    Pledge.objects.bulk_create(pledges, batch_size=2000)
    by_report = defaultdict(list)
    for p in Pledge.objects.all():
        by_report[p.report_id].append(p)
    records, entries = [], []
    for r in reports:
        clerk = staff.get(r.community_unit_id) or clerk_default
        for k in range(rng.randint(1, 4)):
            pledge = rng.choice(by_report[r.pk])
            day = today - datetime.timedelta(days=rng.randint(1, 300))
            record = ServiceRecord(
                kind=ServiceKind.PLEDGE,
                unit_id=r.community_unit_id,
                member_id=r.member_id,
                pledge=pledge,
                on=day,
                hours=Decimal(rng.choice(["1.0", "1.5", "2.0", "3.0"])),
                note=f"{pledge.title}（第{k + 1}次）",
                recorded_by=clerk,
            )
            _place(record, ids_of(r.community_unit_id))
            records.append(record)
    ServiceRecord.objects.bulk_create(records, batch_size=2000)
    user_of = {r.member_id: r.member.user_id for r in reports}
    if rule is not None:
        for record in records:
            if user_of.get(record.member_id) != record.recorded_by_id:
                entries.append(
                    (
                        record.member_id,
                        record.on,
                        rule.points,
                        rule.pk,
                        record.note,
                        ScoreSource.PLEDGE_SERVICE,
                        record.pk,
                        record.recorded_by_id,
                    )
                )
    _entries(entries)


def _demands(grids, members, leader_of, ids_of, rng, today, demo):
    """Demands in every status: most claimed and done, a few still waiting
    (some past the reminder), some cancelled."""
    now = timezone.now()
    rule = ScoreRule.objects.filter(source=ScoreSource.DEMAND, active=True).first()
    rows, plans = [], []
    for grid in grids:
        clerk = leader_of.get(grid.pk)
        if clerk is None:
            continue
        for _k in range(rng.randint(2, 5)):
            kind, title, text = rng.choice(DEMANDS)
            posted = now - datetime.timedelta(days=rng.randint(0, 200), hours=rng.randint(0, 12))
            roll = rng.random()
            status = (
                DemandStatus.POSTED
                if roll < 0.15
                else DemandStatus.CLAIMED
                if roll < 0.3
                else DemandStatus.DONE
                if roll < 0.45
                else DemandStatus.RATED
                if roll < 0.92
                else DemandStatus.CANCELLED
            )
            d = Demand(
                title=title,
                description=text,
                kind=kind,
                grid_id=grid.pk,
                place=f"{grid.name}{rng.randint(1, 30)}栋",
                contact_name=f"{rng.choice('王李张刘陈')}阿姨",
                contact_phone=f"13{rng.randint(100000000, 999999999)}",
                posted_by=clerk,
                posted_at=posted,
                status=status,
            )
            _place(d, ids_of(grid.pk))
            pool = [m for m in members.get(grid.pk, []) if m.user_id != clerk.pk]
            claimer = rng.choice(pool) if pool else None
            if status in (DemandStatus.CLAIMED, DemandStatus.DONE, DemandStatus.RATED) and claimer:
                d.claimed_member_id = claimer.pk
                d.claimed_at = posted + datetime.timedelta(hours=rng.randint(2, 120))
                d.version = 2
            elif status != DemandStatus.CANCELLED:
                d.status = DemandStatus.POSTED
            if d.status in (DemandStatus.DONE, DemandStatus.RATED):
                d.done_at = d.claimed_at + datetime.timedelta(days=rng.randint(1, 7))
                d.done_note = "已上门完成，居民表示感谢"
                d.version = 3
            if d.status == DemandStatus.RATED:
                d.rated_at = d.done_at + datetime.timedelta(days=1)
                d.satisfaction = rng.choice(["satisfied"] * 8 + ["basically_satisfied"] * 2)
                d.version = 4
            if d.status == DemandStatus.CANCELLED:
                d.cancelled_at = posted + datetime.timedelta(days=2)
                d.cancel_reason = "家属已解决"
                d.version = 2
            for moment in (d.claimed_at, d.done_at, d.rated_at):
                if moment is not None and moment > now:
                    d.status = DemandStatus.POSTED
                    d.claimed_member_id = d.claimed_at = d.done_at = d.rated_at = None
                    d.done_note, d.satisfaction, d.version = "", "", 1
                    break
            rows.append(d)
            plans.append(clerk)
    if demo is not None:
        clerk = leader_of.get(demo.grid_id)
        for status in (DemandStatus.POSTED, DemandStatus.POSTED):
            kind, title, text = rng.choice(DEMANDS)
            d = Demand(
                title=title,
                description=text,
                kind=kind,
                grid_id=demo.grid_id,
                place="幸福里5栋",
                contact_name="周奶奶",
                contact_phone="13912345678",
                posted_by=clerk,
                posted_at=now - datetime.timedelta(days=1),
                status=status,
            )
            _place(d, ids_of(demo.grid_id))
            rows.append(d)
            plans.append(clerk)
    Demand.objects.bulk_create(rows, batch_size=1000)
    events, entries = [], []
    for d, clerk in zip(rows, plans, strict=True):
        events.append(
            DemandEvent(demand=d, action="post", to_status="posted", actor=clerk, at=d.posted_at)
        )
        steps = [
            ("claim", "posted", "claimed", d.claimed_at),
            ("complete", "claimed", "done", d.done_at),
            ("rate", "done", "rated", d.rated_at),
        ]
        for action, before, after, moment in steps:
            if moment is not None:
                events.append(
                    DemandEvent(
                        demand=d,
                        action=action,
                        from_status=before,
                        to_status=after,
                        at=moment,
                        actor=clerk if action == "rate" else None,
                    )
                )
        if d.status == DemandStatus.CANCELLED:
            events.append(
                DemandEvent(
                    demand=d,
                    action="cancel",
                    from_status="posted",
                    to_status="cancelled",
                    at=d.cancelled_at,
                    actor=clerk,
                    note=d.cancel_reason,
                )
            )
        if d.status == DemandStatus.RATED and d.claimed_member_id and rule is not None:
            entries.append(
                (
                    d.claimed_member_id,
                    timezone.localtime(d.done_at).date(),
                    rule.points,
                    rule.pk,
                    d.title,
                    ScoreSource.DEMAND,
                    d.pk,
                    clerk.pk,
                )
            )
    DemandEvent.objects.bulk_create(events, batch_size=5000)
    _entries(entries)
