"""Sending SMS through a configurable backend: the console/log by default, an HTTP gateway when set."""

import json
import logging
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("notifications.sms")


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    detail: str = ""


class ConsoleSmsBackend:
    """Writes messages to the log: the embedded default and the tests."""

    sent: list[tuple[str, str]] = []  # kept for tests and for a developer to look at

    def send(self, phone: str, text: str) -> SmsResult:
        logger.info("SMS to %s: %s", phone, text)
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
