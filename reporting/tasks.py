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


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def deliver_reminders(reminder_ids: list[int]) -> int:
    """A batch of claimed reminders over one SMTP connection; each is still locked, sent and
    marked on its own, and one that fails is handed to `deliver_reminder` to retry alone."""
    from django.core.mail import get_connection

    sent = 0
    with get_connection() as connection:
        for reminder_id in reminder_ids:
            try:
                sent += reminders.deliver(reminder_id=reminder_id, connection=connection)
            except reminders.DeliveryFailed:
                if deliver_reminder.app.conf.task_always_eager:
                    deliver_reminder.apply(args=[reminder_id])
                else:
                    deliver_reminder.apply_async(args=[reminder_id], countdown=60)
    return sent


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def send_due_reminders() -> int:
    """The daily job (Celery beat, 07:00 Asia/Ho_Chi_Minh). Safe to run twice."""
    return len(reminders.send_reminders(today=timezone.localdate()))


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def generate_document(document_id: int) -> None:
    from reporting.documents import document_generate

    document_generate(document_id=document_id)


# Reminders go out from this hour on (the daily job runs at 07:00).
REMINDER_HOUR = 7


@shared_task(acks_late=True, time_limit=600)
def sweep() -> dict:
    """Every 10 minutes: hand work left behind (broker down, worker killed) to a worker again.
    After 07:00 today's reminders are claimed again too, so a 07:00 run missed while Redis
    was down goes out as soon as it is back; nothing already claimed is sent twice."""
    from reporting.documents import requeue_stale_documents

    now = timezone.localtime()
    sent = len(reminders.send_reminders(today=now.date())) if now.hour >= REMINDER_HOUR else 0
    return {"reminders": sent, "stale": reminders.requeue_stale_reminders(), "documents": requeue_stale_documents()}
