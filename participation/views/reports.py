"""Pages of the dual report's record (双报到 → 践诺 → 纪实): the in-service
members who reported to the caller's communities, with what they pledged
and the services they did; a member's page with the pledges, the services
done with hours and photos, and what was done under their pioneer posts.
A member sees their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grid_gov.errors import errors_on
from members.models import PioneerPost

from .. import services
from ..access import SERVICE_RECORDERS, holds
from ..forms import PledgeForm, ServiceDoneForm
from ..models import ServiceKind, ServiceRecord
from ..selectors import reports_for

DONE_KINDS = (ServiceKind.PLEDGE, ServiceKind.PIONEER)


def _year(request) -> int:
    today = timezone.localdate()
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= today.year:
        return int(value)
    return today.year


@login_required
def report_list(request):
    year = _year(request)
    done = Q(member__services__kind__in=DONE_KINDS, member__services__on__year=year)
    reports = (
        reports_for(request.user)
        .select_related("member", "community_unit")
        .annotate(
            pledged=Count("pledges", distinct=True),
            services_done=Count("member__services", filter=done, distinct=True),
        )
        .order_by("community_unit__name", "member__name", "pk")
    )
    rows = list(reports[:300])
    hours = dict(
        ServiceRecord.objects.filter(
            member_id__in=[r.member_id for r in rows], kind__in=DONE_KINDS, on__year=year
        )
        .values("member_id")
        .annotate(h=Sum("hours"))
        .values_list("member_id", "h")
        .order_by()
    )
    for r in rows:
        r.hours = hours.get(r.member_id, 0)
    return render(
        request,
        "participation/report_list.html",
        {
            "reports": rows,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 3, -1),
        },
    )


def _report(request, pk):
    return get_object_or_404(
        reports_for(request.user).select_related("member", "community_unit"), pk=pk
    )


def _posts(report):
    return list(PioneerPost.objects.filter(pledges__member=report.member).order_by("id"))


def _may_pledge(user, report) -> bool:
    own = report.member.user_id is not None and report.member.user_id == user.pk
    return own or holds(user, SERVICE_RECORDERS, report.community_unit)


def _may_record(user, report) -> bool:
    own = report.member.user_id is not None and report.member.user_id == user.pk
    return not own and holds(user, SERVICE_RECORDERS, report.community_unit)


def _detail(request, report, *, pledge_form=None, done_form=None, status=200):
    year = _year(request)
    pledges = list(
        report.pledges.annotate(
            n=Count("services", filter=Q(services__on__year=year)),
            h=Sum("services__hours", filter=Q(services__on__year=year)),
        )
    )
    posts = _posts(report)
    done = (
        ServiceRecord.objects.filter(member=report.member, kind__in=DONE_KINDS, on__year=year)
        .select_related("pledge", "post")
        .order_by("-on", "-id")
    )
    total = done.aggregate(h=Sum("hours"), n=Count("pk"))
    return render(
        request,
        "participation/report_detail.html",
        {
            "report": report,
            "year": year,
            "pledges": pledges,
            "posts": posts,
            "done": done[:50],
            "total_hours": total["h"] or 0,
            "total_n": total["n"],
            "may_pledge": _may_pledge(request.user, report),
            "may_record": _may_record(request.user, report),
            "pledge_form": pledge_form or PledgeForm(),
            "done_form": done_form
            or ServiceDoneForm(pledges=pledges, posts=posts, initial={"on": timezone.localdate()}),
        },
        status=status,
    )


@login_required
def report_detail(request, pk):
    return _detail(request, _report(request, pk))


@login_required
@require_POST
def report_pledge(request, pk):
    """A service pledged (践诺), by the member or their community."""
    report = _report(request, pk)
    if not _may_pledge(request.user, report):
        raise PermissionDenied
    form = PledgeForm(request.POST)
    if form.is_valid():
        with errors_on(form):
            services.pledge_add(user=request.user, report=report, **form.cleaned_data)
            messages.success(request, _("Pledge added."))
            return redirect("party-report-detail", report.pk)
    return _detail(request, report, pledge_form=form, status=400)


@login_required
@require_POST
def report_service(request, pk):
    """A service done (纪实) under a pledge or a pioneer post, with hours and
    a photo, recorded by the community the member reported to."""
    report = _report(request, pk)
    if not _may_record(request.user, report):
        raise PermissionDenied
    form = ServiceDoneForm(
        request.POST, request.FILES, pledges=list(report.pledges.all()), posts=_posts(report)
    )
    if form.is_valid():
        with errors_on(form):
            services.service_record(
                user=request.user,
                unit=report.community_unit,
                member=report.member,
                **form.service_data(),
            )
            messages.success(request, _("Service recorded."))
            return redirect("party-report-detail", report.pk)
    return _detail(request, report, done_form=form, status=400)
