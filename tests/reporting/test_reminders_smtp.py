"""Reminders over real SMTP (a local aiosmtpd server, with and without PIPELINING): each
message is built once per deadline (or registration due date), year and offset and completed
per recipient, so what arrives must be a whole, valid e-mail for that recipient: their
address, their name in both parts, their link, their commune. A batch that fails half way
(a refused recipient, a lost connection) leaves the rest pending: nothing lost, nothing twice."""

import datetime
import email
import email.message
import email.policy
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape

from devtools.smtpsink import SmtpSink
from reporting.models import Reminder
from reporting.services import reminder_delivery, reminder_wire
from reporting.services.reminder_delivery import deliver_batch, deliver_reminders
from reporting.services.reminders import retry_failed, send_reminders
from reporting.tasks import send_due_reminders
from tests.reporting.test_reminders import CO_LE_UNITS, VINH_BAO_UNITS

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def serve(settings, sink: SmtpSink) -> SmtpSink:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return sink


@pytest.fixture(params=[False, True], ids=["one-by-one", "pipelined"])
def smtp(request, settings):
    with SmtpSink(keep=True, pipelining=request.param) as sink:
        yield serve(settings, sink)


def parsed(smtp: SmtpSink) -> dict[str, email.message.EmailMessage]:
    """The messages the server received, by recipient (each recipient once)."""
    received = [(to, email.message_from_bytes(data, policy=email.policy.default)) for (to,), data in smtp.messages]
    assert len({to for to, _m in received}) == len(received)
    return dict(received)


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


def test_registration_reminders_name_each_units_commune(smtp, time_machine, django_capture_on_commit_callbacks):
    renders = []
    real = reminder_delivery.render_group
    time_machine.move_to(datetime.datetime(2027, 3, 30, 7, 0, tzinfo=VN))  # the day before 31/03, every commune
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reminder_delivery, "render_group", lambda *args: renders.append(args) or real(*args))
        with django_capture_on_commit_callbacks(execute=True):
            claimed = send_due_reminders()
    rows = Reminder.objects.filter(kind="registration").select_related("admin_unit")
    assert claimed == rows.count() > len(VINH_BAO_UNITS) and set(rows.values_list("status", flat=True)) == {"sent"}
    assert len({r.admin_unit_id for r in rows}) > 1 and len(renders) == 1  # one rendering for every commune
    messages = parsed(smtp)
    assert set(messages) == {r.email for r in rows}
    for reminder in rows:
        message = messages[reminder.email]
        assert message["Subject"].strip() == "[Nhắc hạn] Đăng ký thi đua năm 2027 – hạn 31/03/2027 (còn 1 ngày)"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        link = reverse("awards:registration_unit", args=[2027, reminder.unit_id])
        commune = f"Phòng Văn hóa - Xã hội {reminder.admin_unit.full_name} trước ngày"
        assert f"Kính gửi {reminder.recipient_name}," in text and link in text and commune in text
        assert link in html and "Phòng Văn hóa - Xã hội " + reminder.admin_unit.full_name in html
        assert "@@" not in text + html


def test_a_refused_recipient_fails_alone_and_can_be_retried(settings, time_machine, django_capture_on_commit_callbacks):
    refused = "htx@vinhbao.haiphong.example"
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
    with SmtpSink(keep=True, pipelining=True, refuse={refused}) as sink:
        serve(settings, sink)
        with django_capture_on_commit_callbacks(execute=True):
            send_due_reminders()
        assert set(parsed(sink)) == VINH_BAO_UNITS - {refused}
    failed = Reminder.objects.get(email=refused)
    assert failed.status == "failed" and failed.attempts == 1  # the eager task gives up at once
    assert failed.last_error.startswith("SMTPRecipientsRefused: (550,") and "Không có hộp thư này" in failed.last_error
    assert Reminder.objects.filter(status="sent").count() == 5

    with SmtpSink(keep=True, pipelining=True) as sink:  # the mailbox exists now
        serve(settings, sink)
        with django_capture_on_commit_callbacks(execute=True):
            assert retry_failed(reminder_ids=[failed.pk]) == 1
        assert list(parsed(sink)) == [refused]
    assert Reminder.objects.filter(status="sent").count() == 6


class Dropping(SmtpSink):
    """A server that drops the connection when the `after`-th message's content arrives
    (before taking it), as a server restarting mid-batch does."""

    def __init__(self, after: int, **kwargs) -> None:
        super().__init__(keep=True, **kwargs)
        self.after, self.seen = after, 0
        taken = self.handler.handle_DATA

        async def handle_data(server, session, envelope):
            self.seen += 1
            if self.seen == self.after:
                server.transport.close()
                return "421 Closing"
            return await taken(server, session, envelope)

        self.handler.handle_DATA = handle_data


@pytest.mark.parametrize("pipelining", [False, True], ids=["one-by-one", "pipelined"])
def test_a_lost_connection_leaves_the_rest_pending_and_a_retry_sends_it_once(settings, time_machine, pipelining):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
    send_reminders(today=datetime.date(2026, 12, 2))  # claimed; the deliveries ran eagerly…
    Reminder.objects.update(status="pending", attempts=0, sent_at=None)  # …as if they had not
    ids = list(Reminder.objects.order_by("pk").values_list("pk", flat=True))
    with Dropping(after=3, pipelining=pipelining) as sink:
        serve(settings, sink)
        outcome = deliver_batch(reminder_ids=ids)
        first = set(parsed(sink))
    assert outcome.sent == 2 and len(first) == 2 and outcome.lost.startswith("SMTPServerDisconnected")
    assert sorted(outcome.unsent) == sorted(
        set(ids) - set(Reminder.objects.filter(status="sent").values_list("pk", flat=True))
    )
    assert set(Reminder.objects.filter(status="sent").values_list("email", flat=True)) == first
    with SmtpSink(keep=True, pipelining=pipelining) as sink:
        serve(settings, sink)
        again = deliver_batch(reminder_ids=ids)  # the retry: the batch again, as the task sends it
        second = set(parsed(sink))
    assert again.sent == 4 and again.unsent == [] and first | second == VINH_BAO_UNITS and not first & second
    assert Reminder.objects.filter(status="sent").count() == 6


def test_the_task_retries_what_a_batch_left_with_backoff(settings, monkeypatch, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
    send_reminders(today=datetime.date(2026, 12, 2))
    Reminder.objects.update(status="pending", attempts=0, sent_at=None)
    ids = list(Reminder.objects.order_by("pk").values_list("pk", flat=True))
    retried = []

    def retry(*, args, exc, countdown):
        retried.append((args, str(exc), countdown))
        return RuntimeError("retry")

    monkeypatch.setattr(deliver_reminders, "retry", retry)
    deliver_reminders.push_request(retries=1, is_eager=False)
    try:
        with Dropping(after=5) as sink, pytest.raises(RuntimeError, match="retry"):
            serve(settings, sink)
            deliver_reminders.run(ids)
    finally:
        deliver_reminders.pop_request()
    [(args, error, countdown)] = retried
    pending = set(Reminder.objects.filter(status="pending").values_list("pk", flat=True))
    assert args == [sorted(pending)] and len(pending) == 2 and countdown == 120  # the second try: 2 minutes
    assert error.startswith("SMTPServerDisconnected")


def test_a_server_that_is_down_leaves_the_batch_pending_with_the_reason(settings, time_machine):
    from devtools.bench import free_port

    time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
    send_reminders(today=datetime.date(2026, 12, 2))  # claimed (the deliveries wait for the commit)
    ids = list(Reminder.objects.order_by("pk").values_list("pk", flat=True))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5  # nobody listens
    outcome = deliver_batch(reminder_ids=ids)
    assert outcome.sent == 0 and outcome.unsent == ids and outcome.lost.startswith("ConnectionRefusedError")
    rows = Reminder.objects.all()
    assert {r.status for r in rows} == {"pending"} and {r.last_error for r in rows} == {outcome.error}


def test_one_rendering_serves_every_plan_due_that_day_each_message_naming_its_own(
    smtp, time_machine, django_capture_on_commit_callbacks
):
    from reporting.models import ReportingDeadline

    co_le = ReportingDeadline.objects.get(plan__issuer__name="Cổ Lễ", reporters="units")
    co_le.day, co_le.month, co_le.via = 5, 12, "Phòng Văn hóa <Xã hội>"  # due with Vĩnh Bảo's, through a body
    co_le.save()
    ReportingDeadline.objects.filter(plan__issuer__name="Vĩnh Bảo", reporters="units").update(via="")
    renders = []
    real = reminder_delivery.render_group
    time_machine.move_to(datetime.datetime(2026, 11, 28, 7, 0, tzinfo=VN))  # 7 days before 05/12, both plans
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reminder_delivery, "render_group", lambda *args: renders.append(args) or real(*args))
        with django_capture_on_commit_callbacks(execute=True):
            assert send_due_reminders() == len(VINH_BAO_UNITS | CO_LE_UNITS)
    assert len(renders) == 2  # one for the deadlines that name no body, one for those that do
    messages = parsed(smtp)
    assert set(messages) == VINH_BAO_UNITS | CO_LE_UNITS
    for reminder in Reminder.objects.select_related("deadline__plan__issuer"):
        deadline, plan = reminder.deadline, reminder.deadline.plan
        text = messages[reminder.email].get_body(("plain",)).get_content().replace("\r\n", "\n")
        html = messages[reminder.email].get_body(("html",)).get_content()
        assert f"Kế hoạch: {plan.reference} – {plan.issuer.committee_name}\n{plan.title}\n" in text
        assert f"<strong>{plan.reference} – {plan.issuer.committee_name}</strong><br>{escape(plan.title)}" in html
        said = f"{deadline.reporter} báo cáo về {deadline.receiver}"
        if reminder.email in CO_LE_UNITS:
            assert f"{said} (qua Phòng Văn hóa <Xã hội>)." in text and "(qua Phòng Văn hóa &lt;Xã hội&gt;)" in html
        else:
            assert f"{said}." in text and "(qua" not in text + html
        assert "Còn 7 ngày nữa" in text and "@@" not in text + html


def test_a_plan_title_that_needs_care_arrives_whole(smtp, time_machine, django_capture_on_commit_callbacks):
    """A title with markup, one that starts a line with a dot (SMTP's end of data, unless
    stuffed) and one too long for a line of its own: each arrives as the plan has it."""
    from campaigns.models import Plan

    vinh_bao = Plan.objects.get(issuer__name="Vĩnh Bảo", status="issued", deadlines__reporters="units")
    titles = [".Thi đua <“Dân vận khéo”> & xây dựng nông thôn mới", "Thi đua " + "rất dài " * 200]
    for title in titles:
        Reminder.objects.all().delete()
        smtp.messages.clear()
        Plan.objects.filter(pk=vinh_bao.pk).update(title=title)
        time_machine.move_to(datetime.datetime(2026, 12, 2, 7, 0, tzinfo=VN))
        with django_capture_on_commit_callbacks(execute=True):
            assert send_due_reminders() == len(VINH_BAO_UNITS)
        messages = parsed(smtp)
        assert set(messages) == VINH_BAO_UNITS
        assert max(len(line) for _to, data in smtp.messages for line in data.splitlines()) <= 998  # RFC 5322
        for message in messages.values():
            text, html = (message.get_body((kind,)).get_content().replace("\r\n", "\n") for kind in ("plain", "html"))
            assert f"\n{title}\n" in text and f"<br>{escape(title)}</td>" in html and "@@" not in text + html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Kính gửi @@recipient@@,\n@@path@@\n", "<p>Kính gửi @@recipient@@</p>\n@@path@@"),
        ("@@recipient@@\n.dòng bắt đầu bằng dấu chấm\n@@path@@.\n", "@@path@@@@recipient@@\n.Kính"),  # the careful way
    ],
)
@pytest.mark.parametrize("name", ["", ".tên", "A & <B>", "An"])
@pytest.mark.parametrize("path", ["", ".", "/a/"])
def test_a_completed_message_is_dot_stuffed_wherever_a_line_starts_with_a_dot(text, html, name, path):
    import re

    wire = reminder_wire.Wire(reminder_wire.Rendered("Nhắc", text, html))
    assert wire.usable and wire.careful == text.startswith("@@recipient@@\n.")
    values = {reminder_wire.NAME_MARK: name, reminder_wire.PATH_MARK: path}
    data = wire.data_for("a@b.example", "1.x@thidua", values)
    # What it must be: the message completed as it is (its cuts unstuffed), then every line
    # that starts with a dot stuffed.
    plain = {**values, "to@reminder.invalid": "a@b.example", "msgid@reminder.invalid": "1.x@thidua"}
    pieces = [
        piece.replace(b"\n..", b"\n.") if i % 2 == 0 else (escape if in_html else str)(plain[piece.decode()]).encode()
        for part, in_html in wire.parts
        for i, piece in enumerate(part)
    ]
    whole = re.sub(rb"(?m)^\.", b"..", b"".join(pieces))
    assert data == whole + (b".\r\n" if whole.endswith(b"\r\n") else b"\r\n.\r\n")
