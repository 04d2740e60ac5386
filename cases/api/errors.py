"""One error body for every error of the API, in the reader's language:

    {"status": 409, "code": "conflict", "message": "…", "errors": {"text": ["…"]}, "current": {…}}

`errors` only for input that was refused (per field; "non_field_errors" for the whole), `current` only for
a conflict (the case as it is now).
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)

NON_FIELD = "non_field_errors"


class Conflict(exceptions.APIException):
    """The case changed (or its state no longer allows the step) since the client read it."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, detail, *, current: dict | None = None, code: str | None = None):
        super().__init__(detail, code)
        self.current = current


class PreconditionFailed(Conflict):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"


class Invalid(exceptions.ValidationError):
    """Refused input with a summary message and the errors per field."""

    def __init__(self, fields: dict, message: str | None = None):
        super().__init__(fields)
        self.summary = message


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _fields(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {(NON_FIELD if key == "__all__" else str(key)): _flatten(value) for key, value in detail.items()}
    return {NON_FIELD: _flatten(detail)}


def body(status_code: int, code: str, message: str, **extra) -> dict:
    return {"status": status_code, "code": code, "message": message, **extra}


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def exception_handler(exc, context):
    """The API's EXCEPTION_HANDLER: every refusal and failure as the one body above."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = Invalid(exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages})
    headers = {}
    if isinstance(exc, exceptions.APIException):
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        if isinstance(exc, exceptions.ValidationError):
            fields = _fields(exc.detail)
            message = getattr(exc, "summary", None) or _("Please correct what is marked.")
            data = body(exc.status_code, "invalid", message, errors=fields)
        else:
            data = body(exc.status_code, _code(exc), str(exc.detail))
            if isinstance(exc, Conflict) and exc.current is not None:
                data["current"] = exc.current
        set_rollback()
        return Response(data, status=exc.status_code, headers=headers)
    if isinstance(exc, DatabaseError):
        logger.exception("API request failed on the database")
        set_rollback()
        return Response(
            body(503, "unavailable", _("The service is briefly unavailable. Please try again in a minute.")),
            status=503,
            headers={"Retry-After": "60"},
        )
    logger.exception("API request failed")
    set_rollback()
    return Response(body(500, "error", _("Something went wrong on our side. Please try again later.")), status=500)


@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any address under /api/v1/ that names nothing: the same body as every other error."""
    return JsonResponse(body(404, "not_found", _("Nothing is at this address.")), status=404)
