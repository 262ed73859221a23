from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("assessments", api.AssessmentViewSet, basename="api-assessment")

urlpatterns = [
    path("dashboard/", api.DashboardView.as_view(), name="api-dashboard"),
    path("assessment-scores/", api.AssessmentScoreView.as_view(), name="api-assessment-score"),
    *router.urls,
]
