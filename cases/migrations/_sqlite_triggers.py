"""SQLite changes a constraint or adds some columns by rebuilding the table, which drops the dashboard's triggers
on it and breaks those on other tables that name it. A migration that rebuilds a case table sets them aside in a
temporary table first and puts them back as they were after (0010 does the same in its own words). Plain SQL, no
live code: what a migration imports must not change under it."""


def triggers_aside(temp_table: str):
    """The pair of RunPython steps (set aside, put back) keeping the case tables' triggers in `temp_table`."""

    def set_aside(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE {temp_table} AS SELECT name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND sql LIKE '%cases_case%'"
            )
            cursor.execute(f"SELECT name FROM {temp_table}")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')

    def put_back(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT sql FROM {temp_table}")
            for (sql,) in cursor.fetchall():
                cursor.execute(sql)
            cursor.execute(f"DROP TABLE {temp_table}")

    return set_aside, put_back
