# The outbox knows no domain: a notification's case and reminder become one generic reference, its
# subject (a content type and an id). A reminder notification's subject is its reminder row, a message
# to a petitioner's is the case; digests have none. Every row keeps what it pointed at.

import django.db.models.deletion
from django.db import migrations, models

TABLE = "cases_notification"


def _type_id(apps, model: str) -> int:
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="cases", model=model)[0].pk


def to_subject(apps, schema_editor):
    reminder, case = _type_id(apps, "reminder"), _type_id(apps, "case")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET subject_type_id = %s, subject_id = reminder_id WHERE reminder_id IS NOT NULL",
            [reminder],
        )
        cursor.execute(
            f"UPDATE {TABLE} SET subject_type_id = %s, subject_id = case_id "
            "WHERE reminder_id IS NULL AND case_id IS NOT NULL",
            [case],
        )


def from_subject(apps, schema_editor):
    reminder, case = _type_id(apps, "reminder"), _type_id(apps, "case")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET reminder_id = subject_id, "
            "case_id = (SELECT r.case_id FROM cases_reminder r WHERE r.id = subject_id) WHERE subject_type_id = %s",
            [reminder],
        )
        cursor.execute(f"UPDATE {TABLE} SET case_id = subject_id WHERE subject_type_id = %s", [case])


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='subject_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='about (id)'),
        ),
        migrations.AddField(
            model_name='notification',
            name='subject_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='about (type)'),
        ),
        migrations.RunPython(to_subject, from_subject),
        migrations.RemoveConstraint(
            model_name='notification',
            name='notification_once_per_reminder',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='case',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='reminder',
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.UniqueConstraint(condition=models.Q(('recipient__isnull', False), ('subject_id__isnull', False)), fields=('subject_type', 'subject_id', 'recipient', 'channel'), name='notification_once_per_subject'),
        ),
    ]
