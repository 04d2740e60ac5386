"""The bell's unread count on every staff page: one indexed count query."""

from .models import Notification


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": Notification.objects.filter(
            recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True
        ).count()
    }
