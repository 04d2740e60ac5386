"""The form that reveals a petitioner's full ID number: a reason first, written to the read log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin


class RevealIdNumberForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the full number?"),
        help_text=_("For example: a written notice to the petitioner, or the hand-over to the county system."),
        min_length=2,
        max_length=200,
        strip=True,
    )
