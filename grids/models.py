"""The "1+10+X" structure as data: zones, communities, grid tiers, departments, platforms, staff."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """A Chinese name people use every day, and an English one for the English UI."""

    name = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Town(BilingualName):
    code = models.SlugField(_("code"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("town")
        verbose_name_plural = _("towns")


class Zone(BilingualName):
    """A functional zone (功能片区): the "1" that leads in its communities."""

    town = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="zones", verbose_name=_("town"))
    code = models.SlugField(_("code"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("functional zone")
        verbose_name_plural = _("functional zones")
        ordering = ["sort_order", "code"]


class Community(BilingualName):
    """A neighbourhood committee (居委) or a village (村委)."""

    class Kind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood committee")
        VILLAGE = "village", _("Village committee")

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="communities", verbose_name=_("zone"))
    code = models.SlugField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEIGHBOURHOOD)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["zone__sort_order", "code"]


class GridTier(BilingualName):
    """A tier of handling. Data, not a constant: districts merge grids or add a micro tier.

    A higher level is a wider grid: building 1, community 2, town 3 (micro would be 0).
    """

    code = models.SlugField(_("code"), max_length=20, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), unique=True)
    target_days = models.PositiveSmallIntegerField(
        _("target days"), default=15, help_text=_("How long a matter may stay at this tier before it is late.")
    )

    BUILDING = "building"
    COMMUNITY = "community"
    TOWN = "town"

    class Meta:
        verbose_name = _("grid tier")
        verbose_name_plural = _("grid tiers")
        ordering = ["level"]


class Grid(BilingualName):
    """A grid: a node of the tree town grid > community grid > building grid."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    tier = models.ForeignKey(GridTier, on_delete=models.PROTECT, related_name="grids", verbose_name=_("tier"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent grid")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="grids", verbose_name=_("community")
    )

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["code"]


class Department(BilingualName):
    """One of the ten departments (the "10")."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    # A station of a district bureau in the town (派出所, 司法所, 市场监管所): the level above it is the
    # district bureau, so a review of its answer is decided outside the town.
    is_district_station = models.BooleanField(
        _("station of a district bureau"),
        default=False,
        help_text=_("Police station, judicial office, market supervision office: reviews go to the district."),
    )

    PETITION_OFFICE = "petition"

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_order", "code"]


class Platform(BilingualName):
    """A place of intake: the reception hall or one of the petition platforms, each with its QR code."""

    class Kind(models.TextChoices):
        HALL = "hall", _("Reception hall")
        DEPARTMENT = "department", _("Department platform")
        COMMUNITY = "community", _("Community platform")

    code = models.CharField(
        _("public code"),
        max_length=12,
        unique=True,
        help_text=_("Short and stable: it is printed in the platform's QR link and must never change."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platforms",
        verbose_name=_("department"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platforms",
        verbose_name=_("community"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("intake platform")
        verbose_name_plural = _("intake platforms")
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                name="platform_kind_matches_owner",
                condition=(
                    Q(kind="hall", department__isnull=True, community__isnull=True)
                    | Q(kind="department", department__isnull=False, community__isnull=True)
                    | Q(kind="community", community__isnull=False, department__isnull=True)
                ),
                violation_error_message=_(
                    "A hall belongs to no one, a department platform to a department, "
                    "a community platform to a community."
                ),
            ),
        ]


class Role(models.TextChoices):
    """Staff roles. Each maps to a Django group of the same code (grids.roles)."""

    RECEPTION = "reception", _("Reception hall staff")
    PETITION_OFFICE = "petition_office", _("Petition office")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    GRID_WORKER = "grid_worker", _("Grid worker")
    MEDIATOR = "mediator", _("Mediator")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("Law-enforcement officer")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    PETITION_AGENT = "petition_agent", _("Petition agent")
    TOWN_LEADER = "town_leader", _("Town office leader")
    ADMINISTRATOR = "administrator", _("Administrator")


# Which of a profile's places a role needs; checked by the constraint below and by the admin.
ROLES_NEEDING_DEPARTMENT = [Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_HEAD, Role.ENFORCEMENT_OFFICER]
ROLES_NEEDING_COMMUNITY = [Role.GRID_WORKER, Role.COMMUNITY_STAFF]


class StaffProfile(models.Model):
    """What the portal knows about a member of staff beyond their login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("department")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("community")
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("grid")
    )
    platform = models.ForeignKey(
        Platform,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("default intake platform"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            models.CheckConstraint(
                name="staff_department_role_has_department",
                condition=~Q(role__in=ROLES_NEEDING_DEPARTMENT) | Q(department__isnull=False),
                violation_error_message=_("This role needs a department."),
            ),
            models.CheckConstraint(
                name="staff_grid_role_has_community",
                condition=~Q(role__in=ROLES_NEEDING_COMMUNITY) | Q(community__isnull=False),
                violation_error_message=_("This role needs a community."),
            ),
        ]

    def __str__(self) -> str:
        full = self.user.get_full_name() or self.user.get_username()
        return f"{full} ({self.get_role_display()})"
