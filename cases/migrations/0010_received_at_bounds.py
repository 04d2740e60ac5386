# The time received gets database bounds (2000 to 2099, in UTC with a day to spare). A row outside them,
# typed before the bounds existed (year 0001 or 9999), broke every list it appeared in; it is repaired
# first, to the moment the row was written, so the constraint can be added. Plain SQL on the tables as
# they are here: no live code is imported.
#
# SQLite adds a constraint by rebuilding the table, which drops the dashboard's triggers on it and breaks
# those on other tables that name it; they are set aside in a temporary table and put back as they were.

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
        if connection.vendor == "postgresql":
            # The updates queued the deferred foreign-key checks, and PostgreSQL alters no table with
            # checks pending: run them now, before the constraint is added in this same transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def set_triggers_aside(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE cases_0010_triggers AS SELECT name, sql FROM sqlite_master "
            "WHERE type = 'trigger' AND sql LIKE '%cases_case%'"
        )
        cursor.execute("SELECT name FROM cases_0010_triggers")
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER "{name}"')


def put_triggers_back(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM cases_0010_triggers")
        for (sql,) in cursor.fetchall():
            cursor.execute(sql)
        cursor.execute("DROP TABLE cases_0010_triggers")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_move_out'),
    ]

    operations = [
        migrations.RunPython(repair_out_of_range, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(set_triggers_aside, put_triggers_back),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(
                condition=models.Q(('received_at__gte', FLOOR), ('received_at__lt', CEILING)),
                name='case_received_at_in_range',
                violation_error_message='The time received must lie between 2000 and 2099.',
            ),
        ),
        migrations.RunPython(put_triggers_back, set_triggers_aside),
    ]
