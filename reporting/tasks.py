"""Celery tasks take ids, fetch fresh rows and call one service."""

from celery import shared_task
from django.utils import timezone

from reporting import reminders

REMINDER_MAX_RETRIES = 6


@shared_task(bind=True, max_retries=REMINDER_MAX_RETRIES, acks_late=True, time_limit=120, soft_time_limit=100)
def deliver_reminder(self, reminder_id: int) -> bool:
    try:
        return reminders.deliver(reminder_id=reminder_id)
    except reminders.DeliveryFailed as error:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            reminders.mark_failed(reminder_id=reminder_id, error=str(error))
            return False
        # 1, 2, 4 … 32 minutes: an SMTP server that is down for a while is waited out.
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def send_due_reminders() -> int:
    """The daily job (Celery beat, 07:00 Asia/Ho_Chi_Minh). Safe to run twice."""
    return len(reminders.send_reminders(today=timezone.localdate()))


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def generate_document(document_id: int) -> None:
    from reporting.documents import document_generate

    document_generate(document_id=document_id)
