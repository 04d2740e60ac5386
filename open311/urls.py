"""GeoReport v2: every resource ends in .xml or .json (the format the client wants back)."""

from django.urls import path, re_path

from . import views

FMT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    path("open311/v2/", views.discovery, {"fmt": "xml"}, name="open311-root"),
    re_path(r"^open311/v2/discovery" + FMT, views.discovery, name="open311-discovery"),
    re_path(r"^open311/v2/services" + FMT, views.service_list, name="open311-services"),
    re_path(
        r"^open311/v2/services/(?P<code>[A-Za-z0-9_-]{1,30})" + FMT, views.service_definition, name="open311-service"
    ),
    re_path(r"^open311/v2/requests" + FMT, views.requests, name="open311-requests"),
    re_path(r"^open311/v2/requests/(?P<pk>[0-9]{1,30})" + FMT, views.request_detail, name="open311-request"),
    re_path(r"^open311/v2/tokens/(?P<token>[A-Za-z0-9_-]{1,64})" + FMT, views.token, name="open311-token"),
    # Anything else under the endpoint: the spec's errors document, not an HTML page.
    re_path(r"^open311/v2/.*$", views.not_found, name="open311-not-found"),
]
