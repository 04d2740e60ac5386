"""Staff sessions: the second factor for the roles that need it, and a login's longest life."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .accounts import LOGIN_AT_SESSION_KEY, needs_second_factor

# Where a signed-in person still owing the second factor may go: the login and logout themselves, the
# second-factor page, static files and the language switch.
_OPEN_NAMES = ("login", "logout", "otp")
_OPEN_PREFIXES = ("/i18n/",)


def _open_paths() -> tuple[str, ...]:
    return (*(reverse(name) for name in _OPEN_NAMES), *_OPEN_PREFIXES, "/" + settings.STATIC_URL.lstrip("/"))


class SecondFactorMiddleware:
    """A town leader, an administrator or a superuser past the password goes to the second-factor page
    until a TOTP code is verified in this session; nothing else is served to them before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.OTP_ENFORCED
            and user.is_authenticated
            and not user.is_verified()
            and needs_second_factor(user)
            and not request.path.startswith(_open_paths())
        ):
            return redirect(f"{reverse('otp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """However active, a login ends SESSION_MAX_HOURS after it began (the idle limit is the cookie's age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            began = request.session.get(LOGIN_AT_SESSION_KEY)
            if began is None:
                # A session from before this rule (or a test's force_login): its life starts now.
                request.session[LOGIN_AT_SESSION_KEY] = time.time()
            elif time.time() - began > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
