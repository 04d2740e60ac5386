"""The registers: each people's mediation committee (人民调解委员会), its mediators, the roles of people invited in.

A committee has 3 to 9 members, one of them its chair, elected for 3 years (人民调解法 art. 8, 9); mediators
are its members or people it engages (art. 13). Nothing here, or anywhere in the app, charges a fee (art. 4).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MIN_MEMBERS = 3
MAX_MEMBERS = 9
TERM_YEARS = 3


def term_end(start: date) -> date:
    """The last day of a 3-year term that starts on `start` (29 February starts end on 28 February)."""
    try:
        return start.replace(year=start.year + TERM_YEARS)
    except ValueError:
        return start.replace(year=start.year + TERM_YEARS, day=28)


class Committee(models.Model):
    class Level(models.TextChoices):
        COMMUNITY = "community", _("Community (居村) committee")
        TOWN = "town", _("Town committee")

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.COMMUNITY)
    community = models.OneToOneField(
        "grids.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediation_committee",
        verbose_name=_("community"),
    )
    term_starts_on = models.DateField(_("term starts on"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("people's mediation committee")
        verbose_name_plural = _("people's mediation committees")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                name="mediation_committee_level_has_place",
                condition=(Q(level="community") & Q(community__isnull=False))
                | (Q(level="town") & Q(community__isnull=True)),
                violation_error_message=_("A community committee names its community; the town's names none."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def term_ends_on(self) -> date:
        return term_end(self.term_starts_on)

    def clean(self):
        if self.level == self.Level.COMMUNITY and not self.community_id:
            raise ValidationError({"community": _("A community committee names its community.")})
        if self.level == self.Level.TOWN and self.community_id:
            raise ValidationError({"community": _("The town's committee belongs to no single community.")})


def membership_problems(members: list[dict]) -> list[str]:
    """What is wrong with a committee's members (dicts with kind, is_chair, is_active): 3-9 members, one chair."""
    current = [m for m in members if m.get("kind") == Mediator.Kind.MEMBER and m.get("is_active", True)]
    problems = []
    if not MIN_MEMBERS <= len(current) <= MAX_MEMBERS:
        problems.append(
            _("A committee has %(min)d to %(max)d members; this one would have %(n)d.")
            % {"min": MIN_MEMBERS, "max": MAX_MEMBERS, "n": len(current)}
        )
    chairs = [m for m in current if m.get("is_chair")]
    if len(chairs) != 1:
        problems.append(_("A committee has exactly one chair, chosen among its members."))
    return problems


class Mediator(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("Committee member")
        ENGAGED = "engaged", _("Engaged mediator")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="mediators", verbose_name=_("committee")
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MEMBER)
    is_chair = models.BooleanField(_("chair"), default=False)
    specialities = models.CharField(_("specialities"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediator_records",
        verbose_name=_("login"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["committee", "-is_chair", "name"]
        constraints = [
            models.CheckConstraint(
                name="mediation_chair_is_member",
                condition=Q(is_chair=False) | Q(kind="member"),
                violation_error_message=_("The chair is one of the committee's members."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ParticipantRole(models.Model):
    """Who may be invited into a mediation with the parties' consent (art. 20): roles as data."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("participant role")
        verbose_name_plural = _("participant roles")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name
