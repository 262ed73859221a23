from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import schema, token_views, views  # noqa: F401 - schema registers extensions

api_v1 = [
    path("auth/token/", token_views.ObtainTokenView.as_view(), name="api-token"),
    path("auth/logout/", token_views.LogoutView.as_view(), name="api-logout"),
    path("auth/logout-all/", token_views.LogoutAllView.as_view(), name="api-logout-all"),
    path("", include("orgs.api_urls")),
    path("", include("grids.api_urls")),
    path("", include("members.api_urls")),
    path("", include("cases.api_urls")),
    path("", include("participation.api_urls")),
    path("", include("intake.api_urls")),
    path("", include("dashboards.api_urls")),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("orgs.urls")),
    path("", include("grids.urls")),
    path("", include("members.urls")),
    path("", include("cases.urls")),
    path("", include("participation.urls")),
    path("", include("dashboards.urls")),
    path("", include("intake.urls")),
]

handler400 = "grid_gov.views.bad_request"
handler404 = "grid_gov.views.page_not_found"
handler500 = "grid_gov.views.server_error"
