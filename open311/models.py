"""Open311's own records: the clients' API keys (hashed), the extra fields a subject asks for, where a
community lies, and which cases came in through the interface."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Subject
from grids.models import Community, Platform

KEY_PREFIX = "zq311_"


def hash_api_key(raw: str) -> str:
    """Only this is stored. A key is 32 random bytes, so a plain SHA-256 is enough and lets us look it up."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_api_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiKey(models.Model):
    """A client allowed to post service requests. Its cases come in as web cases of its platform."""

    name = models.CharField(_("client"), max_length=100, help_text=_("Who uses the key: an app, a partner."))
    platform = models.ForeignKey(
        Platform,
        on_delete=models.PROTECT,
        related_name="open311_keys",
        verbose_name=_("intake platform"),
        help_text=_("Cases sent with this key are registered as web submissions at this platform."),
    )
    key_hash = models.CharField(_("key (SHA-256)"), max_length=64, unique=True, editable=False)
    key_start = models.CharField(_("key begins with"), max_length=16, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    def set_key(self, raw: str) -> None:
        self.key_hash = hash_api_key(raw)
        self.key_start = raw[: len(KEY_PREFIX) + 4]


class ServiceAttribute(models.Model):
    """One extra field a subject asks for (GeoReport v2 service definition attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Text on one line")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Text")
        SINGLE = "singlevaluelist", _("One of a list")
        MULTI = "multivaluelist", _("Several of a list")

    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="open311_attributes", verbose_name=_("subject")
    )
    code = models.SlugField(_("code"), max_length=40)
    datatype = models.CharField(_("type"), max_length=20, choices=Datatype.choices, default=Datatype.STRING)
    required = models.BooleanField(_("required"), default=False)
    description = models.CharField(_("question"), max_length=200)
    datatype_description = models.CharField(_("hint"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    values = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For a list: one choice per line, as key=name (e.g. 1=楼道)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("Open311 service attribute")
        verbose_name_plural = _("Open311 service attributes")
        ordering = ["subject", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "code"], name="open311_attribute_code_per_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.subject.code}/{self.code}"

    @property
    def choices(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.values.splitlines():
            key, _sep, name = line.partition("=")
            if key.strip():
                pairs.append((key.strip(), (name or key).strip()))
        return pairs

    @property
    def is_list(self) -> bool:
        return self.datatype in (self.Datatype.SINGLE, self.Datatype.MULTI)


class CommunityPoint(models.Model):
    """Where a community lies (a point near its middle, WGS84), so a posted lat/long finds its community."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="open311_point", verbose_name=_("community")
    )
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    long = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)

    class Meta:
        verbose_name = _("community location")
        verbose_name_plural = _("community locations")

    def __str__(self) -> str:
        return str(self.community)


class Submission(models.Model):
    """A case that came in through Open311: which key sent it, and its token."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="open311", verbose_name=_("case"))
    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("API key"))
    token = models.CharField(_("token"), max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")

    def __str__(self) -> str:
        return self.token
