"""Deadline reminders: who is reminded of what on a given day, and delivering one reminder.

The daily job (`send_reminders`, run by Celery beat at 07:00 and by the management command
of the same name) claims each reminder by inserting its row first; the unique constraint
on (deadline, year, e-mail, offset) means a second run, a second worker or a re-run after a
crash never claims it again. Two kinds go through this one log: a plan's report deadlines
(`due_reminders`) and each commune's registration deadline (`due_registration_reminders`,
keyed by the commune: see `row_key`). Delivery is a Celery task (declared here, beside `deliver`) that sends the
e-mail, adds the in-app notification and marks the row sent, retrying SMTP failures with
backoff. The tasks keep the names they had in reporting.tasks, so queued work still runs.
"""

import datetime
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from awards.models import Registration, RegistrationDeadline
from campaigns.models import AdministrativeUnit, ParticipatingUnit, Plan
from campaigns.services.plans import require_plan_editor
from config import cache
from config.celery import enqueue
from reporting.models import AnnualReport, CommuneReport, Reminder, ReminderPolicy, ReportingDeadline
from reporting.services.notifications import notify

logger = logging.getLogger(__name__)

# A reminder claimed but still pending this long after (its worker died before enqueueing
# or delivering) is handed to a worker again by the next run.
STALE_PENDING = datetime.timedelta(minutes=15)
# A unit chased by hand ("Nhắc ngay") is not reminded again by the daily job within a day.
CHASED_RECENTLY = datetime.timedelta(hours=24)


REPORT, REGISTRATION = Reminder.Kind.REPORT, Reminder.Kind.REGISTRATION


@dataclass(frozen=True)
class PlannedReminder:
    deadline: ReportingDeadline | None  # None: a registration deadline (the commune's, admin_unit_id)
    year: int
    due: datetime.date
    offset: int
    email: str
    name: str
    url: str
    user_id: int | None = None
    unit_id: int | None = None
    admin_unit_id: int | None = None
    kind: str = REPORT

    @property
    def key(self) -> tuple[str, int | None, int, str, int]:
        """What is claimed once: (kind, its deadline or commune, year, e-mail, offset)."""
        deadline_id = self.deadline.pk if self.deadline else None
        return row_key(self.kind, deadline_id, self.admin_unit_id, self.year, self.email, self.offset)


KEY_FIELDS = ("kind", "deadline_id", "admin_unit_id", "year", "email", "offset")


def row_key(kind: str, deadline_id, admin_unit_id, year: int, email: str, offset: int) -> tuple:
    """A report reminder is keyed by its deadline row, a registration reminder by its commune."""
    return (kind, deadline_id if kind == REPORT else admin_unit_id, year, email.lower(), offset)


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


def unit_recipients(
    deadline: ReportingDeadline, year: int, admin_unit: AdministrativeUnit, url_for_unit
) -> Iterator[tuple[str, str, int | None, int | None, str]]:
    """Contacts and reporter accounts of the admin unit's active units that have not submitted."""
    submitted = AnnualReport.objects.filter(plan=deadline.plan, year=year, status=AnnualReport.Status.SUBMITTED).values(
        "unit_id"
    )
    units = ParticipatingUnit.objects.filter(admin_unit=admin_unit, is_active=True).exclude(pk__in=submitted)
    return unit_contacts(units, url_for_unit)


def unregistered_recipients(admin_unit: AdministrativeUnit, year: int):
    """Contacts and reporter accounts of the commune's active units whose registration for the
    year is not submitted (a draft, or one returned, still counts as missing)."""
    registered = Registration.objects.filter(
        unit__admin_unit=admin_unit, year=year, status=Registration.Status.SUBMITTED
    ).values("unit_id")
    units = ParticipatingUnit.objects.filter(admin_unit=admin_unit, is_active=True).exclude(pk__in=registered)
    return unit_contacts(units, lambda unit: reverse("awards:registration_unit", args=[year, unit.pk]))


def unit_contacts(units, url_for_unit) -> Iterator[tuple[str, str, int | None, int | None, str]]:
    """(e-mail, name, user id, unit id, url) of each unit's own address and active reporters."""
    reporters = User.objects.filter(participating_unit__in=units, is_active=True).exclude(email="")
    by_unit: dict[int, list[User]] = {}
    for user in reporters:
        by_unit.setdefault(user.participating_unit_id, []).append(user)
    for unit in units.order_by("name"):
        url = url_for_unit(unit)
        if unit.email:
            yield unit.email, unit.name, None, unit.pk, url
        for user in by_unit.get(unit.pk, []):
            yield user.email, f"{user.get_full_name() or user.username} ({unit.name})", user.pk, unit.pk, url


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
        yield user.email, name, user.pk, None, board


def _recipients(deadline: ReportingDeadline, year: int):
    plan = deadline.plan

    def report_url(unit: ParticipatingUnit) -> str:
        return reverse("reporting:report", kwargs={"plan_id": plan.pk, "year": year, "unit_id": unit.pk})

    Reporters = ReportingDeadline.Reporters
    if deadline.reporters in (Reporters.UNITS, Reporters.UNITS_AND_LOCALITIES):
        for email, name, user_id, unit_id, url in unit_recipients(deadline, year, plan.issuer, report_url):
            yield email, name, user_id, unit_id, None, url
    if deadline.reporters == Reporters.UNITS_AND_LOCALITIES:
        for email, name, user_id, _unit, url in _officer_recipients(deadline, year, plan.issuer.communes.all()):
            yield email, name, user_id, None, None, url
    if deadline.reporters == Reporters.ISSUER:
        for email, name, user_id, _unit, url in _officer_recipients(deadline, year, [plan.issuer]):
            yield email, name, user_id, None, plan.issuer_id, url


def due_reminders(today: datetime.date) -> list[PlannedReminder]:
    """Every reminder that falls due today, for every dated deadline of every issued plan."""
    deadlines = (
        ReportingDeadline.objects.filter(plan__status=Plan.Status.ISSUED, day__isnull=False, month__isnull=False)
        .select_related("plan__issuer", "plan__reminder_policy")
        .order_by("plan__issuer__name", "month", "day", "pk")
    )
    planned: dict[tuple, PlannedReminder] = {}
    for deadline in deadlines:
        plan = deadline.plan
        offsets = offsets_for(plan)
        # A deadline early in January is reminded in the December before.
        for year in (today.year - 1, today.year, today.year + 1):
            due = datetime.date(year, deadline.month, deadline.day)
            offset = (due - today).days
            if offset not in offsets or not plan.period_start <= year <= plan.period_end:
                continue
            for email, name, user_id, unit_id, admin_unit_id, url in _recipients(deadline, year):
                reminder = PlannedReminder(
                    deadline, year, due, offset, email, name, url, user_id, unit_id, admin_unit_id
                )
                planned.setdefault(reminder.key, reminder)
    return list(planned.values())


def due_registration_reminders(today: datetime.date) -> list[PlannedReminder]:
    """Every registration reminder due today: the units of each commune not yet registered,
    on the days before its deadline (31/03 unless the commune set another) it asks for."""
    communes = (
        AdministrativeUnit.objects.filter(province__isnull=False, participating_units__is_active=True)
        .distinct()
        .select_related("registration_deadline")
        .order_by("name", "pk")
    )
    planned: dict[tuple, PlannedReminder] = {}
    for commune in communes:
        deadline = RegistrationDeadline.of(commune)
        offsets = deadline.offset_list
        for year in (today.year - 1, today.year, today.year + 1):
            due = deadline.due(year)
            offset = (due - today).days
            if offset not in offsets:
                continue
            for email, name, user_id, unit_id, url in unregistered_recipients(commune, year):
                reminder = PlannedReminder(
                    None, year, due, offset, email, name, url, user_id, unit_id, commune.pk, REGISTRATION
                )
                planned.setdefault(reminder.key, reminder)
    return list(planned.values())


def _anchors(planned: list[PlannedReminder]) -> Q:
    """The reminder rows that may hold these keys: those of their deadlines or communes."""
    deadlines = {p.deadline.pk for p in planned if p.kind == REPORT}
    communes = {p.admin_unit_id for p in planned if p.kind == REGISTRATION}
    return Q(kind=REPORT, deadline__in=deadlines) | Q(kind=REGISTRATION, admin_unit__in=communes)


def not_yet_claimed(planned: list[PlannedReminder]) -> list[PlannedReminder]:
    if not planned:
        return []
    rows = Reminder.objects.filter(
        _anchors(planned), year__in={p.year for p in planned}, offset__in={p.offset for p in planned}
    ).values_list(*KEY_FIELDS)
    claimed = {row_key(*row) for row in rows}
    chased_rows = Reminder.objects.filter(
        _anchors(planned), requested_by__isnull=False, created_at__gte=timezone.now() - CHASED_RECENTLY
    ).values_list(*KEY_FIELDS)
    chased = {row_key(*row)[:4] for row in chased_rows}
    return [p for p in planned if p.key not in claimed and p.key[:4] not in chased]


CLAIM_BATCH = 1000
DELIVERY_BATCH = 100


def _claim(batch: list[PlannedReminder], *, by: User | None = None) -> list[int]:
    """Insert the batch's rows in one statement, tagged with this run's token; a row another
    run or worker inserted first keeps its own token (ON CONFLICT DO NOTHING), so reading the
    token back returns exactly the reminders this run claimed."""
    token = uuid.uuid4().hex
    rows = [
        Reminder(
            kind=p.kind,
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
    fresh = not_yet_claimed(due_reminders(today) + due_registration_reminders(today))
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
            mine = {row_key(*row) for row in Reminder.objects.filter(pk__in=ids).values_list(*KEY_FIELDS)}
            claimed += [p for p in batch if p.key in mine]
        _deliver_later(ids)
    if claimed:  # the boards show when each unit was last reminded: their cached copies are stale
        areas = {p.deadline.plan.issuer_id for p in claimed if p.deadline is not None}
        areas |= {p.admin_unit_id for p in claimed if p.admin_unit_id}
        cache.changed(*AdministrativeUnit.objects.filter(pk__in=areas).only("pk", "province_id"))
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


def _render(reminder: Reminder) -> tuple[str, str, str, str]:
    """(subject, text, html, path) of the reminder's e-mail, in Vietnamese; `path` is the page
    it leads to: the unit's report or registration, or the board."""
    context = {"reminder": reminder, "days_left": reminder.offset, "days_late": -reminder.offset}
    if reminder.kind == REGISTRATION:
        template = "registration_reminder"
        path = reverse("awards:registration_unit", args=[reminder.year, reminder.unit_id])
        context["commune"] = reminder.admin_unit
    else:
        template, plan = "reminder", reminder.deadline.plan
        context.update(deadline=reminder.deadline, plan=plan)
        path = reverse("reporting:board")
        if reminder.unit_id:
            path = reverse(
                "reporting:report", kwargs={"plan_id": plan.pk, "year": reminder.year, "unit_id": reminder.unit_id}
            )
    context["url"] = settings.PORTAL_BASE_URL.rstrip("/") + path
    with translation.override("vi"):
        subject = " ".join(render_to_string(f"reporting/email/{template}_subject.txt", context).split())
        text = render_to_string(f"reporting/email/{template}.txt", context)
        html = render_to_string(f"reporting/email/{template}.html", context)
    return subject, text, html, path


def deliver(*, reminder_id: int, connection=None) -> bool:
    """Send one claimed reminder. Returns False if it was already sent (or is being sent)."""
    failure = None
    # Lock only the reminder row: with the joined deadline and plan locked too, a worker
    # delivering a sibling reminder would make SKIP LOCKED pass this one over.
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=reminder_id, status=Reminder.Status.PENDING)
            .select_related("deadline__plan__issuer", "admin_unit")
            .first()
        )
        if reminder is None:
            return False
        subject, text, html, path = _render(reminder)
        reminder.attempts += 1
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [reminder.email], connection=connection
        )
        message.attach_alternative(html, "text/html")
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
    """A batch of claimed reminders over one SMTP connection; each is still locked, sent and
    marked on its own, and one that fails is handed to `deliver_reminder` to retry alone."""
    sent = 0
    with get_connection() as connection:
        for reminder_id in reminder_ids:
            try:
                sent += deliver(reminder_id=reminder_id, connection=connection)
            except DeliveryFailed:
                if deliver_reminder.app.conf.task_always_eager:
                    deliver_reminder.apply(args=[reminder_id])
                else:
                    deliver_reminder.apply_async(args=[reminder_id], countdown=60)
    return sent
