"""Reminders against real parts: two runs at once on the database, and a real Celery worker
on Redis (CI sets DATABASE_URL to PostgreSQL and CELERY_BROKER_URL to Redis).

These tests commit (other threads and processes must see the data), so they load the demo
data themselves; the database is flushed afterwards.
"""

import datetime
import email
import email.header
import threading

import pytest
from django.core import mail
from django.db import connection, connections

from reporting.models import Reminder
from reporting.services.reminders import send_reminders
from tests.live import Workers, require, wait_until

pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.date(2026, 12, 2)  # 3 days before Vĩnh Bảo's 05/12: six units


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


def test_reminders_go_through_a_real_worker_on_redis(demo, workers: Workers):
    workers.start()
    claimed = send_reminders(today=DAY)  # commits: each delivery is queued on Redis
    assert len(claimed) == 6
    assert wait_until(lambda: Reminder.objects.filter(status="sent").count() == 6)

    messages = workers.messages()
    recipients = sorted(message["To"] for message in messages)
    assert len(recipients) == 6 and "kinhte@vinhbao.haiphong.example" in recipients
    subject = str(email.header.make_header(email.header.decode_header(messages[0]["Subject"])))
    assert subject == "[Nhắc hạn] Báo cáo phong trào thi đua năm 2026 – hạn 05/12/2026 (còn 3 ngày)"

    assert send_reminders(today=DAY) == []  # and a second run sends nothing
