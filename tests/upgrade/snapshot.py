"""What an upgrade must keep, read in raw SQL so the old and the new code read it alike; JSON to $UPGRADE_SNAPSHOT_OUT.

Run inside a project tree: python manage.py shell -c "exec(open('/abs/path/snapshot.py').read())"
"""

import json
import os
from collections import Counter
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import setup_test_environment
from django.utils import timezone

# Kept byte-identical by the restructuring; a literal, as URL names and namespaces may move.
EXPORT_URL = "/dashboard/export.csv"
NOTIFICATION_FIELDS = (
    "id, channel, kind, state, recipient_id, address, title, body, dedupe_key, sent_at, read_at, attempts"
)


def rows(sql: str, params=()) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def table(name: str) -> list[dict]:
    return rows(f"SELECT * FROM {connection.ops.quote_name(name)} ORDER BY id")  # noqa: S608


def notifications() -> list[dict]:
    columns = {
        r["column_name"]
        for r in rows(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'cases_notification'"
            " AND table_schema = current_schema()"
        )
    }
    if "subject_type_id" not in columns:
        return rows(f"SELECT {NOTIFICATION_FIELDS}, case_id, reminder_id FROM cases_notification ORDER BY id")  # noqa: S608
    return rows(
        f"SELECT {', '.join('n.' + f for f in NOTIFICATION_FIELDS.split(', '))},"  # noqa: S608
        " CASE WHEN ct.model = 'case' THEN n.subject_id WHEN ct.model = 'reminder' THEN r.case_id END AS case_id,"
        " CASE WHEN ct.model = 'reminder' THEN n.subject_id END AS reminder_id"
        " FROM cases_notification n LEFT JOIN django_content_type ct"
        " ON ct.id = n.subject_type_id AND ct.app_label = 'cases' AND ct.model IN ('case', 'reminder')"
        " LEFT JOIN cases_reminder r ON ct.model = 'reminder' AND r.id = n.subject_id ORDER BY n.id"
    )


def permissions() -> dict:
    grants = rows(
        "SELECT g.name AS holder, ct.model, p.codename FROM auth_group g"
        " JOIN auth_group_permissions gp ON gp.group_id = g.id JOIN auth_permission p ON p.id = gp.permission_id"
        " JOIN django_content_type ct ON ct.id = p.content_type_id"
    )
    users = rows(
        "SELECT u.username AS holder, ct.model, p.codename FROM auth_user u JOIN auth_permission p"
        " ON p.id IN (SELECT permission_id FROM auth_user_user_permissions WHERE user_id = u.id UNION"
        " SELECT gp.permission_id FROM auth_user_groups ug JOIN auth_group_permissions gp ON gp.group_id = ug.group_id"
        " WHERE ug.user_id = u.id) JOIN django_content_type ct ON ct.id = p.content_type_id"
    )

    def by_holder(grant_rows: list[dict], holders: list[dict]) -> dict:
        held = {h["name"]: set() for h in holders}
        for g in grant_rows:
            held[g["holder"]].add((g["model"], g["codename"]))
        return {name: sorted(pairs) for name, pairs in held.items()}

    return {
        "groups": by_holder(grants, rows("SELECT name FROM auth_group")),
        "users": by_holder(users, rows("SELECT username AS name FROM auth_user")),
        "content_types": [
            [r["model"], r["n"]]
            for r in rows(
                "SELECT ct.model, count(p.id) AS n FROM django_content_type ct"
                " LEFT JOIN auth_permission p ON p.content_type_id = ct.id GROUP BY ct.id, ct.model ORDER BY 1, 2"
            )
        ],
    }


def dashboard() -> dict:
    # The period comes from the data, never from today, so both runs read the same one.
    received = [timezone.localdate(r["received_at"]) for r in rows("SELECT received_at FROM cases_case")]
    busiest = Counter(d.replace(day=1) for d in received).most_common(1)[0][0]
    month_end = (busiest + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    periods = {"year": (date(busiest.year, 1, 1), date(busiest.year, 12, 31)), "month": (busiest, month_end)}
    exports = {}
    for username in ("leader", "head"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for period, (start, end) in periods.items():
            query = {"period": "custom", "from": start.isoformat(), "to": end.isoformat()}
            before = timezone.localtime()
            response = client.get(EXPORT_URL, query)
            text = response.content.decode()
            # The "Exported at" line is the one cell that is the clock's, not the data's.
            moment = before.replace(second=0, microsecond=0)
            while moment <= timezone.localtime():
                text = text.replace(moment.strftime("%Y-%m-%d %H:%M"), "<exported at>")
                moment += timedelta(minutes=1)
            exports[f"{username} {period} {start}..{end}"] = {
                "status": response.status_code,
                "filename": response.get("Content-Disposition"),
                "csv": text,
            }
    return exports


def snapshot() -> dict:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
    counts = {t: rows(f"SELECT count(*) AS n FROM {connection.ops.quote_name(t)}")[0]["n"] for t in tables}  # noqa: S608
    return {
        "row_counts": counts,
        "cases_case": table("cases_case"),
        "cases_caseevent": table("cases_caseevent"),
        "cases_reminder": table("cases_reminder"),
        "notifications": notifications(),
        "permissions": permissions(),
        "dashboard": dashboard(),
    }


setup_test_environment()
# Logging in writes sessions and last_login: roll everything back so the snapshot changes nothing.
with transaction.atomic():
    result = snapshot()
    transaction.set_rollback(True)
with open(os.environ["UPGRADE_SNAPSHOT_OUT"], "w", encoding="utf-8") as out:
    json.dump(result, out, default=str, ensure_ascii=False, indent=1, sort_keys=True)
