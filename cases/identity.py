"""Tracking codes, tracking PINs, ID-number hashing and encryption: the small secrets of a case."""

import functools
import hashlib
import hmac
import re
import secrets

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher, make_password

# No 0/O or 1/I: a code is read aloud over the phone and copied by hand from a receipt.
TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TRACKING_CODE_LENGTH = 8  # 32**8, about 1.1e12 codes; guessing is also rate limited
TRACKING_CODE_RE = re.compile(rf"^[{TRACKING_ALPHABET}]{{4}}-[{TRACKING_ALPHABET}]{{4}}$")


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_tracking_code(text: str) -> str:
    """Accept what people type: lower case, spaces, with or without the dash."""
    cleaned = re.sub(r"[\s\-_]", "", (text or "").upper())
    if len(cleaned) != TRACKING_CODE_LENGTH:
        return cleaned
    return f"{cleaned[:4]}-{cleaned[4:]}"


def new_tracking_pin() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def hash_tracking_pin(pin: str) -> str:
    return make_password(pin)


@functools.lru_cache(maxsize=4)
def _unmatchable_hash(algorithm: str) -> str:
    return make_password(secrets.token_urlsafe(24), hasher=algorithm)


def check_tracking_pin(pin: str, pin_hash: str) -> bool:
    """Exactly one password-hash check, also when there is no hash to check against (then False).

    Tracking calls it once on every path, so no answer comes sooner and tells a right code from a wrong one.
    """
    if not pin_hash:
        check_password(pin, _unmatchable_hash(get_hasher().algorithm))
        return False
    return check_password(pin, pin_hash)


def normalize_id_number(raw: str) -> str:
    return re.sub(r"\s", "", (raw or "")).upper()


def hash_id_number(raw: str) -> str:
    """A keyed hash: equal numbers match for repeat detection; the number cannot be read back."""
    number = normalize_id_number(raw)
    if not number:
        return ""
    key = settings.ID_NUMBER_HASH_KEY.encode()
    return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()


def id_number_last4(raw: str) -> str:
    return normalize_id_number(raw)[-4:]


# --- The full ID number, encrypted ------------------------------------------------------------------
# Kept only where the law needs it (the counter's registration, cases.services.registration); the keys
# come from ID_NUMBER_ENCRYPTION_KEYS, outside the database: a stolen dump or backup holds only tokens.


@functools.lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def id_number_cipher() -> MultiFernet:
    """The first key encrypts; every key decrypts (so a retired key still reads until rotation is done)."""
    return _cipher(tuple(settings.ID_NUMBER_ENCRYPTION_KEYS))


def encrypt_id_number(raw: str) -> str:
    number = normalize_id_number(raw)
    if not number:
        return ""
    return id_number_cipher().encrypt(number.encode()).decode("ascii")


def decrypt_id_number(token: str) -> str:
    """The number back; raises cryptography.fernet.InvalidToken when no configured key opens it."""
    return id_number_cipher().decrypt(token.encode("ascii")).decode()
