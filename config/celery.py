import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def enqueue(task, *args) -> bool:
    """Queue a task without ever failing the caller: if the broker (Redis) is down, log it and
    return False. Callers leave their work in a state that a later sweep picks up again
    (a pending reminder, a queued document), so nothing is lost and pages keep working."""
    import logging

    from kombu.exceptions import OperationalError

    try:
        task.apply_async(args=args, retry=False)
    except (OperationalError, ConnectionError, OSError) as error:
        logging.getLogger(__name__).warning("Broker unreachable, %s(%s) left for the sweep: %s", task.name, args, error)
        return False
    return True
