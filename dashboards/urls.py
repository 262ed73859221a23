from django.urls import path

from . import views, views_assessment

urlpatterns = [
    path("dashboard/", views.dashboard_home, name="dashboard"),
    path("dashboard/<int:unit_id>/", views.dashboard, name="dashboard-unit"),
    path(
        "dashboard/<int:unit_id>/export/<slug:table>.xlsx",
        views.dashboard_export,
        name="dashboard-export",
    ),
    path("assessments/<int:unit_id>/", views_assessment.assessment, name="assessment-unit"),
    path(
        "assessments/<int:unit_id>/export.xlsx",
        views_assessment.assessment_export,
        name="assessment-export",
    ),
    path(
        "assessments/<int:unit_id>/enter/",
        views_assessment.assessment_enter,
        name="assessment-enter",
    ),
    path(
        "assessments/<int:unit_id>/publish/",
        views_assessment.assessment_publish_view,
        name="assessment-publish",
    ),
]
