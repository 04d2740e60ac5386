"""The rollup stays exactly what a count from the cases says, whatever writes the cases."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cases import services
from cases.models import Case, Category, Channel, Outcome, Satisfaction, Status
from dashboard import cube, forms, reading, selectors, triggers
from dashboard.models import DashboardCount, DashboardDirtyDay
from dashboard.tasks import refresh_dashboard_rollup

from ..factories import make_case
from .conftest import TODAY, at, link_person

pytestmark = pytest.mark.django_db


def _dashboard(*args):
    """The figures once the rollup's refresh task has run (pages only read)."""
    cube.refresh()
    return selectors.dashboard(*args)


def _both_ways(user, query: dict):
    """The same view read from the rollup and counted from the cases (forced by a scope that is not town-wide)."""
    refs = selectors.refs_load()
    params, _form = forms.read_params(query, refs=refs, today=TODAY)
    scope = selectors.scope_for(user)
    rolled = _dashboard(scope, params, refs, TODAY)
    counted = _dashboard(selectors.Scope(user, town_wide=False), params, refs, TODAY)
    assert (rolled.source, counted.source) == ("rollup", "cases")
    return rolled, counted


def _numbers(d) -> dict:
    return {
        "rates": [(r.key, r.numerator, r.denominator) for r in d.rates],
        "channels": [(r.code, r.count) for r in d.by_channel],
        "platforms": [(r.label, r.count) for r in d.by_platform],
        "tiers": [(r.code, r.count) for r in d.tiers],
        "trend": [
            (t.start, t.received, t.closed, [(r.numerator, r.denominator) for r in t.rate_list]) for t in d.trend
        ],
        "departments": [
            (r.label, r.received, [(x.numerator, x.denominator) for x in r.rate_list]) for r in d.departments
        ],
        "communities": [
            (r.label, r.received, [(x.numerator, x.denominator) for x in r.rate_list]) for r in d.communities
        ],
        "warnings": (d.warnings.group_visits.count, d.warnings.group_people, d.warnings.not_satisfied.count),
        "repeat": (d.warnings.repeat_people, [(r.name, r.cases, r.last_received) for r in d.warnings.repeat_rows]),
        "rising": [(r.community, r.subject, r.before, r.now) for r in d.warnings.rising],
        "left": d.left_town.count,
    }


def _random_cases(make, town, rng: random.Random, n: int) -> None:
    from cases.models import CasePetitioner, Petitioner

    from ..factories import SubjectFactory

    statuses = [s for s, _label in Status.choices]
    people = [Petitioner.objects.create(name=f"常客{i}") for i in range(6)]
    subjects = [make.subject, SubjectFactory(code="wages", name="欠薪")]
    made = []
    for _ in range(n):
        received = TODAY - timedelta(days=rng.randint(0, 400))
        status = rng.choice(statuses)
        fields = {
            "channel": rng.choice([c for c, _l in Channel.choices]),
            "community": rng.choice([town["community_a"], town["community_b"], None]),
            "category": rng.choice([Category.RELIEF, Category.SUGGESTION, Category.MISCONDUCT]),
            "is_group_visit": rng.random() < 0.1,
            "is_level_skipping": rng.random() < 0.05,
            "visit_kind": rng.choice(["first", "repeat"]),
            "received_at": at(received, rng.randint(0, 23), rng.randint(0, 59)),
        }
        fields["headcount"] = rng.randint(2, 40) if fields["is_group_visit"] else 1
        fields["subject"] = rng.choice([*subjects, None])
        if fields["category"] == Category.MISCONDUCT:
            fields["accused_department"] = town["dept_b"] if rng.random() < 0.5 else None
        if status == Status.REGISTERED or status in (Status.NOT_ACCEPTED, Status.NOT_ACCEPTED_AGAIN):
            made.append(make(received, status=status, **fields))
            continue
        routed = received + timedelta(days=rng.randint(0, 25))
        extra = {"lead_department": rng.choice([town["dept_a"], town["dept_b"]])}
        if status == Status.ASSIGNED:
            made.append(make.routed(received, routed, status=status, **fields, **extra))
            continue
        signed = routed + timedelta(days=rng.randint(0, 25))
        extra.update(accepted_at=at(signed, rng.randint(0, 23)), reply_due_on=signed + timedelta(days=60))
        if status == Status.IN_PROGRESS:
            made.append(make.routed(received, routed, status=status, **fields, **extra))
            continue
        replied = signed + timedelta(days=rng.randint(1, 80))
        extra.update(
            replied_at=at(replied, rng.randint(0, 23)),
            resolved_tier=rng.choice(list(town["tiers"].values())),
            satisfaction=rng.choice(["", *Satisfaction.values]),
        )
        made.append(make.routed(received, routed, status=status, **fields, **extra))
    # A few people come back often, so the repeat-petitioner warning has someone to find.
    CasePetitioner.objects.bulk_create(
        CasePetitioner(case=case, petitioner=rng.choice(people), position=1) for case in made if rng.random() < 0.6
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rollup_and_a_count_from_the_cases_agree_on_every_number(people, make, town, today, seed):
    _random_cases(make, town, random.Random(seed), 160)
    for query in (
        {"period": "year"},
        {"period": "month"},
        {"period": "custom", "from": "2025-07-01", "to": "2026-07-20"},
        {"period": "custom", "from": "2026-02-10", "to": "2026-03-03", "trend": "month"},
    ):
        for who in ("leader", "office"):
            rolled, counted = _both_ways(people[who], query)
            assert _numbers(rolled) == _numbers(counted), (who, query)
    cube.refresh()  # the days no view above covered
    assert cube.differences() == []


def test_every_write_through_the_services_keeps_the_rollup_exact(people, town, today):
    from tests.cases.handling.conftest import walk  # the handling tests' cast walks cases the real way

    cast = {
        "office": people["office"],
        "officer": people["officer"],
        "grid": people["grid"],
    }
    case = make_case(grid=town["grid_a"], received_at=timezone.now() - timedelta(days=3))
    cube.refresh()
    assert cube.differences() == []

    case = walk(case, Status.IN_PROGRESS, town, cast)
    assert DashboardDirtyDay.objects.exists()
    case = services.case_reply(
        case=case, by=people["officer"], outcome=Outcome.UPHELD, text="已处理。", legal_basis="依据"
    )
    case = services.case_rate(case=case, rating=Satisfaction.NOT_SATISFIED)
    cube.refresh()

    assert cube.differences() == []
    assert not DashboardDirtyDay.objects.exists()
    row = DashboardCount.objects.get(kind="all", day=timezone.localdate(case.received_at))
    assert (row.received, row.answered, row.rated, row.not_satisfied) == (1, 1, 1, 1)


def test_bulk_updates_and_deletes_outside_the_services_mark_their_days_too(make, today):
    first = make(date(2026, 6, 1))
    make(date(2026, 6, 2))
    cube.refresh()

    Case.objects.filter(pk=first.pk).update(received_at=at(date(2026, 6, 10)), status=Status.NOT_ACCEPTED)
    assert set(DashboardDirtyDay.objects.values_list("day", flat=True)) == {date(2026, 6, 1), date(2026, 6, 10)}
    cube.refresh()
    assert cube.differences() == []

    Case.objects.filter(pk=first.pk).delete()
    cube.refresh()
    assert cube.differences() == []
    assert not DashboardCount.objects.filter(day=date(2026, 6, 10)).exists()


def test_a_change_made_while_a_day_is_recounted_leaves_that_day_dirty(make, today, monkeypatch):
    case = make(date(2026, 6, 1))
    real = cube._insert_counts

    def meanwhile(days):
        real(days)
        # Another transaction's change, committed after our recount read the cases, bumps the generation.
        Case.objects.filter(pk=case.pk).update(status=Status.ASSIGNED)

    monkeypatch.setattr(cube, "_insert_counts", meanwhile)
    cube.refresh()

    assert DashboardDirtyDay.objects.filter(day=date(2026, 6, 1)).exists()
    monkeypatch.undo()
    cube.refresh()
    assert cube.differences() == []


def test_a_page_view_writes_nothing_and_says_what_waits_to_be_counted(plain_client, people, make, today):
    from django.urls import reverse

    make(date(2026, 6, 1))
    make(date(2025, 1, 1))
    plain_client.force_login(people["leader"])

    page = plain_client.get(
        reverse("dashboard:dashboard"), {"period": "custom", "from": "2026-06-01", "to": "2026-06-30"}
    )

    assert sorted(DashboardDirtyDay.objects.values_list("day", flat=True)) == [date(2025, 1, 1), date(2026, 6, 1)]
    assert not DashboardCount.objects.exists()
    assert 'data-testid="rollup-waiting"' in page.content.decode()


def test_the_refresh_task_recounts_the_dirty_days(make, today):
    make(date(2026, 6, 1))
    make(date(2025, 1, 1))

    assert refresh_dashboard_rollup() == 2

    assert not DashboardDirtyDay.objects.exists()
    assert DashboardCount.objects.filter(day=date(2026, 6, 1), kind="all").get().received == 1
    assert refresh_dashboard_rollup() == 0


def test_rebuild_recounts_everything_from_scratch(make, today):
    make(date(2026, 6, 1))
    make(date(2026, 5, 1), status=Status.CLOSED)
    DashboardCount.objects.create(day=date(2020, 1, 1), kind="all", value="", received=99)  # a stray row
    DashboardDirtyDay.objects.all().delete()

    cube.rebuild()

    assert cube.differences() == []
    assert not DashboardCount.objects.filter(day=date(2020, 1, 1)).exists()


def test_the_trigger_is_installed_for_this_database():
    assert triggers.supported()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'cases_dashboard_%' ORDER BY tgname")
            names = [r[0] for r in cursor.fetchall()]
            assert names == ["cases_dashboard_dirty", "cases_dashboard_link_dirty", "cases_dashboard_truncate"]
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cases_dashboard_%'")
            assert len(cursor.fetchall()) == 7  # insert, update, delete on cases and their links; a case moved in time


def test_petitioner_links_added_or_removed_later_keep_the_warnings_exact(make, today):
    from cases.models import CasePetitioner, Petitioner

    person = Petitioner.objects.create(name="赵六")
    cases = [make(date(2026, 6, day)) for day in (1, 2, 3)]
    cube.refresh()

    for case in cases:
        link_person(case, person)
    assert cube.differences() != []
    cube.refresh()
    assert cube.differences() == []
    assert reading.read_people(date(2026, 6, 1), date(2026, 6, 30)) == [(person.pk, 3, date(2026, 6, 3))]

    CasePetitioner.objects.filter(case=cases[0]).delete()
    cube.refresh()
    assert cube.differences() == []
    assert reading.read_people(date(2026, 6, 1), date(2026, 6, 30)) == []


def test_the_case_two_before_follows_cases_added_earlier_or_moved_in_time(make, today):
    """Someone has 3 cases in a window exactly when one of their days there has its case two before there too."""
    from cases.models import Petitioner

    person = Petitioner.objects.create(name="周七")
    for day in (1, 20, 40):
        link_person(make(date(2026, 3, day) if day <= 31 else date(2026, 4, day - 31)), person)
    cube.refresh()
    assert cube.differences() == []
    assert reading.read_people(date(2026, 3, 1), date(2026, 4, 9)) == [(person.pk, 3, date(2026, 4, 9))]
    assert reading.read_people(date(2026, 3, 2), date(2026, 4, 30)) == []

    # A case added before the others moves every later day's case two before.
    link_person(make(date(2026, 3, 10)), person)
    cube.refresh()
    assert cube.differences() == []
    assert reading.read_people(date(2026, 3, 2), date(2026, 4, 30)) == [(person.pk, 3, date(2026, 4, 9))]

    # Moving the first case into April (outside the services: the trigger still sees it) changes the order again.
    Case.objects.filter(case_petitioners__petitioner=person, received_at__lt=at(date(2026, 3, 2))).update(
        received_at=at(date(2026, 4, 15))
    )
    cube.refresh()
    assert cube.differences() == []
    assert reading.read_people(date(2026, 3, 15), date(2026, 4, 30)) == [(person.pk, 3, date(2026, 4, 15))]


def test_the_command_recounts_rebuilds_and_checks(make, today):
    from io import StringIO

    from django.core.management import call_command

    from dashboard.tasks import refresh_dashboard_rollup

    make(date(2026, 6, 1))
    out = StringIO()
    call_command("dashboard_rollup", "--check", stdout=out)
    assert "1 days recounted" in out.getvalue() and "matches" in out.getvalue()

    DashboardCount.objects.update(received=7)  # a rollup gone wrong
    with pytest.raises(Exception, match="differences"):
        call_command("dashboard_rollup", "--check", stdout=StringIO())
    call_command("dashboard_rollup", "--rebuild", "--check", stdout=StringIO())
    assert cube.differences() == []

    make(date(2026, 6, 2))
    assert refresh_dashboard_rollup() == 1


@pytest.mark.parametrize("seed", [4, 5])
def test_one_departments_view_from_the_rollup_agrees_with_a_count_from_its_cases(
    people, make, town, today, seed, monkeypatch
):
    _random_cases(make, town, random.Random(seed), 160)
    dept_a = str(town["dept_a"].pk)
    refs = selectors.refs_load()
    views = []
    for query in (
        {"period": "year"},
        {"period": "month"},
        {"period": "custom", "from": "2025-07-01", "to": "2026-07-20"},
    ):
        # The department's head (their department, whatever the query), and the town office choosing it.
        views.append((people["head"], forms.read_params(query, refs=refs, today=TODAY, locked_department=dept_a)[0]))
        views.append((people["leader"], forms.read_params({**query, "department": dept_a}, refs=refs, today=TODAY)[0]))
    rolled = []
    for user, params in views:
        d = _dashboard(selectors.scope_for(user), params, refs, TODAY)
        assert d.source == "rollup"
        rolled.append(_numbers(d))
    monkeypatch.setattr(triggers, "supported", lambda: False)  # the same views, counted from the cases
    for (user, params), expected in zip(views, rolled, strict=True):
        counted = _dashboard(selectors.scope_for(user), params, refs, TODAY)
        assert counted.source == "cases"
        assert _numbers(counted) == expected, (user.username, params)
    monkeypatch.undo()
    cube.refresh()
    assert cube.differences() == []


def test_a_report_against_a_department_never_counts_in_its_heads_rollup_view(people, make, town, today):
    dept_a = town["dept_a"]
    make.routed(date(2026, 6, 3), date(2026, 6, 4), lead_department=dept_a)
    make.routed(
        date(2026, 6, 5),
        date(2026, 6, 6),
        lead_department=dept_a,
        category=Category.MISCONDUCT,
        accused_department=dept_a,
    )
    # Led by another department: not in department A's view at all, so nothing to take away for it.
    make.routed(
        date(2026, 6, 7),
        date(2026, 6, 8),
        lead_department=town["dept_b"],
        category=Category.MISCONDUCT,
        accused_department=dept_a,
    )
    refs = selectors.refs_load()
    query = {"period": "custom", "from": "2026-06-01", "to": "2026-06-30"}
    head_view = forms.read_params(query, refs=refs, today=TODAY, locked_department=str(dept_a.pk))[0]
    leader_view = forms.read_params({**query, "department": str(dept_a.pk)}, refs=refs, today=TODAY)[0]

    head = _dashboard(selectors.scope_for(people["head"]), head_view, refs, TODAY)
    leader = _dashboard(selectors.scope_for(people["leader"]), leader_view, refs, TODAY)

    assert (head.source, leader.source) == ("rollup", "rollup")
    assert head.intake_total.count == 1  # the report accusing the head's own department is not theirs to see
    assert leader.intake_total.count == 2
