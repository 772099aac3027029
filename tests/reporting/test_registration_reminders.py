"""Registration deadlines (31/03 unless the commune sets another) go through the one reminder
log: the 07:00 job reminds the units not yet registered once per offset, "Nhắc ngay" on the
registration list goes through the same rows (once a day, not again by the next job), and
each registration event tells the next actor once."""

import datetime
import email
import email.header
import io
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from awards.models import RegistrationDeadline
from awards.services import registration as services
from campaigns.models import AdministrativeUnit, ParticipatingUnit
from reporting.models import EventNotice, Notification, Reminder
from reporting.services.notices import dispatch
from reporting.services.reminders import due_registration_reminders, send_reminders
from reporting.tasks import send_due_reminders
from tests.awards.registration_helpers import YEAR, registered
from tests.live import Workers, require, wait_until

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
CO_LE_UNITS = {
    "kinhte@cole.ninhbinh.example",
    "thcs@cole.ninhbinh.example",
    "mttq@cole.ninhbinh.example",
    "doanthanhnien@cole.ninhbinh.example",
    "thontrungle@cole.ninhbinh.example",
    "lienhe@maycole.example",
}


@pytest.fixture
def co_le(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(name="Cổ Lễ")


@pytest.fixture
def school(db) -> ParticipatingUnit:
    return ParticipatingUnit.objects.get(name="Trường Trung học cơ sở Cổ Lễ")


@pytest.fixture
def economic_office(db) -> ParticipatingUnit:
    return ParticipatingUnit.objects.get(name="Phòng Kinh tế xã Cổ Lễ")


@pytest.fixture
def daily_job(time_machine, django_capture_on_commit_callbacks):
    """The 07:00 job of that day, as a worker runs it (deliveries executed on commit)."""

    def run(day: str) -> int:
        time_machine.move_to(datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(7), VN))
        with django_capture_on_commit_callbacks(execute=True):
            return send_due_reminders()

    return run


def reminded(day: str, commune: str = "Cổ Lễ") -> set[str]:
    return {
        r.email
        for r in due_registration_reminders(datetime.date.fromisoformat(day))
        if r.admin_unit_id == AdministrativeUnit.objects.get(name=commune).pk
    }


def sent_to(commune_emails: set[str]) -> list[str]:
    return [m.to[0] for m in mail.outbox if m.to[0] in commune_emails]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2027-03-16", set()),
        ("2027-03-17", CO_LE_UNITS),  # 14 days before 31/03
        ("2027-03-24", CO_LE_UNITS),  # 7 days before
        ("2027-03-30", CO_LE_UNITS),  # the day before
        ("2027-03-31", set()),
        ("2027-04-01", set()),
    ],
)
def test_units_not_registered_are_reminded_on_the_default_days(day, expected):
    assert reminded(day) == expected


def test_every_commune_has_the_default_deadline():
    assert reminded("2027-03-17", "Vĩnh Bảo") >= {"kinhte@vinhbao.haiphong.example", "htx@vinhbao.haiphong.example"}


def test_a_submitted_registration_is_not_reminded_a_draft_is(school, economic_office, unit_reporter):
    registered(school, unit_reporter)
    registered(economic_office, User.objects.get(username="cole"), submit=False)
    assert reminded("2027-03-24") == CO_LE_UNITS - {"thcs@cole.ninhbinh.example"}


def test_the_communes_own_days_are_data(co_le, commune_officer):
    services.registration_deadline_set(admin_unit=co_le, day=15, month=4, offsets="10, 0", by=commune_officer)
    assert reminded("2027-03-24") == set() and reminded("2027-04-05") == CO_LE_UNITS
    assert reminded("2027-04-15") == CO_LE_UNITS
    services.registration_deadline_set(admin_unit=co_le, day=15, month=4, offsets="", by=commune_officer)
    assert reminded("2027-04-05") == set()  # no automatic reminders at all


def test_two_runs_send_once_and_each_offset_once(daily_job):
    daily_job("2027-03-17")
    first = sent_to(CO_LE_UNITS)
    assert sorted(first) == sorted(CO_LE_UNITS)
    daily_job("2027-03-17")  # the same day again (a second worker, a retry)
    assert sent_to(CO_LE_UNITS) == first
    daily_job("2027-03-24")
    daily_job("2027-03-24")
    daily_job("2027-03-30")
    daily_job("2027-03-30")
    assert sorted(sent_to(CO_LE_UNITS)) == sorted(list(CO_LE_UNITS) * 3)  # 14, 7 and 1 day before
    rows = Reminder.objects.filter(kind="registration", admin_unit__name="Cổ Lễ", year=2027)
    assert sorted(set(rows.values_list("offset", flat=True))) == [1, 7, 14] and rows.count() == 18


def test_the_reminder_is_vietnamese_and_links_to_the_units_page(daily_job, school, unit_reporter):
    User.objects.filter(pk=unit_reporter.pk).update(email="hong.vt@cole.example")
    daily_job("2027-03-24")
    message = next(m for m in mail.outbox if m.to == ["hong.vt@cole.example"])
    assert message.subject == "[Nhắc hạn] Đăng ký thi đua năm 2027 – hạn 31/03/2027 (còn 7 ngày)"
    assert "Còn 7 ngày nữa là hạn đăng ký thi đua năm 2027" in message.body
    assert reverse("awards:registration_unit", args=[2027, school.pk]) in message.body
    assert "Phòng Văn hóa - Xã hội xã Cổ Lễ" in message.body
    note = Notification.objects.get(user=unit_reporter, reminder__isnull=False)
    assert note.url == reverse("awards:registration_unit", args=[2027, school.pk])


def test_the_command_lists_registration_reminders(time_machine):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2027-03-30", "--dry-run", stdout=out)
    assert "Đăng ký thi đua năm 2027\thạn 31/03\t+1 (còn 1 ngày)" in out.getvalue()


# --- "Nhắc ngay" on the registration list ----------------------------------------------------------


@pytest.fixture
def remind(client, commune_officer, co_le, django_capture_on_commit_callbacks):
    def post(**data):
        client.force_login(commune_officer)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("awards:registration_remind", args=[co_le.pk]), {"year": YEAR, **data})

    return post


def test_remind_all_missing_sends_once_and_not_again(time_machine, remind, school, unit_reporter, daily_job):
    time_machine.move_to("2027-03-23 15:00 +07:00", tick=False)
    registered(school, unit_reporter)
    mail.outbox.clear()
    response = remind()
    assert response.status_code == 302 and response.url == f"{reverse('awards:registration_board')}?year={YEAR}"
    assert set(sent_to(CO_LE_UNITS)) == CO_LE_UNITS - {school.email}
    count = len(mail.outbox)
    remind()  # a second click
    assert len(mail.outbox) == count
    daily_job("2027-03-24")  # 7 days before: a scheduled day, chased yesterday
    assert len(sent_to(CO_LE_UNITS)) == count
    rows = Reminder.objects.filter(kind="registration", requested_by__username="cole")
    assert rows.count() == len(CO_LE_UNITS) - 1


def test_remind_one_unit_and_the_list_shows_when_and_who_has_no_email(time_machine, remind, client):
    time_machine.move_to("2027-03-02 10:15 +07:00", tick=False)
    village = ParticipatingUnit.objects.get(name="Thôn Trung Lễ")
    silent = ParticipatingUnit.objects.get(name="Công ty TNHH May mặc Cổ Lễ")
    ParticipatingUnit.objects.filter(pk=silent.pk).update(email="")
    response = remind(unit=village.pk)
    assert [m.to for m in mail.outbox] == [[village.email]]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Đã gửi nhắc 1 đơn vị; 0 đơn vị đã được nhắc hôm nay nên không nhắc lại." in messages
    page = client.get(reverse("awards:registration_board"), {"year": YEAR})
    rows = {row.unit.pk: row for row in page.context["board"]["rows"]}
    assert rows[village.pk].last_reminded is not None and rows[silent.pk].has_email is False
    assert rows[silent.pk].last_reminded is None
    html = page.content.decode()
    assert "02/03/2027 10:15" in html and "chưa có thư điện tử" in html and village.contact_person in html


def test_units_without_email_are_flagged_not_skipped_silently(time_machine, remind):
    time_machine.move_to("2027-03-02 10:15 +07:00", tick=False)
    ParticipatingUnit.objects.filter(name="Công ty TNHH May mặc Cổ Lễ").update(email="")
    response = remind()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "1 đơn vị chưa có địa chỉ thư điện tử nên không nhắc được." in messages


def test_the_missing_list_exports_to_excel(time_machine, client, commune_officer, school, unit_reporter, remind):
    time_machine.move_to("2027-03-02 10:15 +07:00", tick=False)
    registered(school, unit_reporter)
    remind()
    client.force_login(commune_officer)
    response = client.get(reverse("awards:registration_missing_export"), {"year": YEAR})
    assert response["Content-Disposition"].startswith('attachment; filename="don-vi-chua-dang-ky-thi-dua-co-le-2027')
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0] == ("Đơn vị", "Trạng thái", "Người liên hệ", "Thư điện tử", "Điện thoại", "Nhắc lần cuối")
    names = {row[0] for row in rows[1:]}
    assert school.name not in names and "Thôn Trung Lễ" in names and len(names) == 5
    assert {row[5] for row in rows[1:]} == {"02/03/2027 10:15"}


# --- Notices of registration events ----------------------------------------------------------------


@pytest.fixture
def acted(django_capture_on_commit_callbacks):
    def run(step, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(**kwargs)

    return run


def test_a_submission_tells_the_officer_once(acted, school, unit_reporter, commune_officer):
    registration = acted(registered, unit=school, by=unit_reporter)
    note = Notification.objects.get(user=commune_officer, notice__kind="registration")
    assert note.title == "Trường Trung học cơ sở Cổ Lễ đã nộp đăng ký thi đua năm 2027"
    assert note.url == registration.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[commune_officer.email]]
    event = registration.events.get()
    assert dispatch(kind="registration", event_id=event.pk) == []  # a second dispatch claims nothing
    assert EventNotice.objects.filter(kind="registration", event_id=event.pk).count() == 1


def test_a_late_submission_says_so(time_machine, acted, school, unit_reporter, commune_officer):
    time_machine.move_to("2027-04-03 09:00 +07:00", tick=False)
    acted(registered, unit=school, by=unit_reporter)
    note = Notification.objects.get(user=commune_officer, notice__kind="registration")
    assert note.title.endswith("(nộp muộn)")


def test_return_and_consolidation_tell_the_units_reporter(acted, school, unit_reporter, commune_officer):
    registration = registered(school, unit_reporter)
    mail.outbox.clear()
    acted(services.registration_return, registration=registration, by=commune_officer, reason="Thiếu ngày sinh")
    returned = Notification.objects.get(user=unit_reporter, notice__kind="registration")
    assert "bị trả lại" in returned.title and "Lý do trả lại: Thiếu ngày sinh" in returned.body
    acted(services.registration_submit, registration=registration, by=unit_reporter)
    acted(services.registration_consolidate, registration=registration, by=commune_officer)
    titles = set(Notification.objects.filter(user=unit_reporter).values_list("title", flat=True))
    assert "Đăng ký thi đua năm 2027 của Trường Trung học cơ sở Cổ Lễ đã được tổng hợp" in titles
    resubmitted = Notification.objects.filter(user=commune_officer, title__contains="đã nộp lại").count()
    assert resubmitted == 1
    assert not RegistrationDeadline.objects.filter(admin_unit__name="Xuân Trường").exists()


# --- Against real parts: two runs at once (PostgreSQL), a real worker on Redis ----------------------

RUSH = datetime.date(2027, 3, 30)  # the day before every commune's default 31/03


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_claim_each_registration_reminder_once(demo):
    require(connection.vendor == "postgresql", "Phép thử chạy đồng thời cần PostgreSQL (DATABASE_URL).")
    expected = len(due_registration_reminders(RUSH))
    assert expected > len(CO_LE_UNITS)  # every commune's units, not only Cổ Lễ's
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            results.append(len(send_reminders(today=RUSH)))
        except BaseException as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and sum(results) == expected
    assert Reminder.objects.filter(kind="registration").count() == expected
    assert len(mail.outbox) == expected


@pytest.mark.django_db(transaction=True)
def test_registration_reminders_go_through_a_real_worker_on_redis(demo, workers: Workers):
    workers.start()
    claimed = send_reminders(today=RUSH)
    assert claimed and {r.kind for r in claimed} == {"registration"}
    assert wait_until(lambda: Reminder.objects.filter(kind="registration", status="sent").count() == len(claimed))
    subjects = {
        str(email.header.make_header(email.header.decode_header(message["Subject"]))) for message in workers.messages()
    }
    assert subjects == {"[Nhắc hạn] Đăng ký thi đua năm 2027 – hạn 31/03/2027 (còn 1 ngày)"}
    assert send_reminders(today=RUSH) == []
