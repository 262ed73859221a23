from django.urls import path, re_path

from . import open311, public, views

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("report/", public.report_new, name="report-new"),
    path("report/<str:token>/", public.report_status, name="report-status"),
    path("intake/", views.intake_list, name="intake-list"),
    path("intake/import/", views.intake_import, name="intake-import"),
    path("intake/<int:pk>/", views.intake_detail, name="intake-detail"),
    path("intake/<int:pk>/photo/", views.intake_photo, name="intake-photo"),
    path("intake/<int:pk>/<slug:move>/", views.intake_move, name="intake-move"),
    re_path(r"^open311/v2/discovery" + FMT, open311.discovery, name="open311-discovery"),
    re_path(r"^open311/v2/services" + FMT, open311.service_list, name="open311-services"),
    re_path(
        r"^open311/v2/services/(?P<code>[\w-]{1,32})" + FMT,
        open311.service_definition,
        name="open311-service",
    ),
    re_path(r"^open311/v2/requests" + FMT, open311.requests, name="open311-requests"),
    re_path(
        r"^open311/v2/requests/(?P<receipt>[\w-]{1,32})" + FMT,
        open311.request_detail,
        name="open311-request",
    ),
]
