"""API tokens: each bound to one staff login (so to its role and scope), with an expiry; only a hash is kept."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What a key starts with, so a key pasted in a log or a ticket is recognised as one (and can be revoked).
KEY_PREFIX = "zq_"


def hash_key(key: str) -> str:
    """SHA-256 of the key: a key has 256 random bits, so a fast hash is enough; the key itself is never stored."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def bypasses_second_factor(user) -> bool:
    """Whether a token would let this login in without the second factor its role must give: superusers and
    the roles in OTP_REQUIRED_ROLES, while the second factor is enforced. The rule of
    grids.accounts.needs_second_factor (this floor cannot import grids; a test keeps the two in step)."""
    if not settings.OTP_ENFORCED:
        return False
    if user.is_superuser:
        return True
    profile = getattr(user, "staff", None)
    return profile is not None and profile.role in settings.OTP_REQUIRED_ROLES


SECOND_FACTOR_REFUSAL = _(
    "This login must give a second factor, which a system's token cannot: issue the token to a login of "
    "the system's own, with a role that needs none."
)


def default_expiry():
    return timezone.now() + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("login")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system uses it, e.g. “12345 hotline bridge”.")
    )
    # The first characters of the key, to tell tokens apart in the list; not enough to use it.
    prefix = models.CharField(_("key starts with"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), default=default_expiry)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self):
        super().clean()
        if self.user_id and bypasses_second_factor(self.user):
            raise ValidationError({"user": SECOND_FACTOR_REFUSAL})

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
