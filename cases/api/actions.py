"""Every case action as a POST, from the same registry as the case page (cases.actions.ACTIONS): a new
action there is a new endpoint here, with its form's fields as its body, checked by that same form."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import actions
from ..policy import cases_visible_to
from ..selectors import handling as selectors
from ..services import ActionNotAllowed, CaseConflict
from ..wording import CONFLICT, latest_step
from .detail import case_data, etag, fresh_case_data
from .errors import Conflict, Invalid, PreconditionFailed, PreconditionRequired
from .schema import ACTION_ERRORS
from .serializers import ActionResultSerializer

ID = {"min_value": 1, "max_value": 2**63 - 1}


def _field(field: forms.Field) -> serializers.Field:
    """The JSON shape of a form field; the form itself still checks the value."""
    common = {"required": field.required, "help_text": str(field.label or "")}
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(**ID), max_length=200, **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(allow_null=not field.required, **ID, **common)
    if isinstance(field, forms.ChoiceField):
        choices = [(str(v), str(label)) for v, label in field.choices if v != ""]
        return serializers.ChoiceField(choices=choices, allow_blank=not field.required, **common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(
            min_value=field.min_value, max_value=field.max_value, allow_null=not field.required, **common
        )
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(allow_null=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    return serializers.CharField(max_length=field.max_length, allow_blank=not field.required, **common)


def body_serializer(action: actions.CaseAction) -> type[serializers.Serializer]:
    """The action's body: its form's fields, and the version of the case it was read at (or If-Match)."""
    fields = {name: _field(f) for name, f in action.form_class.base_fields.items() if name != "version"}
    fields["version"] = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="The case's version as read (or send If-Match)."
    )
    name = "".join(part.title() for part in action.name.split("_")) + "ActionRequest"
    return type(name, (serializers.Serializer,), fields)


def _expected_version(request: Request, case, body: dict) -> int:
    """The version the client read: If-Match (412 when stale) or the body's version (409 from the service)."""
    match = request.headers.get("If-Match")
    if match is not None:
        text = match.strip().removeprefix("W/").strip('"')
        if not text.isascii() or not text.isdigit() or len(text) > 10:
            raise Invalid({"If-Match": [_('If-Match must be the case\'s ETag, e.g. "3".')]})
        if int(text) != case.version:
            raise PreconditionFailed(
                _("The case changed since it was read: it is now at version %(v)s.") % {"v": case.version},
                current=case_data(request, case),
            )
        return int(text)
    if body.get("version") is None:
        raise PreconditionRequired(_("Say which version of the case this is based on: If-Match or “version”."))
    return body["version"]


class CaseActionView(APIView):
    """One action of the registry; the URL conf makes one subclass per action."""

    action_entry: actions.CaseAction
    parser_classes = [JSONParser]

    def post(self, request: Request, pk: int) -> Response:
        entry = self.action_entry
        if request.content_type.split(";")[0].strip() != "application/json":
            # A form post would reach the parser already read by the CSRF check: said plainly instead.
            raise exceptions.UnsupportedMediaType(request.content_type)
        case = selectors.case_for_page(request.user, pk)
        if not entry.who(request.user, case):
            raise PermissionDenied
        shape = self.body_class(data=request.data)
        if not shape.is_valid():
            raise Invalid(shape.errors)
        version = _expected_version(request, case, shape.validated_data)
        prefix = entry.name
        raw = request.data
        data = {
            f"{prefix}-{name}": raw[name]
            for name in entry.form_class.base_fields
            if name in raw and raw[name] is not None
        }
        data[f"{prefix}-version"] = version
        form = entry.make_form(data, case=case)
        if not form.is_valid():
            raise Invalid(form.errors)
        try:
            done = entry.service_function(
                case=case, by=request.user, expected_version=form.cleaned_data["version"], **form.service_arguments()
            )
        except CaseConflict:
            fresh = selectors.case_for_page(request.user, pk)
            message = CONFLICT % {"status": fresh.get_status_display(), "latest": latest_step(fresh)}
            raise Conflict(message, current=case_data(request, fresh)) from None
        except ActionNotAllowed as err:
            raise Conflict(" ".join(err.messages), current=fresh_case_data(request, pk), code="not_allowed") from None
        except ValidationError as err:
            raise Invalid(
                err.message_dict if hasattr(err, "error_dict") else {"non_field_errors": err.messages}
            ) from err
        message = entry.done % {"date": done.due_on or done.reply_due_on or ""}
        if not cases_visible_to(request.user).filter(pk=pk).exists():
            # An objection hands the case back: the objecting department no longer sees it.
            return Response({"message": message, "case": None})
        fresh = selectors.case_for_page(request.user, pk)
        return Response({"message": message, "case": case_data(request, fresh)}, headers={"ETag": etag(fresh)})


def action_view(entry: actions.CaseAction):
    """The view of one registry entry, with its body described for the schema."""
    body = body_serializer(entry)
    view = type(
        f"{body.__name__[:-7]}View",
        (CaseActionView,),
        {"action_entry": entry, "body_class": body, "__doc__": str(entry.title)},
    )
    schema = extend_schema(
        operation_id=f"cases_action_{entry.name}",
        summary=str(entry.title),
        description=(
            f"{entry.title}. Who and when: as on the case page (the case's `actions` lists what is open now). "
            "Send If-Match with the case's ETag, or `version` in the body."
        ),
        request=body,
        parameters=[
            OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description='The case\'s ETag, e.g. "3".')
        ],
        responses={200: ActionResultSerializer, **ACTION_ERRORS},
        tags=["actions"],
    )

    def post(self, request: Request, pk: int) -> Response:
        return CaseActionView.post(self, request, pk)

    view.post = schema(post)  # its own function: the schema is kept on the function, one per action
    return view.as_view()
