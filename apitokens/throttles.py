"""Rate limits on the shared cache: per token for systems, per person for the browser.

Rates are read from settings at each request (API_THROTTLE_RATES via REST_FRAMEWORK), so a changed
setting applies without a restart of the class.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class _Rate(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_Rate):
    """Each token has its own budget: one busy system cannot use up another's."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class UserRateThrottle(_Rate):
    """Each login has a budget across its session and all its tokens."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
