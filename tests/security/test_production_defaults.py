"""Production defaults: no start on the development secret key with DEBUG off, and the
production entry points (gunicorn, the Celery worker and beat) refuse DEBUG on unless told."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

PRODUCTION = {"DEBUG": "0", "DJANGO_SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "thidua.example.vn"}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOW_DEBUG"}}
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**clean, "CELERY_BROKER_URL": "memory://", **env},
        capture_output=True,
        text=True,
        timeout=90,
    )


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = run(["manage.py", "check"], DEBUG="0", ALLOWED_HOSTS="thidua.example.vn")
    assert result.returncode != 0
    assert "DEBUG=0 nhưng chưa đặt DJANGO_SECRET_KEY" in result.stderr


def test_debug_off_with_a_secret_key_starts():
    result = run(["manage.py", "check"], **PRODUCTION)
    assert result.returncode == 0, result.stderr


GUNICORN = ["-m", "gunicorn", "config.wsgi", "--check-config"]
WORKER = ["-m", "celery", "-A", "config", "worker", "-P", "solo", "--without-gossip", "--without-mingle"]
BEAT = ["-m", "celery", "-A", "config", "beat", "-s", os.devnull]


@pytest.mark.parametrize(("args", "name"), [(GUNICORN, "gunicorn"), (WORKER, "celery worker"), (BEAT, "celery beat")])
def test_production_entry_points_refuse_debug_on(args, name):
    """DEBUG unset means on (for ./dev serve): a production process must say DEBUG=0."""
    result = run(args)
    assert result.returncode != 0
    assert f"{name} không chạy khi DEBUG đang bật" in result.stdout + result.stderr
    assert "DJANGO_ALLOW_DEBUG=1" in result.stdout + result.stderr


@pytest.mark.long
def test_gunicorn_runs_with_debug_off_or_when_told_explicitly():
    assert run(GUNICORN, **PRODUCTION).returncode == 0
    result = run(GUNICORN, DJANGO_ALLOW_DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_a_web_page_that_lists_the_tasks_works_with_debug_on(client, superuser, settings, monkeypatch):
    """The guard is for worker and beat processes: the periodic-task admin page loads the task
    modules too (import_modules), and must not end the development server's request."""
    monkeypatch.delenv("DJANGO_ALLOW_DEBUG", raising=False)
    settings.DEBUG = True
    client.force_login(superuser)
    response = client.get(reverse("admin:django_celery_beat_periodictask_add"))
    assert response.status_code == 200
