"""Registering a case through the API: the counter's own form and formset check it, the intake service stores it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.request import Request

from ..forms.intake import CounterCaseForm, PetitionerFormSet, new_submission_key
from ..identity import new_tracking_pin
from ..models import MAX_NAMED_PETITIONERS, Case, Category, Channel, Sex
from ..policy import cases_visible_to
from ..services import PetitionerData, case_register_with_files
from .errors import Invalid
from .serializers import CaseDetailSerializer

ID = {"min_value": 1, "max_value": 2**63 - 1}


class PetitionerInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    workplace = serializers.CharField(max_length=100, required=False, allow_blank=True)


class CaseCreateSerializer(serializers.Serializer):
    """The counter form's fields; the same rules check them (cases.forms.intake.CounterCaseForm)."""

    channel = serializers.ChoiceField(choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    handover_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    platform = serializers.IntegerField(**ID)
    received_at = serializers.DateTimeField(required=False, allow_null=True)
    what_happened = serializers.CharField(max_length=5000)
    request = serializers.CharField(max_length=2000)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    subject = serializers.IntegerField(required=False, allow_null=True, **ID)
    community = serializers.IntegerField(required=False, allow_null=True, **ID)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_group_visit = serializers.BooleanField(required=False)
    headcount = serializers.IntegerField(required=False, min_value=1, max_value=10000)
    is_level_skipping = serializers.BooleanField(required=False)
    is_anonymous = serializers.BooleanField(required=False)
    repeat_of = serializers.IntegerField(required=False, allow_null=True, **ID)
    accused_department = serializers.IntegerField(required=False, allow_null=True, **ID)
    accused_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    petitioners = PetitionerInSerializer(many=True, max_length=MAX_NAMED_PETITIONERS + 10)


class CaseCreatedSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="false: the Idempotency-Key was sent before; this is that case.")
    pin = serializers.CharField(help_text="An anonymous case's tracking PIN, shown this once; empty otherwise.")
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    case = CaseDetailSerializer(
        allow_null=True, help_text="null when the case lies outside what this person may see (their receipt is theirs)."
    )


def _form_data(data: dict, key: str) -> dict:
    """The counter form's fields as the page posts them, petitioners as its rows p-0-… ."""
    form = {name: value for name, value in data.items() if name != "petitioners" and value is not None}
    form.setdefault("category", Category.RELIEF)
    form.setdefault("headcount", 1)
    form["submission_key"] = key or new_submission_key()
    people = data.get("petitioners", [])
    form.update({"p-TOTAL_FORMS": str(len(people)), "p-INITIAL_FORMS": "0", "p-MIN_NUM_FORMS": "0"})
    form["p-MAX_NUM_FORMS"] = str(MAX_NAMED_PETITIONERS)
    for i, person in enumerate(people):
        form.update({f"p-{i}-{name}": value for name, value in person.items()})
    return form


def register(request: Request, *, key: str) -> tuple[Case, str]:
    """Check as the counter checks, then register through the intake service: (case, PIN shown once)."""
    if key:
        earlier = Case.objects.filter(submission_key=key).first()
        if earlier is not None:
            return earlier, ""
    shape = CaseCreateSerializer(data=request.data)
    if not shape.is_valid():
        raise Invalid(shape.errors)
    data = _form_data(shape.validated_data, key)
    form = CounterCaseForm(data, {})
    people = PetitionerFormSet(data, prefix="p", channel=data.get("channel"))
    form_ok, people_ok = form.is_valid(), people.is_valid()
    if not (form_ok and people_ok):
        errors = dict(form.errors)
        for i, row in enumerate(people.errors):
            errors.update({f"petitioners.{i}.{name}": messages for name, messages in row.items()})
        if people.non_form_errors():
            errors["petitioners"] = people.non_form_errors()
        raise Invalid(errors)
    cleaned = form.cleaned_data
    repeat_of = None
    if cleaned.get("repeat_of"):
        repeat_of = cases_visible_to(request.user).filter(pk=cleaned["repeat_of"]).first()
        if repeat_of is None:
            raise Invalid({"repeat_of": [str(_NO_REPEAT)]})
    pin = new_tracking_pin() if cleaned["is_anonymous"] else ""
    persons = [PetitionerData(**{k: p.get(k, "") for k in _PERSON}) for p in people.people()]
    try:
        case = case_register_with_files(
            files=[],
            by=request.user,
            channel=cleaned["channel"],
            platform=cleaned["platform"],
            what_happened=cleaned["what_happened"],
            request=cleaned["request"],
            petitioners=persons,
            category=cleaned["category"],
            subject=cleaned["subject"],
            community=cleaned["community"],
            address=cleaned["address"],
            is_group_visit=cleaned["is_group_visit"],
            headcount=cleaned["headcount"],
            is_anonymous=cleaned["is_anonymous"],
            repeat_of=repeat_of,
            is_level_skipping=cleaned["is_level_skipping"],
            accused_department=cleaned["accused_department"],
            accused_name=cleaned["accused_name"],
            received_at=cleaned["received_at"],
            tracking_pin=pin,
            submission_key=cleaned["submission_key"],
            handover_number=cleaned["handover_number"],
            keep_id_number=True,
        )
    except ValidationError as err:
        raise Invalid(err.message_dict if hasattr(err, "error_dict") else {"non_field_errors": err.messages}) from err
    return case, pin if getattr(case, "created_now", False) else ""


_PERSON = ("name", "sex", "phone", "id_number", "address", "workplace")
_NO_REPEAT = gettext_lazy("The earlier case chosen is not available. Choose it again from the list.")
