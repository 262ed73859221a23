"""Reads of the case loop, always scoped to the caller."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from orgs.kinds import Capability
from orgs.models import OrgUnit
from orgs.scoping import has_capability

from . import rules
from .models import Case, CaseCategory, CaseDeadline, CaseEvent, CasePhoto, Urgency
from .transitions import OPEN_STATUSES, Action

# What a person still has to do something about: open, or resolved and
# waiting to be closed with the resident.
QUEUE_STATUSES = (*OPEN_STATUSES, "resolved")


def cases_visible(*, user):
    return Case.objects.visible_to(user).select_related(
        "category", "grid", "responsible_unit", "community", "street"
    )


def case_get(*, user, pk) -> Case:
    """The case, or 404 when it does not exist or lies outside the caller's
    subtree (the same answer for both)."""
    case = (
        cases_visible(user=user)
        .select_related("reporter", "resolved_by_unit", "merged_into")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=CaseEvent.objects.select_related("actor", "from_unit", "to_unit")
                .prefetch_related("photos")
                .order_by("at", "id"),
            ),
            Prefetch("photos", queryset=CasePhoto.objects.order_by("id")),
        )
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def unit_visible(*, user, pk) -> OrgUnit:
    unit = OrgUnit.objects.visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def overdue_q(now=None) -> Q:
    return Q(status__in=OPEN_STATUSES, due_at__lt=now or timezone.now())


def cases_filter(
    qs,
    *,
    unit: OrgUnit | None = None,
    status: str | None = None,
    category: CaseCategory | None = None,
    urgency: str | None = None,
    overdue: bool | None = None,
    q: str | None = None,
):
    """The list filters shared by the API and the pages. `unit` takes its
    whole subtree through the copied ancestor columns."""
    if unit is not None:
        qs = qs.filter(qs.scope_q(unit))
    if status:
        qs = qs.filter(status=status)
    if category is not None:
        qs = qs.filter(
            category__tree_id=category.tree_id,
            category__lft__gte=category.lft,
            category__lft__lte=category.rght,
        )
    if urgency:
        qs = qs.filter(urgency=urgency)
    if overdue is True:
        qs = qs.filter(overdue_q())
    elif overdue is False:
        qs = qs.exclude(overdue_q())
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(number__iexact=q)
            | Q(title__icontains=q)
            | Q(description__icontains=q)
            | Q(address__icontains=q)
        )
    return qs


def work_queue(*, user):
    """Cases waiting at the user's own units, most urgent deadline first."""
    units = rules.position_unit_ids(user)
    if user.is_superuser and not units:
        units = list(OrgUnit.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    return (
        cases_visible(user=user)
        .filter(responsible_unit_id__in=units, status__in=QUEUE_STATUSES)
        .order_by("due_at", "id")
    )


def case_timeline(case: Case) -> list[CaseEvent]:
    return list(case.events.all())


def categories_tree(*, active_only: bool = True) -> list[dict]:
    """The category tree, each node with its effective deadline hours per
    urgency (its own row, else inherited from above). Two queries."""
    categories = CaseCategory.objects.order_by("tree_id", "lft")
    if active_only:
        categories = categories.filter(active=True)
    own: dict[int, dict[str, int]] = {}
    for category_id, urgency, hours in CaseDeadline.objects.values_list(
        "category_id", "urgency", "hours"
    ):
        own.setdefault(category_id, {})[urgency] = hours
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    for c in categories:
        parent = nodes.get(c.parent_id)
        inherited = parent["deadlines"] if parent else {}
        deadlines = {u: own.get(c.pk, {}).get(u, inherited.get(u)) for u in Urgency.values}
        node = {
            "id": c.pk,
            "name": c.name,
            "code": c.code,
            "deadlines": deadlines,
            "children": [],
        }
        nodes[c.pk] = node
        if parent:
            parent["children"].append(node)
        elif c.parent_id is None:
            roots.append(node)
    return roots


def leaf_categories() -> list[tuple[str, list[CaseCategory]]]:
    """(group label, leaves) for a category picker: leaves grouped under the
    path of their parent."""
    categories = list(CaseCategory.objects.filter(active=True).order_by("tree_id", "lft"))
    by_id = {c.pk: c for c in categories}
    groups: dict[int | None, list[CaseCategory]] = {}
    order: list[int | None] = []
    for c in categories:
        if c.rght - c.lft != 1:
            continue
        if c.parent_id not in groups:
            groups[c.parent_id] = []
            order.append(c.parent_id)
        groups[c.parent_id].append(c)

    def path(pk):
        names = []
        while pk is not None and pk in by_id:
            names.append(by_id[pk].name)
            pk = by_id[pk].parent_id
        return " / ".join(reversed(names))

    return [(path(pk), groups[pk]) for pk in order]


def may_see_personal_data(user, case: Case) -> bool:
    return has_capability(user, Capability.VIEW_PERSONAL_DATA, case.grid)


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    if len(phone) <= 4:
        return "*" * len(phone)
    return phone[:3] + "*" * max(len(phone) - 7, 1) + phone[-4:]


def is_overdue(case: Case, now=None) -> bool:
    return (
        case.status in OPEN_STATUSES
        and case.due_at is not None
        and case.due_at < (now or timezone.now())
    )


def grids_for_filing(*, user):
    """The grids the user may file a case at."""
    grids = OrgUnit.objects.visible_to(user).filter(kind="grid").order_by("tree_id", "lft")
    return [g for g in grids if rules.may_file(user, g)]


def action_forms_context(*, user, case: Case) -> dict:
    """What the detail page needs to offer the actions the user may take."""
    actions = rules.actions_for_user(user, case)
    targets = list(rules.dispatch_targets(case)) if Action.DISPATCH in actions else []
    return {"actions": actions, "dispatch_targets": targets}
