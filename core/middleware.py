"""Refuses requests whose text no page can store: a NUL byte anywhere, or a form body that is not UTF-8."""

from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _

NUL = "\x00"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _decodes(raw: bytes) -> bool:
    """Whether the bytes are UTF-8, which Django also demands of a form body's declared charset."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_nul(querydict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in querydict.lists())


def is_unreadable(request: HttpRequest) -> bool:
    """True when some part of the request cannot be stored as text.

    PostgreSQL refuses a NUL byte in any string ("A string literal cannot contain NUL"), so a NUL that
    reaches a query, a lookup by code or the login's failure log turns into a server error; Django decodes
    a broken encoding with replacement characters, so the text stored would not be what was typed.
    """
    if NUL in request.path_info:
        return True
    query = request.META.get("QUERY_STRING", "")
    if NUL in query or not _decodes(unquote_to_bytes(query)) or _has_nul(request.GET):
        return True
    # Headers reach the database too: the session and language cookies, the user agent of a failed login.
    if any(NUL in str(value) for key, value in request.META.items() if key.startswith("HTTP_")):
        return True
    if request.method != "POST" or request.content_type not in _FORM_TYPES:
        return False
    if request.content_type == _FORM_TYPES[0] and not _decodes(unquote_to_bytes(request.body)):
        return True
    # A multipart body holds files: only its fields are read (already decoded), never the whole body.
    return _has_nul(request.POST) or any(NUL in (upload.name or "") for upload in request.FILES.values())


class UnreadableInputMiddleware:
    """Answers 400 with a short page before a view sees such a request. Placed after LocaleMiddleware so the
    page speaks the visitor's language, and before anything that reads the session or the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_unreadable(request):
            return refusal(api=request.path.startswith("/api/"))
        return self.get_response(request)


def refusal(*, api: bool = False) -> HttpResponse:
    title = _("The request could not be read")
    text = _(
        "It contained characters that cannot be stored, such as a NUL byte or text that is not UTF-8. "
        "Nothing was saved. Go back, check what you typed or pasted, and send it again."
    )
    if api:
        # The API's one error body (cases.api.errors), for systems that read JSON.
        return JsonResponse({"status": 400, "code": "unreadable", "message": f"{title}. {text}"}, status=400)
    return HttpResponseBadRequest(
        format_html(
            '<!doctype html><html><head><meta charset="utf-8"><title>{}</title></head>'
            "<body><h1>{}</h1><p>{}</p></body></html>",
            title,
            title,
            text,
        ),
        content_type="text/html; charset=utf-8",
    )
