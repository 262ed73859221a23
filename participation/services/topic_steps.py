"""Deliberation after the review: the meeting (议) held as an activity at a
venue, whose attendance counts like any other; the decision (定) with its
votes and the project's tasks (三清: what, who, by when); the doing (办),
where a task may be handed to the case loop; the evaluation (评)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grid_gov.outbox import outbox_write
from grid_gov.params import parse_day, parse_id
from members.models import PartyMember
from orgs.kinds import UnitKind
from orgs.scoping import ancestor_ids

from .. import notify
from ..deliberation_flow import TopicAction
from ..models import ActivityKind
from ..models.deliberation import (
    Participant,
    ParticipantKind,
    TaskStatus,
    Topic,
    TopicEvent,
    TopicStatus,
    TopicTask,
)
from .activities import activity_attendance_record, activity_create
from .common import raise_errors, text
from .topics import TOPIC_REVIEWERS, TOPIC_STAFF, TopicConflict, count, topic_act

A = TopicAction
MAX_PEOPLE = 10000
MAX_TASKS = 30
MAX_OPTIONS = 10


def _conflict(locked, message) -> TopicConflict:
    from ..deliberation_flow import actions_for_status

    return TopicConflict(
        message,
        status=locked.status,
        version=locked.version,
        allowed=actions_for_status(locked.status),
    )


def topic_meet(
    *, topic, user, venue, starts_at, ends_at, title="", version=None, place="", at=None
) -> Topic:
    """Call the deliberation meeting: an activity of kind deliberation,
    organized by the level's unit, booked at a venue without overlap."""
    errors: dict = {}
    title = text(errors, "title", title, limit=100, required=False)
    raise_errors(errors)

    def apply(locked, now):
        locked.meeting = activity_create(
            user=user,
            title=title or (_("Deliberation: %(title)s") % {"title": locked.title})[:100],
            kind=ActivityKind.DELIBERATION,
            organizer=locked.unit,
            venue=venue,
            place=place,
            starts_at=starts_at,
            ends_at=ends_at,
            description=locked.description,
        )

    return topic_act(
        topic=topic,
        user=user,
        action=A.MEET,
        roles=TOPIC_REVIEWERS,
        apply=apply,
        version=version,
        at=at,
    )


def _participants(errors, rows) -> list[dict]:
    out = []
    if not isinstance(rows, list | tuple) or not rows:
        errors["participants"] = [_("Name who took part (at least one).")]
        return out
    if len(rows) > 500:
        errors["participants"] = [_("At most %(n)d participants.") % {"n": 500}]
        return out
    for i, row in enumerate(rows, 1):
        row = row if isinstance(row, dict) else {}
        kind = row.get("kind")
        name = (row.get("name") or "").strip() if isinstance(row.get("name"), str) else ""
        member = row.get("member")
        if kind not in ParticipantKind.values:
            errors["participants"] = [
                _(
                    "Participant %(i)d: choose residents' representative, property company, "
                    "owners' committee, party member or other."
                )
                % {"i": i}
            ]
            return []
        if not name or len(name) > 50:
            errors["participants"] = [
                _("Participant %(i)d: give a name of 1 to 50 characters.") % {"i": i}
            ]
            return []
        if member not in (None, ""):
            member = parse_id(str(member))
            if member is None:
                errors["participants"] = [_("Participant %(i)d: give a member id.") % {"i": i}]
                return []
        else:
            member = None
        out.append({"kind": kind, "name": name, "member": member})
    return out


def topic_record(
    *, topic, user, participants, options=(), minutes="", photos=(), version=None, at=None
) -> Topic:
    """The meeting's record: who took part (residents' representatives, the
    property company, the owners' committee, party members), the options
    discussed and the minutes. The meeting activity's attendance is recorded
    with it: the party members by name, everyone else by count."""
    errors: dict = {}
    people = _participants(errors, participants)
    minutes = text(errors, "minutes", minutes, limit=5000)
    clean_options = []
    for option in options or ():
        option = (option or "").strip() if isinstance(option, str) else ""
        if option:
            clean_options.append(option[:200])
    if len(clean_options) > MAX_OPTIONS:
        errors["options"] = [_("At most %(n)d options.") % {"n": MAX_OPTIONS}]
    raise_errors(errors)

    def apply(locked, now):
        if locked.meeting_id is None:
            raise _conflict(locked, _("Call the meeting first; its record goes with it."))
        members = [p["member"] for p in people if p["member"]]
        found = set(PartyMember.objects.filter(pk__in=members).values_list("pk", flat=True))
        if set(members) - found:
            raise ValidationError({"participants": [_("A party member given is not on record.")]})
        activity_attendance_record(
            user=user,
            activity=locked.meeting,
            members=members,
            residents=sum(1 for p in people if not p["member"]),
            minutes=minutes,
            photos=photos,
        )
        locked.participants.all().delete()
        Participant.objects.bulk_create(
            Participant(topic=locked, kind=p["kind"], name=p["name"], member_id=p["member"])
            for p in people
        )
        locked.options = clean_options

    return topic_act(
        topic=topic,
        user=user,
        action=A.RECORD,
        roles=TOPIC_STAFF,
        apply=apply,
        version=version,
        at=at,
    )


def _tasks(errors, rows) -> list[dict]:
    if not isinstance(rows, list | tuple) or not rows:
        errors["tasks"] = [_("List the project's tasks: what, who is responsible, by when.")]
        return []
    if len(rows) > MAX_TASKS:
        errors["tasks"] = [_("At most %(n)d tasks.") % {"n": MAX_TASKS}]
        return []
    out, problems = [], []
    for i, row in enumerate(rows, 1):
        row = row if isinstance(row, dict) else {}
        title = row.get("title") if isinstance(row.get("title"), str) else ""
        who = row.get("responsible") if isinstance(row.get("responsible"), str) else ""
        due = row.get("due_on")
        due = due if isinstance(due, datetime.date) else parse_day(str(due or ""))
        if not title.strip() or len(title.strip()) > 200:
            problems.append(
                _("Task %(i)d: say what is to be done (up to 200 characters).") % {"i": i}
            )
        if not who.strip() or len(who.strip()) > 100:
            problems.append(_("Task %(i)d: name who is responsible.") % {"i": i})
        if due is None:
            problems.append(_("Task %(i)d: give the due date as YYYY-MM-DD.") % {"i": i})
        out.append({"title": title.strip(), "responsible": who.strip(), "due_on": due})
    if problems:
        errors["tasks"] = problems
    return out


def topic_decide(
    *,
    topic,
    user,
    decision,
    votes_for,
    votes_against,
    votes_abstain,
    tasks,
    version=None,
    at=None,
) -> Topic:
    """定: the option chosen, the votes (never more than the meeting's
    participants), and the project's tasks."""
    errors: dict = {}
    decision = text(errors, "decision", decision, limit=500)
    votes = {
        name: count(errors, name, value, limit=MAX_PEOPLE)
        for name, value in (
            ("votes_for", votes_for),
            ("votes_against", votes_against),
            ("votes_abstain", votes_abstain),
        )
    }
    rows = _tasks(errors, tasks)
    raise_errors(errors)

    def apply(locked, now):
        present = locked.participants.count()
        if present == 0:
            raise ValidationError(
                {"votes_for": [_("Record the meeting's participants first: votes are theirs.")]}
            )
        if sum(votes.values()) > present:
            raise ValidationError(
                {
                    "votes_for": [
                        _("%(votes)d votes, but %(n)d took part: check the counts.")
                        % {"votes": sum(votes.values()), "n": present}
                    ]
                }
            )
        locked.decision = decision
        locked.votes_for = votes["votes_for"]
        locked.votes_against = votes["votes_against"]
        locked.votes_abstain = votes["votes_abstain"]
        locked.decided_at = now
        TopicTask.objects.bulk_create(TopicTask(topic=locked, **row) for row in rows)

    return topic_act(
        topic=topic,
        user=user,
        action=A.DECIDE,
        roles=TOPIC_REVIEWERS,
        apply=apply,
        version=version,
        note=decision,
        at=at,
    )


def topic_start(*, topic, user, version=None, at=None) -> Topic:
    return topic_act(
        topic=topic, user=user, action=A.START, roles=TOPIC_REVIEWERS, version=version, at=at
    )


def _task(locked, task_id) -> TopicTask:
    task_id = parse_id(str(task_id if task_id is not None else ""))
    task = (
        TopicTask.objects.select_for_update().filter(topic=locked, pk=task_id).first()
        if task_id
        else None
    )
    if task is None:
        raise ValidationError({"task": [_("Choose a task of this topic.")]})
    if task.status == TaskStatus.DONE:
        raise _conflict(locked, _("This task is done already."))
    if task.case_id:
        raise _conflict(locked, _("This task is with the case loop; its case's closure closes it."))
    return task


def topic_task_complete(*, topic, user, task, note="", version=None, at=None) -> Topic:
    """One task of the project is done."""
    errors: dict = {}
    note = text(errors, "note", note, limit=500, required=False)
    raise_errors(errors)
    label = []

    def apply(locked, now):
        row = _task(locked, task)
        row.status, row.note, row.done_at = TaskStatus.DONE, note, now
        row.save(update_fields=["status", "note", "done_at"])
        label.append(row.title)

    return topic_act(
        topic=topic,
        user=user,
        action=A.COMPLETE_TASK,
        roles=TOPIC_STAFF,
        apply=apply,
        version=version,
        note=lambda locked: f"{label[0]} · {note}" if note else label[0],
        at=at,
    )


def topic_task_to_case(
    *, topic, user, task, category, description="", grid=None, version=None, at=None
) -> Topic:
    """Hand a task to the case loop: a case is filed in the topic's grid (or
    the grid named, for a community's topic); its closure closes the task."""
    from cases import services as cases

    errors: dict = {}
    description = text(errors, "description", description, limit=2000, required=False)
    grid = grid or (topic.grid if topic.grid_id else None)
    if (
        grid is None
        or grid.kind != UnitKind.GRID
        or ancestor_ids(grid)[UnitKind.COMMUNITY] != topic.community_id
    ):
        errors["grid"] = [_("Choose the grid of the community where the work is.")]
    raise_errors(errors)
    filed = []

    def apply(locked, now):
        row = _task(locked, task)
        case = cases.case_file(
            user=user,
            title=row.title[:100],
            description=description
            or _("From the deliberation「%(topic)s」: %(task)s, responsible %(who)s, due %(due)s.")
            % {"topic": locked.title, "task": row.title, "who": row.responsible, "due": row.due_on},
            category=category,
            grid=grid,
            source="resident",
            at=now,
        )
        row.case = case
        row.save(update_fields=["case"])
        filed.append(case)

    return topic_act(
        topic=topic,
        user=user,
        action=A.TASK_TO_CASE,
        roles=TOPIC_STAFF,
        apply=apply,
        version=version,
        note=lambda locked: f"{filed[0].number} · {filed[0].title}" if filed else "",
        at=at,
    )


def topic_finish(*, topic, user, version=None, at=None) -> Topic:
    """The work is done when every task is."""

    def apply(locked, now):
        left = list(
            locked.tasks.exclude(status=TaskStatus.DONE).values_list("title", flat=True)[:5]
        )
        if left:
            raise _conflict(locked, _("Tasks still open: %(tasks)s.") % {"tasks": "、".join(left)})

    return topic_act(
        topic=topic,
        user=user,
        action=A.FINISH,
        roles=TOPIC_REVIEWERS,
        apply=apply,
        version=version,
        at=at,
    )


def unsatisfied_too_many(unsatisfied: int, total: int) -> bool:
    share = getattr(settings, "GRIDGOV_DELIBERATION_UNSATISFIED_PERCENT", 30)
    return total > 0 and unsatisfied * 100 > share * total


def topic_evaluate(
    *, topic, user, satisfied, basically_satisfied, unsatisfied, version=None, at=None
) -> Topic:
    """评: the participants' satisfied / basically / unsatisfied counts.
    Unsatisfied above the set share sends the topic back to doing."""
    errors: dict = {}
    counts = {
        name: count(errors, name, value, limit=MAX_PEOPLE)
        for name, value in (
            ("satisfied", satisfied),
            ("basically_satisfied", basically_satisfied),
            ("unsatisfied", unsatisfied),
        )
    }
    total = sum(counts.values())
    if not errors and total == 0:
        errors["satisfied"] = [_("Count at least one participant's answer.")]
    raise_errors(errors)

    def apply(locked, now):
        present = locked.participants.count()
        if present and total > present:
            raise ValidationError(
                {
                    "satisfied": [
                        _("%(votes)d answers, but %(n)d took part: check the counts.")
                        % {"votes": total, "n": present}
                    ]
                }
            )
        locked.satisfied = counts["satisfied"]
        locked.basically_satisfied = counts["basically_satisfied"]
        locked.unsatisfied = counts["unsatisfied"]
        locked.evaluated_at = now
        if not unsatisfied_too_many(counts["unsatisfied"], total):
            locked.done_at = now

    def row(locked):
        if unsatisfied_too_many(counts["unsatisfied"], total):
            return A.SEND_BACK
        return A.EVALUATE

    note = _("satisfied %(s)d, basically %(b)d, unsatisfied %(u)d") % {
        "s": counts["satisfied"],
        "b": counts["basically_satisfied"],
        "u": counts["unsatisfied"],
    }
    return topic_act(
        topic=topic,
        user=user,
        action=A.EVALUATE,
        roles=TOPIC_STAFF,
        apply=apply,
        version=version,
        note=note,
        at=at,
        row=row,
    )


def topic_case_closed(*, case, at=None) -> int:
    """The case loop closed a case a task was handed to: the task is done,
    and the topic's timeline says so. Called in the case's own transaction."""
    now = at or timezone.now()
    n = 0
    for task in TopicTask.objects.select_for_update().filter(case=case, status=TaskStatus.OPEN):
        task.status, task.done_at = TaskStatus.DONE, now
        task.note = (_("Case %(number)s closed.") % {"number": case.number})[:500]
        task.save(update_fields=["status", "done_at", "note"])
        topic = Topic.objects.select_for_update().get(pk=task.topic_id)
        TopicEvent.objects.create(
            topic=topic,
            action=A.CASE_CLOSED,
            from_status=topic.status,
            to_status=topic.status,
            from_unit=topic.unit,
            to_unit=topic.unit,
            at=now,
            note=f"{case.number} · {task.title}"[:500],
        )
        n += 1
    return n


def topics_supervise(*, now=None) -> int:
    """The party organization supervises overdue tasks: once per task, an
    event on the topic and a message to the level's party organization.
    Safe to run from several workers: rows are taken with SKIP LOCKED."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    n = 0
    with transaction.atomic():
        tasks = list(
            TopicTask.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=TaskStatus.OPEN,
                due_on__lt=today,
                supervised_at__isnull=True,
                topic__status=TopicStatus.DOING,
            )
            .select_related("topic")
            .order_by("pk")[:500]
        )
        for task in tasks:
            task.supervised_at = now
            task.save(update_fields=["supervised_at"])
            topic = task.topic
            event = TopicEvent.objects.create(
                topic=topic,
                action=A.SUPERVISE,
                from_status=topic.status,
                to_status=topic.status,
                from_unit_id=topic.unit_id,
                to_unit_id=topic.unit_id,
                at=now,
                note=(_("%(task)s was due on %(due)s.") % {"task": task.title, "due": task.due_on})[
                    :500
                ],
            )
            outbox_write(
                kind=notify.TOPIC_OVERDUE,
                key=f"topic-task-overdue:{task.pk}",
                payload={
                    "topic": topic.pk,
                    "unit": topic.unit_id,
                    "task": task.title,
                    "due_on": task.due_on.isoformat(),
                    "event": event.pk,
                },
            )
            n += 1
    return n
