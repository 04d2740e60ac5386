"""The one way forms are drawn: Django's own form templates (templates/forms/, through the renderer below),
Bootstrap 5 classes on every widget, invalid fields marked for screen readers, and a service's
ValidationError turned into the form's own errors."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class PortalFormRenderer(TemplatesSetting):
    """{{ form }} and {{ field.as_field_group }} draw with the portal's Bootstrap templates."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


_CHECKS = (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, _CHECKS):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


def _show_the_limit(field: forms.CharField) -> None:
    """No maxlength attribute: a browser cuts pasted text at it without a word. The limit is shown instead,
    with a live count under a textarea (static/js/text-limits.js), and the server refuses longer text with
    a message that keeps what was typed."""
    widget = field.widget
    widget.attrs.pop("maxlength", None)
    widget.attrs["data-maxlength"] = field.max_length
    widget.attrs["data-count-text"] = _("{count} of {max} characters")
    widget.attrs["data-over-text"] = _("{over} characters too many: please shorten the text. Nothing is cut.")
    field.error_messages["max_length"] = _(
        "This text has %(show_value)d characters; at most %(limit_value)d fit. "
        "Please shorten it: what you typed is kept here."
    )


class BootstrapFormMixin:
    """Mixed into every form of the portal: the templates render the widgets as they come."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = _css_class(widget)
            if css not in widget.attrs.get("class", "").split():
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(field, forms.CharField) and field.max_length:
                _show_the_limit(field)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"


def add_service_errors(form: forms.Form, err: ValidationError) -> None:
    """A service refused the input: each message goes to its field, or to the whole form when it names none."""
    if hasattr(err, "error_dict"):
        for field, messages in err.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, err.messages)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id, the ids checked as ids first: Django looks up what was posted as it
    comes, and SQLite cannot even bind a number longer than 64 bits."""

    _ID = re.compile(r"[0-9]{1,18}")

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ([value] if value else []):
            if not self._ID.fullmatch(str(pk)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)


class LoginForm(AuthenticationForm):
    """Django's login form with the username's length enforced, not only drawn: Django sets max_length
    after the field is built, so no validator checks it, and the failed-login log (django-axes) then
    refuses an overlong name with a database error instead of a message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
