"""The one write of Open311: a posted request becomes a web case of the key's platform, through the same
intake service as the 信访解忧码 form (its checks, its double-submission guard, its SMS and notices)."""

import hashlib
import secrets
import time

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cases.identity import new_tracking_pin
from cases.models import Case, Channel
from cases.services import PetitionerData, case_register_with_files

from .inputs import Posted
from .models import ApiKey, Submission


def _fingerprint(api_key: ApiKey, posted: Posted) -> str:
    parts = [
        str(api_key.pk),
        posted.subject.code,
        posted.description,
        str(posted.community.pk if posted.community else ""),
        posted.place,
        posted.name,
        posted.phone,
        posted.email,
        posted.media_url,
        *(f"{q}={a}" for q, a in posted.answers),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _submission_keys(api_key: ApiKey, posted: Posted, now: float) -> tuple[str, str]:
    """This post's key in the current time window and in the one before: the same post within the window
    (a client retrying after a timeout) finds the case the first one made."""
    window = max(int(settings.OPEN311_REPEAT_SECONDS), 1)
    slot = int(now // window)
    fingerprint = _fingerprint(api_key, posted)
    return f"o311-{fingerprint}-{slot}", f"o311-{fingerprint}-{slot - 1}"


def _case_text(posted: Posted) -> str:
    """The story as staff read it: the description, then the answers to the service's questions and the
    contact details a 311 client sends that the case has no field for."""
    lines = [f"{question}: {answer}" for question, answer in posted.answers]
    if posted.email:
        lines.append(_("E-mail: %(email)s") % {"email": posted.email})
    if posted.media_url:
        lines.append(_("Photo or media: %(url)s") % {"url": posted.media_url})
    return "\n\n".join(filter(None, [posted.description, "\n".join(lines)]))


def request_create(*, api_key: ApiKey, posted: Posted, now: float | None = None) -> tuple[Case, str]:
    """Register the posted request; the case and, for an anonymous submitter's first post, their PIN.

    A repeat of the same post soon after returns the first post's case and no new PIN."""
    current, previous = _submission_keys(api_key, posted, time.time() if now is None else now)
    earlier = Case.objects.filter(submission_key__in=[current, previous]).first()
    if earlier is not None:
        return earlier, ""
    anonymous = not posted.name
    pin = new_tracking_pin() if anonymous else ""
    platform = api_key.platform
    with translation.override(settings.LANGUAGE_CODE):  # the case file is kept in the office's language
        what_happened = _case_text(posted)
        asked = _("As described above (sent through Open311: %(service)s).") % {"service": posted.subject.name}
        note = _("Sent through the Open311 interface by %(client)s.") % {"client": api_key.name}
    with transaction.atomic():
        case = case_register_with_files(
            by=None,
            channel=Channel.WEB,
            platform=platform,
            what_happened=what_happened,
            request=asked,
            petitioners=[] if anonymous else [PetitionerData(name=posted.name, phone=posted.phone)],
            community=posted.community or platform.community,
            subject=posted.subject,
            address=posted.place,
            is_anonymous=anonymous,
            contact_phone=posted.phone,
            tracking_pin=pin,
            submission_key=current,
            note=note,
        )
        if not getattr(case, "created_now", False):
            return case, ""
        Submission.objects.create(case=case, api_key=api_key, token=secrets.token_hex(16))
    return case, pin
