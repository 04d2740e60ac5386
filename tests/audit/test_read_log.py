"""The read log: every read of personal data writes one row (who, when, what, from where), never the data,
and nobody can change or remove it; the administrator reads it in the admin, nobody else does."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse

from audit.models import AppendOnlyError, Read
from audit.services import client_address
from cases.models import Attachment, Case, Status
from grids.models import Role

from ..factories import make_staff

pytestmark = pytest.mark.django_db

PHONE = "13900000000"  # the petitioner of case_at's cases
NAME = "张三"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) " + "x" * 400


def _only_row(before: int) -> Read:
    rows = list(Read.objects.order_by("pk")[before:])
    assert len(rows) == 1, rows
    return rows[0]


def _holds_no_personal_data(row: Read, case: Case) -> None:
    values = [str(getattr(row, f.attname)) for f in Read._meta.concrete_fields]
    text = " ".join(values)
    for secret in (PHONE, NAME, case.tracking_code, case.what_happened):
        assert secret not in text, (secret, text)


@pytest.fixture
def attachment(case_at, people):
    # Replied, registered by the clerk: it has a written reply and a receipt to print.
    case = case_at(Status.REPLIED, by=people["reception"])
    found = Attachment(case=case, original_name="现场照片.jpg", content_type="image/jpeg", size=4, stored_name="r1.jpg")
    found.file.save("r1.jpg", ContentFile(b"\xff\xd8\xff\xe0"), save=False)
    found.save()
    yield found
    found.file.delete(save=False)


def _get(client, url, params=None):
    return client.get(url, params or {}, HTTP_USER_AGENT=AGENT, REMOTE_ADDR="10.1.2.3")


@pytest.mark.parametrize(
    ("who", "kind", "url_of"),
    [
        ("officer", Read.Kind.CASE, lambda c, a: reverse("handling:case", args=[c.pk])),
        ("office", Read.Kind.REPLY, lambda c, a: reverse("handling:reply-document", args=[c.pk])),
        ("reception", Read.Kind.RECEIPT, lambda c, a: reverse("intake-receipt", args=[c.pk])),
        ("officer", Read.Kind.ATTACHMENT, lambda c, a: reverse("handling:attachment", args=[c.pk, a.pk])),
    ],
)
def test_it_logs_each_read_of_a_case_as_one_row_without_the_data(client, people, attachment, who, kind, url_of):
    case = attachment.case
    client.force_login(people[who])
    before = Read.objects.count()

    page = _get(client, url_of(case, attachment))

    assert page.status_code == 200
    row = _only_row(before)
    obj = attachment if kind == Read.Kind.ATTACHMENT else case
    assert (row.user, row.kind, row.content_type, row.object_id) == (
        people[who],
        kind,
        ContentType.objects.get_for_model(obj),
        obj.pk,
    )
    assert (row.address, row.user_agent) == ("10.1.2.3", AGENT[:200])
    _holds_no_personal_data(row, case)


def test_a_refused_read_writes_no_row(client, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(people["other_officer"])
    before = Read.objects.count()

    assert client.get(reverse("handling:case", args=[case.pk])).status_code == 404
    assert client.get(reverse("handling:reply-document", args=[case.pk])).status_code == 404
    assert Read.objects.count() == before


def test_it_logs_the_counter_lookup_by_the_cases_found_never_the_phone_typed(client, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(people["reception"])
    before = Read.objects.count()

    assert _get(client, reverse("intake-lookup"), {"p-0-phone": PHONE}).status_code == 200

    row = _only_row(before)
    assert (row.user, row.kind, row.what) == (people["reception"], Read.Kind.LOOKUP, f"cases: {case.pk}")
    _holds_no_personal_data(row, case)


def test_an_unfinished_number_at_the_counter_is_no_lookup(client, people):
    client.force_login(people["reception"])
    before = Read.objects.count()

    assert client.get(reverse("intake-lookup"), {"p-0-phone": "139"}).status_code == 200
    assert Read.objects.count() == before


@pytest.mark.parametrize(("page", "fmt"), [("dashboard:export-xlsx", "xlsx"), ("dashboard:export-csv", "csv")])
def test_it_logs_each_dashboard_export_with_its_filters(client, people, case_at, page, fmt):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(people["head"])
    before = Read.objects.count()

    assert _get(client, reverse(page), {"period": "year", "channel": "visit", "q": NAME}).status_code == 200

    row = _only_row(before)
    assert (row.user, row.kind, row.content_type) == (people["head"], Read.Kind.EXPORT, None)
    assert row.what.startswith(f"{fmt} zhuanqiao-dashboard-")
    assert f"department={people['head'].staff.department_id}" in row.what
    assert "channel=visit" in row.what
    _holds_no_personal_data(row, case)


def test_rows_cannot_be_changed_or_deleted(client, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(people["officer"])
    client.get(reverse("handling:case", args=[case.pk]))
    row = Read.objects.get()

    row.what = "edited"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        Read.objects.filter(pk=row.pk).update(what="edited")
    with pytest.raises(AppendOnlyError):
        Read.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Read.objects.bulk_update([row], ["what"])
    assert Read.objects.get().what == ""


def test_the_administrator_lists_and_searches_the_log_but_cannot_change_it(client, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    client.force_login(people["officer"])
    client.get(reverse("handling:case", args=[case.pk]))
    row = Read.objects.get()
    client.force_login(make_staff(Role.ADMINISTRATOR))

    listing = client.get(reverse("admin:audit_read_changelist"), {"q": "officer"})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [row]
    detail = client.get(reverse("admin:audit_read_change", args=[row.pk]))
    assert detail.status_code == 200
    assert 'name="what"' not in detail.content.decode()
    assert client.get(reverse("admin:audit_read_add")).status_code == 403
    assert client.post(reverse("admin:audit_read_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:audit_read_change", args=[row.pk]), {"what": "edited"})
    assert Read.objects.get().what == ""


@pytest.mark.parametrize("who", ["office", "head", "leader", "reception"])
def test_no_one_but_the_administrator_reads_the_log(client, people, who):
    client.force_login(people[who])

    page = client.get(reverse("admin:audit_read_changelist"))

    assert page.status_code == 302
    assert "/admin/login/" in page["Location"]


def test_it_trusts_x_forwarded_for_only_when_told_a_proxy_is_there(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "192.0.2.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "1.2.3.4"
    assert client_address(rf.get("/", REMOTE_ADDR="not an address")) is None
