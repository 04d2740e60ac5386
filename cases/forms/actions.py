"""Forms of the handling pages: one per action, each carrying the case version it was rendered with."""

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, IdsChoiceField
from core.widgets import SearchableSelect
from grids.models import Department, GridTier, Zone

from .. import actions, clock, rules
from ..models import NOT_ACCEPTED_GROUNDS, Case, CaseReview, DeliveryMethod, NotAcceptedReason, Outcome, Satisfaction
from ..policy import accuses, without_accused_department, without_accused_people
from ..selectors.people import assignable_people

TEXTAREA = {"rows": 4, "class": "form-control"}


class PersonChoiceField(IdsChoiceField):
    def label_from_instance(self, obj) -> str:
        profile = obj.staff
        place = profile.community or profile.department or ""
        name = obj.get_full_name() or obj.get_username()
        return f"{name} · {profile.get_role_display()}" + (f" · {place}" if place else "")


class ActionForm(BootstrapFormMixin, forms.Form):
    """The form of one case action (cases.actions names its class). The version is how a stale page is
    caught: the service refuses a write at another version."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case: Case, action: actions.CaseAction, **kwargs):
        kwargs.setdefault("prefix", action.name)
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", case.version)
        super().__init__(*args, **kwargs)
        self.case = case
        self.action = action

    def service_arguments(self) -> dict:
        """What the action's service is called with besides the case, the person and the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def _people_for(case: Case):
    return without_accused_people(assignable_people(), case)


def _departments_for(case: Case):
    return without_accused_department(Department.objects.filter(is_active=True), case)


class RouteForm(ActionForm):
    zone = forms.ModelChoiceField(
        label=_("Functional zone"), queryset=Zone.objects.all(), required=False, widget=SearchableSelect
    )
    tier = forms.ModelChoiceField(label=_("Tier"), queryset=GridTier.objects.all())
    lead_department = forms.ModelChoiceField(
        label=_("Lead department"), queryset=Department.objects.none(), widget=SearchableSelect
    )
    assisting_departments = IdsChoiceField(
        label=_("Assisting departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = PersonChoiceField(
        label=_("People on the ground"),
        queryset=assignable_people().none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Grid worker, mediator, enforcement officer, community staff, petition agent."),
    )
    note = forms.CharField(
        label=_("Instructions for the handlers (internal)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args, case: Case, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("zone", case.zone_id or (case.community.zone_id if case.community_id else None))
        initial.setdefault("tier", case.tier_id)
        suggested = getattr(case.suggested_lead_department, "pk", None)
        if suggested and accuses(case, department_id=suggested):
            suggested = None
        initial.setdefault("lead_department", case.lead_department_id or suggested)
        super().__init__(*args, case=case, **kwargs)
        self.suggested_department_id = suggested
        self.fields["lead_department"].queryset = _departments_for(case)
        self.fields["assisting_departments"].queryset = _departments_for(case)
        self.fields["people"].queryset = _people_for(case)


class NotAcceptForm(ActionForm):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[(g.value, g.label) for g in NOT_ACCEPTED_GROUNDS],
        widget=forms.RadioSelect,
        help_text=_("Level-skipping is not a ground: flag it and guide the petitioner to the competent body."),
    )
    repeats = forms.CharField(
        label=_("Tracking code of the re-reviewed case it repeats"),
        required=False,
        max_length=12,
        help_text=_("Required when not accepted again: the case whose re-review decided the same facts."),
    )
    explanation = forms.CharField(
        label=_("What the petitioner is told"),
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Why it is not accepted and where to turn instead (court, arbitration, the right level)."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == NotAcceptedReason.REREVIEWED and not (data.get("repeats") or "").strip():
            self.add_error("repeats", _("Give the tracking code of the re-reviewed case this matter repeats."))
        return data


class SignForm(ActionForm):
    notice = forms.CharField(
        label=_("Acceptance notice to the petitioner"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args, case: Case, **kwargs):
        if rules.is_relief(case):
            due = formats.date_format(clock.reply_due(clock.today()), "Y-m-d")
            text = _(
                "We have accepted your matter and will handle it. You will receive a written reply by %(date)s."
            ) % {"date": due}
        else:
            # A suggestion or a report has no 60-day clock: no date is promised.
            text = _("We have accepted your matter and will handle it. You will be told the result in writing.")
        kwargs.setdefault("initial", {}).setdefault("notice", text)
        super().__init__(*args, case=case, **kwargs)


class DecideObjectionForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("agree", _("Verified and agreed: back to triage")), ("refuse", _("Refused: it stays"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason (the department reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )

    def service_arguments(self) -> dict:
        return {"agree": self.cleaned_data["decision"] == "agree", "note": self.cleaned_data["note"]}


class ObjectForm(ActionForm):
    reason = forms.CharField(
        label=_("Why this is not for your department"),
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Say which body is competent if you know. The petition office checks and routes it again."),
    )


class NoteForm(ActionForm):
    text = forms.CharField(label=_("Progress note"), max_length=5000, widget=forms.Textarea(attrs=TEXTAREA))
    is_public = forms.BooleanField(
        label=_("Show to the petitioner on the tracking page"),
        required=False,
        help_text=_("Public notes name your department, never you. Keep names and internal details out."),
    )


class PeopleForm(ActionForm):
    people = PersonChoiceField(
        label=_("People on the ground"),
        queryset=assignable_people().none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("people", [a.user_id for a in case.assignments.all()])
        super().__init__(*args, case=case, **kwargs)
        self.fields["people"].queryset = _people_for(case)


class AskExtensionForm(ActionForm):
    days = forms.IntegerField(label=_("Extra days"), min_value=1, max_value=settings.CASE_EXTENSION_MAX_DAYS)
    reason = forms.CharField(
        label=_("Reason (the petitioner is told)"), max_length=2000, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("days", settings.CASE_EXTENSION_MAX_DAYS)
        super().__init__(*args, case=case, **kwargs)
        self.fields["days"].help_text = _("At most %(max)d days, once.") % {"max": settings.CASE_EXTENSION_MAX_DAYS}


class DecideExtensionForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
        initial="approve",
    )
    note = forms.CharField(
        label=_("Why it is refused (internal)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )

    def service_arguments(self) -> dict:
        return {"approve": self.cleaned_data["decision"] == "approve", "note": self.cleaned_data["note"]}


class TierForm(ActionForm):
    tier = forms.ModelChoiceField(label=_("Move to tier"), queryset=GridTier.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["tier"].queryset = GridTier.objects.exclude(pk=case.tier_id)

    def service_arguments(self) -> dict:
        return {"to_tier": self.cleaned_data["tier"], "reason": self.cleaned_data["reason"]}


class ReplyForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Facts and reasons"),
        max_length=10000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 8}),
        help_text=_("The facts found, the grounds and the opinion. It is printed as the written reply."),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=3000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
        help_text=_("The laws, regulations, rules or policies the opinion rests on."),
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if not rules.is_relief(case):
            # A suggestion is answered; a report of misconduct is answered with the discipline route taken.
            del self.fields["outcome"]
            del self.fields["legal_basis"]
            self.fields["text"].label = _("Written answer")
            self.fields["text"].help_text = (
                _("What was done with the suggestion, and the answer to it.")
                if case.category == "suggestion"
                else _("How the report went to the discipline-inspection route, and what the reporter is told.")
            )


class CloseForm(ActionForm):
    note = forms.CharField(
        label=_("Closing note (the petitioner sees it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )


class ReviewRequestForm(ActionForm):
    reason = forms.CharField(
        label=_("What the petitioner disagrees with"), max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )


class ExternalReviewDecisionForm(ActionForm):
    body = forms.CharField(
        label=_("Deciding body"),
        max_length=100,
        help_text=_("The district body at the level above, e.g. the district bureau or the district petition bureau."),
    )
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    decision = forms.ChoiceField(label=_("Decision"), choices=CaseReview.Decision.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(
        label=_("Its written opinion"), max_length=10000, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 6})
    )

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("received_on", clock.today())
        super().__init__(*args, case=case, **kwargs)


class DeliveryForm(ActionForm):
    method = forms.ChoiceField(
        label=_("How it was delivered"), choices=DeliveryMethod.choices, widget=forms.RadioSelect
    )
    delivered_on = forms.DateField(
        label=_("Delivered on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the petitioner received it; an SMS link is dated the day it was sent."),
    )

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("delivered_on", clock.today())
        super().__init__(*args, case=case, **kwargs)


class HearingForm(ActionForm):
    note = forms.CharField(
        label=_("Note (the petitioner sees it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )


class ReviewDecisionForm(ActionForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=CaseReview.Decision.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(
        label=_("Written opinion"), max_length=10000, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 6})
    )


class RateForm(ActionForm):
    rating = forms.ChoiceField(
        label=_("Satisfaction"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the rating the petitioner gave: nothing is recorded without it.")},
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=1000, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2})
    )
