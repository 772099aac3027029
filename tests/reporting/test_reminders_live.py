"""Reminders against real parts: two runs at once on the database, and a real Celery worker
on Redis (CI sets DATABASE_URL to PostgreSQL and CELERY_BROKER_URL to Redis).

These tests commit (other threads and processes must see the data), so they load the demo
data themselves; the database is flushed afterwards.
"""

import datetime
import email
import email.header
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections

from campaigns.demo.loader import load_demo
from config.celery import app as celery_app
from reporting.models import Reminder
from reporting.reminders import send_reminders

pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.date(2026, 12, 2)  # 3 days before Vĩnh Bảo's 05/12: six units


@pytest.fixture
def demo(transactional_db):
    load_demo(log=lambda *args: None)


def require(condition: bool, message: str) -> None:
    """Skip on a newcomer's embedded default; on CI (which provides the services) fail."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_two_runs_at_once_send_each_reminder_once(demo):
    # SQLite's shared in-memory test database refuses concurrent writers outright.
    require(connection.vendor == "postgresql", "Phép thử chạy đồng thời cần PostgreSQL (DATABASE_URL).")
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            results.append(len(send_reminders(today=DAY)))
        except BaseException as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(results)[1] <= 6 and sum(results) == 6  # every reminder claimed by exactly one run
    assert Reminder.objects.count() == 6
    assert Reminder.objects.filter(status="sent").count() == 6
    assert len(mail.outbox) == 6


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """A real `celery worker` process on the broker, using the test database."""
    require(
        bool(settings.CELERY_BROKER_URL) and connection.vendor == "postgresql",
        "Cần CELERY_BROKER_URL (Redis) và PostgreSQL (CI chạy phép thử này với .ci/run).",
    )
    queue = f"test-{uuid.uuid4().hex[:8]}"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"filemail:///{outbox}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    previous = celery_app.conf.task_default_queue, celery_app.conf.task_always_eager
    celery_app.conf.task_default_queue, celery_app.conf.task_always_eager = queue, False
    try:
        yield outbox
    finally:
        celery_app.conf.task_default_queue, celery_app.conf.task_always_eager = previous
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output.decode(errors="replace")[-3000:])


def test_reminders_go_through_a_real_worker_on_redis(demo, worker: Path):
    claimed = send_reminders(today=DAY)  # commits: each delivery is queued on Redis
    assert len(claimed) == 6
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and Reminder.objects.filter(status="sent").count() < 6:
        time.sleep(0.5)
    assert Reminder.objects.filter(status="sent").count() == 6

    messages = [email.message_from_bytes(path.read_bytes()) for path in sorted(worker.iterdir())]
    recipients = sorted(message["To"] for message in messages)
    assert len(recipients) == 6 and "kinhte@vinhbao.haiphong.example" in recipients
    subject = str(email.header.make_header(email.header.decode_header(messages[0]["Subject"])))
    assert subject == "[Nhắc hạn] Báo cáo phong trào thi đua năm 2026 – hạn 05/12/2026 (còn 3 ngày)"

    assert send_reminders(today=DAY) == []  # and a second run sends nothing
