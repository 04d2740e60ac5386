"""URL wiring: each app brings its own urls; the project adds login, language and the API schema."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cases.api.errors import not_found as api_not_found
from core.forms import LoginForm
from dashboard.api import DashboardView
from grids import accounts
from workcalendar.admin import calendar_site

urlpatterns = [
    path("", include("cases.urls")),
    path("", include("notifications.urls")),
    path("", include("dashboard.urls")),
    path("", include("open311.urls")),
    path("mediation/", include("mediation.urls", namespace="mediation")),
    path("", include("prevention.urls")),
    path("accounts/login/", accounts.StaffLoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.StaffPasswordChangeView.as_view(), name="password_change"),
    path("accounts/otp/", accounts.second_factor, name="otp"),
    path("accounts/otp/reset/", accounts.second_factor_reset, name="otp-reset"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # The work calendar's own admin: the petition office enters each year's holidays there.
    path("calendar/", calendar_site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's script as a file of its own: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/dashboard/", DashboardView.as_view(), name="api-dashboard"),
    path("api/v1/", include("cases.api.urls")),
    # Anything else under the API answers the API's error body, not an HTML page.
    re_path(r"^api/v1/", api_not_found, name="api-not-found"),
]

# The portal's own error pages, in the reader's language, each saying what to do next; a database that is
# down or a full disk answers 503, never a 500.
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

# Uploads are served only through the permission-checked attachment view; the media folder itself only on
# a developer's machine that asked for DEBUG.
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
