"""The periodic jobs (Celery beat). The tasks that deliver reminders and render documents
live beside their services (services.reminders, services.documents); importing those here
registers them with the worker (autodiscovery reads this module). Nothing imports this one."""

from celery import shared_task
from django.utils import timezone

from reporting.services import documents, reminders

# Reminders go out from this hour on (the daily job runs at 07:00).
REMINDER_HOUR = 7


@shared_task(name="reporting.tasks.send_due_reminders", acks_late=True, time_limit=1800, soft_time_limit=1700)
def send_due_reminders() -> int:
    """The daily job (Celery beat, 07:00 Asia/Ho_Chi_Minh). Safe to run twice."""
    return len(reminders.send_reminders(today=timezone.localdate()))


@shared_task(name="reporting.tasks.sweep", acks_late=True, time_limit=600)
def sweep() -> dict:
    """Every 10 minutes: hand work left behind (broker down, worker killed) to a worker again.
    After 07:00 today's reminders are claimed again too, so a 07:00 run missed while Redis
    was down goes out as soon as it is back; nothing already claimed is sent twice."""
    now = timezone.localtime()
    sent = len(reminders.send_reminders(today=now.date())) if now.hour >= REMINDER_HOUR else 0
    return {
        "reminders": sent,
        "stale": reminders.requeue_stale_reminders(),
        "documents": documents.requeue_stale_documents(),
    }
