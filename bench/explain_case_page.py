"""The case page's main query: how many joins, and PostgreSQL's planning and execution time for it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhuanqiao_bench_intake TESTING=1 \\
        python bench/explain_case_page.py [--user petition] [--runs 40]

Runs EXPLAIN (ANALYZE) on the query case_for_page makes for the first case, as the given user, and prints
the medians. Any migrated database with the demo staff and a case will do (bench/bench_intake.py leaves one).
"""

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuanqiao.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", default="petition")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models.query import QuerySet

    from cases.models import Case
    from cases.selectors.handling import case_for_page

    user = get_user_model().objects.get(username=args.user)
    pk = Case.objects.order_by("pk").values_list("pk", flat=True).first()
    captured: list[QuerySet] = []
    real_get = QuerySet.get

    def spy(self, *a, **k):  # the page's main query is its one .get() on the cases
        if self.model is Case and not captured:
            captured.append(self.filter(*a, **k))
        return real_get(self, *a, **k)

    QuerySet.get = spy
    try:
        case_for_page(user, pk)
    finally:
        QuerySet.get = real_get
    sql, params = captured[0].query.sql_with_params()
    planning, execution = [], []
    with connection.cursor() as cursor:
        for _ in range(args.runs):
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            plan = (plan if isinstance(plan, list) else json.loads(plan))[0]
            planning.append(plan["Planning Time"])
            execution.append(plan["Execution Time"])
    print(f"joins {sql.count(' JOIN ')}")
    print(f"planning ms median {statistics.median(planning):.2f}")
    print(f"execution ms median {statistics.median(execution):.2f}")


if __name__ == "__main__":
    main()
