"""Staff sessions: the second factor for the roles that need it, and a login's longest life."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .accounts import LOGIN_AT_SESSION_KEY, SESSION_RENEWED_KEY, needs_second_factor

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


class SessionIdleMiddleware:
    """Renews the session's idle window (SESSION_COOKIE_AGE from now) at most once a minute.

    A renewal is a save: the stored expiry moves to now + SESSION_IDLE_MINUTES. Between renewals nothing is
    written, so a session ends SESSION_IDLE_MINUTES after its last renewal, that is after 29 to 30 idle
    minutes: never later than before. Listed right after SessionMiddleware, so its response half runs
    after every view and middleware has touched the session, and just before the session is saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Not read (a static file, a health check), or holding nothing (an anonymous visitor, a logout, a
        # cookie of a session already ended): nothing to renew, and no new row to create.
        if session is None or not session.accessed or session.is_empty():
            return response
        now = time.time()
        renewed = session.get(SESSION_RENEWED_KEY)
        fresh = isinstance(renewed, int | float) and 0 <= now - renewed < settings.SESSION_RENEW_SECONDS
        if session.modified or not fresh:
            session[SESSION_RENEWED_KEY] = now
        return response
