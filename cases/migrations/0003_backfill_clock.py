"""Fill the clock's columns of cases registered before the clock existed, from their timeline."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

BATCH = 500


def _day(moment, days):
    return timezone.localdate(moment) + timedelta(days=days) if moment else None


def backfill(apps, schema_editor):
    # Plain calendar days here (no holiday calendar): these cases predate the clock, and a migration
    # must not depend on code that may change; new writes go through cases.handling.clock.
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    first = {}
    for case_id, status, at in (
        CaseEvent.objects.exclude(new_status="").order_by("at", "pk").values_list("case_id", "new_status", "at")
    ):
        first.setdefault((case_id, status), at)
    batch = []
    fields = [
        "tier_entered_at",
        "transfer_due_on",
        "routed_at",
        "acceptance_due_on",
        "accepted_at",
        "reply_due_on",
        "replied_at",
        "answered_at",
        "closed_at",
        "due_on",
    ]
    for case in Case.objects.filter(transfer_due_on__isnull=True).iterator(chunk_size=BATCH):
        case.tier_entered_at = case.tier_entered_at or case.received_at
        case.transfer_due_on = _day(case.received_at, settings.CASE_TRANSFER_DAYS)
        case.routed_at = first.get((case.pk, "assigned"))
        case.acceptance_due_on = _day(case.routed_at, settings.CASE_ACCEPTANCE_NOTICE_DAYS)
        case.accepted_at = first.get((case.pk, "in_progress"))
        case.reply_due_on = _day(case.accepted_at, settings.CASE_REPLY_DAYS)
        case.replied_at = first.get((case.pk, "replied"))
        case.answered_at = case.replied_at
        case.closed_at = first.get((case.pk, "closed"))
        case.due_on = {
            "registered": case.transfer_due_on,
            "assigned": case.acceptance_due_on,
            "in_progress": case.reply_due_on,
        }.get(case.status)
        batch.append(case)
        if len(batch) >= BATCH:
            Case.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        Case.objects.bulk_update(batch, fields)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_handling")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
