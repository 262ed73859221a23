"""Pages of deliberation (说事): the topics in the caller's area, raising one
(phone first), and a topic's page with its timeline and a form for each step
the caller may take now. The forms post the contract's field names; the same
`run_step` as the API takes them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grid_gov.errors import Conflict, field_messages

from .. import selectors, services
from ..access import has_any_role
from ..deliberation_flow import actions_for_status
from ..forms import TopicForm, apply_errors
from ..models import ParticipantKind, TopicLevel, TopicStatus
from ..services.topics import TOPIC_STAFF, may_take
from ..topic_input import run_step, topic_of

PARTICIPANT_ROWS = 8
TASK_ROWS = 4


@login_required
def topic_list(request):
    qs = selectors.topics_for(request.user)
    status = request.GET.get("status", "")
    level = request.GET.get("level", "")
    if status in TopicStatus.values:
        qs = qs.filter(status=status)
    if level in TopicLevel.values:
        qs = qs.filter(level=level)
    return render(
        request,
        "participation/topic_list.html",
        {
            "topics": qs.order_by("-raised_at", "-id")[:100],
            "statuses": TopicStatus.choices,
            "levels": TopicLevel.choices,
            "status": status,
            "level": level,
            "may_raise": has_any_role(request.user, TOPIC_STAFF),
        },
    )


@login_required
def topic_new(request):
    if not has_any_role(request.user, TOPIC_STAFF):
        raise PermissionDenied
    form = TopicForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_raise(
                user=request.user, photos=request.FILES.getlist("photos"), **form.cleaned_fields
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Topic raised; the party organization reviews it."))
            return redirect("party-topic-detail", topic.pk)
    return render(
        request, "participation/topic_new.html", {"form": form}, status=400 if form.errors else 200
    )


def _may(user, topic) -> list[str]:
    """The steps of the table the caller may take on the page."""
    return [
        a
        for a in actions_for_status(topic.status)
        if may_take(user, topic, a)
        and not (a == "record" and topic.meeting_id is None)
        and not (a == "escalate" and topic.level == TopicLevel.COMMUNITY)
        and not (a == "finish" and topic.tasks.exclude(status="done").exists())
    ]


def _detail(request, topic, *, failed="", errors=None, values=None, status=200):
    merge_into = (
        selectors.topics_for(request.user)
        .filter(status__in=("raised", "deliberating", "decided", "doing"))
        .exclude(pk=topic.pk)
        .order_by("-raised_at")[:50]
    )
    venues = selectors.venues_for(request.user).filter(active=True)
    from cases.models import CaseCategory

    return render(
        request,
        "participation/topic_detail.html",
        {
            "topic": topic,
            "actions": _may(request.user, topic),
            "events": topic.events.select_related("actor", "to_unit"),
            "tasks": topic.tasks.select_related("case"),
            "participants": topic.participants.all(),
            "photos": topic.photos.all(),
            "merge_into": merge_into,
            "venues": venues,
            "categories": CaseCategory.objects.filter(active=True, children__isnull=True).order_by(
                "code"
            ),
            "participant_kinds": ParticipantKind.choices,
            "participant_rows": range(PARTICIPANT_ROWS),
            "task_rows": range(TASK_ROWS),
            "failed": failed,
            "errors": errors or {},
            "values": values or {},
        },
        status=status,
    )


@login_required
def topic_detail(request, pk):
    return _detail(request, topic_of(request.user, pk))


def _page_data(action, post) -> dict:
    """The contract's fields from the page's form fields."""
    data = {k: v for k, v in post.items() if k != "csrfmiddlewaretoken"}
    if action == "record":
        data["participants"] = [
            {"kind": post.get(f"kind_{i}"), "name": post.get(f"name_{i}", "").strip()}
            for i in range(PARTICIPANT_ROWS)
            if post.get(f"name_{i}", "").strip()
        ]
        data["options"] = [
            line.strip() for line in post.get("options", "").splitlines() if line.strip()
        ]
    if action == "decide":
        data["tasks"] = [
            {
                "title": post.get(f"task_title_{i}", "").strip(),
                "responsible": post.get(f"task_responsible_{i}", "").strip(),
                "due_on": post.get(f"task_due_{i}", ""),
            }
            for i in range(TASK_ROWS)
            if any(
                post.get(f"task_{part}_{i}", "").strip() for part in ("title", "responsible", "due")
            )
        ]
    if action == "meet" and data.get("starts_at") and data.get("ends_at"):
        data["ends_at"] = f"{data['starts_at'][:10]}T{data['ends_at']}"
    return data


@login_required
@require_POST
def topic_step(request, pk, action):
    topic = topic_of(request.user, pk)
    try:
        run_step(
            user=request.user,
            topic=topic,
            action=action,
            data=_page_data(action, request.POST),
            files=request.FILES,
        )
    except ValidationError as exc:
        return _detail(
            request,
            topic,
            failed=action,
            errors=field_messages(exc),
            values=request.POST,
            status=400,
        )
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Done."))
    return redirect("party-topic-detail", topic.pk)
