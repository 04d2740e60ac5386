"""Attachments through the API (checked as at the counter, streamed after the case's check) and the lookup."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Read
from cases.models import Attachment, Status
from cases.services import PetitionerData

from ..factories import make_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(api, case, *files):
    return api.post(f"/api/v1/cases/{case.pk}/attachments/", {"file": list(files)})


def test_the_handler_adds_a_pdf_and_downloads_it_and_the_read_is_logged(api_as, case_at, media):
    case = case_at(Status.IN_PROGRESS)
    api = api_as("officer")
    page = _upload(api, case, SimpleUploadedFile("现场.pdf", PDF))
    assert page.status_code == 201
    [added] = page.json()
    assert added["content_type"] == "application/pdf"
    got = api.get(added["download"])
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert Read.objects.filter(kind=Read.Kind.ATTACHMENT).count() == 1
    assert case.events.filter(kind="attachment").count() == 1


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"),  # bytes are not what the name says
        SimpleUploadedFile("x.png", PDF),  # a PDF named as a picture
        SimpleUploadedFile("empty.pdf", b""),
        SimpleUploadedFile("<script>.exe", b"MZ\x90\x00"),
    ],
)
def test_a_file_that_is_not_a_photo_or_pdf_is_refused_and_nothing_stored(api_as, case_at, media, upload):
    case = case_at(Status.IN_PROGRESS)
    page = _upload(api_as("officer"), case, upload)
    assert page.status_code == 400 and "file" in page.json()["errors"]
    assert Attachment.objects.count() == 0


def test_a_file_too_large_is_refused(api_as, case_at, media, settings):
    settings.MAX_UPLOAD_BYTES = 100
    case = case_at(Status.IN_PROGRESS)
    page = _upload(api_as("officer"), case, SimpleUploadedFile("big.pdf", PDF + b"0" * 200))
    assert page.status_code == 400
    assert Attachment.objects.count() == 0


def test_too_many_files_at_once_are_refused(api_as, case_at, media):
    case = case_at(Status.IN_PROGRESS)
    files = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(30)]
    page = _upload(api_as("officer"), case, *files)
    assert page.status_code == 400 and Attachment.objects.count() == 0


def test_no_file_is_refused(api_as, case_at, media):
    case = case_at(Status.IN_PROGRESS)
    page = api_as("officer").post(f"/api/v1/cases/{case.pk}/attachments/", {"other": "x"})
    assert page.status_code == 400 and "file" in page.json()["errors"]


def test_someone_who_sees_a_case_but_may_not_add_to_it_gets_403(api_as, case_at, media):
    case = case_at(Status.IN_PROGRESS)
    page = _upload(api_as("leader"), case, SimpleUploadedFile("a.pdf", PDF))
    assert page.status_code == 403 and Attachment.objects.count() == 0


def test_a_closed_case_takes_no_more_files(api_as, case_at, media):
    case = case_at(Status.CLOSED)
    page = _upload(api_as("officer"), case, SimpleUploadedFile("a.pdf", PDF))
    assert page.status_code == 403


def test_the_lookup_finds_the_person_s_cases_with_the_id_number_masked(api_as, town):
    case = make_case(
        grid=town["grid_a"],
        petitioners=[PetitionerData(name="赵六", phone="13955556666", id_number="310112199003071520")],
        keep_id_number=True,
    )
    api = api_as("reception")
    by_id = api.get("/api/v1/petitioners/lookup/", {"id_number": "310112199003071520"})
    by_phone = api.get("/api/v1/petitioners/lookup/", {"phone": "139 5555 6666"})
    for page in (by_id, by_phone):
        assert page.status_code == 200
        body = page.json()
        assert [c["id"] for c in body["cases"]] == [case.pk]
        assert body["petitioners"][0]["id_number"].endswith("1520")
        assert "310112199003071520" not in page.content.decode()
    assert Read.objects.filter(kind=Read.Kind.LOOKUP).count() == 2


@pytest.mark.parametrize("params", [{}, {"phone": "123"}, {"id_number": "3101"}, {"phone": "<b>x</b>"}])
def test_a_lookup_without_a_whole_number_is_refused(api_as, params):
    page = api_as("reception").get("/api/v1/petitioners/lookup/", params)
    assert page.status_code == 400


def test_the_lookup_is_for_intake_staff_only(api_as):
    assert api_as("officer").get("/api/v1/petitioners/lookup/", {"phone": "13955556666"}).status_code == 403
