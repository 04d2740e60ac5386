"""A mistyped year cannot reach a case: the counter, the registration service and the database each refuse it,
and the earliest day allowed still reads everywhere."""

import importlib
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent, Petitioner
from core.calendar import day_start
from grids.models import Role

from ..cases.intake.helpers import counter_post
from ..factories import make_case, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, reception):
    client.force_login(reception)
    return client


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "1999-12-31T23:59", "9999-12-31T23:59", "2100-01-01T00:00"])
def test_the_counter_refuses_a_time_received_outside_the_years_it_records(clerk, town, typed):
    page = clerk.post(reverse("intake-counter"), counter_post(platform=town["hall"].pk, received_at=typed))

    html = page.content.decode()
    assert page.status_code == 200
    assert "2000-01-01" in html
    assert not Case.objects.exists() and not Petitioner.objects.exists()


def test_the_counter_takes_the_first_day_it_records(clerk, town):
    clerk.post(reverse("intake-counter"), counter_post(platform=town["hall"].pk, received_at="2000-01-01T00:00"))

    assert timezone.localtime(Case.objects.get().received_at).date() == date(2000, 1, 1)


@pytest.mark.parametrize(
    "received_at",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        day_start(date(2000, 1, 1)) - timedelta(seconds=1),
        datetime(9999, 12, 31, tzinfo=UTC),
        "two days ahead",
    ],
    ids=["year-one", "a-second-before-2000", "year-9999", "two-days-ahead"],
)
def test_registration_refuses_a_time_received_outside_its_bounds_and_stores_nothing(town, received_at):
    if received_at == "two days ahead":
        received_at = timezone.now() + timedelta(days=2)

    with pytest.raises(ValidationError) as refused:
        make_case(platform=town["hall"], received_at=received_at)

    assert "received_at" in refused.value.message_dict
    assert not Case.objects.exists() and not CaseEvent.objects.exists() and not Petitioner.objects.exists()


def test_registration_takes_a_clock_a_few_hours_ahead(town):
    case = make_case(platform=town["hall"], received_at=timezone.now() + timedelta(hours=3))

    assert case.pk


@pytest.mark.parametrize(
    "stored", [datetime(1, 1, 1, tzinfo=UTC), datetime(1999, 12, 30, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)]
)
def test_the_database_refuses_a_time_received_outside_its_bounds(town, stored):
    case = make_case(platform=town["hall"])

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(received_at=stored)


@pytest.fixture
def earliest_case(town, reception):
    """A case received the first minute the portal records, which clocks and periods count back from."""
    return make_case(by=reception, platform=town["hall"], grid=town["grid_a"], received_at=day_start(date(2000, 1, 1)))


@pytest.mark.parametrize(
    ("role", "address"),
    [
        (Role.PETITION_OFFICE, "/inbox/"),
        (Role.PETITION_OFFICE, "/cases/"),
        (Role.PETITION_OFFICE, "/cases/?status=all&sort=oldest"),
        (Role.PETITION_OFFICE, "/cases/{pk}/"),
        (Role.TOWN_LEADER, "/dashboard/?period=custom&from=2000-01-01&to=2000-12-31"),
        (Role.RECEPTION, "/intake/{pk}/receipt/"),
    ],
)
def test_the_first_day_recorded_reads_on_every_list_and_page(client, town, earliest_case, role, address):
    client.force_login(make_staff(role, username="reader", platform=town["hall"]))

    page = client.get(address.format(pk=earliest_case.pk))

    assert page.status_code == 200
    assert earliest_case.tracking_code in page.content.decode() or "dashboard" in address


def test_the_admin_case_list_reads_the_first_day_recorded(client, earliest_case):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "a-long-test-pass"))

    page = client.get(reverse("admin:cases_case_changelist"))

    assert page.status_code == 200
    assert earliest_case.tracking_code in page.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="drops and re-adds a constraint inside the test")
def test_the_upgrade_repairs_a_case_received_in_year_one_so_every_list_reads_again(client, town):
    """What the bounds' migration does to a row typed before the bounds existed, as the issue found it:
    0001-01-01 at the counter, stored one day before year 1 in UTC, and unreadable from then on."""
    case = make_case(platform=town["hall"], grid=town["grid_a"])
    with connection.cursor() as cursor:
        # The inserts above left foreign-key checks pending, and PostgreSQL alters no table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE cases_case DROP CONSTRAINT case_received_at_in_range")
        cursor.execute(
            "UPDATE cases_case SET received_at = '0001-01-01 00:00+08', tier_entered_at = '0001-01-01 00:00+08'"
        )
        cursor.execute("UPDATE cases_caseevent SET at = '0001-01-01 00:00+08'")
    client.force_login(make_staff(Role.PETITION_OFFICE, username="office"))
    client.raise_request_exception = False
    assert client.get("/inbox/").status_code == 500  # the failure the repair is for

    migration = importlib.import_module("cases.migrations.0010_received_at_bounds")
    with connection.schema_editor() as editor:
        migration.repair_out_of_range(None, editor)
        editor.add_constraint(Case, next(c for c in Case._meta.constraints if c.name == "case_received_at_in_range"))

    case.refresh_from_db()
    assert case.received_at == case.created_at
    assert CaseEvent.objects.get().at == case.created_at
    for address in ("/inbox/", "/cases/", f"/cases/{case.pk}/"):
        assert client.get(address).status_code == 200
