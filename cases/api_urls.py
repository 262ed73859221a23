from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("cases", api.CaseViewSet, basename="api-case")

urlpatterns = [
    path("case-photos/<int:pk>/", api.CasePhotoView.as_view(), name="api-case-photo"),
    path("case-categories/", api.CategoryTreeView.as_view(), name="api-case-category-list"),
    *router.urls,
]
