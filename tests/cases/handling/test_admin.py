"""The admin shows the handling record but changes it only through the services (and the timeline)."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from cases.models import Case, Status
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
