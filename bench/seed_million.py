"""Seed up to a million realistic cases in PostgreSQL with set-based SQL (INSERT ... SELECT generate_series).

    python bench/seed_million.py --cases 1000000        # exactly that many (starts again if another number)

Cases spread over three years, received in the order of their ids as in real life, the town busier
now than three years ago (twice as many a day), over the demo town's zones, communities,
grids, departments, subjects, channels and intake platforms, with the statutory clock filled in as
the handling services would: most steps in time, some late, a few stalled; not-accepted matters,
escalations, extensions, replies, ratings, reviews and group visits. People come back: a pool of
regular petitioners brings many cases each, so the repeat-petitioner warning has something to find.
Timeline events are not generated: the dashboard never reads them.

Never the portal's own database: bench/_setup.py gives the benchmark a database of its own.
"""

import argparse
import os
import time

import _setup

DEFAULT_DATABASE = "zhuanqiao_bench_dashboard"
BATCH = 100_000
SPAN_DAYS = 3 * 365
TRACKING_PREFIX = "M"

CHANNELS = [("visit", 0.33), ("web", 0.22), ("phone", 0.2), ("letter", 0.08), ("patrol", 0.12), ("screening", 0.05)]
SUBJECT_WEIGHTS = {
    "neighbour": 0.17,
    "illegal-construction": 0.12,
    "property": 0.16,
    "utilities": 0.09,
    "wages": 0.07,
    "noise": 0.1,
    "housing": 0.08,
    "public-order": 0.06,
    "work-safety": 0.03,
    "market": 0.05,
    "community-services": 0.04,
    "other": 0.03,
}
STORY = {
    "neighbour": (
        "楼上住户阳台堆物，雨天积水渗漏到楼下住户家中，双方多次争吵。",
        "请居委出面协调，清理杂物并修复渗漏。",
    ),
    "illegal-construction": ("一楼住户在绿化带内搭建彩钢板棚，占用公共绿地。", "请求依法拆除违法搭建，恢复绿化。"),
    "property": ("小区物业长期不修电梯，老人上下楼困难。", "请物业尽快维修电梯并公开维修资金使用情况。"),
    "utilities": ("小区停水三天，没有任何通知。", "请求尽快恢复供水并提前公告停水安排。"),
    "wages": ("在附近工地打工，包工头拖欠三个月工资。", "请求帮助追讨拖欠工资。"),
    "noise": ("夜间施工噪声严重，影响休息。", "请求限制夜间施工时间。"),
    "housing": ("老房动迁补偿标准不清楚，多次询问无果。", "请求公开补偿标准并给予书面答复。"),
    "public-order": ("小区门口夜间有人聚集喧哗。", "请求加强巡逻。"),
    "work-safety": ("附近厂房违规堆放易燃物品。", "请求安全检查。"),
    "market": ("超市销售过期食品，投诉无人处理。", "请求市场监管部门查处。"),
    "community-services": ("社区食堂停办，老人吃饭困难。", "请求恢复社区助餐服务。"),
    "other": ("反映的问题涉及多个部门，不知向谁反映。", "请求明确负责部门。"),
}


def _cumulative(weights: list[float]) -> list[float]:
    """Lower bounds for width_bucket: bucket i holds [bounds[i-1], bounds[i])."""
    total = sum(weights)
    bounds, running = [0.0], 0.0
    for w in weights[:-1]:
        running += w / total
        bounds.append(running)
    return bounds


def _reference() -> dict:
    """The demo town's ids as arrays the SQL indexes into (1-based, as PostgreSQL arrays are)."""
    from cases.models import Subject
    from grids.models import Community, Department, Grid, GridTier, Platform

    communities = list(Community.objects.order_by("pk"))
    departments = {d.code: d.pk for d in Department.objects.all()}
    subjects = list(Subject.objects.filter(code__in=SUBJECT_WEIGHTS).order_by("pk"))
    tiers = {t.code: t for t in GridTier.objects.all()}
    grids: list[int] = []
    for community in communities:
        own = list(
            Grid.objects.filter(community=community, tier__code=GridTier.BUILDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        own = (own * 3)[:3] if own else [None, None, None]
        grids.extend(own)
    community_platform = []
    for community in communities:
        platform = Platform.objects.filter(community=community).order_by("pk").first()
        community_platform.append(platform.pk if platform else None)
    # Big communities bring more cases: a smooth spread from 2.0 down to 0.5.
    n = len(communities)
    community_weights = [2.0 - 1.5 * i / max(n - 1, 1) for i in range(n)]
    return {
        "communities": [c.pk for c in communities],
        "community_zones": [c.zone_id for c in communities],
        "community_bounds": _cumulative(community_weights),
        "community_platforms": community_platform,
        "grids": grids,
        "channels": [c for c, _w in CHANNELS],
        "channel_bounds": _cumulative([w for _c, w in CHANNELS]),
        "subjects": [s.pk for s in subjects],
        "subject_bounds": _cumulative([SUBJECT_WEIGHTS[s.code] for s in subjects]),
        "subject_departments": [s.default_department_id for s in subjects],
        "what": [STORY[s.code][0] for s in subjects],
        "ask": [STORY[s.code][1] for s in subjects],
        "departments": sorted(departments.values()),
        "petition_office": departments["petition"],
        "city_ops": departments["city-ops"],
        "hall": Platform.objects.get(code="HALL").pk,
        "platforms": list(
            Platform.objects.exclude(kind=Platform.Kind.HALL).order_by("pk").values_list("pk", flat=True)
        ),
        "department_platforms": list(
            Platform.objects.filter(kind=Platform.Kind.DEPARTMENT).order_by("pk").values_list("pk", flat=True)
        ),
        "tier_building": tiers["building"].pk,
        "tier_community": tiers["community"].pk,
        "tier_town": tiers["town"].pk,
        "tier_days": [tiers["building"].target_days, tiers["community"].target_days, tiers["town"].target_days],
    }


# Every random draw once per row (MATERIALIZED), then the clock derived from them step by step.
CASES_SQL = """
WITH d AS MATERIALIZED (
    SELECT g,
        random() r_t, random() r_hour, random() r_comm, random() r_grid, random() r_ch, random() r_plat,
        random() r_subj, random() r_cat, random() r_dept, random() r_group, random() r_head, random() r_anon,
        random() r_path, random() r_route, random() r_late1, random() r_sign, random() r_late2, random() r_reply,
        random() r_late3, random() r_ext, random() r_extdays, random() r_close, random() r_rate, random() r_sat,
        random() r_review, random() r_tier, random() r_esc, random() r_stall, random() r_outcome, random() r_skip,
        random() r_person
    FROM generate_series(%(lo)s, %(hi)s) g
),
a AS MATERIALIZED (
    SELECT d.*,
        LEAST(
            ((%(today)s::date - floor((2 - sqrt(1 + 3 * (g - 1 + r_t) / %(total)s)) * %(span)s)::int)
                + time '08:30' + r_hour * interval '9 hours')
                AT TIME ZONE 'Asia/Shanghai',
            %(now)s::timestamptz - interval '1 minute'
        ) AS received_at,
        width_bucket(r_comm, %(community_bounds)s::float8[]) AS ci,
        width_bucket(r_subj, %(subject_bounds)s::float8[]) AS si,
        (%(channels)s::text[])[width_bucket(r_ch, %(channel_bounds)s::float8[])] AS channel,
        CASE WHEN r_cat < 0.05 THEN 'misconduct' WHEN r_cat < 0.22 THEN 'suggestion' ELSE 'relief' END AS category,
        CASE WHEN r_ext < 0.1 THEN (ARRAY[15, 20, 30])[1 + floor(r_extdays * 3)::int] ELSE 0 END AS ext_days,
        CASE WHEN r_stall < 0.004 THEN 1 + floor(r_stall / 0.004 * 3)::int ELSE 0 END AS stall
    FROM d
),
b AS MATERIALIZED (
    SELECT a.*,
        (%(communities)s::bigint[])[ci] AS community_id,
        (%(community_zones)s::bigint[])[ci] AS zone_id,
        CASE WHEN r_grid < 0.6 THEN (%(grids)s::bigint[])[(ci - 1) * 3 + 1 + floor(r_grid / 0.2)::int] END AS grid_id,
        (%(subjects)s::bigint[])[si] AS subject_id,
        (%(subject_departments)s::bigint[])[si] AS default_dept,
        CASE
            WHEN channel = 'web'
                THEN (%(platforms)s::bigint[])[1 + floor(r_plat * cardinality(%(platforms)s::bigint[]))::int]
            WHEN channel IN ('patrol', 'screening') OR r_plat < 0.2
                THEN coalesce((%(community_platforms)s::bigint[])[ci], %(hall)s)
            WHEN r_plat < 0.3 THEN (%(department_platforms)s::bigint[])
                [1 + floor((r_plat - 0.2) * 10 * cardinality(%(department_platforms)s::bigint[]))::int]
            ELSE %(hall)s
        END AS platform_id,
        r_path < 0.05 AS not_accepted,
        received_at + (CASE WHEN r_late1 < 0.07 THEN 15.5 + r_route * 12 ELSE 0.1 + r_route * 10 END)
            * interval '1 day' AS t_route
    FROM a
),
c AS MATERIALIZED (
    SELECT b.*,
        CASE WHEN category = 'misconduct' THEN
            CASE WHEN default_dept = %(petition_office)s THEN %(city_ops)s ELSE default_dept END
        END AS accused_department_id,
        CASE
            WHEN category = 'misconduct' THEN %(petition_office)s
            WHEN r_dept < 0.12
                THEN (%(departments)s::bigint[])[1 + floor(r_dept / 0.12 * cardinality(%(departments)s::bigint[]))::int]
            ELSE default_dept
        END AS lead_department_id,
        CASE
            WHEN grid_id IS NOT NULL AND r_tier < 0.75 THEN 1
            WHEN r_tier < 0.8 THEN 2
            ELSE 3
        END AS tier_level0,
        received_at + (1 + r_route * 7) * interval '1 day' AS t_not_accepted,
        CASE WHEN stall = 1 THEN NULL ELSE t_route END AS t_route_done,
        t_route + (CASE WHEN r_late2 < 0.06 THEN 15.5 + r_sign * 10 ELSE 0.1 + r_sign * 8 END)
            * interval '1 day' AS t_sign
    FROM b
),
e AS MATERIALIZED (
    SELECT c.*,
        LEAST(3, tier_level0 + CASE WHEN r_esc < 0.15 THEN 1 ELSE 0 END) AS tier_level,
        CASE WHEN stall IN (1, 2) THEN NULL ELSE t_sign END AS t_sign_done,
        t_sign + (CASE WHEN r_late3 < 0.05 THEN 61 + ext_days + r_reply * 25
                       ELSE 3 + r_reply * (50 + ext_days * 0.8) END) * interval '1 day' AS t_reply
    FROM c
),
f AS MATERIALIZED (
    SELECT e.*,
        CASE WHEN stall IN (1, 2, 3) THEN NULL ELSE t_reply END AS t_reply_done,
        CASE WHEN r_review < 0.04 THEN t_reply + (3 + r_review * 200) * interval '1 day' END AS t_review,
        t_reply + (0.5 + r_close * 15) * interval '1 day' AS t_close,
        t_reply + (1 + r_rate * 8) * interval '1 day' AS t_rate
    FROM e
),
s AS MATERIALIZED (
    SELECT f.*,
        CASE
            WHEN not_accepted AND t_not_accepted <= %(now)s
                THEN CASE WHEN r_path < 0.01 THEN 'not_accepted_again' ELSE 'not_accepted' END
            WHEN not_accepted OR t_route_done IS NULL OR t_route_done > %(now)s THEN 'registered'
            WHEN t_sign_done IS NULL OR t_sign_done > %(now)s THEN 'assigned'
            WHEN t_reply_done IS NULL OR t_reply_done > %(now)s THEN 'in_progress'
            WHEN t_review IS NOT NULL AND t_review <= %(now)s AND t_review + interval '20 days' > %(now)s
                THEN 'under_review'
            WHEN t_review IS NOT NULL AND t_review <= %(now)s THEN 'closed'
            WHEN (t_review IS NULL OR t_review > t_close) AND t_close <= %(now)s THEN 'closed'
            ELSE 'replied'
        END AS status
    FROM f
),
z AS MATERIALIZED (
    SELECT s.*,
        status NOT IN ('registered', 'not_accepted', 'not_accepted_again') AS routed,
        status IN ('in_progress', 'replied', 'under_review', 'closed') AS accepted,
        status IN ('replied', 'under_review', 'closed') AS replied,
        (received_at AT TIME ZONE 'Asia/Shanghai')::date AS received_day,
        (t_route AT TIME ZONE 'Asia/Shanghai')::date AS route_day,
        (t_sign AT TIME ZONE 'Asia/Shanghai')::date AS sign_day,
        CASE tier_level WHEN 1 THEN %(tier_building)s WHEN 2 THEN %(tier_community)s ELSE %(tier_town)s END AS tier_id
    FROM s
)
INSERT INTO cases_case ({columns})
SELECT {expressions}
FROM z
"""

# Column -> SQL over `z`. Columns left out take their model default (see _insert_sql).
EXPRESSIONS = {
    "id": "g",
    "tracking_code": f"'{TRACKING_PREFIX}' || lpad(g::text, 9, '0')",
    "channel": "channel",
    "category": "category",
    "subject_id": "subject_id",
    "platform_id": "platform_id",
    "received_at": "received_at",
    "is_anonymous": "channel = 'web' AND r_anon < 0.2",
    "contact_phone": "'139' || lpad((g %% 100000000)::text, 8, '0')",
    "is_group_visit": "r_group < 0.03",
    "headcount": "CASE WHEN r_group < 0.03 THEN 5 + floor(r_head * 35)::int ELSE 1 END",
    "zone_id": "zone_id",
    "community_id": "community_id",
    "grid_id": "grid_id",
    "address": "'银都路' || (1 + g %% 999)::text || '弄'",
    "what_happened": "(%(what)s::text[])[si]",
    "request": "(%(ask)s::text[])[si]",
    "is_level_skipping": "r_skip < 0.02",
    "visit_kind": "CASE WHEN r_person < 0.1 THEN 'repeat' ELSE 'first' END",
    "tier_id": "tier_id",
    "status": "status",
    "lead_department_id": "CASE WHEN routed THEN lead_department_id END",
    "accused_department_id": "accused_department_id",
    "accused_name": "CASE WHEN category = 'misconduct' THEN '某工作人员' ELSE '' END",
    "not_accepted_reason": (
        "CASE status WHEN 'not_accepted' THEN (ARRAY['legal_procedure', 'level_skipping', 'being_handled'])"
        "[1 + floor(r_path / 0.05 * 3)::int] WHEN 'not_accepted_again' THEN 'rereviewed' ELSE '' END"
    ),
    "routed_at": "CASE WHEN routed THEN t_route END",
    "accepted_at": "CASE WHEN accepted THEN t_sign END",
    "replied_at": "CASE WHEN replied THEN t_reply END",
    "answered_at": (
        "CASE WHEN replied THEN CASE WHEN status = 'closed' AND t_review IS NOT NULL AND t_review <= %(now)s "
        "THEN t_review + interval '20 days' ELSE t_reply END END"
    ),
    "closed_at": (
        "CASE WHEN status = 'closed' THEN CASE WHEN t_review IS NOT NULL AND t_review <= %(now)s "
        "THEN t_review + interval '20 days' ELSE t_close END END"
    ),
    "tier_entered_at": "CASE WHEN routed THEN t_route ELSE received_at END",
    "transfer_due_on": "received_day + 15",
    "acceptance_due_on": "CASE WHEN routed THEN route_day + 15 END",
    "objection_due_on": "CASE WHEN routed THEN route_day + 7 END",
    "reply_due_on": (
        "CASE WHEN accepted THEN sign_day + 60 + CASE WHEN replied OR t_sign + interval '40 days' <= %(now)s "
        "THEN ext_days ELSE 0 END END"
    ),
    "due_on": (
        "CASE status WHEN 'registered' THEN received_day + 15 WHEN 'assigned' THEN route_day + 15 "
        "WHEN 'in_progress' THEN sign_day + 60 + CASE WHEN t_sign + interval '40 days' <= %(now)s "
        "THEN ext_days ELSE 0 END WHEN 'under_review' THEN (t_review AT TIME ZONE 'Asia/Shanghai')::date + 30 END"
    ),
    "tier_due_on": (
        "CASE WHEN routed THEN route_day + (%(tier_days)s::int[])[tier_level] "
        "ELSE received_day + (%(tier_days)s::int[])[tier_level] END"
    ),
    "extension_status": (
        "CASE WHEN ext_days > 0 AND accepted AND (replied OR t_sign + interval '40 days' <= %(now)s) "
        "THEN 'granted' ELSE '' END"
    ),
    "extension_days": (
        "CASE WHEN ext_days > 0 AND accepted AND (replied OR t_sign + interval '40 days' <= %(now)s) "
        "THEN ext_days ELSE 0 END"
    ),
    "extension_reason": (
        "CASE WHEN ext_days > 0 AND accepted AND (replied OR t_sign + interval '40 days' <= %(now)s) "
        "THEN '需等待专业机构出具检测报告。' ELSE '' END"
    ),
    "outcome": (
        "CASE WHEN replied THEN CASE WHEN r_outcome < 0.55 THEN 'upheld' WHEN r_outcome < 0.85 "
        "THEN 'explained' ELSE 'not_upheld' END ELSE '' END"
    ),
    "reply_text": "CASE WHEN replied THEN '经调查核实，已会同相关部门处理并书面答复。' ELSE '' END",
    "reply_department_id": "CASE WHEN replied THEN lead_department_id END",
    "resolved_tier_id": "CASE WHEN replied THEN tier_id END",
    "review_level": "CASE WHEN replied AND t_review IS NOT NULL AND t_review <= %(now)s THEN 1 ELSE 0 END",
    "satisfaction": (
        "CASE WHEN replied AND r_rate < 0.75 AND t_rate <= %(now)s THEN CASE WHEN r_sat < 0.7 THEN 'satisfied' "
        "WHEN r_sat < 0.9 THEN 'basically' ELSE 'not_satisfied' END ELSE '' END"
    ),
    "rated_at": "CASE WHEN replied AND r_rate < 0.75 AND t_rate <= %(now)s THEN t_rate END",
    "needs_attention": "replied AND r_rate < 0.75 AND t_rate <= %(now)s AND r_sat >= 0.9",
    "version": "1 + (CASE WHEN routed THEN 1 ELSE 0 END) + (CASE WHEN accepted THEN 1 ELSE 0 END)",
    "created_at": "received_at",
    "updated_at": "%(now)s::timestamptz",
}

PETITIONERS_SQL = """
INSERT INTO cases_petitioner (id, name, sex, phone, id_number_hash, id_number_last4, address, workplace, created_at)
SELECT g,
    substr(%(surnames)s, 1 + (g %% char_length(%(surnames)s)), 1)
        || (%(given)s::text[])[1 + (g / 7) %% cardinality(%(given)s::text[])],
    CASE WHEN g %% 2 = 0 THEN 'male' ELSE 'female' END,
    '138' || lpad((g %% 100000000)::text, 8, '0'),
    md5('person-' || g::text) || md5('id-' || g::text),
    lpad((g %% 10000)::text, 4, '0'),
    '颛兴路' || (1 + g %% 999)::text || '弄',
    '',
    %(now)s::timestamptz
FROM generate_series(%(lo)s, %(hi)s) g
"""

# Most people come once or twice; a pool of regulars (1 per 100 cases) brings the repeat petitions
# (one case in ten), the busiest among them dozens (a power law over the pool).
LINKS_SQL = """
INSERT INTO cases_casepetitioner (case_id, petitioner_id, position)
SELECT c.id,
    CASE WHEN c.visit_kind = 'repeat' THEN 1 + floor(power(random(), 2.5) * %(regulars)s)::bigint
         ELSE %(regulars)s + 1 + floor(random() * %(others)s)::bigint END,
    1
FROM cases_case c
WHERE c.id BETWEEN %(lo)s AND %(hi)s AND NOT c.is_anonymous
"""


def _model_defaults(exclude: set[str]) -> tuple[list[str], list[str], dict]:
    """Columns this script does not compute get their model default, so a new column cannot break the seed."""
    from django.db import connection

    from cases.models import Case

    columns, expressions, params = [], [], {}
    for field in Case._meta.concrete_fields:
        if field.column in exclude:
            continue
        if field.null:
            continue
        key = f"default_{field.column}"
        params[key] = field.get_db_prep_save(field.get_default(), connection=connection)
        columns.append(field.column)
        expressions.append(f"%({key})s")
    return columns, expressions, params


def _insert_sql() -> tuple[str, dict]:
    from cases.models import Case

    known = {f.column for f in Case._meta.concrete_fields}
    chosen = {col: expr for col, expr in EXPRESSIONS.items() if col in known}
    columns, expressions, params = _model_defaults(set(chosen))
    columns = [*chosen, *columns]
    expressions = [*chosen.values(), *expressions]
    sql = CASES_SQL.format(columns=", ".join(columns), expressions=",\n    ".join(expressions))
    return sql, params


def _id_range(cursor, table: str) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 - a fixed table name
    return cursor.fetchone()[0]


def reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE cases_casepetitioner, cases_caseassignment, cases_case_assisting_departments, "
            "cases_caseevent, cases_casereview, cases_attachment, cases_case, cases_petitioner CASCADE"
        )


# Secondary indexes are dropped for the load and built again after: building an index once is
# far cheaper than updating twenty of them a row at a time. Constraint indexes stay.
SECONDARY_INDEXES_SQL = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = current_schema() AND i.tablename = 'cases_case'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)
ORDER BY i.indexname
"""


def _drop_secondary_indexes(cursor) -> list[str]:
    cursor.execute(SECONDARY_INDEXES_SQL)
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    return [definition for _name, definition in found]


def seed(total: int, *, seed: float = 0.2026, verbose: bool = True) -> float:
    """Fill the bench database with exactly `total` cases (none to add if it has them); returns the seconds."""
    from django.db import connection, transaction
    from django.utils import timezone

    from demo import stories

    started = time.perf_counter()
    ref = _reference()
    sql, defaults = _insert_sql()
    now = timezone.now()
    base = {**ref, **defaults, "now": now, "today": timezone.localdate(now), "span": SPAN_DAYS, "total": total}
    with connection.cursor() as cursor:
        have = _id_range(cursor, "cases_case")
    if have == total:
        if verbose:
            print(f"already {have:,} cases")
        return 0.0
    if have:
        # Case n is received at the n/total-th moment of the three years: another total means starting again.
        if verbose:
            print(f"{have:,} cases there: starting again")
        reset()
        have = 0
    regulars = max(total // 100, 10)
    others = max(int(total * 0.75), 10)
    with connection.cursor() as cursor:
        people = _id_range(cursor, "cases_petitioner")
        for lo in range(people + 1, regulars + others + 1, BATCH * 2):
            hi = min(lo + BATCH * 2 - 1, regulars + others)
            with transaction.atomic():
                cursor.execute(
                    PETITIONERS_SQL,
                    {"lo": lo, "hi": hi, "now": now, "surnames": stories.SURNAMES, "given": stories.GIVEN},
                )
    with connection.cursor() as cursor:
        indexes = _drop_secondary_indexes(cursor)
        # The rollup's dirty-day trigger would fire a million times; the rollup is rebuilt once at the end.
        cursor.execute("ALTER TABLE cases_case DISABLE TRIGGER USER")
        cursor.execute("ALTER TABLE cases_casepetitioner DISABLE TRIGGER USER")
    try:
        for lo in range(have + 1, total + 1, BATCH):
            hi = min(lo + BATCH - 1, total)
            t0 = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                # JIT compiles these long expressions for longer than they take to run.
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '256MB'")
                # Deterministic per batch: the same command builds the same data.
                cursor.execute("SELECT setseed(%s)", [((seed * 1_000_003 + lo) % 2_000_000) / 1_000_000 - 1])
                cursor.execute(sql, {**base, "lo": lo, "hi": hi})
                cursor.execute(LINKS_SQL, {"lo": lo, "hi": hi, "regulars": regulars, "others": others})
            if verbose:
                print(f"  cases {lo:>9,} .. {hi:>9,}  {time.perf_counter() - t0:5.1f} s", flush=True)
    finally:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE cases_case ENABLE TRIGGER USER")
            cursor.execute("ALTER TABLE cases_casepetitioner ENABLE TRIGGER USER")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for definition in indexes:
                cursor.execute(definition)
        if verbose:
            print(f"  {len(indexes)} indexes built again in {time.perf_counter() - t0:.1f} s", flush=True)
    _fill_search(have + 1, total, verbose)
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_petitioner", "cases_casepetitioner"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )
    # Fresh statistics and an up-to-date visibility map: the planner and index-only scans need both.
    old_autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_petitioner", "cases_casepetitioner", "cases_casesearch"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    connection.set_autocommit(old_autocommit)
    t0 = time.perf_counter()
    from dashboard import cube

    days = cube.rebuild()
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        for table in ("cases_dashboardcount", "cases_dashboardpersonday", "cases_dashboardsubjectday"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    connection.set_autocommit(old_autocommit)
    if verbose:
        print(f"  dashboard rollup rebuilt ({days} days) in {time.perf_counter() - t0:.1f} s", flush=True)
    elapsed = time.perf_counter() - started
    if verbose:
        print(f"seeded {total - have:,} cases in {elapsed:.0f} s")
    return elapsed


# The search table's rows, as its triggers would have written them (they were off with the others).
SEARCH_SQL = """
INSERT INTO cases_casesearch (case_id, bigrams)
SELECT c.id, cases_bigrams(cases_search_text(c.id, concat_ws(' ', c.tracking_code, c.handover_number),
       c.what_happened, c.request, c.address, c.contact_phone))
FROM cases_case c WHERE c.id BETWEEN %(lo)s AND %(hi)s
ON CONFLICT (case_id) DO UPDATE SET bigrams = EXCLUDED.bigrams
"""


def _fill_search(first: int, last: int, verbose: bool) -> None:
    """The search bigrams of the new cases, with the GIN index built once afterwards instead of per row."""
    from django.db import connection, transaction

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS case_search_bigrams")
    for lo in range(first, last + 1, BATCH):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(SEARCH_SQL, {"lo": lo, "hi": min(lo + BATCH - 1, last)})
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("CREATE INDEX IF NOT EXISTS case_search_bigrams ON cases_casesearch USING gin (bigrams)")
    if verbose:
        print(f"  search bigrams of {last - first + 1:,} cases written in {time.perf_counter() - t0:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--reset", action="store_true", help="delete every case first")
    args = parser.parse_args()
    os.environ.setdefault("BENCH_DATABASE_URL", f"{_setup.DEFAULT_URL.rsplit('/', 1)[0]}/{DEFAULT_DATABASE}")
    _setup.setup()
    if args.reset:
        reset()
    seed(args.cases)


if __name__ == "__main__":
    main()
