"""Pages of volunteer teams: the teams of the caller's area with the hours
they served in a year, and a team's page with its members (party members
and residents), the hours of each, and the forms to add a member and to
record hours served."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grid_gov.errors import errors_on

from .. import selectors, services
from ..access import ORGANIZERS, SERVICE_RECORDERS, has_any_role, holds
from ..forms import HoursForm, TeamForm, TeamMemberForm


def _year(request) -> int:
    today = timezone.localdate()
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= today.year:
        return int(value)
    return today.year


@login_required
def team_list(request):
    year = _year(request)
    teams = selectors.team_hours(request.user, year)
    return render(
        request,
        "participation/team_list.html",
        {
            "teams": teams[:200],
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 3, -1),
            "may_create": has_any_role(request.user, ORGANIZERS),
        },
    )


@login_required
def team_new(request):
    if not has_any_role(request.user, ORGANIZERS):
        raise PermissionDenied
    form = TeamForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with errors_on(form):
                team = services.team_create(user=request.user, **form.cleaned_data)
                messages.success(request, _("Team created."))
                return redirect("party-team-detail", team.pk)
        status = 400
    return render(request, "participation/team_new.html", {"form": form}, status=status)


def _team(request, pk):
    return get_object_or_404(selectors.teams_for(request.user), pk=pk)


def _detail(request, team, *, member_form=None, hours_form=None, status=200):
    year = _year(request)
    candidates = selectors.team_candidates(team)
    return render(
        request,
        "participation/team_detail.html",
        {
            "team": team,
            "year": year,
            "rows": selectors.team_member_hours(team, year),
            "total": selectors.team_total_hours(team, year),
            "services": team.services.filter(on__year=year).select_related("member")[:20],
            "may_organize": holds(request.user, ORGANIZERS, team.unit),
            "may_record": holds(request.user, SERVICE_RECORDERS, team.unit),
            "member_form": member_form or TeamMemberForm(members=candidates),
            "hours_form": hours_form
            or HoursForm(people=team_people(team), initial={"on": timezone.localdate()}),
        },
        status=status,
    )


def team_people(team):
    return team.members.select_related("member").order_by("member__name", "resident_name", "pk")


@login_required
def team_detail(request, pk):
    return _detail(request, _team(request, pk))


@login_required
@require_POST
def team_member_add(request, pk):
    team = _team(request, pk)
    if not holds(request.user, ORGANIZERS, team.unit):
        raise PermissionDenied
    form = TeamMemberForm(request.POST, members=selectors.team_candidates(team))
    if form.is_valid():
        with errors_on(form):
            services.team_member_add(user=request.user, team=team, **form.cleaned_data)
            messages.success(request, _("Added to the team."))
            return redirect("party-team-detail", team.pk)
    return _detail(request, team, member_form=form, status=400)


@login_required
@require_POST
def team_hours_add(request, pk):
    """Hours a team member served (纪实), recorded by the office of the
    team's unit; they count for the person, the team and the unit."""
    team = _team(request, pk)
    if not holds(request.user, SERVICE_RECORDERS, team.unit):
        raise PermissionDenied
    form = HoursForm(request.POST, request.FILES, people=team_people(team))
    if form.is_valid():
        with errors_on(form):
            services.service_record(
                user=request.user,
                kind="volunteer",
                unit=team.unit,
                team=team,
                **form.service_data(),
            )
            messages.success(request, _("Hours recorded."))
            return redirect("party-team-detail", team.pk)
    return _detail(request, team, hours_form=form, status=400)
