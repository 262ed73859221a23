from django.urls import re_path

from . import open311

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
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
