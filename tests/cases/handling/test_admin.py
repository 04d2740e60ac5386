"""The admin shows the handling record but changes it only through the services (and the timeline)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation

from cases.models import Case, CaseEvent, CasePetitioner, Category, Status
from cases.services import ADMIN_CORRECTABLE, case_correct
from grids.models import Role

from ...factories import make_staff

pytestmark = pytest.mark.django_db


def test_the_admin_shows_a_handled_case_with_its_clock_read_only(client, town, people, case_at):
    case = case_at(Status.UNDER_REVIEW)
    client.force_login(make_staff(Role.ADMINISTRATOR))

    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    with translation.override("zh-hans"):
        assert formats.date_format(case.reply_due_on, "DATE_FORMAT") in html
    for field in ("due_on", "reply_due_on", "lead_department", "outcome", "satisfaction", "assisting_departments"):
        assert f'name="{field}"' not in html, field


def test_saving_a_case_in_the_admin_leaves_the_handling_record_alone(client, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(make_staff(Role.ADMINISTRATOR))
    url = reverse("admin:cases_case_change", args=[case.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for inline in page.context["inline_admin_formsets"]:
        data.update({f"{inline.formset.prefix}-TOTAL_FORMS": "0", f"{inline.formset.prefix}-INITIAL_FORMS": "0"})
    received = timezone.localtime(case.received_at)
    data.update(received_at_0=f"{received:%Y-%m-%d}", received_at_1=f"{received:%H:%M:%S}")
    data["address"] = "银都路1弄"
    data["due_on"] = "2000-01-01"
    data["status"] = Status.CLOSED

    assert client.post(url, data).status_code == 302

    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.address, fresh.status, fresh.due_on) == ("银都路1弄", Status.IN_PROGRESS, case.due_on)


def _admin_post_data(client, url, **changes) -> dict:
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    for inline in page.context["inline_admin_formsets"]:
        data.update({f"{inline.formset.prefix}-TOTAL_FORMS": "0", f"{inline.formset.prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_the_admin_can_edit_only_the_harmless_corrections(client, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(make_staff(Role.ADMINISTRATOR))

    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))

    assert set(page.context["adminform"].form.fields) == set(ADMIN_CORRECTABLE)
    html = page.content.decode()
    for field in ("category", "accused_department", "accused_user", "subject", "grid", "received_at", "contact_phone"):
        assert f'name="{field}"' not in html, field
    petitioners = next(i for i in page.context["inline_admin_formsets"] if i.formset.model is CasePetitioner)
    assert not petitioners.has_add_permission and not petitioners.has_change_permission


def test_the_admin_cannot_turn_a_case_into_a_report_against_a_department(client, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(make_staff(Role.ADMINISTRATOR))
    url = reverse("admin:cases_case_change", args=[case.pk])
    events = case.events.count()

    accuse = {"category": Category.MISCONDUCT, "accused_department": str(town["dept_a"].pk)}
    data = _admin_post_data(client, url, **accuse, grid=str(town["grid_b"].pk))
    assert client.post(url, data).status_code == 302

    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.category, fresh.accused_department_id, fresh.grid_id) == (case.category, None, case.grid_id)
    assert fresh.events.count() == events


def test_a_correction_in_the_admin_writes_an_internal_note_on_the_timeline(client, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    admin_user = make_staff(Role.ADMINISTRATOR)
    client.force_login(admin_user)
    url = reverse("admin:cases_case_change", args=[case.pk])

    data = _admin_post_data(client, url, address="银都路1弄", is_group_visit="on", headcount="3")
    assert client.post(url, data).status_code == 302

    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.address, fresh.headcount, fresh.version) == ("银都路1弄", 3, case.version + 1)
    event = fresh.events.order_by("pk").last()
    assert (event.kind, event.actor, event.is_public) == (CaseEvent.Kind.NOTE, admin_user, False)
    assert "银都路1弄" in event.note and "1 → 3" in event.note


def test_saving_an_unchanged_case_in_the_admin_writes_nothing(client, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(make_staff(Role.ADMINISTRATOR))
    url = reverse("admin:cases_case_change", args=[case.pk])
    events = case.events.count()

    assert client.post(url, _admin_post_data(client, url)).status_code == 302

    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.events.count(), fresh.version) == (events, case.version)


def test_the_correction_service_refuses_the_fields_the_services_own(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)

    with pytest.raises(ValidationError):
        case_correct(case=case, by=make_staff(Role.ADMINISTRATOR), changes={"category": Category.MISCONDUCT})

    assert Case.objects.get(pk=case.pk).category == case.category
