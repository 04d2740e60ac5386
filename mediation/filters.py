"""The list's filters: a form the list reads, wrong values ignored with a message on the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from core.validation import validate_recorded_day

from .models import Committee, DisputeType, Status
from .selectors import ListFilters


class ListFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any")), *Status.choices], required=False)
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none(), required=False)
    dispute_type = forms.ChoiceField(
        label=_("Type of dispute"), choices=[("", _("Any")), *DisputeType.choices], required=False
    )
    start = forms.DateField(
        label=_("Opened from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_recorded_day],
    )
    end = forms.DateField(
        label=_("to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_recorded_day],
    )
    agreed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirmation = forms.ChoiceField(
        required=False, choices=[("", ""), ("applied", "applied"), ("granted", "granted")], widget=forms.HiddenInput
    )


def list_filters(data, committees) -> tuple[ListFilterForm, ListFilters]:
    form = ListFilterForm(data or None)
    form.fields["committee"].queryset = committees
    if not data or not form.is_valid():
        cleaned = {k: v for k, v in (getattr(form, "cleaned_data", {}) or {}).items() if k not in form.errors}
    else:
        cleaned = form.cleaned_data
    committee = cleaned.get("committee")
    return form, ListFilters(
        status=cleaned.get("status") or "",
        committee=committee.pk if committee else None,
        dispute_type=cleaned.get("dispute_type") or "",
        start=cleaned.get("start"),
        end=cleaned.get("end"),
        agreed=bool(cleaned.get("agreed")),
        confirmation=cleaned.get("confirmation") or "",
    )
