"""Delivering claimed reminders (reporting.services.reminders claims them), in batches.

A batch is one Celery task over one SMTP connection. Its rows are locked, sent and marked in
chunks (one UPDATE marking them sent, one INSERT of their in-app notifications per chunk), so
a worker killed mid-batch sends again at most a chunk. Each (deadline, year, offset) of a
report, and each (due, year, offset) of a registration, is rendered once as the bytes SMTP
sends, with marks where the recipient's address, name, link, commune and Message-ID go;
each recipient's copy is a substitution, not a MIME build (~1 ms each: 100 s for 100,000).
Where the server offers PIPELINING (RFC 2920), a message costs one round trip, not four.

A batch that fails (the server is down, a recipient refused) leaves its unsent rows pending,
so nothing is lost or sent twice: the task retries them with backoff, then marks them failed.
"""

import contextlib
import datetime
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from smtplib import SMTPException, SMTPServerDisconnected
from types import SimpleNamespace

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.models import AdministrativeUnit, Plan
from reporting.models import Notification, Reminder, ReportingDeadline
from reporting.services.reminder_wire import (
    AREA_MARK,
    COMMITTEE_MARK,
    NAME_MARK,
    PATH_MARK,
    RECEIVER_MARK,
    REFERENCE_MARK,
    REPORTER_MARK,
    TITLE_MARK,
    VIA_MARK,
    Rendered,
    Wire,
    one_line,
    refusal,
    send_pipelined,
)

logger = logging.getLogger(__name__)

REPORT, REGISTRATION = Reminder.Kind.REPORT, Reminder.Kind.REGISTRATION
SEND_CHUNK = 100  # rows locked, sent and marked per transaction
REMINDER_MAX_RETRIES = 6
# Connection-level failures: the rest of the batch waits for a retry.
CONNECTION_LOST = (SMTPServerDisconnected, OSError)


class DeliveryFailed(Exception):
    pass


def unit_path(viewname: str, *args) -> Callable[[int], str]:
    """A unit's page (the unit id its last argument), reversed once: planning 100,000 units
    would otherwise reverse the URL 100,000 times."""
    mark = 987654321
    head, _mark, tail = reverse(viewname, args=[*args, mark]).partition(str(mark))
    return lambda unit_id: f"{head}{unit_id}{tail}"


# --- the rows a batch reads -------------------------------------------------------------------

# What a report reminder reads of its deadline and plan (plan_values).
DEADLINE_FIELDS = (
    "pk", "plan_id", "reporter", "receiver", "via", "plan__number", "plan__status", "plan__title", "plan__issuer__kind",
    "plan__issuer__name",
)  # fmt: skip
PENDING_FIELDS = (
    "pk", "kind", "deadline_id", "admin_unit_id", "year", "due", "offset", "email", "recipient_name", "user_id",
    "unit_id",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Pending:
    """A claimed reminder as delivery reads it (plain values: no model instances)."""

    pk: int
    kind: str
    deadline_id: int | None
    plan_id: int | None
    admin_unit_id: int | None
    year: int
    due: datetime.date
    offset: int
    email: str
    recipient_name: str
    user_id: int | None
    unit_id: int | None
    via: bool = False  # a report's deadline names the body it goes through

    @property
    def group(self) -> tuple:
        """Reminders that read the same but for the marks: those of a (due date, year, offset),
        the plan and deadline (a report's) or the commune (a registration's) being marks. A
        report's deadline that goes through a body ("qua …") reads differently: its own group."""
        return (self.kind, self.due, self.year, self.offset, self.via)


def _locked(ids: Iterable[int]) -> list[tuple]:
    """The rows among `ids` still pending, locked (SKIP LOCKED: another worker's are passed
    over). Found by primary key alone, no join and no status in the WHERE: right after a claim
    of 100,000 rows the table's statistics are stale, and a planner told the table holds no
    pending rows walks another index through all of them (140 ms a chunk, measured)."""
    rows = (
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=list(ids))
        .order_by("pk")
        .values_list("status", *PENDING_FIELDS)
    )
    return [row[1:] for row in rows if row[0] == Reminder.Status.PENDING]


# --- rendering once per group -----------------------------------------------------------------


def plan_values(deadline: ReportingDeadline) -> dict[str, str]:
    """What a report reminder says of its plan and deadline (the values of PLAN_MARKS)."""
    plan = deadline.plan
    with translation.override("vi"):
        return {
            REFERENCE_MARK: plan.reference,
            COMMITTEE_MARK: plan.issuer.committee_name,
            TITLE_MARK: plan.title,
            REPORTER_MARK: deadline.reporter,
            RECEIVER_MARK: deadline.receiver,
            VIA_MARK: deadline.via,
        }


def render_group(row: Pending) -> Rendered:
    """Render the templates of the row's group, in Vietnamese."""
    stand_in = SimpleNamespace(recipient_name=NAME_MARK, email=NAME_MARK, year=row.year, due=row.due)
    context = {
        "reminder": stand_in,
        "days_left": row.offset,
        "days_late": -row.offset,
        "url": settings.PORTAL_BASE_URL.rstrip("/") + PATH_MARK,
    }
    if row.kind == REGISTRATION:
        template = "registration_reminder"
        context["commune"] = SimpleNamespace(full_name=AREA_MARK)
    else:
        template = "reminder"
        issuer = SimpleNamespace(committee_name=COMMITTEE_MARK)
        plan = SimpleNamespace(reference=REFERENCE_MARK, title=TITLE_MARK, issuer=issuer)
        via = VIA_MARK if row.via else ""
        context.update(plan=plan, deadline=SimpleNamespace(reporter=REPORTER_MARK, receiver=RECEIVER_MARK, via=via))
    with translation.override("vi"):
        subject = " ".join(render_to_string(f"reporting/email/{template}_subject.txt", context).split())
        text = render_to_string(f"reporting/email/{template}.txt", context)
        html = render_to_string(f"reporting/email/{template}.html", context)
    return Rendered(subject, text, html)


# --- sending ----------------------------------------------------------------------------------


@dataclass
class Group:
    rendered: Rendered
    wire: Wire | None  # over SMTP only


def _as_error(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class Batch:
    """One task's reminders over one connection: the groups rendered so far, the deadlines
    and communes read so far, and how the messages leave (straight over SMTP, or as
    EmailMessages through another backend: memory, file, console)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.smtp = connection.connection if isinstance(connection, SmtpBackend) else None
        self.pipelining = False
        if self.smtp is not None:
            self.smtp.ehlo_or_helo_if_needed()
            self.pipelining = self.smtp.has_extn("pipelining")
        self.groups: dict[tuple, Group] = {}
        self.deadlines: dict[int, tuple[int, bool, dict[str, str]]] = {}  # id: (plan id, via?, plan_values)
        self.areas: dict[int, str] = {}
        self.paths: dict[tuple, Callable[[int], str]] = {}
        self.token = uuid.uuid4().hex[:12]

    def pending(self, ids: list[int]) -> list[Pending]:
        """Lock the chunk's pending rows; read the deadlines and communes they need and render
        their new groups."""
        found = _locked(ids)
        wanted = {row[2] for row in found if row[1] == REPORT} - self.deadlines.keys()
        if wanted:
            found_deadlines = ReportingDeadline.objects.filter(pk__in=wanted).order_by().values_list(*DEADLINE_FIELDS)
            for pk, plan_id, reporter, receiver, via, number, status, title, kind, name in found_deadlines:
                # Unsaved instances, for their properties (a plan's reference, the committee's name):
                # a model query with its joins costs a few milliseconds in Python, per chunk.
                plan = Plan(
                    pk=plan_id,
                    number=number,
                    status=status,
                    title=title,
                    issuer=AdministrativeUnit(kind=kind, name=name),
                )
                deadline = ReportingDeadline(pk=pk, plan=plan, reporter=reporter, receiver=receiver, via=via)
                values = {mark: one_line(value) for mark, value in plan_values(deadline).items()}
                self.deadlines[pk] = (plan_id, bool(via), values)
        rows = []
        for pk, kind, deadline_id, *rest in found:
            plan_id, via, _values = self.deadlines[deadline_id] if deadline_id else (None, False, None)
            rows.append(Pending(pk, kind, deadline_id, plan_id, *rest, via=via))
        self.prepare(rows)
        return rows

    def prepare(self, rows: list[Pending]) -> None:
        """Read the communes the rows need and render the groups not rendered yet."""
        communes = {r.admin_unit_id for r in rows if r.kind == REGISTRATION} - self.areas.keys()
        if communes:
            for unit in AdministrativeUnit.objects.filter(pk__in=communes).only("pk", "kind", "name"):
                self.areas[unit.pk] = unit.full_name
        for row in rows:
            if row.group not in self.groups:
                rendered = render_group(row)
                self.groups[row.group] = Group(rendered, Wire(rendered) if self.smtp is not None else None)

    def path(self, row: Pending) -> str:
        """Where the reminder leads: the unit's registration or report page, or the board."""
        if row.kind == REPORT and not row.unit_id:
            return reverse("reporting:board")
        key = (row.kind, row.plan_id, row.year)
        if key not in self.paths:
            if row.kind == REGISTRATION:
                self.paths[key] = unit_path("awards:registration_unit", row.year)
            else:
                self.paths[key] = unit_path("reporting:report", row.plan_id, row.year)
        return self.paths[key](row.unit_id)

    def values(self, row: Pending, path: str) -> dict[str, str]:
        values = {NAME_MARK: one_line(row.recipient_name or row.email), PATH_MARK: path}
        if row.kind == REGISTRATION:
            values[AREA_MARK] = one_line(self.areas.get(row.admin_unit_id, ""))
        else:
            values.update(self.deadlines[row.deadline_id][2])  # one line each already
        return values

    def send(self, rows: list[Pending], values: list[dict[str, str]]) -> Iterator[tuple[int, str]]:
        """Yields (index, error or '') per row as each is answered; raises CONNECTION_LOST."""
        wired, messages = [], []
        for i, row in enumerate(rows):
            wire = self.groups[row.group].wire
            if self.smtp is not None and wire.usable and row.email.isascii():
                data = wire.data_for(row.email, f"{row.pk}.{self.token}@thidua", values[i])
                if data is not None:
                    wired.append(i)
                    messages.append((row.email, data))
        if wired:
            sender = self.groups[rows[wired[0]].group].wire.sender
            if self.pipelining:
                for j, error in send_pipelined(self.smtp, sender, messages):
                    yield wired[j], error
            else:
                for j, (email, data) in enumerate(messages):
                    yield wired[j], self._sendmail(sender, email, data)
        for i in sorted(set(range(len(rows))) - set(wired)):
            yield i, self._message(rows[i], values[i])

    def _sendmail(self, sender: bytes, email: str, data: bytes) -> str:
        try:  # data is stuffed and ended already: smtplib's own `data` would do it again
            code, reply = self.smtp.mail(sender.decode())
            if code != 250:
                self.smtp.rset()
                return refusal("SMTPSenderRefused", code, reply)
            code, reply = self.smtp.rcpt(email)
            if code not in (250, 251):
                self.smtp.rset()
                return refusal("SMTPRecipientsRefused", code, reply)
            code, reply = self.smtp.docmd("DATA")
            if code != 354:
                self.smtp.rset()
                return refusal("SMTPDataError", code, reply)
            self.smtp.send(data)
            code, reply = self.smtp.getreply()
            return "" if code == 250 else refusal("SMTPDataError", code, reply)
        except CONNECTION_LOST:
            raise
        except SMTPException as error:
            return _as_error(error)

    def _message(self, row: Pending, values: dict[str, str]) -> str:
        rendered = self.groups[row.group].rendered
        text, html = rendered.fill(values)
        message = EmailMultiAlternatives(
            rendered.subject, text, settings.DEFAULT_FROM_EMAIL, [row.email], connection=self.connection
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except CONNECTION_LOST:
            raise
        except SMTPException as error:
            return _as_error(error)
        return ""

    def deliver(self, ids: list[int], outcome: "Outcome") -> None:
        """Lock, send and mark one chunk, adding to `outcome`. Rows another worker holds, or
        that went out already, are skipped; rows not sent stay pending."""
        rows = self.pending(ids)
        paths = [self.path(row) for row in rows]
        values = [self.values(row, path) for row, path in zip(rows, paths, strict=True)]
        answered: dict[int, str] = {}
        try:
            for index, error in self.send(rows, values):
                answered[index] = error
        except (SMTPException, OSError) as error:  # the connection, or the server's protocol
            outcome.lost = _as_error(error)
        sent = [i for i, error in answered.items() if not error]
        Reminder.objects.filter(pk__in=[rows[i].pk for i in sent]).update(
            status=Reminder.Status.SENT, sent_at=timezone.now(), last_error="", attempts=F("attempts") + 1
        )
        notices = []
        for i in sent:
            if rows[i].user_id:
                rendered = self.groups[rows[i].group].rendered
                text, _html = rendered.fill(values[i])
                notices.append(
                    Notification(
                        user_id=rows[i].user_id, title=rendered.subject, body=text, url=paths[i], reminder_id=rows[i].pk
                    )
                )
        Notification.objects.bulk_create(notices)
        failed = {i: answered.get(i) or outcome.lost for i in range(len(rows)) if answered.get(i, True)}
        for error in set(failed.values()):
            pks = [rows[i].pk for i, e in failed.items() if e == error]
            Reminder.objects.filter(pk__in=pks).update(attempts=F("attempts") + 1, last_error=error)
        outcome.sent += len(sent)
        outcome.unsent += [rows[i].pk for i in failed]
        outcome.error = outcome.lost or next(iter(failed.values()), outcome.error)


@dataclass
class Outcome:
    sent: int = 0
    unsent: list[int] = field(default_factory=list)  # still pending: a retry sends them
    error: str = ""  # the last one
    lost: str = ""  # the connection was lost (or never opened): the rest was not tried


def deliver_batch(*, reminder_ids: list[int], connection=None) -> Outcome:
    """Send a batch of claimed reminders over one connection (opened here if it is not),
    in chunks of SEND_CHUNK. After a lost connection the rest of the batch is left pending."""
    connection = connection or get_connection()
    outcome = Outcome()
    opened = False
    try:
        opened = connection.open()
        batch = Batch(connection)
    except (SMTPException, OSError) as error:  # the server is down: the rows wait for a retry
        outcome.unsent, outcome.error = list(reminder_ids), _as_error(error)
        outcome.lost = outcome.error
        Reminder.objects.filter(pk__in=outcome.unsent, status=Reminder.Status.PENDING).update(last_error=outcome.error)
        if opened:
            with contextlib.suppress(SMTPException, OSError):
                connection.close()
        return outcome
    try:
        for start in range(0, len(reminder_ids), SEND_CHUNK):
            chunk = reminder_ids[start : start + SEND_CHUNK]
            if outcome.lost:
                outcome.unsent += chunk
                continue
            with transaction.atomic():
                batch.deliver(chunk, outcome)
    finally:
        if opened:
            with contextlib.suppress(SMTPException, OSError):  # already gone
                connection.close()
    return outcome


def deliver(*, reminder_id: int, connection=None) -> bool:
    """Send one claimed reminder. Returns False if it was already sent (or is being sent)."""
    outcome = deliver_batch(reminder_ids=[reminder_id], connection=connection)
    if outcome.unsent:
        raise DeliveryFailed(outcome.error)
    return outcome.sent == 1


def mark_failed(*, reminder_ids: Iterable[int], error: str) -> None:
    ids = list(reminder_ids)
    Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.FAILED, last_error=error
    )
    logger.error("Reminders %s failed for good: %s", ids, error)


# --- the Celery tasks that deliver ------------------------------------------------------------


def _backoff(retries: int) -> int:
    """1, 2, 4 … 32 minutes: an SMTP server that is down for a while is waited out."""
    return 60 * 2**retries


@shared_task(
    bind=True,
    name="reporting.tasks.deliver_reminder",
    max_retries=REMINDER_MAX_RETRIES,
    acks_late=True,
    time_limit=120,
    soft_time_limit=100,
)
def deliver_reminder(self, reminder_id: int) -> bool:
    try:
        return deliver(reminder_id=reminder_id)
    except DeliveryFailed as error:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            mark_failed(reminder_ids=[reminder_id], error=str(error))
            return False
        raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error


@shared_task(
    bind=True,
    name="reporting.tasks.deliver_reminders",
    max_retries=REMINDER_MAX_RETRIES,
    acks_late=True,
    time_limit=600,
    soft_time_limit=540,
)
def deliver_reminders(self, reminder_ids: list[int]) -> int:
    """A batch of claimed reminders over one SMTP connection (deliver_batch). The ones not
    sent (the server down, a recipient refused) are still pending: the task retries them,
    as a batch, with backoff, and marks them failed after the last try."""
    outcome = deliver_batch(reminder_ids=reminder_ids)
    if outcome.unsent:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            mark_failed(reminder_ids=outcome.unsent, error=outcome.error)
        else:
            error = DeliveryFailed(outcome.error)
            raise self.retry(args=[outcome.unsent], exc=error, countdown=_backoff(self.request.retries))
    return outcome.sent
