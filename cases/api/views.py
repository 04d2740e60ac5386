"""Cases through the API: the list (the queue's filters and keyset pages), one case, and intake. Thin."""

import hashlib
import re

from django.core.exceptions import PermissionDenied
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import Read
from audit.services import read_logged

from .. import clock
from ..forms.queue import QueueFilter
from ..selectors import handling as selectors
from ..selectors import queue as queue_selectors
from . import intake
from .detail import case_data, etag, fresh_case_data
from .errors import Invalid
from .filters import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, queue_parameters
from .schema import ERRORS
from .serializers import CaseDetailSerializer, CasePageSerializer, CaseRowSerializer

# An Idempotency-Key as clients make them (a UUID, a ticket number): printable ASCII, not too long.
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,100}")


def _need(request: Request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _page_size(request: Request) -> int:
    raw = request.query_params.get("page_size")
    if raw is None:
        return DEFAULT_PAGE_SIZE
    if not re.fullmatch(r"[0-9]{1,3}", raw) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise Invalid({"page_size": [f"1 – {MAX_PAGE_SIZE}"]})
    return int(raw)


def _link(request: Request, name: str, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.query_params.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    query[name] = cursor
    return f"{request.path}?{urlencode(query, doseq=True)}"


class CaseListView(APIView):
    """GET: the cases this person may see, as the queue lists them. POST: register a case (intake staff)."""

    # A case's people are a list of objects: JSON only (files go to the case's attachments afterwards).
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="cases_list",
        parameters=queue_parameters(),
        responses={200: CasePageSerializer, **ERRORS},
        description=(
            "The officer's queue: the same filters, the same visibility rule, the same order (next due date by "
            "default). Pages are keyset cursors: follow `next` and `previous`; a deep page costs what the first does."
        ),
    )
    def get(self, request: Request) -> Response:
        _need(request, "cases.view_case")
        today = clock.today()
        filterset = QueueFilter(request.query_params, queryset=selectors.queue_cases(request.user), today=today)
        if not filterset.form.is_valid():
            raise Invalid(filterset.form.errors)
        sort = filterset.sort_value()
        # An empty cursor is no cursor (the first page), as on the queue's page.
        after, before = request.query_params.get("after") or None, request.query_params.get("before") or None
        for name, cursor in (("after", after), ("before", before)):
            if cursor is not None and queue_selectors.decode_cursor(cursor, sort) is None:
                raise Invalid({name: [str(_BAD_CURSOR)]})
        page = queue_selectors.queue_page(
            request.user,
            narrowing=filterset.narrowing(),
            statuses=filterset.statuses(),
            sort=sort,
            after=after,
            before=before,
            size=_page_size(request),
            today=today,
            by_status=not filterset.value("q"),
        )
        return Response(
            {
                "results": CaseRowSerializer(page.object_list, many=True).data,
                "next": _link(request, "after", page.next_cursor),
                "previous": _link(request, "before", page.previous_cursor),
            }
        )

    @extend_schema(
        operation_id="cases_create",
        request=intake.CaseCreateSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="Send the same key again (a retry) and the first case is returned: one case, never two.",
            )
        ],
        responses={
            201: intake.CaseCreatedSerializer,
            200: OpenApiResponse(intake.CaseCreatedSerializer, description="The same key was sent before."),
            **ERRORS,
        },
        description="Register a case as the counter does (reception, petition office, grid and community staff).",
    )
    def post(self, request: Request) -> Response:
        _need(request, "cases.register_case")
        raw_key = request.headers.get("Idempotency-Key")
        if raw_key is not None and not IDEMPOTENCY_KEY.fullmatch(raw_key):
            raise Invalid({"Idempotency-Key": [str(_BAD_KEY)]})
        # Keyed per person: another login's key never names this person's case, nor the other way round.
        key = "api-" + hashlib.sha256(f"{request.user.pk}:{raw_key}".encode()).hexdigest()[:60] if raw_key else ""
        case, pin = intake.register(request, key=key)
        created = bool(getattr(case, "created_now", False))
        data = {"created": created, "pin": pin, "id": case.pk, "tracking_code": case.tracking_code}
        data["case"] = fresh_case_data(request, case.pk)
        return Response(data, status=201 if created else 200, headers={"ETag": etag(case)})


class CaseDetailView(APIView):
    @extend_schema(
        operation_id="cases_retrieve",
        responses={200: CaseDetailSerializer, **ERRORS},
        description="The case as its page shows it to this person, with the actions open to them now and its ETag.",
    )
    def get(self, request: Request, pk: int) -> Response:
        case = selectors.case_for_page(request.user, pk)
        read_logged(request, kind=Read.Kind.CASE, obj=case)
        return Response(case_data(request, case), headers={"ETag": etag(case)})


_BAD_CURSOR = gettext_lazy("This cursor is not one this list gave out. Start again from the first page.")
_BAD_KEY = gettext_lazy("The Idempotency-Key must be 1 to 100 printable ASCII characters.")
