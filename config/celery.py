import os
import sys

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.import_modules.connect
def _refuse_debug(**kwargs) -> None:
    """A worker or beat with DEBUG on is a production process that forgot DEBUG=0. Sent when
    either loads the task modules, before any work (never in a web process); SystemExit passes
    through celery's signal dispatch, which logs and swallows ordinary exceptions."""
    role = next((arg for arg in sys.argv[1:] if arg in ("worker", "beat")), None)
    if role is None:
        return  # a web page that lists the tasks (the periodic-task admin) loads them too
    from config.production import refuse_debug

    refuse_debug(f"celery {role}")


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
