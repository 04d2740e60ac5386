"""GeoReport v2 at /open311/v2/: discovery, services, a service's definition, posting a request, a token,
the requests and one request, each as .xml or .json. Errors come as the spec's errors document."""

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited

from cases.models import Subject
from core.site import absolute, office_details

from . import selectors
from .formats import error, respond, w3c
from .inputs import Open311Error, posted_request, requests_query
from .models import ApiKey, ServiceAttribute, Submission, hash_api_key
from .services import request_create

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def get_only(view):
    """Only GET (and HEAD): anything else gets the errors document with 405."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = error(kwargs.get("fmt", "xml"), 405, _("Only GET is accepted here."))
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


@get_only
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """Service Discovery: where the endpoint is, its formats, whom to ask for a key."""
    office = office_details()
    changed = ServiceAttribute.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    changeset = w3c(changed) if changed else settings.OPEN311_CHANGESET
    endpoint = absolute(reverse("open311-root"), request).rstrip("/")
    contact = _("%(office)s, phone %(phone)s, %(address)s") % {
        "office": office["name"],
        "phone": office["phone"],
        "address": office["address"],
    }
    document = {
        "changeset": changeset,
        "contact": contact,
        "key_service": _("Ask the petition office for an API key: phone %(phone)s.") % {"phone": office["phone"]},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint,
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", document)


@get_only
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "services", selectors.services())


@get_only
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """A subject's extra fields. A subject without any has no definition to fetch: 404, as for an unknown code."""
    subject = Subject.objects.filter(code=code, is_active=True).first()
    attributes = selectors.service_attributes(subject) if subject is not None else []
    if not attributes:
        return error(fmt, 404, _("service_code %(code)s has no service definition.") % {"code": code})
    return respond(fmt, "service_definition", selectors.service_definition(subject, attributes))


def _api_key(request: HttpRequest) -> ApiKey | None:
    raw = (request.POST.get("api_key") or "").strip()
    if not raw or len(raw) > 200:
        return None
    return ApiKey.objects.select_related("platform").filter(key_hash=hash_api_key(raw), is_active=True).first()


def _rate_key(group, request) -> str:
    return str(request.open311_key.pk)


@csrf_exempt  # a 311 client posts a form with its api_key, never a browser with a session
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    if request.method not in ("GET", "HEAD"):
        response = error(fmt, 405, _("Use GET to read requests or POST to create one."))
        response["Allow"] = "GET, HEAD, POST"
        return response
    try:
        query = requests_query(request.GET)
    except Open311Error as err:
        return error(fmt, err.status, *err.messages)
    cases = selectors.cases_filtered(
        ids=query.ids,
        service_codes=query.service_codes,
        start=query.start,
        end=query.end,
        statuses=query.statuses,
        limit=settings.OPEN311_MAX_REQUESTS,
    )
    return respond(fmt, "service_requests", [selectors.request_row(case) for case in cases])


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    if not (request.POST.get("api_key") or "").strip():
        return error(fmt, 403, _("api_key is missing: a request can only be created with an API key."))
    api_key = _api_key(request)
    if api_key is None:
        return error(fmt, 403, _("Invalid api_key received: a request cannot be created."))
    request.open311_key = api_key
    if is_ratelimited(
        request, group="open311-post", key=_rate_key, rate=settings.OPEN311_POST_RATE, method="POST", increment=True
    ):
        return error(
            fmt,
            429,
            _("Too many requests were sent with this api_key. Please wait and send it again later."),
        )
    try:
        posted = posted_request(request.POST)
    except Open311Error as err:
        return error(fmt, err.status, *err.messages)
    case, pin = request_create(api_key=api_key, posted=posted)
    notice = _("Tracking code %(code)s: follow the matter at %(url)s.") % {
        "code": case.tracking_code,
        "url": absolute(reverse("track"), request),
    }
    if pin:
        notice += " " + _("Tracking PIN %(pin)s: it is shown only this once.") % {"pin": pin}
    return respond(
        fmt,
        "service_requests",
        [{"service_request_id": case.pk, "service_notice": notice, "account_id": None}],
    )


@get_only
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    submission = Submission.objects.filter(token=token).only("case_id", "token").first()
    if submission is None or selectors.public_case(submission.case_id) is None:
        return error(fmt, 404, _("token %(token)s was not found.") % {"token": token[:64]})
    return respond(fmt, "service_requests", [{"service_request_id": submission.case_id, "token": submission.token}])


@get_only
def request_detail(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    case = selectors.public_case(int(pk)) if len(pk) <= 18 else None
    if case is None:
        return error(fmt, 404, _("service_request_id %(id)s was not found.") % {"id": pk})
    return respond(fmt, "service_requests", [selectors.request_row(case)])


@csrf_exempt
def not_found(request: HttpRequest) -> HttpResponse:
    fmt = "json" if request.path.endswith(".json") else "xml"
    return error(fmt, 404, _("There is no such resource: see discovery.xml for what this endpoint offers."))
