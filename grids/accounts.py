"""Staff accounts: the login (with a limit per address across accounts), the password change and the
second factor (TOTP, django-otp) that town leaders, administrators and superusers owe after the password."""

import base64
import time

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.core import get_usage

from core import qr
from core.forms import BootstrapFormMixin

LOGIN_AT_SESSION_KEY = "_portal_login_at"
# When the session's idle window was last renewed (grids.middleware.SessionIdleMiddleware).
SESSION_RENEWED_KEY = "_idle_renewed_at"


def needs_second_factor(user) -> bool:
    """Superusers and the roles in OTP_REQUIRED_ROLES: those who see the whole town or can change anyone."""
    if user.is_superuser:
        return True
    profile = getattr(user, "staff", None)
    return profile is not None and profile.role in settings.OTP_REQUIRED_ROLES


@receiver(user_logged_in, dispatch_uid="grids-login-at")
def _stamp_login(sender, request, user, **kwargs):
    # The session's life (SESSION_MAX_HOURS) counts from the password, not from the session's first page.
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT_SESSION_KEY] = now
        # The login saves the session, which starts its idle window: the next minute's pages write nothing.
        request.session[SESSION_RENEWED_KEY] = now


# --- login ---------------------------------------------------------------------------------------------


def _address_usage(request, *, count: bool) -> dict | None:
    return get_usage(
        request, group="login-address", key="ip", rate=settings.LOGIN_ADDRESS_RATE, method="POST", increment=count
    )


def _address_refused(request) -> bool:
    """True once this address has used up its failures: LOGIN_ADDRESS_RATE=20/10m refuses the 21st try."""
    usage = _address_usage(request, count=False)
    # No usage (GET) never refuses; a cache that cannot count refuses, as the tracking limits do.
    return usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"])


class StaffLoginView(auth_views.LoginView):
    """Django's login, plus a limit per address across accounts: axes locks one username at one address,
    so a few guesses at each of many accounts (password spraying) is caught here instead."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if _address_refused(request):
            return render(request, "registration/address_limited.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        _address_usage(self.request, count=True)
        return super().form_invalid(form)


# --- password change -----------------------------------------------------------------------------------


class PortalPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


class StaffPasswordChangeView(auth_views.PasswordChangeView):
    form_class = PortalPasswordChangeForm
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_second_factor"] = TOTPDevice.objects.filter(user=self.request.user, confirmed=True).exists()
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


# --- second factor ---------------------------------------------------------------------------------------


class TokenForm(BootstrapFormMixin, forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Six-digit code from the authenticator app"),
        regex=r"^[0-9]{6}$",
        max_length=6,
        error_messages={"invalid": gettext_lazy("Enter the six digits the app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"]
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_("Too many wrong codes. Wait a little and try again."), code="throttled")
        if not self.device.verify_token(token):
            raise forms.ValidationError(_("That code is not right, or has expired. Try the current one."))
        return token


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


@login_required
def second_factor(request):
    """Ask for the TOTP code; with no confirmed device yet, first show the QR code to set one up."""
    if request.user.is_verified() or not needs_second_factor(request.user):
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk").first()
    setting_up = device is None
    if setting_up:
        with transaction.atomic():
            device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
            if device is None:
                device = TOTPDevice.objects.create(user=request.user, name=_("Authenticator app"), confirmed=False)
    form = TokenForm(request.POST if request.method == "POST" else None, device=device)
    if request.method == "POST" and form.is_valid():
        if setting_up:
            TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
            device.confirmed = True
        django_otp.login(request, device)
        return redirect(_safe_next(request))
    context = {"form": form, "setting_up": setting_up, "next": _safe_next(request)}
    if setting_up:
        context["qr"] = qr.svg(device.config_url, scale=5)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "registration/second_factor.html", context, status=400 if form.errors else 200)


# --- resetting one's own second factor (a new phone) --------------------------------------------------


class SecondFactorResetForm(TokenForm):
    """The password and a current code, both: a session left open on a desk is not enough to move the
    second factor to another phone. Every wrong answer, password or code, counts against the device's
    throttle, so neither can be guessed here."""

    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "token"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["token"].widget.attrs.pop("autofocus", None)

    def clean_password(self):
        password = self.cleaned_data["password"]
        allowed, _details = self.device.verify_is_allowed()
        if allowed and not self.user.check_password(password):
            self.device.throttle_increment()
            raise forms.ValidationError(_("That password is not right."), code="password")
        return password

    def clean_token(self):
        if "password" in self.errors:
            # Checked only with the right password: a right code must not reset the throttle for guesses.
            raise forms.ValidationError(_("Enter the code again with the right password."), code="password_first")
        return super().clean_token()


@login_required
def second_factor_reset(request):
    """Remove one's own authenticator device after the password and a current code; the next page sets up
    the new phone (the second-factor page shows its QR code). Someone without a device has nothing here."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk").first()
    if device is None:
        raise Http404
    form = SecondFactorResetForm(request.POST if request.method == "POST" else None, device=device, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=request.user).delete()
        # This session was verified with the old device: it now owes the new one.
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        request.user.otp_device = None
        messages.success(request, _("Your authenticator app was removed. Set up the new one now."))
        return redirect("otp")
    return render(request, "registration/second_factor_reset.html", {"form": form}, status=400 if form.errors else 200)
