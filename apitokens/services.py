"""Token writes: issue (the key is returned once, only its hash stored), revoke, and the last-use stamp."""

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import SECOND_FACTOR_REFUSAL, ApiToken, bypasses_second_factor, hash_key, new_key

# The last use is written at most this often per token: a busy system does not write a row per request.
LAST_USED_EVERY = timedelta(minutes=1)


@transaction.atomic
def token_issue(
    *, user: AbstractBaseUser, name: str, expires_at=None, token: ApiToken | None = None
) -> tuple[ApiToken, str]:
    """A new token for this login; the key in clear is returned here and never again. Never for a login that
    must give a second factor: the token would let it in without one."""
    if bypasses_second_factor(user):
        raise ValidationError({"user": SECOND_FACTOR_REFUSAL})
    key = new_key()
    token = token or ApiToken(user=user, name=name)
    token.user, token.name = user, name
    if expires_at is not None:
        token.expires_at = expires_at
    token.key_hash = hash_key(key)
    token.prefix = key[:8]
    token.save()
    return token, key


def token_revoke(*, token: ApiToken) -> bool:
    """Revoke once: the first revocation's time stays. True when this call revoked it."""
    return ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()) == 1


def token_find(key: str) -> ApiToken | None:
    """The usable token of this key (not revoked, not expired, its login active), or None."""
    if not key or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user", "user__staff").filter(key_hash=hash_key(key)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    if bypasses_second_factor(token.user):  # issued before the role changed, or before the rule was enforced
        return None
    return token


def token_mark_used(*, token: ApiToken) -> None:
    """Record the use: a conditional update that writes only when the stamp is older than LAST_USED_EVERY."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    from django.db.models import Q

    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY), pk=token.pk
    ).update(last_used_at=now)
    token.last_used_at = now
