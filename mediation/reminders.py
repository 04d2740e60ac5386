"""Reminders of agreement terms coming due: once per term and mediator, through the outbox.

Like the case reminders' sweep, the ledger is a unique rule (the outbox's dedupe key, and its one message per
subject, person and channel), so running the sweep twice, or twice at once, sends nothing new. The subject is
the term; the mediators of its mediation who have a login are told, a few days before the due date.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import queue_delivery

from .models import AgreementTerm, Status


def _texts(term: AgreementTerm) -> tuple[str, str]:
    mediation = term.agreement.mediation
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(number)s: agreement term due %(date)s") % {
            "number": mediation.number,
            "date": formats.date_format(term.due_on),
        }
        body = _("%(who)s: %(term)s. Open the mediation: %(link)s") % {
            "who": term.obligor.name,
            "term": term.text,
            "link": reverse("mediation:detail", args=[mediation.pk]),
        }
    return title[:200], body[:2000]


def term_reminders_sweep(*, today: date | None = None) -> int:
    """Notify the mediators of each unperformed term due within MEDIATION_TERM_REMINDER_DAYS, or overdue."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.MEDIATION_TERM_REMINDER_DAYS)
    pairs = list(
        AgreementTerm.objects.filter(
            performed_on__isnull=True,
            due_on__lte=horizon,
            agreement__mediation__status=Status.AGREED,
            agreement__mediation__mediators__user__isnull=False,
        )
        .values_list("pk", "agreement__mediation__mediators__user")
        .distinct()
    )
    if not pairs:
        return 0
    keys = {f"mediation-term:{term_id}:{user_id}": (term_id, user_id) for term_id, user_id in pairs}
    with transaction.atomic():
        sent_before = set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        new = {k: v for k, v in keys.items() if k not in sent_before}
        terms = AgreementTerm.objects.select_related("agreement__mediation", "obligor").in_bulk(
            {term_id for term_id, _user in new.values()}
        )
        kind = ContentType.objects.get_for_model(AgreementTerm)
        rows = []
        for key, (term_id, user_id) in new.items():
            title, body = _texts(terms[term_id])
            rows.append(
                Notification(
                    channel=Notification.Channel.IN_APP,
                    kind=Notification.Kind.REMINDER,
                    recipient_id=user_id,
                    subject_type=kind,
                    subject_id=term_id,
                    dedupe_key=key,
                    title=title,
                    body=body,
                )
            )
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        queue_delivery(Notification.objects.filter(dedupe_key__in=new).values_list("pk", flat=True))
    return len(new)
