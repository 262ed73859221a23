"""Pages of the case loop: the work queue, filing, the case with its
timeline and action forms, photos, notifications. Input goes through the
API's serializers and the services, so a page and the API answer alike."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from grid_gov.errors import Conflict, field_messages, page_failure
from grid_gov.params import parse_id
from members import masking
from members.services import personal_data_reveal
from orgs.access import has_capability, scope_roots
from orgs.kinds import Capability, UnitKind

from . import rules, selectors, services
from .models import Case, CaseCategory, Notification, Satisfaction, Source, Status, Urgency
from .notify import notifications_mark_read
from .photos import MAX_PHOTOS
from .serializers import ACTION_SERIALIZERS, CaseFileSerializer
from .transitions import EVENT_LABELS, Action

PAGE_SIZE = 30


def _merge_files(request, field="photos"):
    data = request.POST.copy()
    files = request.FILES.getlist(field)
    if files:
        data.setlist(field, files)
    return data


# --- the work queue ---------------------------------------------------------


class CaseFilterForm(forms.Form):
    """Cleans the list's query string; the template draws the controls."""

    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", ""), *Status.choices])
    urgency = forms.ChoiceField(required=False, choices=[("", ""), *Urgency.choices])
    category = forms.ModelChoiceField(
        required=False, queryset=CaseCategory.objects.filter(active=True)
    )
    overdue = forms.BooleanField(required=False)


class CountedPaginator(Paginator):
    """A paginator told its count (from the case counts) when it is known,
    instead of counting a subtree's rows."""

    def __init__(self, *args, count=None, **kwargs):
        super().__init__(*args, **kwargs)
        if count is not None:
            self.__dict__["count"] = count


# The case lists, each a tab: what waits at the user's units (待办), what
# they filed (我上报的), what they acted on (已办), everything in their area.
VIEWS = ("queue", "reported", "done", "supervising", "area")


def _tabs(user, *, may_handle: bool) -> list[dict]:
    """Each list the user has, with its label and count."""
    labels = {
        "queue": _("To do"),
        "reported": _("Reported by me"),
        "done": _("Done by me"),
        "supervising": _("Supervising"),
        "area": _("All in my area"),
    }
    tabs = []
    for view in VIEWS:
        if view in ("queue", "supervising") and not may_handle:
            continue
        if view == "queue":
            count = selectors.capped_count(selectors.work_queue(user=user))
        elif view == "supervising":
            count = selectors.capped_count(
                selectors.cases_filter(
                    selectors.cases_visible(user=user), supervising=True, user=user
                )
            )
        elif view == "area":
            count = selectors.cases_count_exact(user=user)
            if count is None:
                count = selectors.capped_count(selectors.cases_visible(user=user))
        else:
            count = selectors.capped_count(selectors.cases_mine(user=user, mine=view))
        tabs.append({"view": view, "label": labels[view], "count": count})
    return tabs


SORTABLE = ("number", "status", "due", "reported")


def _columns(*, one_grid: bool) -> list[tuple[str, str]]:
    """The table's columns; the grid's is left out for someone whose area is
    a single grid (every row would say the same)."""
    grid = [] if one_grid else [("grid", _("Grid"))]
    return [
        ("number", _("Number")),
        ("title", _("Title")),
        ("category", _("Category")),
        *grid,
        ("status", _("Status")),
        ("unit", _("At")),
        ("due", _("Time left")),
        ("reported", _("Reported at")),
    ]


@login_required
def case_list(request):
    """The user's case lists (see VIEWS), most urgent first in the queue,
    newest first elsewhere; or everything below one unit of the area."""
    # Reviewers who handle no cases have no queue: they land on their area.
    may_handle = has_capability(request.user, Capability.HANDLE_CASES)
    view = request.GET.get("view", "queue" if may_handle else "area")
    if view not in VIEWS or (view in ("queue", "supervising") and not may_handle):
        view = "area"
    unit = None
    if request.GET.get("unit"):
        pk = parse_id(request.GET["unit"])
        if pk is None:
            raise Http404
        unit = selectors.unit_visible(user=request.user, pk=pk)
        view = "area"
    if view == "queue":
        qs = selectors.work_queue(user=request.user)
    elif view == "area":
        qs = selectors.cases_visible(user=request.user).order_by("-reported_at", "-id")
    elif view == "supervising":
        # 督办: overdue cases one level below that the user's unit supervises,
        # open ones first, the longest overdue first.
        qs = selectors.cases_filter(
            selectors.cases_visible(user=request.user), supervising=True, user=request.user
        ).order_by(F("closed_at").asc(nulls_first=True), "due_at", "id")
    else:
        qs = selectors.cases_mine(user=request.user, mine=view).order_by("-reported_at", "-id")
    form = CaseFilterForm(request.GET)
    form.is_valid()
    f = getattr(form, "cleaned_data", {})
    qs = selectors.cases_filter(
        qs,
        unit=unit,
        status=f.get("status") or None,
        category=f.get("category"),
        urgency=f.get("urgency") or None,
        overdue=True if f.get("overdue") else None,
        q=f.get("q") or None,
    )
    count = None
    if view == "area" and not f.get("overdue") and not f.get("q"):
        count = selectors.cases_count_exact(
            user=request.user,
            unit=unit,
            status=f.get("status") or None,
            urgency=f.get("urgency") or None,
            category=f.get("category"),
        )
    roots = scope_roots(request.user)
    one_grid = len(roots) == 1 and roots[0].kind == UnitKind.GRID
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") not in SORTABLE:
        sort = ""
    qs = selectors.cases_sorted(qs, sort)
    page = CountedPaginator(qs, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    selectors.attach_briefs(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "cases/list.html",
        {
            "view": view,
            "unit": unit,
            "form": form,
            "filters": f,
            "page": page,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "sort": sort,
            "sortable": SORTABLE,
            "columns": _columns(one_grid=one_grid),
            "one_grid": one_grid,
            "category_tree": CaseCategory.objects.filter(active=True).order_by("tree_id", "lft"),
            "statuses": Status.choices,
            "urgencies": Urgency.choices,
            "may_file": bool(selectors.grids_for_filing(user=request.user)),
            "may_handle": may_handle,
            "tabs": _tabs(request.user, may_handle=may_handle),
            # Offices chase what they sent out: a box per row and one button.
            "may_urge": may_handle and not one_grid,
        },
    )


# --- filing -----------------------------------------------------------------

PREFILL = ("grid", "address", "source", "title", "description", "category", "urgency", "visit")


@login_required
def case_new(request):
    """File a case on one screen. Query parameters prefill the form, so a
    household visit can link here ("file a case from this visit")."""
    grids = selectors.grids_for_filing(user=request.user)
    if not grids:
        raise PermissionDenied(_("Your position does not file cases."))
    errors: dict = {}
    status = 200
    if request.method == "POST":
        values = request.POST
        serializer = CaseFileSerializer(data=_merge_files(request), context={"request": request})
        if serializer.is_valid():
            try:
                case = services.case_file(user=request.user, **serializer.validated_data)
            except DjangoValidationError as exc:
                errors = field_messages(exc)
            else:
                messages.success(request, _("Case %(number)s filed.") % {"number": case.number})
                return redirect("case-detail", pk=case.pk)
        else:
            errors = field_messages(serializer.errors)
        status = 400
    else:
        values = {k: request.GET.get(k, "") for k in PREFILL}
        if not values["grid"] and len(grids) == 1:
            values["grid"] = str(grids[0].pk)
        grid_ids = {str(g.pk) for g in grids}
        if values["grid"] not in grid_ids:
            values["grid"] = ""  # a grid outside the user's area is ignored
        if values["source"] not in Source.values:
            values["source"] = ""
    return render(
        request,
        "cases/new.html",
        {
            "grids": grids,
            "values": values,
            "errors": errors,
            "category_groups": selectors.leaf_categories(),
            "urgencies": Urgency.choices,
            "sources": Source.choices,
            "max_photos": MAX_PHOTOS,
        },
        status=status,
    )


# --- one case ---------------------------------------------------------------


PRIMARY_ACTIONS = (Action.ACCEPT, Action.RESOLVE, Action.CLOSE)

# What the page says once an action went through (已受理, 已派单 …).
DONE_MESSAGES = {
    Action.ACCEPT: pgettext_lazy("case done", "Accepted."),
    Action.ESCALATE: pgettext_lazy("case done", "Escalated to the level above."),
    Action.DISPATCH: pgettext_lazy("case done", "Dispatched."),
    Action.RETURN: pgettext_lazy("case done", "Returned."),
    Action.RESOLVE: pgettext_lazy("case done", "Resolved."),
    Action.CLOSE: pgettext_lazy("case done", "Closed."),
    Action.REOPEN: pgettext_lazy("case done", "Reopened."),
    Action.CANCEL: pgettext_lazy("case done", "Cancelled."),
    Action.URGE: pgettext_lazy("case done", "Urged."),
}


def _detail_context(request, case: Case, **extra) -> dict:
    user = request.user
    events = selectors.case_timeline(case)
    forms_context = selectors.action_forms_context(user=user, case=case)
    targets = forms_context["dispatch_targets"]
    target_groups = []
    for kind in (UnitKind.DEPARTMENT, UnitKind.STREET, UnitKind.COMMUNITY, UnitKind.GRID):
        units = [t for t in targets if t.kind == kind]
        if units:
            target_groups.append((UnitKind(kind).label, units))
    # The step that moves the case on where it is comes first and stands out
    # (handle it here: 自办自结), not the first allowed action, often "escalate".
    actions = list(forms_context["actions"])
    primary = next((a for a in PRIMARY_ACTIONS if a in actions), actions[0] if actions else "")
    if primary:
        actions.remove(primary)
        actions.insert(0, primary)
    return {
        "case": case,
        "events": [(e, EVENT_LABELS.get(e.action, e.action)) for e in events],
        "actions": actions,
        "primary_action": primary,
        "action_labels": dict(Action.choices),
        "target_groups": target_groups,
        "resident_phone": masking.mask_phone(case.resident_phone),
        "may_reveal": bool(case.resident_phone) and masking.may_unmask(user, case),
        "overdue": selectors.is_overdue(case),
        "merged": selectors.case_merged(case),
        "extensions": selectors.case_extensions(case),
        "pending_extension": rules.pending_extension(case),
        "satisfactions": Satisfaction.choices,
        "max_photos": MAX_PHOTOS,
        "action_errors": {},
        "open_action": "",
        "values": {},
        **extra,
    }


@login_required
@require_POST
def case_reveal(request, pk):
    """The resident's phone in full, for those who may unmask it; logged."""
    case = selectors.case_get(user=request.user, pk=pk)
    values = personal_data_reveal(user=request.user, record=case, via="page")
    return render(request, "cases/revealed.html", {"case": case, "values": values})


@login_required
def case_detail(request, pk):
    case = selectors.case_get(user=request.user, pk=pk)
    read = parse_id(request.GET.get("read"))
    if read is not None:
        notifications_mark_read(user=request.user, ids=[read])
    return render(request, "cases/detail.html", _detail_context(request, case))


def _merge_target(request, data) -> dict:
    """People name the surviving case by its number; the API takes its id.
    Sets `into` in `data`, or returns the field's errors."""
    number = (data.get("merge_number") or "").strip()
    if not number:
        return {"merge_number": [_("Give the number of the case this one duplicates.")]}
    target = selectors.cases_visible(user=request.user).filter(number=number).first()
    if target is None:
        return {"merge_number": [_("Give the number of a case in your area, e.g. XZ-2026-000123.")]}
    data["into"] = str(target.pk)
    return {}


@login_required
@require_POST
def case_action(request, pk, action):
    case = selectors.case_get(user=request.user, pk=pk)
    if action not in ACTION_SERIALIZERS:
        raise Http404
    data = _merge_files(request)
    errors, status, message = {}, 200, ""
    if action == Action.MERGE:
        errors = _merge_target(request, data)
        status = 400 if errors else 200
    if status == 200:
        serializer = ACTION_SERIALIZERS[action](data=data, context={"request": request})
        if not serializer.is_valid():
            errors, status = field_messages(serializer.errors), 400
        else:
            try:
                services.ACTION_SERVICES[Action(action)](
                    case=case, user=request.user, **serializer.validated_data
                )
            except (DjangoValidationError, PermissionDenied, Conflict) as exc:
                status, errors, message = page_failure(exc)
    if status == 200:
        messages.success(
            request,
            DONE_MESSAGES[action]
            if action in DONE_MESSAGES
            else _("%(action)s: done.") % {"action": EVENT_LABELS[Action(action)]},
        )
        return redirect("case-detail", pk=case.pk)
    if "into" in errors:
        errors["merge_number"] = errors.pop("into")
    case = selectors.case_get(user=request.user, pk=pk)
    context = _detail_context(
        request,
        case,
        action_errors=errors,
        open_action=action,
        values=request.POST,
        error_message=message,
    )
    return render(request, "cases/detail.html", context, status=status)


# --- extension requests -----------------------------------------------------


@login_required
def extension_list(request):
    """延期审批: the extension requests waiting for the user's offices, each
    with its decision form; decided on the case's own action URL."""
    pending = list(selectors.extensions_to_decide(user=request.user)[:PAGE_SIZE])
    return render(
        request,
        "cases/extensions.html",
        {"pending": pending, "may_handle": has_capability(request.user, Capability.HANDLE_CASES)},
    )


@login_required
@require_POST
def case_bulk_urge(request):
    """Urge several cases of the list at once (催办所选); each goes through the
    same service as one urge, and those the caller may not urge are counted."""
    ids = [i for i in map(parse_id, request.POST.getlist("case")) if i is not None]
    note = request.POST.get("note", "")
    urged = refused = 0
    for case in selectors.cases_visible(user=request.user).filter(pk__in=ids[:PAGE_SIZE]):
        try:
            services.case_urge(case=case, user=request.user, version=case.version, note=note)
        except (DjangoValidationError, PermissionDenied, Conflict):
            refused += 1
        else:
            urged += 1
    refused += len(set(ids[:PAGE_SIZE])) - urged - refused
    if urged:
        messages.success(request, _("Urged %(n)d cases.") % {"n": urged})
    if refused or not ids:
        messages.error(
            request,
            _("%(n)d of the chosen cases cannot be urged by you now.") % {"n": refused}
            if ids
            else _("Choose the cases to urge first."),
        )
    view = request.POST.get("view")
    return redirect(reverse("case-list") + (f"?view={view}" if view in VIEWS else ""))


# --- notifications ----------------------------------------------------------


@login_required
def notification_list(request):
    qs = Notification.objects.filter(recipient=request.user).select_related("case")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request):
    ids = [i for i in map(parse_id, request.POST.getlist("id")) if i is not None] or None
    notifications_mark_read(user=request.user, ids=ids)
    return redirect("case-notification-list")
