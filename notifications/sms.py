"""Sending SMS through a configurable backend: the console/log by default, an HTTP gateway when set."""

import json
import logging
import re
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("notifications.sms")


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    detail: str = ""


# What a log line must not carry: together, a phone number and a tracking code open /track/, and a
# six-digit code is a PIN or a one-time code.
_TRACKING_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{4}-[0-9A-Z]{4}(?![0-9A-Z])")
_MOBILE = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)")
_SIX_DIGITS = re.compile(r"(?<!\d)\d{6}(?!\d)")


def mask_phone(phone: str) -> str:
    """139****5678: enough to tell messages apart in a log, not enough to reach or identify anyone."""
    phone = phone or ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


def mask_text(text: str) -> str:
    text = _TRACKING_CODE.sub("****-****", text or "")
    text = _MOBILE.sub(r"\1****\2", text)
    return _SIX_DIGITS.sub("******", text)


class ConsoleSmsBackend:
    """Writes messages to the log, masked: the embedded default and the tests."""

    sent: list[tuple[str, str]] = []  # kept whole, in memory only, for tests and a developer's shell

    def send(self, phone: str, text: str) -> SmsResult:
        logger.info("SMS to %s: %s", mask_phone(phone), mask_text(text))
        self.sent.append((phone, text))
        return SmsResult(ok=True)


class HttpGatewaySmsBackend:
    """POSTs {"phone", "text"} as JSON to SMS_GATEWAY_URL with a bearer token."""

    def send(self, phone: str, text: str) -> SmsResult:
        body = json.dumps({"phone": phone, "text": text}).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's own setting)
            settings.SMS_GATEWAY_URL,
            data=body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:  # noqa: S310
            return SmsResult(ok=200 <= response.status < 300, detail=str(response.status))


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(phone: str, text: str) -> SmsResult:
    return get_backend().send(phone, text)
