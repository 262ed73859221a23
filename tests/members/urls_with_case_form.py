"""The project's URLs plus a stand-in case form, for testing the link from
a visit to the case form whether or not the cases app serves one."""

from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("", include("grid_gov.urls")),
    path("test-case-form/", lambda request: HttpResponse("case form"), name="case-new"),
]
