"""Intake writes: a case with its uploaded files, all or nothing, and the resident's SMS after commit."""

import errno
import secrets
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.validation import validate_upload

from ..models import Attachment, Case, CaseEvent
from .messages import notify_resident
from .registration import case_register


def attachment_add(*, case: Case, upload: UploadedFile, by: AbstractBaseUser | None) -> Attachment:
    """Store one checked file under a name of our own, and note it on the timeline."""
    content_type = validate_upload(upload)
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    attachment = Attachment(
        case=case,
        stored_name=f"{secrets.token_hex(12)}{suffix}",
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by if by is not None and by.is_authenticated else None,
    )
    storage = attachment.file.storage
    name = attachment.file.field.generate_filename(attachment, attachment.stored_name)
    taken = storage.exists(name)  # never the case with a random name; then never delete what another wrote
    try:
        attachment.file.save(attachment.stored_name, upload, save=False)
    except BaseException:
        # A write cut short (a full disk) leaves the part already written under the name it was given.
        if not taken:
            storage.delete(name)
        raise
    attachment.save()
    CaseEvent.objects.create(case=case, actor=attachment.uploaded_by, kind=CaseEvent.Kind.ATTACHMENT, note=upload.name)
    return attachment


def case_register_with_files(*, files: Sequence[UploadedFile] = (), **registration) -> Case:
    """Register a case and store its files in one go.

    If any file fails half-way, the case is not created and the files already written are
    removed: nobody finds a case that is missing what the petitioner handed in.
    """
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            case = case_register(**registration)
            if not getattr(case, "created_now", False):
                # A double click (case_register found the first submission's case by its key): that case
                # already holds its files and its SMS; storing this one's again would double them.
                return case
            for upload in files:
                stored.append(attachment_add(case=case, upload=upload, by=registration.get("by")))
            # The SMS is an outbox row in this transaction: if the broker is down it waits, never lost.
            notify_resident(case=case, what="registered", dedupe="intake", new_case=True)
    except BaseException as err:
        for attachment in stored:
            attachment.file.delete(save=False)
        if isinstance(err, OSError) and err.errno in NO_ROOM:
            # Nothing was kept (the transaction rolled back, the files are gone): say so in words, and the
            # page shows the form again with what was typed.
            raise ValidationError(no_room_message(), code="no_room") from err
        raise
    return case


# A full disk, or the service account's quota used up.
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT})


def no_room_message() -> str:
    """Said on the form when a file could not be stored for want of room."""
    return _(
        "The server has no room left to store files just now, so nothing was saved. What you typed is kept "
        "below: choose the files again and send it a little later."
    )
