"""Party member pages. Party membership is sensitive: every page needs a
position granting VIEW_PARTY_MEMBERS (403 without one), and shows only the
members under such positions (404 for any other)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Sum, Window
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grid_gov.errors import errors_on
from orgs.access import has_capability
from orgs.kinds import Capability

from .. import masking, services
from ..excel.sheets import DualReportSheet, MemberSheet
from ..forms import DualReportForm, MemberForm, PioneerForm, ScoreForm
from ..models import START_SCORE, Category, DualReport, PartyMember, PioneerPledge
from .common import (
    export_sheet,
    keep_numbers_left_blank,
    paginate,
    require_any,
    unit_param,
    wants_xlsx,
)

C = Capability


def _members(request):
    require_any(request.user, C.VIEW_PARTY_MEMBERS)
    return PartyMember.objects.granting(request.user, C.VIEW_PARTY_MEMBERS)


def _member(request, member_id):
    return get_object_or_404(_members(request).select_related("unit", "user"), pk=member_id)


def _may_edit(user, member) -> bool:
    return has_capability(user, C.EDIT_PEOPLE, member.unit) and has_capability(
        user, C.VIEW_PARTY_MEMBERS, member.unit
    )


def _editable_member(request, member_id):
    member = _member(request, member_id)
    if not _may_edit(request.user, member):
        raise PermissionDenied
    return member


@login_required
def member_list(request):
    members = _members(request)
    unit = unit_param(request)
    if unit is not None:
        members = members.in_subtree(unit)
    category = request.GET.get("category", "")
    if category in Category.values:
        members = members.filter(category=category)
    q = request.GET.get("q", "").strip()
    if q:
        members = members.filter(name__icontains=q)
    members = members.select_related("unit").order_by("grid_id", "unit_id", "name", "id")
    if wants_xlsx(request):
        return export_sheet(request, MemberSheet, members)
    page, query = paginate(request, members)
    return render(
        request,
        "members/member_list.html",
        {
            "page": page,
            "query": query,
            "unit": unit,
            "category": category,
            "q": q,
            "categories": Category.choices,
            "may_add": bool(MemberForm(user=request.user).fields["unit"].queryset.exists()),
        },
    )


@login_required
def member_detail(request, member_id):
    member = _member(request, member_id)
    # Each year starts from the base of 100.
    year = timezone.localdate().year
    entries = (
        member.score_entries.filter(on__year=year)
        .select_related("entered_by", "rule")
        .annotate(running=Window(Sum("points"), order_by=[F("on").asc(), F("id").asc()]))
    )
    ledger = [(e, START_SCORE + e.running) for e in entries]
    pledge = PioneerPledge.objects.filter(member=member).prefetch_related("posts").first()
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "ledger": ledger,
            "pledge": pledge,
            "dual_report": DualReport.objects.filter(member=member)
            .select_related("community_unit")
            .first(),
            "may_edit": _may_edit(request.user, member),
            "may_reveal": masking.may_unmask(request.user, member),
            "score_form": ScoreForm(initial={"on": timezone.localdate()}),
        },
    )


@login_required
def member_new(request):
    require_any(request.user, C.VIEW_PARTY_MEMBERS)
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            member = services.member_create(user=request.user, **form.cleaned_data)
            messages.success(request, _("Party member added."))
            return redirect("member-detail", member.pk)
    return render(request, "members/member_form.html", {"form": form, "member": None})


@login_required
def member_edit(request, member_id):
    member = _editable_member(request, member_id)
    initial = {
        "name": member.name,
        "gender": member.gender,
        "category": member.category,
        "unit": member.unit,
        "joined_on": member.joined_on,
    }
    form = MemberForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = keep_numbers_left_blank(form.cleaned_data)
        with errors_on(form):
            services.member_update(member=member, user=request.user, **data)
            messages.success(request, _("Saved."))
            return redirect("member-detail", member.pk)
    return render(request, "members/member_form.html", {"form": form, "member": member})


def reveal_response(request, record, back_url):
    values = services.personal_data_reveal(user=request.user, record=record, via="page")
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(values)
    return render(
        request, "members/revealed.html", {"record": record, "values": values, "back": back_url}
    )


@login_required
@require_POST
def member_reveal(request, member_id):
    member = _member(request, member_id)
    return reveal_response(request, member, reverse("member-detail", args=[member.pk]))


@login_required
@require_POST
def member_score_add(request, member_id):
    member = _editable_member(request, member_id)
    form = ScoreForm(request.POST)
    if form.is_valid():
        with errors_on(form):
            services.score_add(member=member, user=request.user, **form.cleaned_data)
            messages.success(request, _("Score entry added."))
            return redirect("member-detail", member.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("member-detail", member.pk)


@login_required
def member_dual_report(request, member_id):
    member = _editable_member(request, member_id)
    report = DualReport.objects.filter(member=member).first()
    initial = (
        {
            "community_unit": report.community_unit,
            "workplace": report.workplace,
            "reported_on": report.reported_on,
            "services": report.services,
        }
        if report
        else {}
    )
    form = DualReportForm(request.POST or None, member=member, initial=initial)
    if request.method == "POST":
        if request.POST.get("remove"):
            services.dual_report_remove(member=member, user=request.user)
            messages.success(request, _("Dual report removed."))
            return redirect("member-detail", member.pk)
        if form.is_valid():
            with errors_on(form):
                services.dual_report_set(member=member, user=request.user, **form.cleaned_data)
                messages.success(request, _("Dual report saved."))
                return redirect("member-detail", member.pk)
    return render(
        request,
        "members/dual_report_form.html",
        {"form": form, "member": member, "report": report},
    )


@login_required
def member_pioneer(request, member_id):
    member = _editable_member(request, member_id)
    pledge = PioneerPledge.objects.filter(member=member).first()
    form = PioneerForm(request.POST or None, initial=PioneerForm.initial_for(pledge))
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.pioneer_pledge_set(
                member=member,
                user=request.user,
                posts=list(form.cleaned_data["posts"]),
                services=form.services(),
            )
            messages.success(request, _("Pioneer posts saved."))
            return redirect("member-detail", member.pk)
    return render(request, "members/pioneer_form.html", {"form": form, "member": member})


@login_required
def member_dual_report_list(request):
    """In-service members who reported to the caller's communities (or were
    filed under the caller's branches)."""
    require_any(request.user, C.VIEW_PARTY_MEMBERS)
    reports = DualReport.objects.granting(request.user, C.VIEW_PARTY_MEMBERS)
    unit = unit_param(request)
    if unit is not None:
        reports = reports.in_subtree(unit)
    reports = reports.select_related("member", "community_unit").order_by("-reported_on", "-id")
    if wants_xlsx(request):
        return export_sheet(request, DualReportSheet, reports)
    page, query = paginate(request, reports)
    # A member who reported here may be filed under a branch elsewhere.
    ids = [r.member_id for r in page.object_list]
    visible = set(_members(request).filter(pk__in=ids).values_list("pk", flat=True))
    for report in page.object_list:
        report.member_visible = report.member_id in visible
    return render(
        request,
        "members/dual_report_list.html",
        {"page": page, "query": query, "unit": unit},
    )
