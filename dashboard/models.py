"""The dashboard's rollup: cases counted per received day and one dimension, kept exact by a dirty-day ledger.

The tables were created by the cases app before the dashboard became its own; they keep their names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The dimensions the rollup counts by; "all" is the whole town."""

    ALL = "all", _("Whole town")
    CHANNEL = "channel", _("Channel")
    PLATFORM = "platform", _("Intake platform")
    DEPARTMENT = "department", _("Lead department")
    COMMUNITY = "community", _("Community")
    RESOLVED_TIER = "resolved_tier", _("Resolved at tier")
    # One lead department's cases by another dimension; value "<department id>|<value>".
    DEPARTMENT_CHANNEL = "dept.channel", _("Lead department and channel")
    DEPARTMENT_PLATFORM = "dept.platform", _("Lead department and intake platform")
    DEPARTMENT_COMMUNITY = "dept.community", _("Lead department and community")
    DEPARTMENT_TIER = "dept.tier", _("Lead department and tier resolved at")


class Measures(models.Model):
    """The static measures of dashboard.measures, one column each."""

    kind = models.CharField(_("dimension"), max_length=16, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=40, blank=True)

    received = models.PositiveIntegerField(default=0)
    not_accepted = models.PositiveIntegerField(default=0)
    routed = models.PositiveIntegerField(default=0)
    transfer_on_time = models.PositiveIntegerField(default=0)
    transfer_late = models.PositiveIntegerField(default=0)
    response_on_time = models.PositiveIntegerField(default=0)
    response_late = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    reply_on_time = models.PositiveIntegerField(default=0)
    reply_late = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    not_satisfied = models.PositiveIntegerField(default=0)
    repeat = models.PositiveIntegerField(default=0)
    group_visit = models.PositiveIntegerField(default=0)
    level_skipping = models.PositiveIntegerField(default=0)
    group_people = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DashboardCount(Measures):
    """How many cases received on `day` have each static measure, for one value of one dimension.

    kind "all" has one row a day (value ""), the others one row per channel, platform, lead
    department, community or tier resolved at ("" where the case has none), and the "dept.*" kinds one
    row per lead department and value of another dimension; dashboard.cube writes every row.
    """

    Kind = Kind

    day = models.DateField(_("day received"))

    class Meta:
        db_table = "cases_dashboardcount"
        verbose_name = _("dashboard count")
        verbose_name_plural = _("dashboard counts")
        constraints = [models.UniqueConstraint(fields=["day", "kind", "value"], name="dashboard_count_once")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}={self.value}"


class DashboardMonthCount(Measures):
    """The day rows of a calendar month added up: a year is read as twelve of these and the days at its ends."""

    month = models.DateField(_("month (its first day)"))

    class Meta:
        db_table = "cases_dashboardmonthcount"
        verbose_name = _("dashboard monthly count")
        verbose_name_plural = _("dashboard monthly counts")
        constraints = [models.UniqueConstraint(fields=["month", "kind", "value"], name="dashboard_month_count_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind}={self.value}"


class DashboardDirtyDay(models.Model):
    """A mark that the cases received on a day changed since its rollup rows were computed.

    A database trigger on the case table inserts one in the same transaction as the change. Marks are only
    ever inserted (many may name the same day), never updated, so writers on the same day never wait for
    each other's row lock. The refresh deletes the marks committed before it began, in its own transaction,
    and recounts each of their days once; a mark committed while it recounted stays, so that day is counted
    again.
    """

    day = models.DateField(_("day received"), db_index=True)

    class Meta:
        db_table = "cases_dashboarddirtyday"
        verbose_name = _("dashboard day to recount")
        verbose_name_plural = _("dashboard days to recount")

    def __str__(self) -> str:
        return str(self.day)


class DashboardPersonDay(models.Model):
    """How many cases received on `day` name a petitioner, and the day of their case two before the last of them.

    Someone has 3 or more cases from A to B exactly when one of their days from A to B has `back2_day`
    on or after A: the repeat-petitioner warning finds them without adding up every petitioner's window.
    """

    day = models.DateField(_("day received"))
    # Plain ids: a rollup row is recomputed from the cases, never followed like a relation.
    petitioner_id = models.BigIntegerField(_("petitioner"))
    cases = models.PositiveIntegerField(default=0)
    back2_day = models.DateField(_("day of the case two before"), null=True, blank=True)

    class Meta:
        db_table = "cases_dashboardpersonday"
        verbose_name = _("dashboard petitioner count")
        verbose_name_plural = _("dashboard petitioner counts")
        constraints = [models.UniqueConstraint(fields=["day", "petitioner_id"], name="dashboard_person_day_once")]
        indexes = [
            # Third and later cases only: a small index the warning reads first.
            models.Index(
                fields=["day"],
                include=["petitioner_id", "back2_day"],
                condition=models.Q(back2_day__isnull=False),
                name="dashboard_person_back2",
            ),
            models.Index(fields=["petitioner_id", "day"], include=["cases"], name="dashboard_person_days"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.petitioner_id}: {self.cases}"


class DashboardSubjectDay(models.Model):
    """How many cases received on `day` in a community are about a subject: the rising-subject warning reads these."""

    day = models.DateField(_("day received"))
    community_id = models.BigIntegerField(_("community"))
    subject_id = models.BigIntegerField(_("subject"))
    cases = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "cases_dashboardsubjectday"
        verbose_name = _("dashboard subject count")
        verbose_name_plural = _("dashboard subject counts")
        constraints = [
            models.UniqueConstraint(fields=["day", "community_id", "subject_id"], name="dashboard_subject_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.community_id}/{self.subject_id}: {self.cases}"
