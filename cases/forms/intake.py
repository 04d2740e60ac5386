"""Intake forms: the counter form (fast, keyboard only) and the residents' phone form."""

import re
import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.calendar import EARLIEST_DAY
from core.forms import BootstrapFormMixin
from core.validation import (
    MAX_FILES_COUNTER,
    MAX_FILES_WEB,
    normalize_phone,
    validate_id_number,
    validate_phone,
    validate_recorded_day,
    validate_upload,
)
from core.widgets import SearchableSelect
from grids.models import Community, Department, Platform

from ..handover import normalize_handover_number, validate_handover_number
from ..identity import TRACKING_CODE_RE, normalize_id_number, normalize_tracking_code
from ..models import MAX_NAMED_PETITIONERS, MAX_REPRESENTATIVES, Category, Channel, Satisfaction, Sex, Subject


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by its bytes (Django's documented recipe)."""

    def __init__(self, *args, max_files: int, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_files:
            raise forms.ValidationError(
                gettext("At most %(max)d files can be attached; you chose %(count)d.")
                % {"max": self.max_files, "count": len(files)},
                code="too_many_files",
            )
        errors = []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                validate_upload(upload)
            except forms.ValidationError as err:
                errors.extend(err.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        kwargs.setdefault("validators", [validate_phone])
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def to_python(self, value):
        return normalize_phone(super().to_python(value))


class PetitionerForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    phone = PhoneField(label=_("Phone"))
    id_number = forms.CharField(
        label=_("ID number"), max_length=18 + 4, required=False, validators=[validate_id_number]
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    address = forms.CharField(label=_("Home address"), max_length=200, required=False)
    workplace = forms.CharField(label=_("Workplace"), max_length=100, required=False)

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])

    def clean(self):
        data = super().clean()
        if any(data.get(f) for f in ("phone", "id_number", "address", "workplace")) and not data.get("name"):
            self.add_error("name", gettext("Enter the name of this person."))
        return data


class BasePetitionerFormSet(forms.BaseFormSet):
    """The people a counter case names: five representatives for a visit, more for a joint letter or a call."""

    def __init__(self, *args, channel: str | None = None, **kwargs):
        self.channel = channel
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        filled = [f for f in self.forms if f.has_changed() and f.cleaned_data.get("name")]
        # The five-representative cap is the rule for visits (信访工作条例 art. 20); a joint letter or a call
        # may name more people, up to what the case keeps.
        if self.channel == Channel.VISIT and len(filled) > MAX_REPRESENTATIVES:
            raise forms.ValidationError(
                gettext(
                    "A visit sends at most %(max)d representatives; you named %(count)d. "
                    "Record the others in the headcount."
                )
                % {"max": MAX_REPRESENTATIVES, "count": len(filled)},
                code="too_many_representatives",
            )
        if len(filled) > MAX_NAMED_PETITIONERS:
            raise forms.ValidationError(
                gettext("A case may name at most %(max)d people; you named %(count)d.")
                % {"max": MAX_NAMED_PETITIONERS, "count": len(filled)},
                code="too_many_people",
            )

    def people(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.has_changed() and f.cleaned_data.get("name")]


# The page draws five rows; the clerk adds more (up to MAX_NAMED_PETITIONERS) for a letter or a call.
# absolute_max leaves room above the cap so that a few rows too many get the message above, not Django's.
PetitionerFormSet = forms.formset_factory(
    PetitionerForm,
    formset=BasePetitionerFormSet,
    extra=MAX_REPRESENTATIVES,
    max_num=MAX_NAMED_PETITIONERS,
    absolute_max=MAX_NAMED_PETITIONERS + 10,
    validate_max=False,  # counted in clean() above, with a message people understand
)


COUNTER_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.WEB]


class CounterCaseForm(BootstrapFormMixin, forms.Form):
    """What reception staff type for a walk-in, a letter or a call. Only the matter is required."""

    channel = forms.ChoiceField(label=_("Channel"), choices=COUNTER_CHANNELS, initial=Channel.VISIT)
    handover_number = forms.CharField(
        label=_("Work-order or document number"),
        max_length=60,
        required=False,
        help_text=_("The 12345 work-order number, or the number of the higher level's document."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    platform = forms.ModelChoiceField(label=_("Intake platform"), queryset=Platform.objects.none())
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "min": f"{EARLIEST_DAY:%Y-%m-%d}T00:00"}, format="%Y-%m-%dT%H:%M"
        ),
        help_text=_("Leave empty for now; for a letter, the day it arrived."),
        validators=[validate_recorded_day],
    )
    what_happened = forms.CharField(label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    request = forms.CharField(label=_("What is asked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.RELIEF)
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.none(), required=False, widget=SearchableSelect
    )
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.none(), required=False, widget=SearchableSelect
    )
    address = forms.CharField(label=_("Place of the matter"), max_length=200, required=False)
    is_group_visit = forms.BooleanField(label=_("Group visit"), required=False)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, max_value=10000, initial=1)
    is_level_skipping = forms.BooleanField(label=_("Level-skipping"), required=False)
    is_anonymous = forms.BooleanField(
        label=_("Anonymous"), required=False, help_text=_("For calls and letters without a name.")
    )
    repeat_of = forms.IntegerField(required=False, widget=forms.HiddenInput)
    accused_department = forms.ModelChoiceField(
        label=_("Accused department"), queryset=Department.objects.none(), required=False, widget=SearchableSelect
    )
    accused_name = forms.CharField(label=_("Accused person"), max_length=100, required=False)
    attachments = MultipleFileField(label=_("Scanned letters and photos"), max_files=MAX_FILES_COUNTER)
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.filter(is_active=True).order_by("kind", "code")
        self.fields["subject"].queryset = Subject.objects.filter(is_active=True)
        self.fields["community"].queryset = Community.objects.select_related("zone")
        self.fields["accused_department"].queryset = Department.objects.filter(is_active=True)

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value and value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(gettext("The time received cannot be in the future."))
        return value

    def clean_handover_number(self):
        return normalize_handover_number(self.cleaned_data["handover_number"])

    def clean(self):
        data = super().clean()
        if data.get("channel") and "handover_number" in data:
            try:
                validate_handover_number(data["channel"], data["handover_number"])
            except forms.ValidationError as err:
                self.add_error(None, err)
        if data.get("category") == Category.MISCONDUCT and not (
            data.get("accused_department") or data.get("accused_name")
        ):
            self.add_error(
                "accused_department", gettext("A report of misconduct names the accused department or person.")
            )
        if not data.get("is_group_visit") and (data.get("headcount") or 1) != 1:
            self.add_error("headcount", gettext("Only a group visit has a headcount above one."))
        if "repeat_of" in self.errors:
            # A hidden field's error would mark nothing on the page: say it where the officer reads it.
            del self.errors["repeat_of"]
            self.add_error(None, gettext("The earlier case chosen is not available. Choose it again from the list."))
        return data


class ResidentCaseForm(BootstrapFormMixin, forms.Form):
    """The "信访解忧码" form on a resident's phone: few fields, plain words."""

    what_happened = forms.CharField(
        label=_("What happened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": _("When, where, who is involved, what happened.")}),
    )
    request = forms.CharField(
        label=_("What would you like us to do"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    community = forms.ModelChoiceField(
        label=_("Your neighbourhood or village"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("Not sure"),
    )
    subject = forms.ModelChoiceField(
        label=_("What is it about (optional)"),
        queryset=Subject.objects.none(),
        required=False,
        empty_label=_("Not sure"),
        help_text=_("Choosing one helps us pass it to the right department sooner."),
    )
    address = forms.CharField(label=_("Address or place"), max_length=200, required=False)
    phone = PhoneField(
        label=_("Contact phone"), help_text=_("We send your tracking code to this number. It is never shown to others.")
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    is_anonymous = forms.BooleanField(
        label=_("Submit anonymously"),
        required=False,
        help_text=_("You will get a secret PIN to track your case instead of your phone number."),
    )
    attachments = MultipleFileField(label=_("Photos or PDF (up to 3, 10 MB each)"), max_files=MAX_FILES_WEB)
    consent = forms.BooleanField(
        label=_(
            "I agree that the town petition office uses what I give here only to handle this matter, "
            "keeps it safe and shows my name and phone to no one outside the staff handling it."
        ),
        error_messages={"required": _("Please agree to how your information is used, so we can handle it.")},
    )
    # A field people never see: only a bot fills it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.select_related("zone")
        self.fields["subject"].queryset = Subject.objects.filter(is_active=True)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                gettext("This form could not be sent. Please reload the page and try again."), code="honeypot"
            )
        return ""

    def clean(self):
        data = super().clean()
        if not data.get("is_anonymous") and not data.get("phone") and not self.has_error("phone"):
            self.add_error(
                "phone", gettext("Leave a phone number so we can reach you, or choose to submit anonymously.")
            )
        return data


class TrackForm(BootstrapFormMixin, forms.Form):
    """The tracking code and the check. What people type is taken loosely (a whole phone number, spaces,
    dashes); input that cannot be right is explained here and is never counted as a failed try."""

    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        error_messages={"required": _("Type the tracking code from your receipt or from our SMS.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "placeholder": "ABCD-EFGH"}
        ),
    )
    check = forms.CharField(
        label=_("Last four digits of your phone, or your PIN"),
        max_length=40,
        error_messages={"required": _("Type the last four digits of your phone number, or your six-digit PIN.")},
        help_text=_("You may also type your whole phone number: we use its last four digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self):
        code = normalize_tracking_code(self.cleaned_data["code"])
        if not TRACKING_CODE_RE.match(code):
            raise forms.ValidationError(
                gettext(
                    "A tracking code has eight letters and digits, like ABCD-EFGH. "
                    "Please copy it from your receipt or from our SMS."
                ),
                code="malformed",
            )
        return code

    def clean_check(self):
        # Spaces, dashes, brackets and a +86 prefix are how people write phone numbers.
        value = re.sub(r"[\s\-()（）]", "", self.cleaned_data["check"])
        value = re.sub(r"^\+?86(?=1[0-9]{10}$)", "", value)
        # ASCII digits only: str.isdigit() also accepts "²" and other digits no phone or PIN has.
        if not re.fullmatch(r"[0-9]+", value):
            raise forms.ValidationError(
                gettext("Use digits only: the last four digits of your phone number, or your PIN."), code="malformed"
            )
        if len(value) in (4, 6):
            return value
        if len(value) >= 7:
            return value[-4:]  # a whole phone number: its last four digits are the check
        raise forms.ValidationError(
            gettext("Type four digits (the end of your phone number) or the six-digit PIN from your receipt."),
            code="malformed",
        )


class PetitionerProofMixin(forms.Form):
    """The one-time code from the SMS (or, for an anonymous case with no phone, the PIN) that the action needs."""

    proof = forms.CharField(
        label=_("The code from the SMS"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, by_pin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if by_pin:
            self.fields["proof"].label = _("Your PIN")
            self.fields["proof"].widget.attrs["autocomplete"] = "off"


class ReviewRequestForm(PetitionerProofMixin, BootstrapFormMixin, forms.Form):
    """The petitioner disagrees with the answer and asks the level above to look again."""

    reason = forms.CharField(
        label=_("What do you disagree with in the answer?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RatingForm(PetitionerProofMixin, BootstrapFormMixin, forms.Form):
    # Radio buttons with none chosen: a rating is the petitioner's explicit choice, never a preselected
    # first option (a select box would send 满意 for someone who pressed the button without choosing).
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the answer?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the three answers: satisfied, basically satisfied or not satisfied."),
            "invalid_choice": _("Choose one of the three answers: satisfied, basically satisfied or not satisfied."),
        },
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
