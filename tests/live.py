"""Real Celery workers on the real broker, for the tests that go through them.

They need PostgreSQL (the worker process must see the test database) and CELERY_BROKER_URL
(Redis): CI provides both; on the embedded default these tests are skipped.
"""

import email
import email.message
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app


def require(condition: bool, message: str) -> None:
    """Skip on a newcomer's embedded default; on CI (which provides the services) fail."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def require_worker_services() -> None:
    require(
        bool(settings.CELERY_BROKER_URL) and connection.vendor == "postgresql",
        "Cần CELERY_BROKER_URL (Redis) và PostgreSQL (CI chạy phép thử này với .ci/run).",
    )


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def broker(url: str):
    """Point this process's producer at another broker URL (e.g. a dead one) for a while."""
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = url, False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = previous
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


class Workers:
    """Starts `celery worker` processes on a private queue; e-mail goes to files in `outbox`."""

    def __init__(self, outbox: Path):
        self.queue = f"test-{uuid.uuid4().hex[:8]}"
        self.outbox = outbox
        self.processes: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "EMAIL_URL": f"filemail:///{self.outbox}",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_ALLOW_DEBUG": "1",  # the suite runs with DEBUG on; the worker refuses it otherwise
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-Q", self.queue,
             "--prefetch-multiplier", "1", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-l", "warning"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen, *, kill: bool = False) -> None:
        process.kill() if kill else process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output.decode(errors="replace")[-3000:])

    def messages(self) -> list[email.message.Message]:
        """Every e-mail the workers sent (Django's file backend writes one file per SMTP
        connection, the messages separated by a line of 79 dashes)."""
        separator = b"\n" + b"-" * 79 + b"\n"
        found = []
        for path in sorted(self.outbox.iterdir()):
            for chunk in path.read_bytes().split(separator):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk.lstrip(b"\n")))
        return found


@pytest.fixture
def demo(transactional_db):
    """The demo data, committed (a transactional test: other processes see it)."""
    from tests.demo_snapshot import load_demo_again

    load_demo_again()


@pytest.fixture
def workers(tmp_path):
    require_worker_services()
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    pool = Workers(outbox)
    conf = celery_app.conf
    previous = conf.task_default_queue, conf.task_always_eager
    conf.task_default_queue, conf.task_always_eager = pool.queue, False
    try:
        yield pool
    finally:
        conf.task_default_queue, conf.task_always_eager = previous
        for process in pool.processes:
            if process.poll() is None:
                pool.stop(process)


def wait_until(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return condition()
