"""The town's working-day calendar: each year's holiday notice, its rest days and make-up working days, and the
record of every change to them. Every clock of the portal counts days on it (core.calendar reads it)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HolidayNotice(models.Model):
    """The State Council's yearly notice (部分节假日安排的通知) as the town entered it.

    A year with a notice rests on the days it lists and works on the rest, weekends excepted, and on the
    make-up working days it lists; a year without one rests on weekends and the fixed statutory holidays.
    """

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by the town")
        PACKAGE = "package", _("Loaded from the chinesecalendar package")

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(
        _("notice"), max_length=200, help_text=_("e.g. 国务院办公厅关于2027年部分节假日安排的通知")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENTERED)

    class Meta:
        verbose_name = _("holiday notice")
        verbose_name_plural = _("holiday notices")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class CalendarDay(models.Model):
    """A day the notice makes a rest day (放假) or a make-up working day (调休上班日)."""

    class Kind(models.TextChoices):
        REST = "rest", _("Rest day (holiday)")
        WORK = "work", _("Make-up working day (调休上班)")

    notice = models.ForeignKey(HolidayNotice, on_delete=models.CASCADE, related_name="days", verbose_name=_("notice"))
    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("holiday"), max_length=50, blank=True, help_text=_("e.g. 春节"))

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"

    @property
    def is_workday(self) -> bool:
        return self.kind == self.Kind.WORK

    def clean(self):
        if self.notice_id and self.day and self.day.year != self.notice.year:
            raise ValidationError({"day": _("This day is not in the notice's year.")})


class CalendarChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The calendar's change record is append-only.")

    def delete(self):
        raise PermissionError("The calendar's change record is append-only.")


class CalendarChange(models.Model):
    """One change of the calendar: who, when, what, the values before and after. Append-only."""

    class Action(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
        help_text=_("Empty when a command or the code made the change."),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    what = models.CharField(_("what"), max_length=100)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    objects = CalendarChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("The calendar's change record is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The calendar's change record is append-only.")
