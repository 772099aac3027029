"""Reminders over real SMTP (a local aiosmtpd server): each message is built once per
deadline, year and offset and completed per recipient, so what arrives must be a whole,
valid e-mail for that recipient: their address, their name in both parts, their link."""

import datetime
import email
import email.policy
from zoneinfo import ZoneInfo

import pytest

from devtools.smtpsink import SmtpSink
from reporting.models import Reminder
from reporting.tasks import send_due_reminders
from tests.reporting.test_reminders import VINH_BAO_UNITS

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def smtp(settings):
    with SmtpSink(keep=True) as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield sink


def test_each_recipient_gets_a_whole_message_of_their_own(smtp, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 6
    assert Reminder.objects.filter(status="sent").count() == 6
    assert sorted(to for recipients, _data in smtp.messages for to in recipients) == sorted(VINH_BAO_UNITS)
    ids = set()
    for (to,), data in smtp.messages:
        message = email.message_from_bytes(data, policy=email.policy.default)
        reminder = Reminder.objects.get(email=to)
        assert message["To"] == to
        subject = "[Nhắc hạn] Báo cáo phong trào thi đua năm 2026 – hạn 05/12/2026 (còn 3 ngày)"
        assert message["Subject"].strip() == subject
        ids.add(message["Message-ID"])
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        link = f"/bao-cao/ke-hoach/{reminder.deadline.plan_id}/nam/2026/don-vi/{reminder.unit_id}/"
        assert f"Kính gửi {reminder.recipient_name}," in text and link in text
        assert "Còn 3 ngày nữa là hạn gửi báo cáo" in text
        assert "@@" not in text + html and "reminder.invalid" not in data.decode()
        assert link in html and "<strong>3 ngày</strong>" in html
    assert len(ids) == 6  # every message its own Message-ID


def test_a_name_with_markup_is_escaped_in_the_html_part(smtp, time_machine, django_capture_on_commit_callbacks):
    from campaigns.models import ParticipatingUnit

    ParticipatingUnit.objects.filter(email="htx@vinhbao.haiphong.example").update(name="HTX <Đông & Tây>")
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders()
    [data] = [data for (to,), data in smtp.messages if to == "htx@vinhbao.haiphong.example"]
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert "Kính gửi HTX <Đông & Tây>," in message.get_body(("plain",)).get_content()
    assert "Kính gửi HTX &lt;Đông &amp; Tây&gt;," in message.get_body(("html",)).get_content()
