# The dashboard's rollup tables were created by the cases app (cases 0005-0008) and keep their names:
# this migration takes the models over in state only (no SQL), and moves their content types, so the
# permissions and admin history that point at them follow.

from django.db import migrations, models

MOVED = ["dashboardcount", "dashboardmonthcount", "dashboarddirtyday", "dashboardpersonday", "dashboardsubjectday"]


def _move_content_types(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label=target, model=model).exists():
            types.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "cases", "dashboard")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "dashboard", "cases")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0009_move_out'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DashboardDirtyDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(unique=True, verbose_name='day received')),
                        ('generation', models.BigIntegerField(default=1, verbose_name='generation')),
                    ],
                    options={
                        'verbose_name': 'dashboard day to recount',
                        'verbose_name_plural': 'dashboard days to recount',
                        'db_table': 'cases_dashboarddirtyday',
                    },
                ),
                migrations.CreateModel(
                    name='DashboardCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('all', 'Whole town'), ('channel', 'Channel'), ('platform', 'Intake platform'), ('department', 'Lead department'), ('community', 'Community'), ('resolved_tier', 'Resolved at tier'), ('dept.channel', 'Lead department and channel'), ('dept.platform', 'Lead department and intake platform'), ('dept.community', 'Lead department and community'), ('dept.tier', 'Lead department and tier resolved at')], max_length=16, verbose_name='dimension')),
                        ('value', models.CharField(blank=True, max_length=40, verbose_name='value')),
                        ('received', models.PositiveIntegerField(default=0)),
                        ('not_accepted', models.PositiveIntegerField(default=0)),
                        ('routed', models.PositiveIntegerField(default=0)),
                        ('transfer_on_time', models.PositiveIntegerField(default=0)),
                        ('transfer_late', models.PositiveIntegerField(default=0)),
                        ('response_on_time', models.PositiveIntegerField(default=0)),
                        ('response_late', models.PositiveIntegerField(default=0)),
                        ('accepted', models.PositiveIntegerField(default=0)),
                        ('reply_on_time', models.PositiveIntegerField(default=0)),
                        ('reply_late', models.PositiveIntegerField(default=0)),
                        ('answered', models.PositiveIntegerField(default=0)),
                        ('closed', models.PositiveIntegerField(default=0)),
                        ('rated', models.PositiveIntegerField(default=0)),
                        ('satisfied', models.PositiveIntegerField(default=0)),
                        ('not_satisfied', models.PositiveIntegerField(default=0)),
                        ('repeat', models.PositiveIntegerField(default=0)),
                        ('group_visit', models.PositiveIntegerField(default=0)),
                        ('level_skipping', models.PositiveIntegerField(default=0)),
                        ('group_people', models.PositiveIntegerField(default=0)),
                        ('day', models.DateField(verbose_name='day received')),
                    ],
                    options={
                        'verbose_name': 'dashboard count',
                        'verbose_name_plural': 'dashboard counts',
                        'db_table': 'cases_dashboardcount',
                        'constraints': [models.UniqueConstraint(fields=('day', 'kind', 'value'), name='dashboard_count_once')],
                    },
                ),
                migrations.CreateModel(
                    name='DashboardMonthCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('all', 'Whole town'), ('channel', 'Channel'), ('platform', 'Intake platform'), ('department', 'Lead department'), ('community', 'Community'), ('resolved_tier', 'Resolved at tier'), ('dept.channel', 'Lead department and channel'), ('dept.platform', 'Lead department and intake platform'), ('dept.community', 'Lead department and community'), ('dept.tier', 'Lead department and tier resolved at')], max_length=16, verbose_name='dimension')),
                        ('value', models.CharField(blank=True, max_length=40, verbose_name='value')),
                        ('received', models.PositiveIntegerField(default=0)),
                        ('not_accepted', models.PositiveIntegerField(default=0)),
                        ('routed', models.PositiveIntegerField(default=0)),
                        ('transfer_on_time', models.PositiveIntegerField(default=0)),
                        ('transfer_late', models.PositiveIntegerField(default=0)),
                        ('response_on_time', models.PositiveIntegerField(default=0)),
                        ('response_late', models.PositiveIntegerField(default=0)),
                        ('accepted', models.PositiveIntegerField(default=0)),
                        ('reply_on_time', models.PositiveIntegerField(default=0)),
                        ('reply_late', models.PositiveIntegerField(default=0)),
                        ('answered', models.PositiveIntegerField(default=0)),
                        ('closed', models.PositiveIntegerField(default=0)),
                        ('rated', models.PositiveIntegerField(default=0)),
                        ('satisfied', models.PositiveIntegerField(default=0)),
                        ('not_satisfied', models.PositiveIntegerField(default=0)),
                        ('repeat', models.PositiveIntegerField(default=0)),
                        ('group_visit', models.PositiveIntegerField(default=0)),
                        ('level_skipping', models.PositiveIntegerField(default=0)),
                        ('group_people', models.PositiveIntegerField(default=0)),
                        ('month', models.DateField(verbose_name='month (its first day)')),
                    ],
                    options={
                        'verbose_name': 'dashboard monthly count',
                        'verbose_name_plural': 'dashboard monthly counts',
                        'db_table': 'cases_dashboardmonthcount',
                        'constraints': [models.UniqueConstraint(fields=('month', 'kind', 'value'), name='dashboard_month_count_once')],
                    },
                ),
                migrations.CreateModel(
                    name='DashboardPersonDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(verbose_name='day received')),
                        ('petitioner_id', models.BigIntegerField(verbose_name='petitioner')),
                        ('cases', models.PositiveIntegerField(default=0)),
                        ('back2_day', models.DateField(blank=True, null=True, verbose_name='day of the case two before')),
                    ],
                    options={
                        'verbose_name': 'dashboard petitioner count',
                        'verbose_name_plural': 'dashboard petitioner counts',
                        'db_table': 'cases_dashboardpersonday',
                        'indexes': [models.Index(condition=models.Q(('back2_day__isnull', False)), fields=['day'], include=('petitioner_id', 'back2_day'), name='dashboard_person_back2'), models.Index(fields=['petitioner_id', 'day'], include=('cases',), name='dashboard_person_days')],
                        'constraints': [models.UniqueConstraint(fields=('day', 'petitioner_id'), name='dashboard_person_day_once')],
                    },
                ),
                migrations.CreateModel(
                    name='DashboardSubjectDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(verbose_name='day received')),
                        ('community_id', models.BigIntegerField(verbose_name='community')),
                        ('subject_id', models.BigIntegerField(verbose_name='subject')),
                        ('cases', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'verbose_name': 'dashboard subject count',
                        'verbose_name_plural': 'dashboard subject counts',
                        'db_table': 'cases_dashboardsubjectday',
                        'constraints': [models.UniqueConstraint(fields=('day', 'community_id', 'subject_id'), name='dashboard_subject_day_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
