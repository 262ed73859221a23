from django.urls import path

from .views import activities, deliberations, demands, me, photos, reports, teams, venues, weekly

urlpatterns = [
    path("party/me/", me.me, name="party-me"),
    path("party/activities/", activities.activity_list, name="party-activity-list"),
    path("party/activities/new/", activities.activity_new, name="party-activity-new"),
    path("party/activities/<int:pk>/", activities.activity_detail, name="party-activity-detail"),
    path(
        "party/activities/<int:pk>/signup/",
        activities.activity_signup,
        name="party-activity-signup",
    ),
    path(
        "party/activities/<int:pk>/attendance/",
        activities.activity_attendance,
        name="party-activity-attendance",
    ),
    path("party/org-life/", activities.org_life, name="party-org-life"),
    path("party/demands/", demands.demand_list, name="party-demand-list"),
    path("party/demands/new/", demands.demand_new, name="party-demand-new"),
    path("party/demands/<int:pk>/", demands.demand_detail, name="party-demand-detail"),
    path(
        "party/demands/<int:pk>/<slug:action>/", demands.demand_action, name="party-demand-action"
    ),
    path("party/deliberations/", deliberations.topic_list, name="party-topic-list"),
    path("party/deliberations/new/", deliberations.topic_new, name="party-topic-new"),
    path("party/deliberations/<int:pk>/", deliberations.topic_detail, name="party-topic-detail"),
    path(
        "party/deliberations/<int:pk>/<slug:action>/",
        deliberations.topic_step,
        name="party-topic-step",
    ),
    path("party/weekly/", weekly.weekly_list, name="party-weekly-list"),
    path("party/weekly/<int:pk>/", weekly.weekly_detail, name="party-weekly-detail"),
    path("party/weekly/<int:pk>/<slug:action>/", weekly.weekly_action, name="party-weekly-action"),
    path("party/emergency/", weekly.emergency_list, name="party-emergency-list"),
    path("party/venues/", venues.venue_list, name="party-venue-list"),
    path("party/venues/new/", venues.venue_new, name="party-venue-new"),
    path("party/venues/<int:pk>/", venues.venue_detail, name="party-venue-detail"),
    path("party/venues/<int:pk>/edit/", venues.venue_edit, name="party-venue-edit"),
    path("party/venues/<int:pk>/photos/", venues.venue_photo, name="party-venue-photo"),
    path("party/teams/", teams.team_list, name="party-team-list"),
    path("party/teams/new/", teams.team_new, name="party-team-new"),
    path("party/teams/<int:pk>/", teams.team_detail, name="party-team-detail"),
    path("party/teams/<int:pk>/members/", teams.team_member_add, name="party-team-member-add"),
    path("party/teams/<int:pk>/hours/", teams.team_hours_add, name="party-team-hours"),
    path("party/photos/<slug:kind>/<int:pk>/", photos.photo, name="party-photo"),
    path("party/dual-reports/", reports.report_list, name="party-report-list"),
    path("party/dual-reports/<int:pk>/", reports.report_detail, name="party-report-detail"),
    path("party/dual-reports/<int:pk>/pledges/", reports.report_pledge, name="party-report-pledge"),
    path(
        "party/dual-reports/<int:pk>/services/",
        reports.report_service,
        name="party-report-service",
    ),
]
