"""The staff notification centre: the bell, the list, mark as read; only one's own."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Clock, Reminder
from grids.models import Role
from notifications.models import Notification

from ..factories import make_case, make_staff

pytestmark = pytest.mark.django_db


def _note(user, title="提醒", **fields):
    fields.setdefault("kind", Notification.Kind.DIGEST)
    return Notification.objects.create(
        channel=Notification.Channel.IN_APP,
        state=Notification.State.SENT,
        recipient=user,
        title=title,
        **fields,
    )


def test_the_bell_counts_unread_and_the_list_shows_them(client, town):
    user = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"])
    _note(user, title="城管执法中队今日：1件超期")
    _note(user, read_at="2026-11-01T00:00:00Z")
    client.force_login(user)

    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="bell-count">1<' in html
    assert "城管执法中队今日" in client.get(reverse("notifications")).content.decode()


def test_marking_read_clears_the_bell(client, town):
    user = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"])
    first, second = _note(user), _note(user)
    client.force_login(user)

    client.post(reverse("notifications-read"), {"id": [first.pk]})
    assert Notification.objects.filter(read_at__isnull=True).get() == second
    client.post(reverse("notifications-read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_nobody_sees_or_marks_another_persons_notifications(client, town):
    owner = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"])
    outsider = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_b"])
    note = _note(owner, title="只给本人的提醒")
    client.force_login(outsider)

    assert "只给本人的提醒" not in client.get(reverse("notifications")).content.decode()
    client.post(reverse("notifications-read"), {"id": [note.pk]})
    note.refresh_from_db()
    assert note.read_at is None


def test_the_centre_needs_a_login_and_read_is_post_only(client, town):
    assert client.get(reverse("notifications")).status_code == 302
    client.force_login(make_staff(Role.RECEPTION))
    assert client.get(reverse("notifications-read")).status_code == 405


def test_hostile_ids_are_ignored(client, town):
    user = make_staff(Role.RECEPTION)
    _note(user)
    client.force_login(user)
    page = client.post(reverse("notifications-read"), {"id": ["1 OR 1=1", "<script>"]})
    assert page.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_the_centre_query_count_does_not_grow(client, town):
    user = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"])
    client.force_login(user)
    case = make_case()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("notifications")).status_code == 200
        return len(ctx.captured_queries)

    def reminded(offset: int) -> None:
        # Reminders render from their subject (the ledger row and its case): prefetched, never one by one.
        reminder = Reminder.objects.create(
            case=case, clock=Clock.REPLY, due_on=date(2026, 12, 1), offset_days=offset, sweep="t"
        )
        _note(user, kind=Notification.Kind.REMINDER, subject=reminder)

    for offset in range(3):
        reminded(offset)
    small = count()
    for offset in range(3, 28):
        reminded(offset)
    assert count() == small
    html = client.get(reverse("notifications")).content.decode()
    assert f"{case.tracking_code}：答复已超期27天" in html or case.tracking_code in html
    assert reverse("handling:case", args=[case.pk]) in html
