"""Key rotation for the encrypted ID numbers: every stored number re-encrypted under the first key."""

from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from ..identity import id_number_cipher
from ..models import Petitioner

BATCH = 500


@dataclass(frozen=True)
class RotationResult:
    current: int  # already under the first key: left as they were
    rotated: int  # re-encrypted under the first key
    unreadable: int  # no configured key opens them: left as they were, for the administrator to look into


def id_numbers_rotate() -> RotationResult:
    """Re-encrypt, under the first of ID_NUMBER_ENCRYPTION_KEYS, each number that another key encrypted.

    Idempotent: a second run finds every number current and writes nothing. Each row is written only if it
    still holds the token read, so a number the counter stores meanwhile is never overwritten.
    """
    first = Fernet(settings.ID_NUMBER_ENCRYPTION_KEYS[0])
    cipher = id_number_cipher()
    current = rotated = unreadable = 0
    last_pk = 0
    while True:
        batch = list(
            Petitioner.objects.filter(pk__gt=last_pk)
            .exclude(id_number_encrypted="")
            .order_by("pk")
            .values_list("pk", "id_number_encrypted")[:BATCH]
        )
        if not batch:
            break
        for pk, token in batch:
            last_pk = pk
            raw = token.encode("ascii")
            try:
                first.decrypt(raw)
            except InvalidToken:
                pass
            else:
                current += 1
                continue
            try:
                fresh = cipher.rotate(raw).decode("ascii")
            except InvalidToken:
                unreadable += 1
                continue
            rotated += Petitioner.objects.filter(pk=pk, id_number_encrypted=token).update(id_number_encrypted=fresh)
    return RotationResult(current=current, rotated=rotated, unreadable=unreadable)
