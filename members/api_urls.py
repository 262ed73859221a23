from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("members", api.MemberViewSet, basename="api-member")
router.register("households", api.HouseholdViewSet, basename="api-household")
router.register("residents", api.ResidentViewSet, basename="api-resident")
router.register("visits", api.VisitViewSet, basename="api-visit")

urlpatterns = [
    path("people-search/", api.PeopleSearchView.as_view(), name="api-people-search"),
    *router.urls,
]
