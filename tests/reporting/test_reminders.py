"""Deadline reminders: which go out on which day, to whom, exactly once."""

import datetime
import io
from smtplib import SMTPServerDisconnected
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from campaigns.models import AdministrativeUnit, Plan
from reporting.models import Notification, Reminder, ReportingDeadline
from reporting.services.reminders import due_reminders, reminder_policy_set, retry_failed, send_reminders
from reporting.tasks import send_due_reminders
from tests.reporting.conftest import submitted

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")

VINH_BAO_UNITS = {
    "kinhte@vinhbao.haiphong.example",
    "ttsnc@vinhbao.haiphong.example",
    "mttq@vinhbao.haiphong.example",
    "thondongtay@vinhbao.haiphong.example",
    "htx@vinhbao.haiphong.example",
    "lienhe@cokhivinhbao.example",
}
CO_LE_UNITS = {
    "kinhte@cole.ninhbinh.example",
    "thcs@cole.ninhbinh.example",
    "mttq@cole.ninhbinh.example",
    "doanthanhnien@cole.ninhbinh.example",
    "thontrungle@cole.ninhbinh.example",
    "lienhe@maycole.example",
}


@pytest.fixture
def daily_job(django_capture_on_commit_callbacks):
    """The 07:00 job as a worker runs it: deliveries enqueued on commit are executed."""

    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return send_due_reminders()

    return run


def on(day: str):
    return datetime.date.fromisoformat(day)


def emails_due(day: str) -> dict[str, set[str]]:
    """{issuer name: e-mails reminded} for that day."""
    result: dict[str, set[str]] = {}
    for r in due_reminders(on(day)):
        result.setdefault(r.deadline.plan.issuer.name, set()).add(r.email)
    return result


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-11-20", {}),
        ("2026-11-21", {"Vĩnh Bảo": VINH_BAO_UNITS}),  # 14 days before 05/12
        ("2026-11-26", {"Cổ Lễ": CO_LE_UNITS}),  # 14 days before 10/12
        ("2026-11-28", {"Vĩnh Bảo": VINH_BAO_UNITS}),  # 7 before 05/12
        ("2026-12-02", {"Vĩnh Bảo": VINH_BAO_UNITS}),  # 3 before 05/12
        ("2026-12-03", {"Cổ Lễ": CO_LE_UNITS}),  # 7 before 10/12
        ("2026-12-04", {"Vĩnh Bảo": VINH_BAO_UNITS}),  # the day before
        ("2026-12-05", {"Vĩnh Bảo": VINH_BAO_UNITS}),  # on the day
        ("2026-12-06", {}),
        ("2026-12-08", {"Vĩnh Bảo": VINH_BAO_UNITS}),  # 3 days late
        ("2026-12-10", {"Cổ Lễ": CO_LE_UNITS}),
        ("2026-12-13", {"Cổ Lễ": CO_LE_UNITS}),  # 3 days late
        ("2026-12-15", {}),  # the province plan 004 is still a draft
        ("2026-12-31", {}),
        ("2027-01-01", {}),
        ("2031-12-02", {}),  # the plans end in 2030
    ],
)
def test_who_is_reminded_on_which_day(day, expected):
    assert emails_due(day) == expected


def test_the_province_deadline_reminds_departments_and_commune_officers(plan_ninh_binh):
    Plan.objects.filter(pk=plan_ninh_binh.pk).update(status="issued", number="02/KH-UBND", issued_on="2025-07-09")
    reminded = emails_due("2026-12-12")  # 3 days before 15/12
    assert reminded["Ninh Bình"] == {
        "sokhcn@ninhbinh.example",
        "sovhtt@ninhbinh.example",
        "baodai@ninhbinh.example",
        "mttq@ninhbinh.example",
        "vhxh@cole.ninhbinh.example",  # officer `cole`
        "vhxh@xuantruong.ninhbinh.example",  # officer `xuantruong`
    }


def test_a_january_deadline_is_reminded_in_december(plan_vinh_bao):
    ReportingDeadline.objects.filter(plan=plan_vinh_bao).update(day=5, month=1)
    [reminder, *_] = due_reminders(on("2026-12-22"))
    assert (reminder.due, reminder.year, reminder.offset) == (on("2027-01-05"), 2027, 14)


def test_units_that_submitted_are_never_reminded(plan_co_le, unit_reporter):
    submitted(plan_co_le, 2026, unit_reporter.participating_unit, unit_reporter)
    assert emails_due("2026-12-03")["Cổ Lễ"] == CO_LE_UNITS - {"thcs@cole.ninhbinh.example"}


def test_reporter_accounts_are_reminded_with_their_unit(plan_co_le, unit_reporter):
    User.objects.filter(pk=unit_reporter.pk).update(email="hong.vt@cole.example")
    assert "hong.vt@cole.example" in emails_due("2026-12-03")["Cổ Lễ"]


def test_inactive_units_are_not_reminded():
    from campaigns.models import ParticipatingUnit

    ParticipatingUnit.objects.filter(name="Thôn Đông Tây").update(is_active=False)
    assert "thondongtay@vinhbao.haiphong.example" not in emails_due("2026-12-02")["Vĩnh Bảo"]


def test_the_daily_job_sends_each_reminder_once(time_machine, daily_job):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
    assert daily_job() == 6
    assert {m.to[0] for m in mail.outbox} == VINH_BAO_UNITS
    assert daily_job() == 0  # a second run the same day
    assert len(mail.outbox) == 6
    assert Reminder.objects.filter(status="sent").count() == 6


def test_reminder_email_is_vietnamese_html_and_text_with_a_link(time_machine, daily_job):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
    daily_job()
    message = next(m for m in mail.outbox if m.to == ["kinhte@vinhbao.haiphong.example"])
    assert message.subject == "[Nhắc hạn] Báo cáo phong trào thi đua năm 2026 – hạn 05/12/2026 (còn 3 ngày)"
    assert "Kính gửi Phòng Kinh tế xã Vĩnh Bảo" in message.body
    assert "Còn 3 ngày nữa là hạn gửi báo cáo" in message.body
    assert "Ủy ban nhân dân xã Vĩnh Bảo" in message.body
    assert "http://127.0.0.1:8000/bao-cao/ke-hoach/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>3 ngày</strong>" in html


def test_late_reminder_says_how_late(time_machine, daily_job):
    time_machine.move_to(datetime.datetime(2026, 12, 8, 7, 0, tzinfo=VN))
    daily_job()
    assert mail.outbox[0].subject.endswith("(đã quá 3 ngày)")


def test_a_run_that_crashed_half_way_is_completed_without_duplicates(
    time_machine, django_capture_on_commit_callbacks, daily_job
):
    """Rows claimed by a run that died before delivering are delivered by the next run."""
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
    with django_capture_on_commit_callbacks(execute=False):  # the crash: nothing was delivered
        claimed = send_reminders(today=on("2026-12-02"))
    assert len(claimed) == 6 and Reminder.objects.filter(status="pending").count() == 6
    assert mail.outbox == []
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 30, tzinfo=VN))
    assert daily_job() == 0  # nothing new to claim…
    assert len(mail.outbox) == 6  # …but the stale claims were delivered, once each
    assert Reminder.objects.filter(status="sent").count() == 6
    daily_job()
    assert len(mail.outbox) == 6


class FailingBackend(EmailBackend):
    def send_messages(self, messages):
        raise SMTPServerDisconnected("Máy chủ thư không phản hồi")


def test_smtp_failure_is_recorded_for_administrators_and_can_be_retried(
    settings, time_machine, daily_job, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
    settings.EMAIL_BACKEND = "tests.reporting.test_reminders.FailingBackend"
    daily_job()
    failed = Reminder.objects.filter(status="failed")
    assert failed.count() == 6
    assert failed.first().last_error == "SMTPServerDisconnected: Máy chủ thư không phản hồi"
    assert daily_job() == 0  # failed ones are not claimed again by the daily run

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed(reminder_ids=failed.values_list("pk", flat=True)) == 6
    assert Reminder.objects.filter(status="sent").count() == 6 and len(mail.outbox) == 6


def test_officer_changes_the_reminder_days_of_their_plan(plan_vinh_bao):
    officer = User.objects.get(username="vinhbao")
    reminder_policy_set(plan=plan_vinh_bao, offsets="5; 2, 0", by=officer)
    assert plan_vinh_bao.reminder_policy.offsets == "5, 2, 0"
    assert "Vĩnh Bảo" in emails_due("2026-11-30")
    assert "Vĩnh Bảo" not in emails_due("2026-12-02")


def test_send_reminders_command_dry_run_then_real_run():
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-12-02", "--dry-run", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == "6 reminders would be sent"
    assert any(
        line.startswith("kinhte@vinhbao.haiphong.example\tPhòng Kinh tế xã Vĩnh Bảo\t") and "hạn 05/12\t+3" in line
        for line in lines
    )
    assert Reminder.objects.count() == 0 and mail.outbox == []

    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-12-02", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "6 reminders sent"
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-12-02", stdout=out)
    assert out.getvalue().strip() == "0 reminders sent"


def test_send_reminders_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="Ngày không hợp lệ: 2026-02-31"):
        call_command("send_reminders", "--date", "2026-02-31", stdout=io.StringIO())


def test_beat_runs_the_job_every_morning_at_seven():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="reporting.tasks.send_due_reminders")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("7", "0", "Asia/Ho_Chi_Minh")


# In-app notifications


@pytest.fixture
def reminded_reporter(unit_reporter, time_machine, daily_job):
    User.objects.filter(pk=unit_reporter.pk).update(email="hong.vt@cole.example")
    time_machine.move_to(datetime.datetime(2026, 12, 3, 7, 0, tzinfo=VN))
    daily_job()
    return unit_reporter


def test_reporter_sees_an_unread_notification_and_opens_it(client, reminded_reporter):
    client.force_login(reminded_reporter)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">1<' in home
    notification = Notification.objects.get(user=reminded_reporter)
    listing = client.get(reverse("reporting:notifications"))
    assert listing.status_code == 200 and notification.title in listing.content.decode()
    response = client.get(reverse("reporting:notification_open", args=[notification.pk]))
    assert response.status_code == 302 and response.url.startswith("/bao-cao/ke-hoach/")
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()


def test_mark_all_read(client, reminded_reporter):
    client.force_login(reminded_reporter)
    client.post(reverse("reporting:notifications"))
    assert not Notification.objects.filter(user=reminded_reporter, read_at__isnull=True).exists()


def test_notifications_need_login(client):
    assert client.get(reverse("reporting:notifications")).status_code == 302


def test_someone_elses_notification_is_404(client, reminded_reporter, commune_officer):
    notification = Notification.objects.get(user=reminded_reporter)
    client.force_login(commune_officer)
    assert client.get(reverse("reporting:notification_open", args=[notification.pk])).status_code == 404


def test_reminder_policy_page(client, plan_co_le, commune_officer, commune_viewer, outsider):
    url = reverse("reporting:reminder_policy", args=[plan_co_le.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(commune_viewer)
    assert client.get(url).status_code == 403
    client.force_login(commune_officer)
    assert 'value="14, 7, 3, 1, 0, -3"' in client.get(url).content.decode()
    response = client.post(url, {"offsets": "7, x"})
    assert "Nhập các số ngày, cách nhau bằng dấu phẩy" in response.content.decode()
    assert 'value="7, x"' in response.content.decode()
    assert client.post(url, {"offsets": "10, 1"}).status_code == 302
    assert plan_co_le.reminder_policy.offsets == "10, 1"


def test_officers_of_the_commune_get_reminded_for_the_upward_deadline(plan_co_le):
    """A commune that reports to the province (reporters="issuer") reminds its own officers."""
    ReportingDeadline.objects.create(
        plan=plan_co_le, day=15, month=12, reporter="UBND xã", receiver="UBND tỉnh", via="Sở Nội vụ", reporters="issuer"
    )
    assert emails_due("2026-12-12")["Cổ Lễ"] == {"vhxh@cole.ninhbinh.example"}


def test_reminders_record_the_admin_unit_for_upward_deadlines(plan_co_le, django_capture_on_commit_callbacks):
    ReportingDeadline.objects.create(
        plan=plan_co_le, day=15, month=12, reporter="UBND xã", receiver="UBND tỉnh", via="Sở Nội vụ", reporters="issuer"
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=on("2026-12-12"))
    reminder = Reminder.objects.get()
    assert reminder.admin_unit == AdministrativeUnit.objects.get(name="Cổ Lễ")
    assert reminder.status == "sent" and reminder.sent_at <= timezone.now()


def test_claimed_reminders_mark_each_provinces_cached_boards_stale_once(plan_ninh_binh):
    """The boards show when each unit was last reminded: the provinces' cached copies go
    stale with one bump per province, not one per reminder."""
    from config import cache

    Plan.objects.filter(pk=plan_ninh_binh.pk).update(status="issued", number="02/KH-UBND", issued_on="2025-07-09")
    ReportingDeadline.objects.filter(plan__issuer__name__in=["Vĩnh Bảo", "Cổ Lễ"]).update(day=15, month=12)
    provinces = AdministrativeUnit.objects.filter(name__in=["Hải Phòng", "Ninh Bình"], province__isnull=True)
    before = {p.pk: cache.version(p.pk) for p in provinces}
    assert len(before) == 2
    claimed = send_reminders(today=on("2026-12-12"))  # 3 days before 15/12
    assert len(claimed) > 12  # Vĩnh Bảo's and Cổ Lễ's units, Ninh Bình's departments and officers
    assert {pk: cache.version(pk) for pk in before} == {pk: version + 1 for pk, version in before.items()}
