"""The daily digest per department: due soon, overdue, new today. Two aggregates, one recipient query."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.calendar import day_start
from core.site import absolute
from grids.models import Department, Role, StaffProfile
from notifications.models import Notification
from notifications.services import queue_delivery

from ..models import WORK_STATUSES, Case, Category
from ..policy import accuses

FIGURES = ("overdue", "soon", "new")


def digests_send(*, today: date | None = None) -> int:
    """Write today's digest for every department's officers and head. A second run writes nothing."""
    today = today or timezone.localdate()
    start = day_start(today)
    soon = today + timedelta(days=settings.CASE_DUE_SOON_DAYS)
    open_work = Q(status__in=WORK_STATUSES)
    counts = {
        "overdue": Count("pk", filter=open_work & Q(due_on__lt=today)),
        "soon": Count("pk", filter=open_work & Q(due_on__gte=today, due_on__lte=soon)),
        "new": Count("pk", filter=Q(routed_at__gte=start, routed_at__lt=start + timedelta(days=1))),
    }
    led = Case.objects.filter(lead_department__isnull=False)
    figures = {row["lead_department"]: row for row in led.values("lead_department").annotate(**counts)}
    # A report of misconduct is no one's figure who may not see it: the accused read their digest too.
    reports = list(
        led.filter(category=Category.MISCONDUCT)
        .values("lead_department", "accused_user", "accused_department")
        .annotate(**counts)
    )
    departments = {d.pk: d for d in Department.objects.filter(is_active=True)}
    people = StaffProfile.objects.filter(
        department__in=departments.keys(),
        role__in=[Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_HEAD],
        user__is_active=True,
    ).select_related("user")
    notes = []
    with override(settings.LANGUAGE_CODE):
        for profile in people:
            f = dict.fromkeys(FIGURES, 0) | figures.get(profile.department_id, {})
            for row in reports:
                report = Case(
                    category=Category.MISCONDUCT,
                    accused_user_id=row["accused_user"],
                    accused_department_id=row["accused_department"],
                )
                if row["lead_department"] == profile.department_id and accuses(
                    report, user_id=profile.user_id, department_id=profile.department_id
                ):
                    f = {k: f[k] - row[k] for k in FIGURES}
            department = departments[profile.department_id]
            title = _("%(department)s today: %(overdue)d overdue, %(soon)d due soon, %(new)d new") % {
                "department": department.name,
                **{k: f[k] for k in FIGURES},
            }
            body = _("Open your queue: %(link)s") % {"link": absolute(reverse("handling:queue"))}
            channels = [Notification.Channel.IN_APP] + ([Notification.Channel.EMAIL] if profile.user.email else [])
            for channel in channels:
                notes.append(
                    Notification(
                        channel=channel,
                        state=Notification.State.SENT
                        if channel == Notification.Channel.IN_APP
                        else Notification.State.PENDING,
                        sent_at=timezone.now() if channel == Notification.Channel.IN_APP else None,
                        kind=Notification.Kind.DIGEST,
                        recipient=profile.user,
                        title=title[:200],
                        body=body,
                        dedupe_key=f"digest:{today.isoformat()}:{profile.user_id}:{channel}",
                    )
                )
    with transaction.atomic():
        keys = [n.dedupe_key for n in notes]
        existing = set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        fresh = [n for n in notes if n.dedupe_key not in existing]
        Notification.objects.bulk_create(fresh, ignore_conflicts=True)
        created = list(
            Notification.objects.filter(
                dedupe_key__in=[n.dedupe_key for n in fresh], state=Notification.State.PENDING
            ).values_list("pk", flat=True)
        )
        queue_delivery(created)
    return len(fresh)
