"""Token authentication for systems: `Authorization: Token <key>` or `Authorization: Bearer <key>`."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .services import token_find, token_mark_used

KEYWORDS = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    """The token's login is the request's user: the same role, scope and permissions as on the pages."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header must be “Token <key>”."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This API token is not valid.")) from None
        token = token_find(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This API token is not valid, has expired or was revoked."))
        token_mark_used(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # A 401 names the scheme, so a client knows to send a token.
        return "Token"
