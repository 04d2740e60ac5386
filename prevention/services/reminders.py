"""Reminders of screening reviews and meeting actions, each exactly once.

Like the case reminders (cases/reminders/sweep.py): a ledger row per item and due date, inserted with its
unique constraint guarding (ON CONFLICT DO NOTHING) and tagged with this run's token; then one notification
per ledger row this run created. A fixed number of statements whatever the number of items.
"""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from notifications.services import messages_muted

from ..models import ActionReminder, MeetingAction, RiskItem, RiskReminder
from .meetings import NOTIFICATION_KIND


@dataclass
class PreventionSweep:
    reviews: int
    actions: int


def _notify(rows, recipient_of, model) -> None:
    now = timezone.now()
    kind = ContentType.objects.get_for_model(model)
    Notification.objects.bulk_create(
        [
            Notification(
                channel=Notification.Channel.IN_APP,
                state=Notification.State.SENT,
                sent_at=now,
                kind=NOTIFICATION_KIND,
                recipient_id=recipient_of(row),
                subject_type=kind,
                subject_id=row.pk,
            )
            for row in rows
        ],
        ignore_conflicts=True,
    )


def prevention_reminders_sweep(*, today: date | None = None) -> PreventionSweep:
    """Remind each follower of a review due (on the day, or caught up later) and each owner of an action
    due soon or overdue, once per due date. Safe to run any number of times, also at once."""
    today = today or timezone.localdate()
    token = secrets.token_hex(8)
    if messages_muted():
        return PreventionSweep(0, 0)
    soon = today + timedelta(days=int(settings.ACTION_REMINDER_DAYS_BEFORE))
    with transaction.atomic():
        due_items = RiskItem.objects.filter(status=RiskItem.Status.OPEN, next_review_on__lte=today).values_list(
            "pk", "next_review_on"
        )
        RiskReminder.objects.bulk_create(
            [RiskReminder(item_id=pk, due_on=due, sweep=token) for pk, due in due_items], ignore_conflicts=True
        )
        reviews = list(RiskReminder.objects.filter(sweep=token).select_related("item"))
        _notify(reviews, lambda r: r.item.follower_id, RiskReminder)

        due_actions = MeetingAction.objects.filter(status=MeetingAction.Status.OPEN, due_on__lte=soon).values_list(
            "pk", "due_on"
        )
        ActionReminder.objects.bulk_create(
            [ActionReminder(action_id=pk, due_on=due, sweep=token) for pk, due in due_actions], ignore_conflicts=True
        )
        actions = list(ActionReminder.objects.filter(sweep=token).select_related("action"))
        _notify(actions, lambda r: r.action.owner_id, ActionReminder)
    return PreventionSweep(len(reviews), len(actions))
