"""Proving one is the petitioner before acting from the tracking page: a one-time code sent by SMS to the
case's phone, or, for an anonymous case with no phone, its PIN.

The code and the tracking check are different secrets on purpose: staff read the tracking code and the
phone on their pages, but never the SMS that reaches the petitioner's phone. Codes live in the shared
cache (Redis in production), hashed, for CODE_TTL seconds; CODE_TRIES wrong tries end a code (and, for a
PIN, pause it for the same time); CODES_PER_HOUR codes at most are sent for one case.
"""

import secrets
import time

from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from core.validation import MOBILE_RE

from ..identity import check_tracking_pin
from ..models import Case
from .messages import notify_petitioner_code

CODE_TTL = 10 * 60
CODE_TRIES = 5
CODES_PER_HOUR = 5

BY_SMS = "sms"
BY_PIN = "pin"


def petitioner_proof(case: Case) -> str:
    """How this case's petitioner proves themself: BY_SMS, BY_PIN, or '' (only in person, at the office)."""
    if MOBILE_RE.match(case.contact_phone or ""):
        return BY_SMS
    return BY_PIN if case.tracking_pin_hash else ""


def _key(case: Case, what: str) -> str:
    return f"petitioner-code:{case.pk}:{what}"


def _digest(case: Case, code: str) -> str:
    return salted_hmac("cases.petitioner-code", f"{case.pk}:{code}", algorithm="sha256").hexdigest()


def petitioner_code_send(*, case: Case) -> bool:
    """Text a new one-time code to the case's phone; False when too many were sent this hour (none is sent).

    A new code replaces the one before and starts its tries afresh.
    """
    if petitioner_proof(case) != BY_SMS:
        return False
    sent = _key(case, "sent")
    cache.add(sent, 0, 60 * 60)
    if cache.incr(sent) > CODES_PER_HOUR:
        return False
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(_key(case, "code"), _digest(case, code), CODE_TTL)
    cache.delete(_key(case, "tries"))
    with transaction.atomic():  # the SMS leaves after commit, through the outbox
        notify_petitioner_code(case=case, code=code, dedupe=f"{int(time.time())}:{secrets.token_hex(4)}")
    return True


def petitioner_code_check(*, case: Case, code: str) -> bool:
    """Whether `code` proves the petitioner now. A wrong code counts a try; too many end the code.

    It does not use the code up: petitioner_code_used does, once the action it guarded is done, so a page
    that was out of date does not cost the petitioner a new SMS. The case's version check lets only one
    action through per code meanwhile.
    """
    proof = petitioner_proof(case)
    tries = _key(case, "tries")
    if proof == "" or (cache.get(tries) or 0) >= CODE_TRIES:
        return False
    code = (code or "").strip()
    if proof == BY_PIN:
        right = check_tracking_pin(code, case.tracking_pin_hash)
    else:
        stored = cache.get(_key(case, "code"))
        right = bool(stored) and constant_time_compare(stored, _digest(case, code))
    if not right:
        cache.add(tries, 0, CODE_TTL)
        if cache.incr(tries) >= CODE_TRIES:
            cache.delete(_key(case, "code"))
    return right


def petitioner_code_used(*, case: Case) -> None:
    """The code did its one action: it cannot be used again."""
    cache.delete(_key(case, "code"))
    cache.delete(_key(case, "tries"))
