"""From a request's fields to a deliberation step: the API and the pages
read the same names (the contract's), look up what they point at inside the
caller's scope, and call the one service of the step. What is missing or
wrong comes back as a ValidationError with a message per field."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext as _

from grid_gov.params import parse_id
from orgs.models import OrgUnit

from . import services
from .deliberation_flow import USER_ACTIONS, TopicAction, actions_for_status, status_allows
from .models import Topic, Venue
from .services.topics import TopicConflict, may_take

A = TopicAction


def _get(data, name, default=None):
    value = data.get(name, default)
    return default if value is None else value


def _listing(data, name):
    """A list from JSON, or from form fields (repeated, or one holding JSON)."""
    value = data.get(name)
    if isinstance(value, str):
        getlist = getattr(data, "getlist", None)
        if getlist is not None and len(getlist(name)) > 1:
            return getlist(name)
        try:
            return json.loads(value) if value.strip() else []
        except ValueError:
            if name == "options":
                return [value]
            raise ValidationError({name: [_("Send a list.")]}) from None
    return value


def _when(errors, data, name):
    raw = data.get(name)
    try:
        value = parse_datetime(str(raw)) if raw not in (None, "") else None
    except ValueError:  # a day or an hour that does not exist
        value = None
    if value is None:
        errors[name] = [_("Enter a date and time, e.g. 2026-03-01T19:00.")]
        return None
    return make_aware(value) if is_naive(value) else value


def _one(errors, name, queryset, raw, message):
    if raw in (None, ""):
        errors[name] = [message]
        return None
    pk = parse_id(str(raw))
    found = queryset.filter(pk=pk).first() if pk else None
    if found is None:
        errors[name] = [message]
    return found


def run_step(*, user, topic, action, data, files=None):
    """Take `action` on `topic` with the request's fields."""
    if action not in USER_ACTIONS:
        raise Http404
    if not status_allows(topic.status, action):
        # The step decides before the body is read (the service checks
        # again under the row's lock).
        raise TopicConflict(
            status=topic.status, version=topic.version, allowed=actions_for_status(topic.status)
        )
    if not may_take(user, topic, action):
        raise PermissionDenied(_("Your position may not take this step on this topic."))
    files = files or {}
    photos = files.getlist("photos") if hasattr(files, "getlist") else []
    version = data.get("version")
    common = {"topic": topic, "user": user, "version": version}
    if action == A.ACCEPT:
        return services.topic_accept(**common, note=_get(data, "note", ""))
    if action == A.DECLINE:
        return services.topic_decline(**common, reason=_get(data, "reason", ""))
    if action == A.ESCALATE:
        return services.topic_escalate(**common, note=_get(data, "note", ""))
    if action == A.MERGE:
        errors: dict = {}
        from .selectors import topics_for

        into = _one(
            errors,
            "into",
            topics_for(user).exclude(pk=topic.pk),
            data.get("into"),
            _("Choose another open topic to merge into."),
        )
        if errors:
            raise ValidationError(errors)
        return services.topic_merge(**common, into=into, note=_get(data, "note", ""))
    if action == A.MEET:
        errors = {}
        venue = None
        if data.get("venue") not in (None, ""):
            venue = _one(
                errors,
                "venue",
                Venue.objects.visible_to(user).filter(active=True),
                data.get("venue"),
                _("Choose a venue in your area."),
            )
        elif not (data.get("place") or "").strip():
            errors["venue"] = [_("Choose the venue where the meeting is held.")]
        starts_at, ends_at = _when(errors, data, "starts_at"), _when(errors, data, "ends_at")
        if errors:
            raise ValidationError(errors)
        return services.topic_meet(
            **common,
            venue=venue,
            place=_get(data, "place", ""),
            starts_at=starts_at,
            ends_at=ends_at,
            title=_get(data, "title", ""),
        )
    if action == A.RECORD:
        return services.topic_record(
            **common,
            participants=_listing(data, "participants"),
            options=_listing(data, "options") or [],
            minutes=_get(data, "minutes", ""),
            photos=photos,
        )
    if action == A.DECIDE:
        return services.topic_decide(
            **common,
            decision=_get(data, "decision", ""),
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            votes_abstain=data.get("votes_abstain"),
            tasks=_listing(data, "tasks"),
        )
    if action == A.START:
        return services.topic_start(**common)
    if action == A.COMPLETE_TASK:
        return services.topic_task_complete(
            **common, task=data.get("task"), note=_get(data, "note", "")
        )
    if action == A.TASK_TO_CASE:
        from cases.models import CaseCategory

        errors = {}
        category = _one(
            errors,
            "category",
            CaseCategory.objects.filter(active=True),
            data.get("category"),
            _("Choose a category with no subcategories."),
        )
        if category is not None and not category.is_leaf_node():
            errors["category"] = [_("Choose a category with no subcategories.")]
        grid = None
        if data.get("grid") not in (None, ""):
            grid = _one(
                errors,
                "grid",
                OrgUnit.objects.visible_to(user).filter(kind="grid"),
                data.get("grid"),
                _("Choose the grid of the community where the work is."),
            )
        if errors:
            raise ValidationError(errors)
        return services.topic_task_to_case(
            **common,
            task=data.get("task"),
            category=category,
            grid=grid,
            description=_get(data, "description", ""),
        )
    if action == A.FINISH:
        return services.topic_finish(**common)
    if action == A.EVALUATE:
        return services.topic_evaluate(
            **common,
            satisfied=data.get("satisfied"),
            basically_satisfied=data.get("basically_satisfied"),
            unsatisfied=data.get("unsatisfied"),
        )
    raise Http404


def topic_of(user, pk) -> Topic:
    from .selectors import topics_for

    topic = topics_for(user).filter(pk=pk).first()
    if topic is None:
        raise Http404
    return topic
