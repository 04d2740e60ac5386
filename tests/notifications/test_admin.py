"""The outbox in the admin: delivery state for the administrator, never the words of a message."""

import pytest
from django.urls import reverse

from grids.models import Role
from notifications.models import Notification

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def test_the_admin_shows_a_messages_delivery_but_not_its_text(client, town):
    admin = make_staff(Role.ADMINISTRATOR)
    note = Notification.objects.create(
        channel=Notification.Channel.SMS,
        kind=Notification.Kind.RESIDENT,
        address="13912345678",
        body="【颛桥信访】您的验证码 483920，10分钟内有效。",
    )
    client.force_login(admin)

    page = client.get(reverse("admin:notifications_notification_change", args=[note.pk]))

    assert page.status_code == 200
    assert "483920" not in page.content.decode()
