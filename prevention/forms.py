"""The prevention app's forms: each bridges a page to one service; choices come scoped to the person."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, IdsChoiceField
from core.validation import validate_upload
from grids.models import Community, Department, Grid

from .models import CouncilSpeaker, LegalMaterial, MeetingKind, RiskItem, RiskLevel, RosterPerson, RosterRole, Visit

TEXTAREA = {"rows": 3}
DATE = {"type": "date"}


class StaffChoiceField(IdsChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class StaffOneField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def _staff():
    return get_user_model().objects.filter(is_active=True, staff__isnull=False).order_by("username")


def _team():
    return RosterPerson.objects.filter(is_active=True).select_related("role").order_by("name", "pk")


class TeamChoiceField(IdsChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.role}"


class PlaceForm(BootstrapFormMixin, forms.Form):
    """A community and, optionally, one of its grids; a community's own staff are held to their community."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        profile = getattr(user, "staff", None)
        communities = Community.objects.order_by("code")
        grids = Grid.objects.filter(community__isnull=False).order_by("code")
        if profile is not None and profile.community_id and profile.role in ("grid_worker", "community_staff"):
            communities = communities.filter(pk=profile.community_id)
            grids = grids.filter(community_id=profile.community_id)
            self.fields["community"].initial = profile.community_id
            self.fields["grid"].initial = profile.grid_id
        self.fields["community"].queryset = communities
        self.fields["grid"].queryset = grids


class VisitForm(PlaceForm):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=forms.DateInput(attrs=DATE))
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Grid.objects.none(), required=False)
    address = forms.CharField(label=_("Address"), max_length=200)
    resident_name = forms.CharField(label=_("Resident or household"), max_length=50)
    resident_phone = forms.CharField(label=_("Resident's phone"), max_length=20, required=False)
    reason = forms.ChoiceField(label=_("Why"), choices=Visit.Reason.choices)
    asked = forms.CharField(
        label=_("What the resident asked"), max_length=2000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    done = forms.CharField(
        label=_("What was done"), max_length=2000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    staff = StaffChoiceField(label=_("Colleagues who went"), queryset=get_user_model().objects.none(), required=False)
    team = TeamChoiceField(
        label=_("Diverse-team members who went"), queryset=RosterPerson.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["staff"].queryset = _staff()
        self.fields["team"].queryset = _team()


class OpenCaseForm(BootstrapFormMixin, forms.Form):
    what_happened = forms.CharField(label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs=TEXTAREA))
    request = forms.CharField(label=_("What the resident asks"), max_length=2000, widget=forms.Textarea(attrs=TEXTAREA))


class AttachCaseForm(BootstrapFormMixin, forms.Form):
    tracking_code = forms.CharField(label=_("Tracking code of the case"), max_length=20)


class RiskForm(PlaceForm):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(label=_("What was found"), max_length=4000, widget=forms.Textarea(attrs=TEXTAREA))
    kind = forms.ChoiceField(label=_("Type"), choices=RiskItem.Kind.choices)
    level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Grid.objects.none(), required=False)
    follower = StaffOneField(label=_("Followed by"), queryset=get_user_model().objects.none())
    next_review_on = forms.DateField(
        label=_("Next review"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("Empty: the schedule of the level decides. Required for a high or major risk."),
    )
    accused_user = StaffOneField(
        label=_("Staff member concerned (misconduct only)"), queryset=get_user_model().objects.none(), required=False
    )
    accused_department = forms.ModelChoiceField(
        label=_("Department concerned (misconduct only)"), queryset=Department.objects.order_by("code"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["follower"].queryset = _staff()
        self.fields["accused_user"].queryset = _staff()


class ReviewForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("What the review found"), max_length=4000, widget=forms.Textarea(attrs=TEXTAREA))
    level = forms.ChoiceField(label=_("Risk level now"), choices=RiskLevel.choices)
    next_review_on = forms.DateField(label=_("Next review"), required=False, widget=forms.DateInput(attrs=DATE))


class EndForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("How it ended"), choices=RiskItem.Outcome.choices)
    tracking_code = forms.CharField(label=_("Tracking code of the case"), max_length=20, required=False)
    note = forms.CharField(label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs=TEXTAREA))


class MeetingForm(BootstrapFormMixin, forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=MeetingKind.objects.order_by("sort_order", "code"))
    title = forms.CharField(label=_("Title"), max_length=120)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=120)
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.order_by("code"), required=False
    )
    attendees = StaffChoiceField(label=_("Staff attending"), queryset=get_user_model().objects.none(), required=False)
    team = TeamChoiceField(
        label=_("Diverse-team members invited"), queryset=RosterPerson.objects.none(), required=False
    )
    minutes = forms.CharField(
        label=_("Minutes"), max_length=20000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = _staff()
        self.fields["team"].queryset = _team()
        profile = getattr(user, "staff", None)
        if profile is not None and profile.community_id:
            self.fields["community"].initial = profile.community_id


class AgendaForm(BootstrapFormMixin, forms.Form):
    tracking_code = forms.CharField(label=_("Case tracking code"), max_length=20, required=False)
    risk = forms.IntegerField(label=_("Screening item number"), required=False, min_value=1, max_value=2**62)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ActionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=300)
    owner = StaffOneField(label=_("Owner"), queryset=get_user_model().objects.none())
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()


class RosterForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    role = forms.ModelChoiceField(label=_("Role"), queryset=RosterRole.objects.order_by("sort_order", "code"))
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.order_by("code"), required=False
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class CouncilForm(PlaceForm):
    title = forms.CharField(label=_("Matter"), max_length=120)
    description = forms.CharField(
        label=_("What residents raised"), max_length=4000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())
    grid = forms.ModelChoiceField(queryset=Grid.objects.none(), required=False, widget=forms.HiddenInput)
    tracking_code = forms.CharField(label=_("From a case (tracking code)"), max_length=20, required=False)
    visit = forms.IntegerField(label=_("From a visit (number)"), required=False, min_value=1, max_value=2**62)
    meeting = forms.IntegerField(label=_("From a meeting (number)"), required=False, min_value=1, max_value=2**62)


SPEAKER_ROWS = 4


class SessionForm(BootstrapFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label=_("Place"), max_length=120)
    notes = forms.CharField(label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, SPEAKER_ROWS + 1):
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Speaker %(n)d") % {"n": i}, max_length=50, required=False
            )
            self.fields[f"side_{i}"] = forms.ChoiceField(
                label=_("View"), choices=[("", "—"), *CouncilSpeaker.Side.choices], required=False
            )
            self.fields[f"said_{i}"] = forms.CharField(label=_("What they said"), max_length=500, required=False)
        for name, field in self.fields.items():
            if name.split("_")[0] in ("name", "side", "said"):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def speakers(self) -> list[tuple[str, str, str]]:
        d = self.cleaned_data
        rows = []
        for i in range(1, SPEAKER_ROWS + 1):
            row = (d.get(f"name_{i}", ""), d.get(f"side_{i}", ""), d.get(f"said_{i}", ""))
            if any(row):
                rows.append(row)
        return rows


class DecideForm(BootstrapFormMixin, forms.Form):
    outcome = forms.CharField(label=_("Outcome"), max_length=4000, widget=forms.Textarea(attrs=TEXTAREA))
    publish = forms.BooleanField(label=_("The council decided to publish the outcome"), required=False)


class LegalMaterialForm(forms.ModelForm):
    """Legal-education material: a text or a PDF, the PDF checked by its bytes like every upload."""

    class Meta:
        model = LegalMaterial
        fields = ["community", "title", "body", "file", "published_on"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # A new upload (not the stored file) is checked by its bytes: a PDF, within the size limit.
        if upload and hasattr(upload, "content_type") and validate_upload(upload) != "application/pdf":
            raise ValidationError(_("Legal-education material is a text or a PDF."), code="type")
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("body", "").strip() and not data.get("file"):
            raise ValidationError(_("Write the text or upload a PDF."))
        return data
