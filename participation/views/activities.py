"""Pages of activities: the list, planning one, its detail with sign-up,
and the organizer's attendance sheet (phone first)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grid_gov.params import parse_day, parse_id
from orgs.models import OrgUnit

from .. import selectors, services
from ..access import ORGANIZERS, has_any_role, holds, member_of
from ..errors import ParticipationConflict
from ..forms import PAGE_ABSENCES, ActivityForm, apply_errors
from ..models import ORG_LIFE_KINDS, ActivityKind, ActivityStatus
from ..services.activities import _allowed_members


def _activity(request, pk):
    return get_object_or_404(selectors.activities_for(request.user), pk=pk)


@login_required
def activity_list(request):
    qs = selectors.activities_for(request.user)
    kind = request.GET.get("kind", "")
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
    now = timezone.now()
    upcoming = list(
        qs.filter(ends_at__gte=now).exclude(status="cancelled").order_by("starts_at")[:50]
    )
    past = list(qs.filter(ends_at__lt=now).order_by("-starts_at")[:50])
    return render(
        request,
        "participation/activity_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "kinds": ActivityKind.choices,
            "kind": kind,
            "may_plan": has_any_role(request.user, ORGANIZERS),
            "member": member_of(request.user),
        },
    )


@login_required
def activity_new(request):
    if not has_any_role(request.user, ORGANIZERS):
        raise PermissionDenied
    venues = selectors.venues_for(request.user).filter(active=True)
    form = ActivityForm(request.POST or None, user=request.user, venues=venues)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except ParticipationConflict as exc:
            for field, errors in exc.fields.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Activity planned."))
            return redirect("party-activity-detail", activity.pk)
    return render(request, "participation/activity_new.html", {"form": form})


@login_required
def activity_detail(request, pk):
    activity = _activity(request, pk)
    member = member_of(request.user)
    signed = member is not None and activity.signups.filter(member=member).exists()
    return render(
        request,
        "participation/activity_detail.html",
        {
            "activity": activity,
            "member": member,
            "signed": signed,
            "may_sign": member is not None
            and activity.status == ActivityStatus.PLANNED
            and activity.starts_at > timezone.now(),
            "may_record": holds(request.user, ORGANIZERS, activity.organizer)
            and activity.starts_at <= timezone.now()
            and activity.status != ActivityStatus.CANCELLED,
            "attendance": activity.attendance.select_related("member").order_by("member__name"),
            "signups": activity.signups.select_related("member").order_by("created_at"),
            "photos": activity.photos.all(),
        },
    )


@login_required
@require_POST
def activity_signup(request, pk):
    activity = _activity(request, pk)
    try:
        services.activity_signup(
            user=request.user, activity=activity, online=request.POST.get("online") == "on"
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except ParticipationConflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("You are signed up."))
    return redirect("party-activity-detail", activity.pk)


@login_required
def activity_attendance(request, pk):
    """The organizer ticks who came (in person or online) and why the others
    did not, counts the residents, writes the minutes, adds photos."""
    activity = _activity(request, pk)
    if not holds(request.user, ORGANIZERS, activity.organizer):
        raise PermissionDenied
    people = list(_allowed_members(activity).order_by("name", "pk"))
    marks = dict(activity.attendance.values_list("member_id", "presence"))
    signed = set(activity.signups.values_list("member_id", flat=True))
    errors = {}
    if request.method == "POST":
        present, online, absences = [], [], {}
        for person in people:
            value = request.POST.get(f"m{person.pk}", "")
            if value not in ("present", "online"):
                value = request.POST.get(f"m{person.pk}r", "")
            if value == "present":
                present.append(person.pk)
            elif value == "online":
                online.append(person.pk)
            elif value in ("leave", "sick", "floating"):
                absences[person.pk] = value
            elif activity.kind in ORG_LIFE_KINDS:
                absences[person.pk] = "absent"
        try:
            services.activity_attendance_record(
                user=request.user,
                activity=activity,
                members=present,
                online=online,
                absences=absences,
                residents=request.POST.get("residents") or 0,
                minutes=request.POST.get("minutes", ""),
                photos=request.FILES.getlist("photos"),
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            marks = {m: "present" for m in present} | {m: "online" for m in online} | absences
        except ParticipationConflict as exc:
            messages.error(request, str(exc.message))
            return redirect("party-activity-detail", activity.pk)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("party-activity-detail", activity.pk)
    rows = [{"member": p, "mark": marks.get(p.pk, ""), "signed": p.pk in signed} for p in people]
    return render(
        request,
        "participation/activity_attendance.html",
        {
            "activity": activity,
            "rows": rows,
            "absences": PAGE_ABSENCES,
            "errors": errors,
            "residents": request.POST.get("residents", activity.residents),
            "minutes": request.POST.get("minutes", activity.minutes),
        },
    )


@login_required
def org_life(request):
    """A branch's members and the organizational life they missed this
    quarter (or a chosen period), with the reasons recorded."""
    branches = OrgUnit.objects.visible_to(request.user).filter(kind__in=("grid", "party_group"))
    unit = None
    unit_id = parse_id(request.GET.get("unit"))
    if unit_id is not None:
        unit = get_object_or_404(branches, pk=unit_id)
    elif branches.filter(kind="grid").count() == 1:
        unit = branches.get(kind="grid")
    today = timezone.localdate()
    q_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    start = parse_day(request.GET.get("from")) or q_start
    end = parse_day(request.GET.get("to")) or today
    rows = selectors.missed_org_life(unit, start, end) if unit else []
    return render(
        request,
        "participation/org_life.html",
        {
            "unit": unit,
            "branches": branches.filter(kind="grid").order_by("tree_id", "lft")[:200],
            "rows": sorted(rows, key=lambda r: (-r["missed"], r["name"])),
            "start": start,
            "end": end,
        },
    )
