"""The read log: who read which personal data, when and from where. It knows no domain: a row points at
any object by content type and id, or says what was read in a few words; it never holds the data itself."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove a read-log row."""


class ReadQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The read log is append-only.")

    def delete(self):
        raise AppendOnlyError("The read log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The read log is append-only.")


class Read(models.Model):
    """One read of personal data by a member of staff: a case opened, a receipt printed, a list exported."""

    class Kind(models.TextChoices):
        CASE = "case", _("Case opened")
        REPLY = "reply", _("Written reply printed")
        RECEIPT = "receipt", _("Receipt printed")
        ATTACHMENT = "attachment", _("Attachment downloaded")
        EXPORT = "export", _("List exported")
        LOOKUP = "lookup", _("Earlier cases of a person looked up")
        ID_NUMBER = "id_number", _("Full ID number revealed")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # PROTECT: a person who read files cannot be deleted out of the record of it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("object type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    obj = GenericForeignKey("content_type", "object_id")
    # A reference, never the data: an export's filters, the ids a lookup found.
    what = models.CharField(_("detail"), max_length=300, blank=True)
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    objects = ReadQuerySet.as_manager()

    class Meta:
        verbose_name = _("read")
        verbose_name_plural = _("read log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_read_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.kind} {self.object_id or self.what}"

    def save(self, *args, **kwargs):
        # Append-only is a property of the record, not of any one caller: refuse edits here.
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The read log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The read log is append-only.")
