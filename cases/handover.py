"""The number a handed-over matter arrives with: the 12345 hotline's work order, or a higher level's document."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import NUMBERED_CHANNELS, Channel

# A work order as the hotline's system prints it: letters, digits and hyphens.
_WORK_ORDER = re.compile(r"[0-9A-Za-z-]{6,30}")
# A document number as printed on the paper, e.g. 闵信交〔2026〕12号: Chinese, digits, brackets, hyphens.
_DOCUMENT = re.compile(r"[0-9A-Za-z\u4e00-\u9fff〔〕\[\]()【】-]{4,40}")


def normalize_handover_number(value: str) -> str:
    """Full-width digits and letters as typed on a Chinese keyboard become ASCII capitals; spaces go."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


def validate_handover_number(channel: str, number: str) -> None:
    """A numbered channel needs its number, in its form; other channels carry none."""
    if channel not in NUMBERED_CHANNELS:
        if number:
            raise ValidationError(
                {"handover_number": _("Only a 12345 hand-over or a matter from a higher level carries a number.")}
            )
        return
    if not number:
        if channel == Channel.HOTLINE:
            message = _("Enter the hotline's work-order number.")
        else:
            message = _("Enter the number of the higher level's document.")
        raise ValidationError({"handover_number": message})
    has_digit = any(c.isascii() and c.isdigit() for c in number)
    if channel == Channel.HOTLINE and not (_WORK_ORDER.fullmatch(number) and has_digit):
        raise ValidationError(
            {"handover_number": _("A work-order number is 6 to 30 letters and digits, e.g. 2026120200123.")}
        )
    if channel == Channel.HIGHER_LEVEL and not (_DOCUMENT.fullmatch(number) and has_digit):
        message = _("A document number is 4 to 40 characters with its year or number, e.g. 闵信交〔2026〕12号.")
        raise ValidationError({"handover_number": message})
