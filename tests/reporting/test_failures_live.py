"""Failures of the real parts: Redis down, a worker killed mid-run.

With Redis down, pages keep working and reminders go out once it is back; a worker killed
while delivering loses no reminder and sends none twice.
"""

import datetime
import signal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reporting.models import GeneratedDocument, Reminder
from reporting.services.reminders import send_reminders
from reporting.tasks import sweep
from tests.live import broker, require_worker_services, wait_until

pytestmark = pytest.mark.django_db(transaction=True)
DAY = datetime.date(2026, 12, 2)  # Vĩnh Bảo's six units are reminded (3 days before 05/12)
DEAD_BROKER = "redis://127.0.0.1:1/0"


def test_pages_keep_working_while_redis_is_down(demo, client, django_user_model):
    officer = django_user_model.objects.get(username="vinhbao")
    client.force_login(officer)
    plan = officer.admin_unit.plans.get()
    with broker(DEAD_BROKER):
        assert client.get(reverse("home")).status_code == 200
        response = client.post(
            reverse("reporting:document_request"), {"kind": "plan", "plan": plan.pk}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200 and 'data-status="queued"' in response.content.decode()
        claimed = send_reminders(today=DAY)  # the 07:00 job: claims, cannot queue, does not fail
    assert len(claimed) == 6
    assert Reminder.objects.filter(status="pending").count() == 6
    assert GeneratedDocument.objects.get().status == "queued"


def test_reminders_and_documents_go_out_once_redis_is_back(demo, client, django_user_model, workers):
    officer = django_user_model.objects.get(username="vinhbao")
    client.force_login(officer)
    plan = officer.admin_unit.plans.get()
    with broker(DEAD_BROKER):
        client.post(reverse("reporting:document_request"), {"kind": "plan", "plan": plan.pk})
        send_reminders(today=DAY)
    workers.start()
    # Redis is back; the sweep (every 10 minutes) hands the left-behind work to the worker.
    later = timezone.now() + datetime.timedelta(minutes=20)
    with time_machine.travel(later, tick=True):
        result = sweep()
    assert result["stale"] == 6 and result["documents"] == 1
    assert wait_until(lambda: Reminder.objects.filter(status="sent").count() == 6)
    assert wait_until(lambda: GeneratedDocument.objects.get().status == "done")
    recipients = [message["To"] for message in workers.messages()]
    assert len(recipients) == 6 and len(set(recipients)) == 6


def test_a_worker_killed_mid_run_loses_nothing_and_sends_nothing_twice(demo, workers):
    require_worker_services()
    first = workers.start()
    send_reminders(today=DAY)  # six deliveries queued
    wait_until(lambda: Reminder.objects.filter(status="sent").exists(), seconds=30)
    first.send_signal(signal.SIGKILL)  # killed while the queue is being worked through
    workers.stop(first, kill=True)
    sent_before = Reminder.objects.filter(status="sent").count()
    assert sent_before >= 1

    workers.start()
    later = timezone.now() + datetime.timedelta(minutes=20)
    with time_machine.travel(later, tick=True):
        sweep()
    assert wait_until(lambda: Reminder.objects.filter(status="sent").count() == 6)
    recipients = [message["To"] for message in workers.messages()]
    assert sorted(recipients) == sorted(set(recipients)) and len(recipients) == 6
