"""Shared by the benchmarks: a database of their own, migrated, with the demo town's structure."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zhuanqiao_bench"


def setup() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("TESTING", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuanqiao.settings")
    sys.path.insert(0, str(ROOT))
    _create_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from demo.structure import build_staff, build_structure

    build_structure()
    build_staff()


def _create_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    base, name = url.rsplit("/", 1)
    conn = psycopg2.connect(base + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()
