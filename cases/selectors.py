"""Reads of the case loop, always scoped to the caller."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case as CaseWhen
from django.db.models import F, IntegerField, Q, Value, When
from django.http import Http404
from django.utils import timezone

from orgs.access import position_unit_ids, positions_of, scope_roots
from orgs.kinds import ANCESTOR_KINDS
from orgs.models import OrgUnit

from . import counts, rules
from .models import (
    Case,
    CaseCategory,
    CaseDeadline,
    CaseEvent,
    CaseExtension,
    CasePhoto,
    Urgency,
)
from .transitions import OPEN_STATUSES, Action

# What a person still has to do something about: open, or resolved and
# waiting to be closed with the resident.
QUEUE_STATUSES = (*OPEN_STATUSES, "resolved")


def cases_visible(*, user):
    """The cases in the user's subtree, no relation joined: planning a join
    of the case with five units and its category costs more than reading the
    rows. Lists and pages attach what they show with `attach_briefs`."""
    return Case.objects.visible_to(user)


# What a list row shows (CaseListSerializer, the list page); the rest of a
# case row is left on disk.
LIST_FIELDS = (
    "id",
    "number",
    "title",
    "status",
    "urgency",
    "source",
    "category_id",
    "grid_id",
    "responsible_unit_id",
    "highest_level",
    "reported_at",
    "due_at",
    "was_overdue",
    "supervising_unit_id",
    "version",
)
BRIEF_UNITS = ("grid", "responsible_unit", "supervising_unit")
DETAIL_UNITS = (*BRIEF_UNITS, "community", "street", "resolved_by_unit")


def cases_for_list(*, user):
    return cases_visible(user=user).only(*LIST_FIELDS)


def attach_briefs(cases, *, detail: bool = False) -> None:
    """Load the units and categories `cases` show, two queries for any
    number of cases, and set them on the cases. A list needs their names; a
    detail also the tree fields the action rules read."""
    fields = DETAIL_UNITS if detail else BRIEF_UNITS
    # A case just filed holds its grid and category already.
    by_id = {}
    for case in cases:
        for f in fields:
            if Case._meta.get_field(f).is_cached(case) and getattr(case, f) is not None:
                by_id[getattr(case, f"{f}_id")] = getattr(case, f)
    unit_ids = {getattr(c, f"{f}_id") for c in cases for f in fields} - {None} - set(by_id)
    if unit_ids:
        units = OrgUnit.objects.filter(pk__in=unit_ids).order_by()
        units = units.defer("boundary") if detail else units.only("id", "name", "kind")
        by_id.update((u.pk, u) for u in units)
    categories = {c.category_id: c.category for c in cases if Case.category.is_cached(c)}
    missing = {c.category_id for c in cases} - set(categories)
    if missing:
        query = CaseCategory.objects.filter(pk__in=missing).order_by()
        if not detail:
            query = query.only("id", "name", "code")
        categories.update((c.pk, c) for c in query)
    for case in cases:
        for f in fields:
            unit_id = getattr(case, f"{f}_id")
            if unit_id is not None:
                setattr(case, f, by_id[unit_id])
        case.category = categories[case.category_id]


def case_get(*, user, pk) -> Case:
    """The case, or 404 when it does not exist or lies outside the caller's
    subtree (the same answer for both), with what its detail shows: units,
    category, reporter, events (oldest first) with their actors and photos.
    Each piece is its own small query on a key: no join to plan."""
    case = cases_visible(user=user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case_with_details(case, user=user)


def case_with_details(case: Case, *, user=None) -> Case:
    """Load what the detail shows onto `case`: its units, category and
    reporter, its events (`case.timeline`, oldest first, each with its actor,
    units and `photo_list`) and its photos (`case.photo_list`). A case just
    filed comes with its timeline and photos already (see `case_file`)."""
    attach_briefs([case], detail=True)
    events = getattr(case, "timeline", None)
    photos = getattr(case, "photo_list", None)
    if events is None:
        events = list(CaseEvent.objects.filter(case_id=case.pk).order_by("at", "id"))
    if photos is None:
        # Every photo of an event is a photo of its case: one query for both.
        photos = list(CasePhoto.objects.filter(case_id=case.pk).order_by("id"))
    by_event: dict = {}
    for photo in photos:
        by_event.setdefault(photo.event_id, []).append(photo)
    case.timeline, case.photo_list = events, photos
    unit_ids = {e.from_unit_id for e in events} | {e.to_unit_id for e in events}
    known = {getattr(case, f"{f}_id"): getattr(case, f) for f in DETAIL_UNITS}
    missing = unit_ids - set(known) - {None}
    if missing:
        known.update(
            (u.pk, u) for u in OrgUnit.objects.filter(pk__in=missing).only("id", "name", "kind")
        )
    people = {user.pk: user} if user is not None and user.is_authenticated else {}
    user_ids = ({case.reporter_id} | {e.actor_id for e in events}) - set(people) - {None}
    if user_ids:
        people.update(
            (u.pk, u)
            for u in get_user_model()
            .objects.filter(pk__in=user_ids)
            .only("id", "username", "first_name", "last_name")
        )
    case.reporter = people[case.reporter_id]
    if case.visit_id is not None and not Case.visit.is_cached(case):
        from members.models import Visit

        case.visit = Visit.objects.select_related("household").filter(pk=case.visit_id).first()
    for event in events:
        event.case = case
        event.from_unit = known.get(event.from_unit_id)
        event.to_unit = known.get(event.to_unit_id)
        event.actor = people.get(event.actor_id)
        event.photo_list = by_event.get(event.pk, [])
    return case


def unit_visible(*, user, pk) -> OrgUnit:
    unit = OrgUnit.objects.visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def case_count_limit() -> int:
    return getattr(settings, "GRIDGOV_CASE_COUNT_LIMIT", 1000)


def cases_count(
    queryset,
    *,
    user,
    unit: OrgUnit | None = None,
    status: str | None = None,
    urgency: str | None = None,
    category: CaseCategory | None = None,
    other_filters: bool = False,
) -> tuple[int, bool]:
    """How many cases a filtered list holds, as (count, exact).

    Exact, from the case counts (`cases.counts`), when the list is a subtree of places
    (district, street, community, grid: the `unit` asked for, else the
    caller's own roots) filtered only by status, urgency and category: a few
    hundred rows read, whatever the size of the subtree. Otherwise (text
    search, overdue, a department's cases) the rows of `queryset` are counted
    up to GRIDGOV_CASE_COUNT_LIMIT; past it the answer is the limit and
    `exact` is False: the list holds at least that many.
    """
    if not other_filters:
        n = cases_count_exact(
            user=user, unit=unit, status=status, urgency=urgency, category=category
        )
        if n is not None:
            return n, True
    limit = case_count_limit()
    n = queryset.order_by()[: limit + 1].count()
    return min(n, limit), n <= limit


def cases_count_exact(
    *,
    user,
    unit: OrgUnit | None = None,
    status: str | None = None,
    urgency: str | None = None,
    category: CaseCategory | None = None,
) -> int | None:
    """The exact count of the caller's cases below `unit` (else in the whole
    scope) with these filters, from the case counts; None when the scope is not
    made of places the counts keep (a department sees what was sent to it)."""
    roots = [unit] if unit is not None else scope_roots(user)
    if not roots or any(r.kind not in ANCESTOR_KINDS for r in roots):
        return None
    return counts.count_cases(units=roots, status=status, urgency=urgency, category=category)


def overdue_now_q(now=None) -> Q:
    """Open cases whose current deadline has passed (`overdue`)."""
    return Q(status__in=OPEN_STATUSES, due_at__lt=now or timezone.now())


def missed_deadline_q(now=None) -> Q:
    """Cases that missed a deadline in any stint (`was_overdue`), including
    an open one past due the scan has not marked yet."""
    return Q(was_overdue=True) | overdue_now_q(now)


def overdue_q(now=None) -> Q:
    """The overdue list: open cases that missed a deadline, in this stint or
    an earlier one. A dispatch or a reopen gives a fresh deadline but does not
    take a case off this list."""
    return Q(status__in=OPEN_STATUSES) & missed_deadline_q(now)


def cases_filter(
    qs,
    *,
    unit: OrgUnit | None = None,
    status: str | None = None,
    category: CaseCategory | None = None,
    urgency: str | None = None,
    overdue: bool | None = None,
    was_overdue: bool | None = None,
    q: str | None = None,
    mine: str | None = None,
    supervising: bool | None = None,
    user=None,
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
    if was_overdue is True:
        qs = qs.filter(missed_deadline_q())
    elif was_overdue is False:
        qs = qs.exclude(missed_deadline_q())
    if mine:
        qs = qs.filter(mine_q(user=user, mine=mine))
    if supervising is True:
        qs = qs.filter(supervising_unit_id__in=position_unit_ids(user))
    elif supervising is False:
        qs = qs.exclude(supervising_unit_id__in=position_unit_ids(user))
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            | Q(description__icontains=q)
            | Q(address__icontains=q)
        )
    return qs


def work_queue(*, user):
    """Cases waiting at the user's own units, most urgent deadline first."""
    units = position_unit_ids(user)
    if user.is_superuser and not units:
        units = list(OrgUnit.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    return (
        cases_visible(user=user)
        .filter(responsible_unit_id__in=units, status__in=QUEUE_STATUSES)
        .order_by("due_at", "id")
    )


def case_merged(case: Case) -> list[Case]:
    """The cases merged into `case` (its duplicates), oldest first."""
    merged = getattr(case, "merged_list", None)
    if merged is None:
        merged = list(
            Case.objects.filter(merged_into_id=case.pk)
            .only("id", "number", "title", "reporter_id", "reported_at")
            .order_by("reported_at", "id")
        )
        case.merged_list = merged
    return merged


def case_extensions(case: Case) -> list:
    """The case's extension requests, oldest first, with who asked and decided."""
    extensions = getattr(case, "extension_list", None)
    if extensions is None:
        extensions = list(
            CaseExtension.objects.filter(case_id=case.pk)
            .select_related("requested_by", "decided_by", "decider_unit")
            .order_by("requested_at", "id")
        )
        case.extension_list = extensions
    return extensions


def extensions_to_decide(*, user):
    """The extension requests waiting for the user's offices, oldest first."""
    return (
        CaseExtension.objects.filter(
            status="pending",
            decider_unit_id__in=position_unit_ids(user),
            case__in=cases_visible(user=user),
        )
        .select_related("case", "requested_by", "unit")
        .order_by("requested_at", "id")
    )


# The lists a person works from (the tabs of the case pages, `?mine=` on the
# API): what waits at their units, what they filed, what they acted on.
MINE = ("reported", "done")


def mine_q(*, user, mine: str) -> Q:
    """`mine` is "reported" (我上报的: what the user filed, whichever unit
    holds it now) or "done" (已办: what the user took an action on, besides
    filing it)."""
    if mine == "reported":
        return Q(reporter_id=user.pk)
    acted = CaseEvent.objects.filter(actor_id=user.pk).exclude(action=Action.FILE).values("case_id")
    return Q(pk__in=acted)


def cases_mine(*, user, mine: str):
    return cases_visible(user=user).filter(mine_q(user=user, mine=mine))


def cases_reported_by(*, user):
    return cases_mine(user=user, mine="reported")


def due_soon_q(now=None, hours: int = 24) -> Q:
    """Open, not yet overdue, due within `hours` (即将超期)."""
    now = now or timezone.now()
    return Q(
        status__in=OPEN_STATUSES,
        due_at__gte=now,
        due_at__lt=now + timedelta(hours=hours),
    )


def capped_count(qs) -> int:
    """A list's count for a tab or a figure on the home page: exact up to
    the case count limit, the limit past it."""
    limit = case_count_limit()
    return min(qs.order_by()[: limit + 1].count(), limit)


def work_counts(*, user) -> dict:
    """The figures of a person's own work: what waits at their units (待办),
    due within a day (即将超期), overdue (超期), and what they filed that is
    still open (我上报的)."""
    now = timezone.now()
    queue = work_queue(user=user)
    return {
        "todo": capped_count(queue),
        "due_soon": capped_count(queue.filter(due_soon_q(now))),
        "overdue": capped_count(queue.filter(overdue_q(now))),
        "reported_open": capped_count(
            cases_reported_by(user=user).filter(status__in=QUEUE_STATUSES)
        ),
    }


def home_figures(*, user) -> dict:
    """What a home page shows of the case loop: the user's own work figures;
    for an office also the most overdue cases of its queue and the cases in
    its area under supervision (督办), five of each."""
    figures = work_counts(user=user)
    at_grid = any(p.unit.kind == "grid" for p in positions_of(user))
    figures["at_grid"] = at_grid
    if not at_grid:
        overdue = list(work_queue(user=user).filter(overdue_q()).order_by("due_at", "id")[:5])
        supervised = list(
            cases_visible(user=user)
            .filter(status__in=OPEN_STATUSES, supervised_at__isnull=False)
            .order_by("due_at", "id")[:5]
        )
        attach_briefs(overdue + supervised)
        figures["overdue_cases"] = overdue
        figures["supervised_cases"] = supervised
    return figures


def case_timeline(case: Case) -> list[CaseEvent]:
    timeline = getattr(case, "timeline", None)
    return list(timeline) if timeline is not None else list(case.events.all())


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


def is_overdue(case: Case, now=None) -> bool:
    """The current stint's deadline has passed (`overdue`)."""
    return (
        case.status in OPEN_STATUSES
        and case.due_at is not None
        and case.due_at < (now or timezone.now())
    )


def hours_left(case: Case, now=None) -> float | None:
    """Hours to the open case's deadline (negative once past), else None."""
    if case.status not in OPEN_STATUSES or case.due_at is None:
        return None
    return (case.due_at - (now or timezone.now())).total_seconds() / 3600


# The orders a list may be sorted in (the table's column headers): key →
# the fields, most urgent or newest first where that is what people look for.
URGENCY_RANK = {"emergency": 0, "urgent": 1, "normal": 2}
SORTS = {
    "due": ("due_at", "id"),
    "-due": ("-due_at", "-id"),
    "reported": ("reported_at", "id"),
    "-reported": ("-reported_at", "-id"),
    "number": ("number",),
    "-number": ("-number",),
    "status": ("status", "due_at", "id"),
    "-status": ("-status", "due_at", "id"),
    "urgency": ("urgency_rank", "due_at", "id"),
    "-urgency": ("-urgency_rank", "due_at", "id"),
}


def cases_sorted(qs, sort: str):
    """`qs` in the order `sort` names (a key of SORTS); an unknown key keeps
    the list's own order. Cases without a deadline come last."""
    fields = SORTS.get(sort)
    if fields is None:
        return qs
    if "urgency_rank" in fields[0]:
        qs = qs.annotate(
            urgency_rank=CaseWhen(
                *(When(urgency=u, then=Value(r)) for u, r in URGENCY_RANK.items()),
                output_field=IntegerField(),
            )
        )
    order = []
    for f in fields:
        if f.lstrip("-") == "due_at":
            expr = F("due_at")
            order.append(
                expr.desc(nulls_last=True) if f.startswith("-") else expr.asc(nulls_last=True)
            )
        else:
            order.append(f)
    return qs.order_by(*order)


def was_overdue(case: Case, now=None) -> bool:
    """A deadline was missed in some stint, this one included (`was_overdue`)."""
    return bool(case.was_overdue) or is_overdue(case, now)


def grids_for_filing(*, user):
    """The grids the user may file a case at."""
    grids = OrgUnit.objects.visible_to(user).filter(kind="grid").order_by("tree_id", "lft")
    return [g for g in grids if rules.may_file(user, g)]


def action_forms_context(*, user, case: Case) -> dict:
    """What the detail page needs to offer the actions the user may take."""
    actions = rules.actions_for_user(user, case)
    targets = list(rules.dispatch_targets(case)) if Action.DISPATCH in actions else []
    return {"actions": actions, "dispatch_targets": targets}
