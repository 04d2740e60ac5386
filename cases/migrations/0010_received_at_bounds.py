# The time received gets database bounds (2000 to 2099, in UTC with a day to spare). A row outside them,
# typed before the bounds existed (year 0001 or 9999), broke every list it appeared in; it is repaired
# first, to the moment the row was written, so the constraint can be added. Plain SQL on the tables as
# they are here: no live code is imported.

import datetime

from django.db import migrations, models

FLOOR = datetime.datetime(1999, 12, 31, tzinfo=datetime.timezone.utc)
CEILING = datetime.datetime(2100, 1, 2, tzinfo=datetime.timezone.utc)


def repair_out_of_range(apps, schema_editor):
    connection = schema_editor.connection
    floor = connection.ops.adapt_datetimefield_value(FLOOR)
    ceiling = connection.ops.adapt_datetimefield_value(CEILING)
    outside = "({column} < %s OR {column} >= %s)"
    with connection.cursor() as cursor:
        # The registration event and the tier's start were written with the same time received.
        cursor.execute(
            "UPDATE cases_caseevent SET at = (SELECT c.created_at FROM cases_case c WHERE c.id = cases_caseevent.case_id)"
            f" WHERE {outside.format(column='at')}",
            [floor, ceiling],
        )
        cursor.execute(
            f"UPDATE cases_case SET tier_entered_at = created_at WHERE {outside.format(column='tier_entered_at')}",
            [floor, ceiling],
        )
        cursor.execute(
            f"UPDATE cases_case SET received_at = created_at WHERE {outside.format(column='received_at')}",
            [floor, ceiling],
        )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_move_out'),
    ]

    operations = [
        migrations.RunPython(repair_out_of_range, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(
                condition=models.Q(('received_at__gte', FLOOR), ('received_at__lt', CEILING)),
                name='case_received_at_in_range',
                violation_error_message='The time received must lie between 2000 and 2099.',
            ),
        ),
    ]
