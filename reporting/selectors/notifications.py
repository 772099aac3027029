"""A user's in-app notifications (personal: Notification.objects.visible_to is the user's own)."""

from django.db.models import QuerySet

from accounts.models import User
from reporting.models import Notification


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.visible_to(user)


def unread_count(user: User) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()
