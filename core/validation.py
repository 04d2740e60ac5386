"""Checks on what people type and upload (phones, ID numbers, files), with messages in the user's language."""

import re
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from .calendar import EARLIEST_DAY, LATEST_DAY, in_recorded_range

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")

# What an uploaded file may be: the extension must agree with what the bytes say.
ALLOWED_UPLOADS = {
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "image/heic": {".heic", ".heif"},
    "application/pdf": {".pdf"},
}
MAX_FILES_WEB = 3
MAX_FILES_COUNTER = 10


def normalize_phone(raw: str) -> str:
    phone = re.sub(r"[\s()（）]", "", raw or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    return phone


def validate_phone(value: str) -> None:
    if value and not (MOBILE_RE.match(value) or LANDLINE_RE.match(value)):
        raise ValidationError(
            _(
                "Enter a mobile number of 11 digits (e.g. 13912345678) "
                "or a landline with area code (e.g. 021-64301234)."
            ),
            code="phone",
        )


def validate_mobile(value: str) -> None:
    if value and not MOBILE_RE.match(value):
        raise ValidationError(_("Enter a mobile number of 11 digits, e.g. 13912345678."), code="mobile")


def validate_id_number(value: str) -> None:
    """A mainland resident ID number (GB 11643): 18 characters, a real birth date and region, the check digit."""
    if not value:
        return
    try:
        ric.validate(value)
    except (stdnum_errors.InvalidLength, stdnum_errors.InvalidFormat):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits, then a digit or X."), code="id_format"
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("This ID number is not valid: please check it digit by digit."), code="id_check"
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("This ID number names no real birth date or region: please check it digit by digit."),
            code="id_component",
        ) from None


def validate_upload(upload) -> str:
    """Size, then the real type from the bytes, then the name's extension. Returns the MIME type."""
    name = upload.name or ""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; a file may be at most %(max)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.MAX_UPLOAD_BYTES),
            },
            code="too_big",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED_UPLOADS:
        raise ValidationError(
            _("“%(name)s” is not a photo or a PDF. Only JPEG, PNG, GIF, WebP, HEIC images and PDF files are accepted.")
            % {"name": name},
            code="type",
        )
    if Path(name).suffix.lower() not in ALLOWED_UPLOADS[mime]:
        raise ValidationError(
            _("The content of “%(name)s” does not match its name. Please upload the original file.") % {"name": name},
            code="mismatch",
        )
    return mime


def validate_recorded_day(value) -> None:
    """A date or time the portal can record: between 2000 and 2099 (see core.calendar)."""
    if value is not None and not in_recorded_range(value):
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s.")
            % {"first": EARLIEST_DAY.isoformat(), "last": LATEST_DAY.isoformat()},
            code="date_range",
        )
