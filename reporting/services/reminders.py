"""Deadline reminders: who is reminded of what on a given day, and delivering one reminder.

The daily job (`send_reminders`, run by Celery beat at 07:00 and by the management command
of the same name) claims each reminder by inserting its row first; the unique constraint
on (deadline, year, e-mail, offset) means a second run, a second worker or a re-run after a
crash never claims it again. Delivery is a Celery task (declared here, beside `deliver`) that sends the
e-mail, adds the in-app notification and marks the row sent, retrying SMTP failures with
backoff. The tasks keep the names they had in reporting.tasks, so queued work still runs.
"""

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from smtplib import SMTPException
from types import SimpleNamespace

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.models import User
from campaigns.models import AdministrativeUnit, ParticipatingUnit, Plan
from campaigns.services.plans import require_plan_editor
from config import cache
from config.celery import enqueue
from reporting.models import AnnualReport, CommuneReport, Notification, Reminder, ReminderPolicy, ReportingDeadline
from reporting.services.notifications import notify

logger = logging.getLogger(__name__)

# A reminder claimed but still pending this long after (its worker died before enqueueing
# or delivering) is handed to a worker again by the next run.
STALE_PENDING = datetime.timedelta(minutes=15)
# A unit chased by hand ("Nhắc ngay") is not reminded again by the daily job within a day.
CHASED_RECENTLY = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class PlannedReminder:
    deadline: ReportingDeadline
    year: int
    due: datetime.date
    offset: int
    email: str
    name: str
    url: str
    user_id: int | None = None
    unit_id: int | None = None
    admin_unit_id: int | None = None

    @property
    def key(self) -> tuple[int, int, str, int]:
        return (self.deadline.pk, self.year, self.email.lower(), self.offset)


def offsets_for(plan: Plan) -> list[int]:
    policy = getattr(plan, "reminder_policy", None)
    return policy.offset_list if policy else list(settings.REMINDER_OFFSETS)


def localities_reported(plan: Plan, year: int) -> set[int]:
    """Communes whose report to the province for this plan and year is submitted: their
    officers are no longer reminded (a draft or a report sent back still counts as missing)."""
    return set(
        CommuneReport.objects.filter(plan=plan, year=year, status=CommuneReport.Status.SUBMITTED).values_list(
            "commune_id", flat=True
        )
    )


@dataclass(frozen=True)
class DueToday:
    """A deadline whose reminder for `year` falls on the day: `offset` days before `due`."""

    deadline: ReportingDeadline
    year: int
    due: datetime.date
    offset: int


def _report_path(plan_id: int, year: int):
    """The report page of a unit for (plan, year), reversed once: planning 100,000 units
    would otherwise reverse the URL 100,000 times."""
    mark = 987654321
    path = reverse("reporting:report", kwargs={"plan_id": plan_id, "year": year, "unit_id": mark})
    head, _mark, tail = path.partition(str(mark))
    return lambda unit_id: f"{head}{unit_id}{tail}"


def unit_contacts(
    pairs: Iterable[tuple[ReportingDeadline, int]],
) -> Iterator[tuple[ReportingDeadline, int, str, str, int | None, int, str]]:
    """(deadline, year, e-mail, name, user id, unit id, report URL) for every active unit of
    each deadline's plan issuer that has not submitted that year's report: the unit's own
    address, then its active reporter accounts. Set-based: three queries per year, whatever
    the number of plans; in the order of `pairs`, units by name."""
    by_year: dict[int, list[ReportingDeadline]] = defaultdict(list)
    for deadline, year in pairs:
        by_year[year].append(deadline)
    for year, deadlines in by_year.items():
        issuers = {d.plan.issuer_id for d in deadlines}
        units: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for pk, admin_unit_id, name, email in (
            ParticipatingUnit.objects.filter(admin_unit__in=issuers, is_active=True)
            .order_by("name", "pk")
            .values_list("pk", "admin_unit_id", "name", "email")
        ):
            units[admin_unit_id].append((pk, name, email))
        submitted = set(
            AnnualReport.objects.filter(
                plan__in={d.plan_id for d in deadlines}, year=year, status=AnnualReport.Status.SUBMITTED
            ).values_list("plan_id", "unit_id")
        )
        reporters: dict[int, list[User]] = defaultdict(list)
        for user in (
            User.objects.filter(participating_unit__admin_unit__in=issuers, is_active=True)
            .exclude(email="")
            .order_by("pk")
            .only("pk", "email", "first_name", "last_name", "username", "participating_unit_id")
        ):
            reporters[user.participating_unit_id].append(user)
        for deadline in deadlines:
            path = _report_path(deadline.plan_id, year)
            for pk, name, email in units[deadline.plan.issuer_id]:
                if (deadline.plan_id, pk) in submitted:
                    continue
                url = path(pk)
                if email:
                    yield deadline, year, email, name, None, pk, url
                for user in reporters.get(pk, ()):
                    label = f"{user.get_full_name() or user.username} ({name})"
                    yield deadline, year, user.email, label, user.pk, pk, url


def _officer_recipients(deadline: ReportingDeadline, year: int, communes: Iterable[AdministrativeUnit]):
    reported = localities_reported(deadline.plan, year)
    board = reverse("reporting:board")
    officers = (
        User.objects.filter(admin_unit__in=[c for c in communes if c.pk not in reported], role=User.Role.OFFICER)
        .filter(is_active=True)
        .exclude(email="")
        .select_related("admin_unit")
        .order_by("admin_unit__name", "username")
    )
    for user in officers:
        name = f"{user.get_full_name() or user.username} ({user.admin_unit.full_name})"
        yield user.email, name, user.pk, board


def _planned(items: list[DueToday]) -> Iterator[PlannedReminder]:
    """Every recipient of the deadlines falling due: the units (set-based, all plans at once),
    then the communes' officers for a province deadline and the issuer's own officers for an
    upward one (a query or two per such deadline: one per province or commune reporting up)."""
    Reporters = ReportingDeadline.Reporters
    items_of = {(i.deadline.pk, i.year): i for i in items}
    unit_kinds = (Reporters.UNITS, Reporters.UNITS_AND_LOCALITIES)
    pairs = [(i.deadline, i.year) for i in items if i.deadline.reporters in unit_kinds]
    for deadline, year, email, name, user_id, unit_id, url in unit_contacts(pairs):
        item = items_of[(deadline.pk, year)]
        yield PlannedReminder(deadline, year, item.due, item.offset, email, name, url, user_id, unit_id)
    for item in items:
        deadline, plan = item.deadline, item.deadline.plan
        if deadline.reporters == Reporters.UNITS_AND_LOCALITIES:
            for email, name, user_id, url in _officer_recipients(deadline, item.year, plan.issuer.communes.all()):
                yield PlannedReminder(deadline, item.year, item.due, item.offset, email, name, url, user_id)
        if deadline.reporters == Reporters.ISSUER:
            for email, name, user_id, url in _officer_recipients(deadline, item.year, [plan.issuer]):
                yield PlannedReminder(
                    deadline, item.year, item.due, item.offset, email, name, url, user_id, None, plan.issuer_id
                )


def due_reminders(today: datetime.date) -> list[PlannedReminder]:
    """Every reminder that falls due today, for every dated deadline of every issued plan."""
    deadlines = (
        ReportingDeadline.objects.filter(plan__status=Plan.Status.ISSUED, day__isnull=False, month__isnull=False)
        .select_related("plan__issuer", "plan__reminder_policy")
        .order_by("plan__issuer__name", "month", "day", "pk")
    )
    items = []
    for deadline in deadlines:
        plan = deadline.plan
        offsets = offsets_for(plan)
        # A deadline early in January is reminded in the December before.
        for year in (today.year - 1, today.year, today.year + 1):
            due = deadline.due_in(year)
            offset = (due - today).days
            if offset in offsets and plan.period_start <= year <= plan.period_end:
                items.append(DueToday(deadline, year, due, offset))
    planned: dict[tuple, PlannedReminder] = {}
    for reminder in _planned(items):
        planned.setdefault(reminder.key, reminder)
    return list(planned.values())


def not_yet_claimed(planned: list[PlannedReminder]) -> list[PlannedReminder]:
    if not planned:
        return []
    rows = Reminder.objects.filter(
        deadline__in={p.deadline.pk for p in planned},
        year__in={p.year for p in planned},
        offset__in={p.offset for p in planned},
    ).values_list("deadline_id", "year", "email", "offset")
    claimed = {(d, y, e.lower(), o) for d, y, e, o in rows}
    chased = {
        (d, y, e.lower())
        for d, y, e in Reminder.objects.filter(
            deadline__in={p.deadline.pk for p in planned},
            requested_by__isnull=False,
            created_at__gte=timezone.now() - CHASED_RECENTLY,
        ).values_list("deadline_id", "year", "email")
    }
    return [p for p in planned if p.key not in claimed and p.key[:3] not in chased]


CLAIM_BATCH = 5000
DELIVERY_BATCH = 500  # one task, one SMTP connection, one UPDATE


def _claim(batch: list[PlannedReminder], *, by: User | None = None) -> list[int]:
    """Insert the batch's rows in one statement, tagged with this run's token; a row another
    run or worker inserted first keeps its own token (ON CONFLICT DO NOTHING), so reading the
    token back returns exactly the reminders this run claimed."""
    token = uuid.uuid4().hex
    rows = [
        Reminder(
            deadline=p.deadline,
            year=p.year,
            due=p.due,
            offset=p.offset,
            email=p.email,
            recipient_name=p.name[:255],
            user_id=p.user_id,
            unit_id=p.unit_id,
            admin_unit_id=p.admin_unit_id,
            claim=token,
            requested_by=by,
        )
        for p in batch
    ]
    with transaction.atomic():
        Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return list(Reminder.objects.filter(claim=token).values_list("pk", flat=True))


def _deliver_later(ids: list[int]) -> None:
    for start in range(0, len(ids), DELIVERY_BATCH):
        chunk = ids[start : start + DELIVERY_BATCH]
        transaction.on_commit(lambda chunk=chunk: enqueue(deliver_reminders, chunk))


def send_reminders(*, today: datetime.date, dry_run: bool = False) -> list[PlannedReminder]:
    """Claim and enqueue today's reminders; returns the ones this run claimed (or, with
    dry_run, the ones it would claim)."""
    fresh = not_yet_claimed(due_reminders(today))
    if dry_run:
        return fresh
    claimed = claim_and_deliver(fresh)
    requeue_stale_reminders()
    return claimed


def claim_and_deliver(fresh: list[PlannedReminder], *, by: User | None = None) -> list[PlannedReminder]:
    """Claim the reminders in batches and hand the ones this call claimed to the workers."""
    claimed: list[PlannedReminder] = []
    for start in range(0, len(fresh), CLAIM_BATCH):
        batch = fresh[start : start + CLAIM_BATCH]
        ids = _claim(batch, by=by)
        if len(ids) == len(batch):
            claimed += batch
        else:  # another run claimed some of them meanwhile
            mine = {
                (d, y, e.lower(), o)
                for d, y, e, o in Reminder.objects.filter(pk__in=ids).values_list(
                    "deadline_id", "year", "email", "offset"
                )
            }
            claimed += [p for p in batch if p.key in mine]
        _deliver_later(ids)
    # The boards show when each unit was last reminded.
    cache.changed(*{p.deadline.plan.issuer for p in claimed})
    return claimed


def requeue_stale_reminders() -> int:
    """Claimed reminders still pending long after their claim (the broker was down, or the
    worker died before delivering) are handed to a worker again; delivery skips any that
    meanwhile went out, so none is sent twice."""
    stale = Reminder.objects.filter(status=Reminder.Status.PENDING, created_at__lt=timezone.now() - STALE_PENDING)
    ids = list(stale.values_list("pk", flat=True))
    _deliver_later(ids)
    return len(ids)


class DeliveryFailed(Exception):
    pass


NAME_MARK, PATH_MARK = "@@recipient@@", "@@path@@"  # survive HTML escaping unchanged


@dataclass(frozen=True)
class Rendered:
    """The three parts of a reminder of one (deadline, year, offset), rendered once, with the
    recipient's name and link left as marks; `fill` puts one recipient's in."""

    subject: str
    text: str
    html: str

    def fill(self, reminder: Reminder, path: str) -> tuple[str, str, str]:
        name = reminder.recipient_name or reminder.email
        text = self.text.replace(NAME_MARK, name).replace(PATH_MARK, path)
        html = self.html.replace(NAME_MARK, escape(name)).replace(PATH_MARK, escape(path))
        return self.subject, text, html


def render_reminder(reminder: Reminder) -> Rendered:
    """Render the templates for the reminder's (deadline, year, offset): every recipient of
    the group gets the same text but for their name and link."""
    deadline = reminder.deadline
    stand_in = SimpleNamespace(recipient_name=NAME_MARK, email=NAME_MARK, year=reminder.year, due=reminder.due)
    context = {
        "reminder": stand_in,
        "deadline": deadline,
        "plan": deadline.plan,
        "days_left": reminder.offset,
        "days_late": -reminder.offset,
        "url": settings.PORTAL_BASE_URL.rstrip("/") + PATH_MARK,
    }
    with translation.override("vi"):
        subject = " ".join(render_to_string("reporting/email/reminder_subject.txt", context).split())
        text = render_to_string("reporting/email/reminder.txt", context)
        html = render_to_string("reporting/email/reminder.html", context)
    return Rendered(subject, text, html)


TO_MARK, ID_MARK = "to@reminder.invalid", "msgid@reminder.invalid"


class Wire:
    """A group's whole message as SMTP sends it (RFC 5322 bytes), built once by Django's
    EmailMultiAlternatives with marks where the recipient's address, name, link and the
    Message-ID go; `bytes_for` puts one recipient's in. Building MIME is most of the cost of
    a reminder (~1 ms each: 100 s for 100,000), a substitution is a few microseconds. None
    when a mark did not survive as plain bytes (a body the encoder folded): send as usual."""

    def __init__(self, rendered: Rendered) -> None:
        message = EmailMultiAlternatives(
            rendered.subject,
            rendered.text,
            settings.DEFAULT_FROM_EMAIL,
            [TO_MARK],
            headers={"Message-ID": f"<{ID_MARK}>"},
        )
        message.attach_alternative(rendered.html, "text/html")
        self.sender = sanitize_address(settings.DEFAULT_FROM_EMAIL, message.encoding or settings.DEFAULT_CHARSET)
        self.data = message.message().as_bytes(linesep="\r\n")
        marks = (TO_MARK, ID_MARK, NAME_MARK, PATH_MARK)
        self.usable = all(mark.encode() in self.data for mark in marks)

    def bytes_for(self, reminder: Reminder, path: str, token: str) -> bytes:
        name = reminder.recipient_name or reminder.email
        # The name and link appear in the text part (as is) and the HTML part (escaped);
        # the marks are plain ASCII, so escaping left them alone.
        data = self.data.replace(TO_MARK.encode(), reminder.email.encode())
        data = data.replace(ID_MARK.encode(), f"{reminder.pk}.{token}@thidua".encode())
        text_part, _sep, html_part = data.partition(b"text/html")
        text_part = text_part.replace(NAME_MARK.encode(), name.encode()).replace(PATH_MARK.encode(), path.encode())
        html_part = html_part.replace(NAME_MARK.encode(), escape(name).encode()).replace(
            PATH_MARK.encode(), escape(path).encode()
        )
        return text_part + b"text/html" + html_part


def _smtp(connection):
    """The open smtplib connection of Django's SMTP backend, or None for another backend
    (memory, console: those get the EmailMessage itself)."""
    return getattr(connection, "connection", None) if isinstance(connection, SmtpBackend) else None


def reminder_path(reminder: Reminder) -> str:
    """Where the reminder leads: the unit's report page, or the board for an officer."""
    if reminder.unit_id:
        return _report_path(reminder.deadline.plan_id, reminder.year)(reminder.unit_id)
    return reverse("reporting:board")


def _message(reminder: Reminder, rendered: Rendered, connection) -> tuple[EmailMultiAlternatives, str, str, str]:
    path = reminder_path(reminder)
    subject, text, html = rendered.fill(reminder, path)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [reminder.email], connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message, subject, text, path


def _pending(ids: Iterable[int]):
    # Lock only the reminder rows: with the joined deadline and plan locked too, a worker
    # delivering a sibling reminder would make SKIP LOCKED pass these over.
    return (
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=list(ids), status=Reminder.Status.PENDING)
        .select_related("deadline__plan__issuer")
        .order_by("pk")
    )


def deliver_batch(*, reminder_ids: list[int], connection) -> tuple[int, list[int]]:
    """Send a batch of claimed reminders over one open SMTP connection, rendering each
    (deadline, year, offset) once; mark the sent ones in one UPDATE and leave their in-app
    notifications in one INSERT. Rows another worker holds (or that went out already) are
    skipped. Returns (sent, ids that failed: each goes to `deliver_reminder` to retry alone)."""
    sent: list[Reminder] = []
    notices: list[Notification] = []
    failed: list[int] = []
    token = uuid.uuid4().hex[:12]
    with transaction.atomic():
        rendered: dict[tuple[int, int, int], tuple[Rendered, Wire]] = {}
        for reminder in _pending(reminder_ids):
            key = (reminder.deadline_id, reminder.year, reminder.offset)
            if key not in rendered:
                group = render_reminder(reminder)
                rendered[key] = (group, Wire(group))
            group, wire = rendered[key]
            smtp = _smtp(connection)
            try:
                if smtp is not None and wire.usable and reminder.email.isascii():
                    path = reminder_path(reminder)
                    subject, text, _html = group.fill(reminder, path)
                    smtp.sendmail(wire.sender, [reminder.email], wire.bytes_for(reminder, path, token))
                else:
                    message, subject, text, path = _message(reminder, group, connection)
                    message.send()
            except (SMTPException, OSError) as error:
                failed.append(reminder.pk)
                Reminder.objects.filter(pk=reminder.pk).update(
                    attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"
                )
                continue
            sent.append(reminder)
            if reminder.user_id:
                notices.append(
                    Notification(user_id=reminder.user_id, title=subject, body=text, url=path, reminder=reminder)
                )
        Reminder.objects.filter(pk__in=[r.pk for r in sent]).update(
            status=Reminder.Status.SENT, sent_at=timezone.now(), last_error="", attempts=F("attempts") + 1
        )
        Notification.objects.bulk_create(notices)
    return len(sent), failed


def deliver(*, reminder_id: int, connection=None) -> bool:
    """Send one claimed reminder. Returns False if it was already sent (or is being sent)."""
    failure = None
    with transaction.atomic():
        reminder = _pending([reminder_id]).first()
        if reminder is None:
            return False
        message, subject, text, path = _message(reminder, render_reminder(reminder), connection)
        reminder.attempts += 1
        try:
            message.send()
        except (SMTPException, OSError) as error:
            failure = f"{type(error).__name__}: {error}"
            reminder.last_error = failure
            reminder.save(update_fields=["attempts", "last_error"])
        else:
            reminder.status = Reminder.Status.SENT
            reminder.sent_at = timezone.now()
            reminder.last_error = ""
            reminder.save(update_fields=["attempts", "status", "sent_at", "last_error"])
            if reminder.user_id:
                notify(user_id=reminder.user_id, title=subject, body=text, url=path, reminder=reminder)
    if failure:
        raise DeliveryFailed(failure)
    return True


def mark_failed(*, reminder_id: int, error: str) -> None:
    Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.FAILED, last_error=error
    )
    logger.error("Reminder %s failed for good: %s", reminder_id, error)


def retry_failed(*, reminder_ids: Iterable[int]) -> int:
    """Put failed reminders back in the queue (the administrators' action)."""
    ids = list(
        Reminder.objects.filter(pk__in=list(reminder_ids), status=Reminder.Status.FAILED).values_list("pk", flat=True)
    )
    Reminder.objects.filter(pk__in=ids).update(status=Reminder.Status.PENDING)
    _deliver_later(ids)
    return len(ids)


@transaction.atomic
def reminder_policy_set(*, plan: Plan, offsets: str, by: User) -> ReminderPolicy:
    require_plan_editor(by, plan)
    policy = ReminderPolicy.objects.filter(plan=plan).first() or ReminderPolicy(plan=plan)
    policy.offsets = offsets
    policy.updated_by = by
    policy.full_clean()
    policy.save()
    return policy


# --- the Celery tasks that deliver ------------------------------------------------------------

REMINDER_MAX_RETRIES = 6


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
            mark_failed(reminder_id=reminder_id, error=str(error))
            return False
        # 1, 2, 4 … 32 minutes: an SMTP server that is down for a while is waited out.
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error


@shared_task(name="reporting.tasks.deliver_reminders", acks_late=True, time_limit=600, soft_time_limit=540)
def deliver_reminders(reminder_ids: list[int]) -> int:
    """A batch of claimed reminders over one SMTP connection (deliver_batch); one that
    fails is handed to `deliver_reminder` to retry alone, with backoff."""
    with get_connection() as connection:
        sent, failed = deliver_batch(reminder_ids=reminder_ids, connection=connection)
    for reminder_id in failed:
        if deliver_reminder.app.conf.task_always_eager:
            deliver_reminder.apply(args=[reminder_id])
        else:
            deliver_reminder.apply_async(args=[reminder_id], countdown=60)
    return sent
