"""The day the current tier's target time ends, stored so queues and reminder sweeps can use it in SQL."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

BATCH = 500


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    batch = []
    cases = Case.objects.filter(tier_due_on__isnull=True, tier_entered_at__isnull=False).select_related("tier")
    for case in cases.iterator(chunk_size=BATCH):
        case.tier_due_on = timezone.localdate(case.tier_entered_at) + timedelta(days=case.tier.target_days)
        batch.append(case)
        if len(batch) >= BATCH:
            Case.objects.bulk_update(batch, ["tier_due_on"])
            batch = []
    if batch:
        Case.objects.bulk_update(batch, ["tier_due_on"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_backfill_clock")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="tier_due_on",
            field=models.DateField(blank=True, null=True, verbose_name="tier target date"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
