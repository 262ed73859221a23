"""Deliberation and weekly reports of the demo district: topics at every
step and level (Fuqing's 说事, Xiangzhou's 楼宇 → 小区 → 社区), some sent up a
level, declined or merged, with their meetings, decisions, tasks and
evaluations; and the last weeks' weekly reports drafted from the records,
most submitted on time, some late, some missing."""

import datetime

from django.db.models import Count
from django.utils import timezone

from orgs.kinds import UnitKind
from orgs.models import OrgUnit, Position
from orgs.scoping import ancestor_ids

from .deliberation_flow import TopicAction
from .models import Activity, ActivityKind, ActivityStatus
from .models.deliberation import (
    LEVEL_OF_KIND,
    Participant,
    TaskStatus,
    Topic,
    TopicEvent,
    TopicStatus,
    TopicTask,
)
from .models.weekly import EmergencyReport, ReportStatus, WeeklyReport, WeeklyReportEvent
from .services.weekly import last_full_week, weekly_reports_draft

K = UnitKind
A = TopicAction
S = TopicStatus
TOPICS = [
    ("加装电梯", "楼里老人多，上下楼困难，居民希望加装电梯，费用如何分摊需要商量。"),
    ("小区停车位划线", "晚上车辆乱停，消防通道常被占用。"),
    ("楼道堆物清理", "楼道长期堆放杂物，存在消防隐患。"),
    ("广场舞时间和音量", "早晚广场舞音量大，影响休息。"),
    ("电动车集中充电点", "居民在楼道给电动车充电，希望设集中充电点。"),
    ("小区垃圾分类投放点", "投放点位置不合理，夏天有异味。"),
    ("老旧小区外墙维修", "外墙瓷砖脱落，存在安全隐患。"),
    ("增设休闲座椅", "老人希望在小区花园增设座椅。"),
]
PEOPLE = [
    ("resident", "居民代表"),
    ("resident", "居民代表"),
    ("resident", "居民代表"),
    ("property", "物业公司"),
    ("owners", "业委会"),
    ("member", "党员"),
]
# Where each demo topic ends up, in the order of the steps.
PATH = [
    (A.ACCEPT, S.DELIBERATING),
    (A.RECORD, S.DELIBERATING),
    (A.DECIDE, S.DECIDED),
    (A.START, S.DOING),
    (A.FINISH, S.EVALUATING),
    (A.EVALUATE, S.DONE),
]
ENDS = [S.RAISED, S.DELIBERATING, S.DECIDED, S.DOING, S.EVALUATING, S.DONE, S.DONE, S.DONE]
TEXTS = [
    "本周重点走访独居老人，未发现新的安全隐患。",
    "组织志愿者清理楼道堆物，居民反映较好。",
    "配合社区开展反诈宣传，入户发放资料。",
    "",
]


def _at(day, hour):
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)


def load(*, region, users, rng):
    today = timezone.localdate()
    grids = list(
        OrgUnit.objects.filter(
            tree_id=region.tree_id, lft__gte=region.lft, rght__lte=region.rght, kind=K.GRID
        ).order_by("lft")
    )
    leader_of = {
        p.unit_id: p.user
        for p in Position.objects.filter(unit__in=grids, role="grid_leader").select_related("user")
    }
    groups = {}
    for g in OrgUnit.objects.filter(parent__in=grids, kind=K.PARTY_GROUP).order_by("lft"):
        groups.setdefault(g.parent_id, g)
    fallback = users.get("demo_admin") or next(iter(users.values()))
    for i, grid in enumerate(grids):
        user = leader_of.get(grid.pk, fallback)
        for j in range(rng.randint(1, 3)):
            end = ENDS[(i + j) % len(ENDS)] if (i + j) % 9 else S.DECLINED
            origin = grid
            if j == 1 and grid.pk in groups:
                origin = groups[grid.pk]
            elif j == 2 and grid.parent and grid.parent.kind == K.COMMUNITY:
                origin = grid.parent
            _topic(
                grid, origin, user, end, rng, today, escalate=(i % 7 == 3 and origin != grid.parent)
            )
    _weekly(grids, leader_of, rng, today)


def _topic(grid, origin, user, end, rng, today, *, escalate):
    title, description = TOPICS[rng.randrange(len(TOPICS))]
    raised = _at(today - datetime.timedelta(days=rng.randint(5, 120)), rng.randint(8, 18))
    unit = origin
    topic = Topic(
        title=f"{origin.name}{title}",
        description=description,
        origin=origin,
        unit=origin,
        level=LEVEL_OF_KIND[origin.kind],
        backers=rng.randint(3, 80),
        raised_by=user,
        raised_at=raised,
    )
    topic.copy_ancestors(ancestor_ids(origin))
    topic.save()
    events = [
        TopicEvent(
            topic=topic, action=A.RAISE, to_status=S.RAISED, to_unit=origin, actor=user, at=raised
        )
    ]
    now = raised
    status = S.RAISED
    if escalate and origin.parent and origin.parent.kind in LEVEL_OF_KIND:
        now += datetime.timedelta(days=2)
        unit = origin.parent
        events.append(
            TopicEvent(
                topic=topic,
                action=A.ESCALATE,
                from_status=status,
                to_status=S.RAISED,
                from_unit=origin,
                to_unit=unit,
                actor=user,
                at=now,
                note="本级议不定，报上一级",
            )
        )
    if end == S.DECLINED:
        now += datetime.timedelta(days=1)
        topic.decline_reason = "属物业服务合同范围，已转物业公司处理。"
        events.append(
            TopicEvent(
                topic=topic,
                action=A.DECLINE,
                from_status=status,
                to_status=S.DECLINED,
                from_unit=unit,
                to_unit=unit,
                actor=user,
                at=now,
                note=topic.decline_reason,
            )
        )
        status = S.DECLINED
    for action, after in PATH:
        if status == end or end == S.DECLINED:
            break
        # Each step after the one before, and none today or later.
        now = max(
            min(
                now + datetime.timedelta(days=rng.randint(1, 6)),
                _at(today, 0) - datetime.timedelta(hours=2),
            ),
            now + datetime.timedelta(minutes=30),
        )
        note = ""
        if action == A.RECORD:
            meeting = Activity(
                title=f"议事会：{topic.title}"[:100],
                kind=ActivityKind.DELIBERATION,
                organizer=unit,
                place="网格说事点",
                starts_at=now,
                ends_at=now + datetime.timedelta(hours=2),
                status=ActivityStatus.HELD,
                residents=len(PEOPLE) - 1,
                attended=0,
                minutes="各方充分发表意见，形成两个方案。",
                created_by=user,
                recorded_at=now,
                recorded_by=user,
            )
            meeting.copy_ancestors(ancestor_ids(unit))
            meeting.save()
            topic.meeting = meeting
            topic.options = ["方案一：马上实施", "方案二：暂缓，再征求意见"]
            Participant.objects.bulk_create(
                Participant(topic=topic, kind=k, name=f"{n}{i + 1}")
                for i, (k, n) in enumerate(PEOPLE)
            )
        if action == A.DECIDE:
            topic.decision = "方案一：马上实施"
            topic.votes_for, topic.votes_against, topic.votes_abstain = 4, 1, 1
            topic.decided_at = now
            note = topic.decision
            TopicTask.objects.bulk_create(
                [
                    TopicTask(
                        topic=topic,
                        title="征集居民意见",
                        responsible="网格长",
                        due_on=(now + datetime.timedelta(days=7)).date(),
                    ),
                    TopicTask(
                        topic=topic,
                        title="联系施工单位报价",
                        responsible="物业公司",
                        due_on=(now + datetime.timedelta(days=14)).date(),
                    ),
                ]
            )
        if action == A.FINISH:
            topic.tasks.update(status=TaskStatus.DONE, done_at=now, note="已完成")
        if action == A.EVALUATE:
            topic.satisfied, topic.basically_satisfied, topic.unsatisfied = 4, 1, 1
            topic.evaluated_at = topic.done_at = now
            note = "满意4，基本满意1，不满意1"
        events.append(
            TopicEvent(
                topic=topic,
                action=action,
                from_status=status,
                to_status=after,
                from_unit=unit,
                to_unit=unit,
                actor=user,
                at=now,
                note=note,
            )
        )
        status = after
    topic.status, topic.unit, topic.level = status, unit, LEVEL_OF_KIND[unit.kind]
    topic.version = len(events)
    topic.save()
    TopicEvent.objects.bulk_create(events)


def _weekly(grids, leader_of, rng, today):
    last = last_full_week()
    weeks = [last - datetime.timedelta(days=7 * k) for k in range(8)]
    for week in weeks:
        weekly_reports_draft(week=week, grids=grids)
    events = []
    reports = list(WeeklyReport.objects.filter(grid__in=grids, week__in=weeks))
    for report in reports:
        roll = rng.random()
        recent = report.week == last and report.due_at > timezone.now()
        if recent and roll < 0.5 or roll < 0.08:
            continue  # missing, or not written yet
        late = roll > 0.85
        at = report.due_at + (
            datetime.timedelta(hours=rng.randint(2, 40))
            if late
            else -datetime.timedelta(hours=rng.randint(1, 30))
        )
        user = leader_of.get(report.grid_id)
        report.text = TEXTS[rng.randrange(len(TEXTS))]
        report.status, report.submitted_at, report.submitted_by, report.late = (
            ReportStatus.SUBMITTED,
            at,
            user,
            late,
        )
        report.version = 2
        events.append(
            WeeklyReportEvent(
                report=report,
                action="submit",
                from_status="draft",
                to_status="submitted",
                actor=user,
                at=at,
            )
        )
    WeeklyReport.objects.bulk_update(
        [r for r in reports if r.status == ReportStatus.SUBMITTED],
        ["text", "status", "submitted_at", "submitted_by", "late", "version"],
        batch_size=1000,
    )
    WeeklyReportEvent.objects.bulk_create(events, batch_size=2000)
    for grid in grids[:3]:
        user = leader_of.get(grid.pk)
        if user is None:
            continue
        report = EmergencyReport(
            unit=grid,
            title="燃气管道泄漏",
            text="已疏散住户，燃气公司抢修中。",
            place=grid.name,
            sent_by=user,
            sent_at=_at(today - datetime.timedelta(days=rng.randint(1, 30)), 20),
        )
        report.copy_ancestors(ancestor_ids(grid))
        report.save()


def counts() -> dict:
    """What the demo holds, for its test."""
    return {
        "by_status": dict(Topic.objects.values_list("status").annotate(n=Count("pk"))),
        "by_level": dict(Topic.objects.values_list("level").annotate(n=Count("pk"))),
    }
