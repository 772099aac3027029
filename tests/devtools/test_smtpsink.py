"""The benchmark's SMTP server (devtools.smtpsink.LeanSink, a process of its own): it speaks
enough SMTP, pipelined, for the reminders to go out through Django's SMTP backend, and counts
what it took, so the bench's figure is the portal's, not the test server's."""

import datetime
import smtplib
from zoneinfo import ZoneInfo

import pytest

from devtools.smtpsink import LeanSink
from reporting.models import Reminder
from reporting.services.reminder_wire import send_pipelined
from reporting.tasks import send_due_reminders


def test_pipelined_messages_are_counted_refused_ones_not():
    message = b"Subject: x\r\n\r\n..a line that began with a dot\r\n.\r\n"
    with LeanSink() as sink:
        smtp = smtplib.SMTP("127.0.0.1", sink.port)
        smtp.ehlo()
        assert smtp.has_extn("pipelining")
        errors = dict(
            send_pipelined(smtp, b"<a@thidua.example>", [(f"u{i}@thidua.example", message) for i in range(20)])
        )
        assert errors == dict.fromkeys(range(20), "")
        code, _reply = smtp.docmd("DATA")  # no recipient: refused, not counted
        assert code == 554
        smtp.quit()
        assert sink.count == 20


@pytest.mark.django_db
def test_the_daily_job_delivers_through_it(settings, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    with LeanSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        with django_capture_on_commit_callbacks(execute=True):
            assert send_due_reminders() == 6
        assert sink.count == 6
    assert Reminder.objects.filter(status="sent").count() == 6
