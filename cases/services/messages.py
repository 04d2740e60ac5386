"""What the petitioner is told by SMS at each step they wait for: the tracking link, nobody else's data."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.site import absolute
from core.validation import MOBILE_RE
from notifications.models import Notification
from notifications.services import sms_to_resident

from ..models import Case

RESIDENT_MESSAGES = {
    "registered": lambda: _(
        "We received your matter on %(date)s. Tracking code %(code)s. Track it at %(url)s "
        "with the last four digits of this phone."
    ),
    "routed": lambda: _(
        "Your matter %(code)s was passed to the body that handles it, which will tell you in writing whether "
        "it accepts it. Track it at %(url)s"
    ),
    "accepted": lambda: _(
        "Your matter %(code)s was accepted for handling. The written acceptance notice is on %(url)s"
    ),
    "not_accepted": lambda: _("Your matter %(code)s was not accepted; the reason is on %(url)s"),
    "note": lambda: _("There is news on your matter %(code)s. Read it at %(url)s"),
    "replied": lambda: _("Your matter %(code)s has a written reply. Read it, and rate it, at %(url)s"),
    "review_decided": lambda: _("The review of your matter %(code)s is decided. Read it at %(url)s"),
}


def notify_resident(*, case: Case, what: str, dedupe: str, new_case: bool = False) -> Notification | None:
    """An SMS to the petitioner, in Chinese, with the tracking link and nobody else's data.

    `dedupe` names the event (e.g. its id): the same event never texts twice. new_case: the case was
    registered in this transaction, so nothing was sent about it yet.
    """
    phone = case.contact_phone or ""
    if not MOBILE_RE.match(phone):
        return None
    with override(settings.LANGUAGE_CODE):
        prefix = _("[Zhuanqiao petitions]")
        text = f"{prefix} " + RESIDENT_MESSAGES[what]() % {
            "date": timezone.localtime(case.received_at).strftime("%Y-%m-%d"),
            "code": case.tracking_code,
            "url": absolute(reverse("track")),
        }
    return sms_to_resident(
        phone=phone, text=text, dedupe_key=f"resident:{case.pk}:{what}:{dedupe}", subject=case, subject_is_new=new_case
    )


def notify_petitioner_code(*, case: Case, code: str, dedupe: str) -> Notification | None:
    """The one-time code that lets the petitioner rate or ask for a review from the tracking page."""
    phone = case.contact_phone or ""
    if not MOBILE_RE.match(phone):
        return None
    with override(settings.LANGUAGE_CODE):
        prefix = _("[Zhuanqiao petitions]")
        text = f"{prefix} " + _(
            "Your code for matter %(code)s is %(otp)s, valid for 10 minutes. Tell it to no one: "
            "staff will never ask for it."
        ) % {"code": case.tracking_code, "otp": code}
    return sms_to_resident(phone=phone, text=text, dedupe_key=f"resident:{case.pk}:code:{dedupe}", subject=case)
