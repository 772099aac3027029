"""In-app notifications: leave one for a user, mark them read."""

from django.utils import timezone

from accounts.models import User
from reporting.models import Notification, Reminder
from reporting.selectors.notifications import notifications_for


def notify(
    *, user_id: int, title: str, body: str = "", url: str = "", reminder: Reminder | None = None
) -> Notification:
    return Notification.objects.create(user_id=user_id, title=title, body=body, url=url, reminder=reminder)


def mark_read(*, user: User, notification_id: int | None = None) -> None:
    unread = notifications_for(user).filter(read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    unread.update(read_at=timezone.now())
