"""Telling staff at once when something happens to them: a case routed to their department, an extension
to approve, a review to decide, a web submission or an objection to triage.

Each notice is a row of the outbox per person and channel (the bell always, e-mail when the person has an
address, as the reminder sweep does), written in the transaction of the change and about its timeline
event, so it reads in each reader's language (cases/reminders/texts.py) and an event never notifies anyone
twice. E-mail goes out after commit (notifications.services.queue_delivery). The accused rule holds: a
report of misconduct never notifies the person or department it accuses.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from grids.models import Role
from notifications.models import Notification
from notifications.services import messages_muted, queue_delivery

from ..models import Case, CaseEvent
from ..policy import accuses, against_petition_office


def _people(who: Q):
    return get_user_model().objects.filter(who, is_active=True).select_related("staff").order_by("pk")


def staff_notified(*, case: Case, event: CaseEvent, who: Q, by: AbstractBaseUser | None = None) -> list[Notification]:
    """Notify the active staff `who` names of `event`: never the person who acted, never the accused."""
    if messages_muted():
        return []
    recipients = []
    for user in _people(who):
        if by is not None and user.pk == by.pk:
            continue
        profile = getattr(user, "staff", None)
        if accuses(case, user_id=user.pk, department_id=profile.department_id if profile else None):
            continue
        recipients.append(user)
    return _written(event, recipients)


def _written(event: CaseEvent, recipients: Iterable[AbstractBaseUser]) -> list[Notification]:
    now = timezone.now()
    event_type = ContentType.objects.get_for_model(CaseEvent)
    rows = []
    for user in recipients:
        common = {"kind": Notification.Kind.CASE_EVENT, "recipient": user, "subject_type": event_type}
        rows.append(
            Notification(
                **common,
                subject_id=event.pk,
                channel=Notification.Channel.IN_APP,
                state=Notification.State.SENT,
                sent_at=now,
                created_at=now,
            )
        )
        if user.email:
            rows.append(Notification(**common, subject_id=event.pk, channel=Notification.Channel.EMAIL, created_at=now))
    written = Notification.objects.bulk_create(rows)
    queue_delivery(n.pk for n in written if n.channel != Notification.Channel.IN_APP)
    return written


# --- Who hears of what ------------------------------------------------------------------------------


def triagers_q(case: Case) -> Q:
    """Whoever triages this case: the petition office, or the town's leaders for a report against it."""
    if against_petition_office(case):
        return Q(staff__role=Role.TOWN_LEADER)
    return Q(staff__role=Role.PETITION_OFFICE)


def notify_routed(*, case: Case, event: CaseEvent, by: AbstractBaseUser | None, people: Iterable) -> None:
    """The departments the case went to (officers and heads) and the people put on it."""
    departments = [case.lead_department_id, *case.assisting_departments.values_list("pk", flat=True)]
    who = Q(staff__department_id__in=departments, staff__role__in=[Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_HEAD]) | Q(
        pk__in=[p.pk for p in people]
    )
    staff_notified(case=case, event=event, who=who, by=by)


def notify_extension_asked(*, case: Case, event: CaseEvent, by: AbstractBaseUser | None) -> None:
    """The head of the lead department, who approves or refuses."""
    who = Q(staff__department_id=case.lead_department_id, staff__role=Role.DEPARTMENT_HEAD)
    staff_notified(case=case, event=event, who=who, by=by)


def notify_review_requested(*, case: Case, event: CaseEvent, by: AbstractBaseUser | None) -> None:
    """Whoever decides reviews of this case (the petition office, the leaders for a report against it)."""
    staff_notified(case=case, event=event, who=triagers_q(case), by=by)


def notify_new_submission(*, case: Case, event: CaseEvent) -> None:
    """A resident's web submission waits for triage: the petition office hears of it at once."""
    staff_notified(case=case, event=event, who=triagers_q(case))


def notify_objection(*, case: Case, event: CaseEvent, by: AbstractBaseUser | None) -> None:
    """A department says the case is not theirs: whoever triages it verifies and agrees or refuses (条例 art. 23)."""
    staff_notified(case=case, event=event, who=triagers_q(case), by=by)
