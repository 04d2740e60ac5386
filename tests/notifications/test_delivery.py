"""The outbox: sent after commit, retried with backoff, never twice, never lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cases.services.messages import notify_resident
from grids.models import Role
from notifications import delivery
from notifications.models import Notification
from notifications.services import queue_delivery
from notifications.sms import ConsoleSmsBackend

from ..factories import make_case, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sms():
    ConsoleSmsBackend.sent.clear()
    return ConsoleSmsBackend.sent


def _email(user, **fields) -> Notification:
    return Notification.objects.create(
        channel=Notification.Channel.EMAIL,
        kind=Notification.Kind.DIGEST,
        recipient=user,
        title="标题",
        body="正文",
        **fields,
    )


def test_an_email_is_sent_after_commit(town, django_capture_on_commit_callbacks):
    user = make_staff(Role.DEPARTMENT_HEAD, department=town["dept_a"], email="head@zhuanqiao.example")
    with django_capture_on_commit_callbacks(execute=True):
        note = _email(user)
        queue_delivery([note.pk])

    note.refresh_from_db()
    assert note.state == Notification.State.SENT and note.sent_at
    assert [m.to for m in mail.outbox] == [["head@zhuanqiao.example"]]


def test_nothing_is_sent_when_the_transaction_rolls_back(town, django_capture_on_commit_callbacks):
    case = make_case()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_resident(case=case, what="accepted", dedupe="1")
    assert len(callbacks) == 1  # queued for after commit only


def test_a_notification_is_claimed_once_even_if_delivered_twice(town, sms):
    case = make_case()
    note = notify_resident(case=case, what="accepted", dedupe="1")

    assert delivery.deliver([note.pk, note.pk]) == 1
    assert delivery.deliver([note.pk]) == 0
    assert len(sms) == 1


def test_the_same_event_never_texts_twice(town, sms):
    case = make_case()
    first = notify_resident(case=case, what="accepted", dedupe="event-7")
    second = notify_resident(case=case, what="accepted", dedupe="event-7")
    assert first.pk == second.pk
    assert Notification.objects.count() == 1


def test_a_resident_message_carries_the_link_and_no_one_elses_data(town):
    case = make_case()
    note = notify_resident(case=case, what="replied", dedupe="1")

    assert case.tracking_code in note.body
    assert "/track/" in note.body
    assert "张三" not in note.body


def test_no_sms_without_a_mobile_number(town):
    case = make_case(petitioners=[], is_anonymous=True, tracking_pin="123456")
    assert notify_resident(case=case, what="accepted", dedupe="1") is None


def test_a_failing_gateway_is_retried_with_backoff_then_given_up(town, settings, monkeypatch):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    monkeypatch.setattr(ConsoleSmsBackend, "send", lambda self, phone, text: (_ for _ in ()).throw(OSError("down")))
    note = notify_resident(case=make_case(), what="accepted", dedupe="1")

    waits = []
    for _ in range(3):
        Notification.objects.filter(pk=note.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        before = timezone.now()
        assert delivery.deliver_one(note.pk) is False
        note.refresh_from_db()
        waits.append(round((note.next_attempt_at - before).total_seconds() / 60))

    assert note.state == Notification.State.FAILED
    assert note.attempts == 3
    assert "down" in note.last_error
    assert waits[:2] == [1, 2]  # one minute, then two: exponential


def test_a_notification_not_yet_due_for_retry_waits(town):
    note = notify_resident(case=make_case(), what="accepted", dedupe="1")
    Notification.objects.filter(pk=note.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert delivery.deliver_pending() == 0


def test_the_periodic_task_sends_whatever_waits(town, sms):
    for n in range(3):
        notify_resident(case=make_case(), what="accepted", dedupe=str(n))
    assert delivery.deliver_pending() == 3
    assert len(sms) == 3
