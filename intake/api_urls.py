from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("intake", api.ReportViewSet, basename="api-intake")

urlpatterns = [
    path("locate/", api.LocateView.as_view(), name="api-locate"),
    path("map/", api.MapView.as_view(), name="api-map"),
    *router.urls,
]
