"""A full disk while a case's files are stored: the person gets a clear message in their language, the
form keeps what they typed, and nothing is half-written: no case, no event, no message, no stray file."""

import errno
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from cases.models import Attachment, Case, CaseEvent, Petitioner
from notifications.models import Notification

from ..cases.intake.helpers import JPEG, PDF, PNG, counter_post, upload, web_post

pytestmark = pytest.mark.django_db

TYPED = "楼道里堆满杂物，消防通道被堵"


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def disk_fills_on(monkeypatch):
    """The disk fills up while the n-th file (1-based) is written: part of it is on disk, then ENOSPC."""

    def fill_on(n: int) -> None:
        real_save = FileSystemStorage._save
        calls = {"n": 0}

        def save(self, name, content):
            calls["n"] += 1
            if calls["n"] < n:
                return real_save(self, name, content)
            path = Path(self.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.read()[:8])  # what a write cut short leaves
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(FileSystemStorage, "_save", save)

    return fill_on


def _files() -> list:
    return [upload("a.png", PNG, "image/png"), upload("b.jpg", JPEG, "image/jpeg"), upload("c.pdf", PDF)]


def _nothing_half_written(media: Path) -> None:
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not Attachment.objects.exists()
    assert not Petitioner.objects.exists()
    assert not Notification.objects.exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("failing_file", [1, 3])
def test_the_web_form_says_so_keeps_the_text_and_writes_nothing(client, town, media, disk_fills_on, failing_file):
    disk_fills_on(failing_file)
    url = reverse("web-form", args=[town["hall"].code])

    page = client.post(url, {**web_post(what_happened=TYPED), "attachments": _files()}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    html = page.content.decode()
    assert page.status_code == 200
    with translation.override("zh-hans"):
        from cases.services.intake import no_room_message

        assert no_room_message() in html
    assert "no room" not in html  # in the reader's language
    assert TYPED in html
    _nothing_half_written(media)


def test_the_web_form_speaks_english_to_an_english_reader(client, town, media, disk_fills_on):
    disk_fills_on(2)
    url = reverse("web-form", args=[town["hall"].code])

    page = client.post(url, {**web_post(what_happened=TYPED), "attachments": _files()}, HTTP_ACCEPT_LANGUAGE="en")

    assert "The server has no room left to store files just now, so nothing was saved." in page.content.decode()
    _nothing_half_written(media)


def test_the_counter_says_so_keeps_the_form_and_writes_nothing(client, reception, town, media, disk_fills_on):
    disk_fills_on(2)
    client.force_login(reception)

    page = client.post(
        reverse("intake-counter"),
        {
            **counter_post(platform=town["hall"].pk, what_happened=TYPED, **{"p-0-id_number": "310112199003071520"}),
            "attachments": _files(),
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "no room" not in html
    with translation.override("zh-hans"):
        from cases.services.intake import no_room_message

        assert no_room_message() in html
    assert TYPED in html and "张三" in html and "310112199003071520" in html
    _nothing_half_written(media)


def test_once_there_is_room_again_the_same_form_goes_through(client, town, media, disk_fills_on, monkeypatch):
    url = reverse("web-form", args=[town["hall"].code])
    disk_fills_on(1)
    client.post(url, {**web_post(what_happened=TYPED), "attachments": _files()})
    monkeypatch.undo()

    page = client.post(url, {**web_post(what_happened=TYPED), "attachments": _files()})

    assert page.status_code == 302
    case = Case.objects.get()
    assert case.attachments.count() == 3
    assert len([p for p in media.rglob("*") if p.is_file()]) == 3


def test_a_database_failure_after_the_files_were_written_removes_them_too(client, town, media):
    """The files are written inside the case's transaction, before it commits: a failure after them (here
    the database dropping the connection) rolls the case back and deletes every file already written."""
    url = reverse("web-form", args=[town["hall"].code])
    down = OperationalError("terminating connection due to administrator command")
    client.raise_request_exception = False

    with mock.patch("cases.services.intake.notify_resident", side_effect=down):
        page = client.post(url, {**web_post(what_happened=TYPED), "attachments": _files()}, HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 503
    assert "The portal is briefly unavailable" in page.content.decode()
    _nothing_half_written(media)
