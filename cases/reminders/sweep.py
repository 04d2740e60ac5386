"""The reminder sweep: set-based SQL, a fixed number of statements whatever the number of cases.

Each clock is one INSERT ... SELECT into the reminder ledger, guarded by its unique constraint
(ON CONFLICT DO NOTHING), so running the sweep twice, or twice at once, sends nothing new. The
reminders a run did create carry its sweep token; a handful of INSERT ... SELECT statements then
write one notification per recipient and channel, all in the same transaction.
"""

import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from grids.models import GridTier, Role, StaffProfile
from notifications.models import Notification

from ..models import Case, CaseAssignment, CaseReview, Clock, Reminder, Status
from ..policy import accused_sql, against_petition_office_sql


@dataclass(frozen=True)
class ClockSource:
    """Where a clock's due date lives and when it runs. The case is `c`; a review is `src`."""

    clock: str
    due_column: str
    where: str
    from_review: bool = False
    # An objection window simply closes: there is nothing to be late for.
    reminds_when_overdue: bool = True


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


CLOCKS = [
    ClockSource(Clock.TRANSFER, "transfer_due_on", f"c.status = '{Status.REGISTERED}'"),
    ClockSource(Clock.ACCEPTANCE, "acceptance_due_on", f"c.status = '{Status.ASSIGNED}'"),
    ClockSource(Clock.OBJECTION, "objection_due_on", f"c.status = '{Status.ASSIGNED}'", reminds_when_overdue=False),
    ClockSource(Clock.REPLY, "reply_due_on", f"c.status = '{Status.IN_PROGRESS}'"),
    ClockSource(
        Clock.REVIEW,
        "due_on",
        f"src.level = 1 AND src.decided_at IS NULL AND c.status = '{Status.UNDER_REVIEW}'",
        from_review=True,
    ),
    ClockSource(
        Clock.REREVIEW,
        "due_on",
        f"src.level = 2 AND src.decided_at IS NULL AND c.status = '{Status.UNDER_REREVIEW}'",
        from_review=True,
    ),
    ClockSource(
        Clock.TIER,
        "tier_due_on",
        f"c.status IN {_in([Status.ASSIGNED, Status.IN_PROGRESS, Status.UNDER_REVIEW, Status.UNDER_REREVIEW])}",
    ),
]


def _days_late_sql(column: str) -> str:
    """SQL for (today - column) in whole days; `today` is the first parameter."""
    if connection.vendor == "postgresql":
        return f"(%s::date - {column})"
    return f"CAST(julianday(%s) - julianday({column}) AS INTEGER)"


def _offset_case_sql(days_late: str, before: list[int]) -> tuple[str, list]:
    """Which reminder a day falls under: windows, so a day the sweep did not run is caught up."""
    whens = [f"WHEN {days_late} >= 1 THEN {days_late}", f"WHEN {days_late} = 0 THEN 0"]
    params_per_when = [2, 1]
    for i, days in enumerate(before):
        upper = -before[i + 1] if i + 1 < len(before) else 0
        whens.append(f"WHEN {days_late} >= {-days} AND {days_late} < {upper} THEN {-days}")
        params_per_when.append(2)
    return "CASE " + " ".join(whens) + " END", params_per_when


@dataclass
class SweepResult:
    sweep: str
    reminders: int
    notifications: int


def reminders_sweep(*, today: date | None = None) -> SweepResult:
    """Create the reminders due today and notify the people responsible. Safe to run any number of times."""
    today = today or timezone.localdate()
    before = sorted({int(d) for d in settings.REMINDER_DAYS_BEFORE if int(d) > 0}, reverse=True)
    token = secrets.token_hex(8)
    now = timezone.now()
    ops = connection.ops
    p_today, p_now = ops.adapt_datefield_value(today), ops.adapt_datetimefield_value(now)
    reminder_t, case_t = Reminder._meta.db_table, Case._meta.db_table
    created = 0
    with transaction.atomic():
        for source in CLOCKS:
            due = f"src.{source.due_column}" if source.from_review else f"c.{source.due_column}"
            days_late = _days_late_sql(due)
            offset_sql, counts = _offset_case_sql(days_late, before)
            lowest = -before[0] if before else 0
            overdue_ok = "" if source.reminds_when_overdue else f" AND {days_late} <= 0"
            if source.from_review:
                from_sql = f"{CaseReview._meta.db_table} src JOIN {case_t} c ON c.id = src.case_id"
            else:
                from_sql = f"{case_t} c"
            # Every fragment is a constant of this module; values travel as parameters.
            sql = (
                f"INSERT INTO {reminder_t} (case_id, clock, due_on, offset_days, sweep, created_at) "  # noqa: S608
                f"SELECT c.id, %s, {due}, {offset_sql}, %s, %s FROM {from_sql} "
                f"WHERE {source.where} AND {due} IS NOT NULL AND {days_late} >= {lowest}{overdue_ok} "
                f"ON CONFLICT (case_id, clock, due_on, offset_days) DO NOTHING"
            )
            params = [source.clock, *([p_today] * sum(counts)), token, p_now, p_today]
            if not source.reminds_when_overdue:
                params.append(p_today)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                created += max(cursor.rowcount, 0)
        notified = _notify(token=token, now=p_now) if created else 0
    return SweepResult(sweep=token, reminders=created, notifications=notified)


def _recipient_selects() -> list[tuple[str, str]]:
    """(join, condition) pairs, each naming a user `u` responsible for reminder `r` of case `c`."""
    staff_t = StaffProfile._meta.db_table
    assignment_t = CaseAssignment._meta.db_table
    tier_t = GridTier._meta.db_table
    town_after = int(settings.REMINDER_TOWN_OFFICE_AFTER_DAYS)
    dept_clocks = _in([Clock.ACCEPTANCE, Clock.OBJECTION, Clock.REPLY])
    office_clocks = _in([Clock.TRANSFER, Clock.REVIEW, Clock.REREVIEW])
    return [
        # The X people assigned to the case.
        (
            f"JOIN {assignment_t} a ON a.case_id = c.id JOIN {staff_t} s ON s.user_id = a.user_id",
            f"r.clock <> '{Clock.TIER}'",
        ),
        # The lead department's officers; its head too once the date has passed.
        (
            f"JOIN {staff_t} s ON s.department_id = c.lead_department_id",
            f"r.clock IN {dept_clocks} AND (s.role = '{Role.DEPARTMENT_OFFICER}' "
            f"OR (s.role = '{Role.DEPARTMENT_HEAD}' AND r.offset_days >= 1))",
        ),
        # The petition office runs transfer and decides reviews.
        (f"JOIN {staff_t} s ON s.role = '{Role.PETITION_OFFICE}'", f"r.clock IN {office_clocks}"),
        # A report against the petition office: the town's leaders take the office's part (triage, reviews),
        # so they hear of the office's clocks on it.
        (
            f"JOIN {staff_t} s ON s.role = '{Role.TOWN_LEADER}'",
            f"r.clock IN {office_clocks} AND {against_petition_office_sql(case='c')}",
        ),
        # Long overdue: the town office hears of it too.
        (
            f"JOIN {staff_t} s ON s.role = '{Role.TOWN_LEADER}'",
            f"r.clock <> '{Clock.TIER}' AND r.offset_days >= {town_after}",
        ),
        # Past the tier's target time: the people of the next tier up are told (escalation suggestion).
        (
            f"JOIN {tier_t} t ON t.id = c.tier_id JOIN {staff_t} s ON "
            f"((t.code = '{GridTier.BUILDING}' AND s.community_id = c.community_id "
            f"AND s.role IN {_in([Role.COMMUNITY_STAFF, Role.GRID_WORKER])}) "
            f"OR (t.code = '{GridTier.COMMUNITY}' AND s.role = '{Role.PETITION_OFFICE}') "
            f"OR (t.code = '{GridTier.TOWN}' AND s.role = '{Role.TOWN_LEADER}'))",
            f"r.clock = '{Clock.TIER}' AND r.offset_days >= 1",
        ),
    ]


def _notify(*, token: str, now) -> int:
    """One notification per (reminder, person, channel): in the portal always, by e-mail when known."""
    user_t = get_user_model()._meta.db_table
    reminder_t, case_t, note_t = Reminder._meta.db_table, Case._meta.db_table, Notification._meta.db_table
    # Never the accused: a misconduct report's reminders skip the accused person and department.
    not_accused = "NOT " + accused_sql(case="c", user_id="u.id", department_id="s.department_id")
    reminder_type = ContentType.objects.get_for_model(Reminder).pk
    kind = (
        f"CASE WHEN r.clock = '{Clock.TIER}' THEN '{Notification.Kind.ESCALATION}' "
        f"ELSE '{Notification.Kind.REMINDER}' END"
    )
    total = 0
    channels = [
        (Notification.Channel.IN_APP, Notification.State.SENT, "TRUE", True),
        (Notification.Channel.EMAIL, Notification.State.PENDING, "u.email <> ''", False),
    ]
    with connection.cursor() as cursor:
        for join, condition in _recipient_selects():
            for channel, state, channel_condition, delivered in channels:
                # A typed parameter, or a plain NULL: an untyped NULL parameter would be text to PostgreSQL.
                sent_at = "%s" if delivered else "NULL"
                # Constant fragments only; the values are parameters.
                sql = (
                    f"INSERT INTO {note_t} (channel, state, kind, recipient_id, address, subject_type_id, subject_id, "  # noqa: S608
                    f"title, body, sweep, created_at, attempts, next_attempt_at, last_error, sent_at) "
                    f"SELECT %s, %s, {kind}, u.id, '', %s, r.id, '', '', %s, %s, 0, %s, '', {sent_at} "
                    f"FROM {reminder_t} r JOIN {case_t} c ON c.id = r.case_id {join} "
                    f"JOIN {user_t} u ON u.id = s.user_id "
                    f"WHERE r.sweep = %s AND u.is_active = %s AND {condition} AND {not_accused} "
                    f"AND {channel_condition} "
                    f"ON CONFLICT DO NOTHING"
                )
                params = [channel, state, reminder_type, token, now, now, *([now] if delivered else []), token, True]
                cursor.execute(sql, params)
                total += max(cursor.rowcount, 0)
    return total
