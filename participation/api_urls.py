from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, api_topics, api_weekly

router = SimpleRouter()
router.register("venues", api.VenueViewSet, basename="api-venue")
router.register("activities", api.ActivityViewSet, basename="api-activity")
router.register("volunteer-teams", api.TeamViewSet, basename="api-team")
router.register("services", api.ServiceRecordViewSet, basename="api-service")
router.register("dual-reports", api.DualReportViewSet, basename="api-dual-report")
router.register("demands", api.DemandViewSet, basename="api-demand")
router.register("deliberations", api_topics.TopicViewSet, basename="api-deliberation")
router.register("weekly-reports", api_weekly.WeeklyReportViewSet, basename="api-weekly-report")
router.register(
    "emergency-reports", api_weekly.EmergencyReportViewSet, basename="api-emergency-report"
)

urlpatterns = [
    path("org-life/missed/", api.MissedOrgLifeView.as_view(), name="api-org-life-missed"),
    *router.urls,
]
