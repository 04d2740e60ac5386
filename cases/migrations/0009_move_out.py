# The outbox moved to the notifications app and the dashboard's rollup to the dashboard app. Their tables
# stay as they are (each model keeps its db_table): this migration only forgets them in the cases app's
# state; notifications 0001 and dashboard 0001 take them over, also in state only. No SQL runs here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_dashboard_department_pairs'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Notification'),
                migrations.DeleteModel(name='DashboardCount'),
                migrations.DeleteModel(name='DashboardMonthCount'),
                migrations.DeleteModel(name='DashboardDirtyDay'),
                migrations.DeleteModel(name='DashboardPersonDay'),
                migrations.DeleteModel(name='DashboardSubjectDay'),
            ],
            database_operations=[],
        ),
    ]
