# The outbox's table was created by the cases app (cases 0004) and keeps its name, cases_notification:
# this migration takes the model over in state only (no SQL), exactly as the table stands, and moves its
# content type, so the permissions and admin history that point at it follow. 0002 then makes it
# domain-free.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=target, model="notification").exists():
        types.filter(app_label=source, model="notification").update(app_label=target)


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "cases", "notifications")


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "notifications", "cases")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0009_move_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('in_app', 'In the portal'), ('email', 'E-mail'), ('sms', 'SMS')], max_length=10, verbose_name='channel')),
                        ('state', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Gave up')], default='pending', max_length=10, verbose_name='state')),
                        ('kind', models.CharField(choices=[('reminder', 'Deadline reminder'), ('escalation', 'Escalation suggestion'), ('digest', 'Daily digest'), ('resident', 'Message to the petitioner')], max_length=12, verbose_name='kind')),
                        ('address', models.CharField(blank=True, max_length=254, verbose_name='address')),
                        ('title', models.CharField(blank=True, max_length=200, verbose_name='title')),
                        ('body', models.TextField(blank=True, max_length=2000, verbose_name='text')),
                        ('dedupe_key', models.CharField(blank=True, max_length=120, null=True, unique=True, verbose_name='dedupe key')),
                        ('sweep', models.CharField(blank=True, db_index=True, editable=False, max_length=32, verbose_name='sweep')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='next attempt')),
                        ('last_error', models.CharField(blank=True, max_length=500, verbose_name='last error')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case', verbose_name='case')),
                        ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
                        ('reminder', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='cases.reminder', verbose_name='reminder')),
                    ],
                    options={
                        'db_table': 'cases_notification',
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [
                            models.Index(fields=['state', 'next_attempt_at'], name='notification_due'),
                            models.Index(fields=['recipient', 'channel', 'read_at'], name='notification_inbox'),
                        ],
                        'constraints': [
                            models.UniqueConstraint(condition=models.Q(('reminder__isnull', False)), fields=('reminder', 'recipient', 'channel'), name='notification_once_per_reminder'),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
