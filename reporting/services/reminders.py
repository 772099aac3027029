"""Deadline reminders: who is reminded of what on a given day, and claiming them.

The daily job (`send_reminders`, run by Celery beat at 07:00 and by the management command
of the same name) claims each reminder by inserting its row first; the unique constraints
on (deadline, year, e-mail, offset) and (commune, year, e-mail, offset) mean a second run, a
second worker or a re-run after a crash never claims it again. Two kinds go through this one
log: a plan's report deadlines (`due_reminders`) and each commune's registration deadline
(`due_registration_reminders`, keyed by the commune: see `row_key`).

Built for national scale (100,000 units on a day): recipients are planned set-based (a few
queries per year whatever the number of plans or communes), claimed by bulk inserts in
batches, and delivered in batches by `reminder_delivery` (one SMTP connection per batch, each
(deadline, year, offset) rendered once). The tasks keep the names they had in
reporting.tasks, so queued work still runs.
"""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from awards.models import Registration, RegistrationDeadline
from campaigns.models import AdministrativeUnit, ParticipatingUnit, Plan
from campaigns.services.plans import require_plan_editor
from config import cache
from config.celery import enqueue
from reporting.models import AnnualReport, CommuneReport, Reminder, ReminderPolicy, ReportingDeadline
from reporting.services.reminder_delivery import (  # noqa: F401 - the tasks and delivery, as before
    REMINDER_MAX_RETRIES,
    DeliveryFailed,
    deliver,
    deliver_batch,
    deliver_reminder,
    deliver_reminders,
    mark_failed,
    unit_path,
)

# A reminder claimed but still pending this long after (its worker died before enqueueing
# or delivering) is handed to a worker again by the next run.
STALE_PENDING = datetime.timedelta(minutes=15)
# A unit chased by hand ("Nhắc ngay") is not reminded again by the daily job within a day.
CHASED_RECENTLY = datetime.timedelta(hours=24)
CLAIM_BATCH = 5000  # rows per INSERT … ON CONFLICT DO NOTHING
DELIVERY_BATCH = 500  # reminders per delivery task: one SMTP connection

REPORT, REGISTRATION = Reminder.Kind.REPORT, Reminder.Kind.REGISTRATION


@dataclass(frozen=True, slots=True)
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


# --- recipients, set-based --------------------------------------------------------------------

Contact = tuple[str, str, int | None, int | None, str]  # (e-mail, name, user id, unit id, url)


def _units_of(area_ids: Iterable[int]) -> dict[int, list[tuple[int, str, str]]]:
    """(id, name, e-mail) of the active units of each administrative unit, by name."""
    units: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    rows = ParticipatingUnit.objects.filter(admin_unit__in=list(area_ids), is_active=True).order_by("name", "pk")
    for pk, admin_unit_id, name, email in rows.values_list("pk", "admin_unit_id", "name", "email"):
        units[admin_unit_id].append((pk, name, email))
    return units


def _reporters_of(area_ids: Iterable[int]) -> dict[int, list[tuple[int, str, str]]]:
    """(user id, e-mail, name) of the active accounts with an address of each unit."""
    reporters: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    users = (
        User.objects.filter(participating_unit__admin_unit__in=list(area_ids), is_active=True)
        .exclude(email="")
        .order_by("pk")
        .only("pk", "email", "first_name", "last_name", "username", "participating_unit_id")
    )
    for user in users:
        reporters[user.participating_unit_id].append((user.pk, user.email, user.get_full_name() or user.username))
    return reporters


def _contacts(units, reporters, skip: set[int], url: Callable[[int], str]) -> Iterator[Contact]:
    """Each unit's own address, then its accounts', for the units not in `skip`."""
    for pk, name, email in units:
        if pk in skip:
            continue
        link = url(pk)
        if email:
            yield email, name, None, pk, link
        for user_id, address, label in reporters.get(pk, ()):
            yield address, f"{label} ({name})", user_id, pk, link


def _by_year(pairs: Iterable[tuple]) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for subject, year in pairs:
        grouped[year].append(subject)
    return grouped


def report_contacts(pairs: Iterable[tuple[ReportingDeadline, int]]) -> Iterator[tuple[ReportingDeadline, int, Contact]]:
    """The contacts of every active unit of each deadline's issuer that has not submitted
    that year's report, in the order of `pairs`, units by name: three queries per year."""
    for year, deadlines in _by_year(pairs).items():
        issuers = {d.plan.issuer_id for d in deadlines}
        units, reporters = _units_of(issuers), _reporters_of(issuers)
        submitted: dict[int, set[int]] = defaultdict(set)
        reports = AnnualReport.objects.filter(
            plan__in={d.plan_id for d in deadlines}, year=year, status=AnnualReport.Status.SUBMITTED
        )
        for plan_id, unit_id in reports.values_list("plan_id", "unit_id"):
            submitted[plan_id].add(unit_id)
        for deadline in deadlines:
            url = unit_path("reporting:report", deadline.plan_id, year)
            for contact in _contacts(units[deadline.plan.issuer_id], reporters, submitted[deadline.plan_id], url):
                yield deadline, year, contact


def registration_contacts(pairs: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, Contact]]:
    """The contacts of every active unit of each commune (id) whose registration for the
    year is not submitted (a draft, or one returned, still counts as missing): three
    queries per year."""
    for year, communes in _by_year(pairs).items():
        units, reporters = _units_of(communes), _reporters_of(communes)
        registered = set(
            Registration.objects.filter(
                unit__admin_unit__in=communes, year=year, status=Registration.Status.SUBMITTED
            ).values_list("unit_id", flat=True)
        )
        url = unit_path("awards:registration_unit", year)
        for commune_id in communes:
            for contact in _contacts(units[commune_id], reporters, registered, url):
                yield commune_id, year, contact


def unit_recipients(deadline: ReportingDeadline, year: int) -> Iterator[Contact]:
    """The contacts of the issuer's active units that have not submitted (chasing's list)."""
    return (contact for _deadline, _year, contact in report_contacts([(deadline, year)]))


def unregistered_recipients(admin_unit: AdministrativeUnit, year: int) -> Iterator[Contact]:
    """The contacts of the commune's active units not yet registered for the year."""
    return (contact for _commune, _year, contact in registration_contacts([(admin_unit.pk, year)]))


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


@dataclass(frozen=True)
class DueToday:
    """A deadline whose reminder for `year` falls on the day: `offset` days before `due`."""

    deadline: ReportingDeadline
    year: int
    due: datetime.date
    offset: int


def _planned(items: list[DueToday]) -> Iterator[PlannedReminder]:
    """Every recipient of the deadlines falling due: the units (set-based, all plans at once),
    then the communes' officers for a province deadline and the issuer's own officers for an
    upward one (a query or two per such deadline: one per province or commune reporting up)."""
    Reporters = ReportingDeadline.Reporters
    items_of = {(i.deadline.pk, i.year): i for i in items}
    unit_kinds = (Reporters.UNITS, Reporters.UNITS_AND_LOCALITIES)
    pairs = [(i.deadline, i.year) for i in items if i.deadline.reporters in unit_kinds]
    for deadline, year, (email, name, user_id, unit_id, url) in report_contacts(pairs):
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


def _unique(planned: Iterable[PlannedReminder]) -> list[PlannedReminder]:
    """One reminder per key (an address shared by two units is reminded once), first wins."""
    unique: dict[tuple, PlannedReminder] = {}
    for reminder in planned:
        unique.setdefault(reminder.key, reminder)
    return list(unique.values())


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
    return _unique(_planned(items))


def due_registration_reminders(today: datetime.date) -> list[PlannedReminder]:
    """Every registration reminder due today: the units of each commune not yet registered,
    on the days before its deadline (31/03 unless the commune set another) it asks for."""
    communes = (
        AdministrativeUnit.objects.filter(province__isnull=False)
        .select_related("registration_deadline")
        .order_by("name", "pk")
    )
    due_on: dict[tuple[int, int], tuple[datetime.date, int]] = {}
    for commune in communes:
        deadline = RegistrationDeadline.of(commune)
        offsets = deadline.offset_list
        for year in (today.year - 1, today.year, today.year + 1):
            due = deadline.due(year)
            if (due - today).days in offsets:
                due_on[(commune.pk, year)] = (due, (due - today).days)
    planned = (
        PlannedReminder(None, year, *due_on[commune, year], email, name, url, user, unit, commune, REGISTRATION)
        for commune, year, (email, name, user, unit, url) in registration_contacts(due_on)
    )
    return _unique(planned)


# --- claiming ---------------------------------------------------------------------------------


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


# The planned values as PostgreSQL arrays, unnested into rows by the INSERT (types as the columns').
CLAIM_ARRAYS = (
    ("kind", "varchar"), ("deadline", "bigint"), ("year", "smallint"), ("due", "date"), ("offset", "smallint"),
    ("email", "varchar"), ("recipient_name", "varchar"), ("user", "bigint"), ("unit", "bigint"),
    ("admin_unit", "bigint"),
)  # fmt: skip
CLAIM_CONSTANTS = ("claim", "requested_by", "status", "attempts", "last_error", "created_at")


def _claim_on_postgresql(batch: list[PlannedReminder], by: User | None) -> list[int]:
    """One INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING RETURNING id: the
    ORM's bulk_create prepares every value of every row in Python (most of the claim's cost
    at 100,000 rows) and cannot say which rows it inserted."""
    field = Reminder._meta.get_field
    quote = connection.ops.quote_name
    names = [quote(field(name).column) for name, _type in CLAIM_ARRAYS + tuple((c, "") for c in CLAIM_CONSTANTS)]
    arrays = ", ".join(f"%s::{sql_type}[]" for _name, sql_type in CLAIM_ARRAYS)
    alias = ", ".join(names[: len(CLAIM_ARRAYS)])
    sql = (
        f"INSERT INTO {quote(Reminder._meta.db_table)} ({', '.join(names)}) "  # noqa: S608 - names from the model  # nosec
        f"SELECT {alias}, %s, %s::bigint, %s, 0, '', %s::timestamptz FROM unnest({arrays}) AS planned({alias}) "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    columns = [
        [p.kind for p in batch],
        [p.deadline.pk if p.deadline else None for p in batch],
        [p.year for p in batch],
        [p.due for p in batch],
        [p.offset for p in batch],
        [p.email for p in batch],
        [p.name[:255] for p in batch],
        [p.user_id for p in batch],
        [p.unit_id for p in batch],
        [p.admin_unit_id for p in batch],
    ]
    token = uuid.uuid4().hex
    params = [token, by.pk if by else None, Reminder.Status.PENDING, timezone.now(), *columns]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(pk for (pk,) in cursor.fetchall())


def _claim(batch: list[PlannedReminder], *, by: User | None = None) -> list[int]:
    """Insert the batch's rows in one statement; a row another run or worker inserted first
    stays theirs (ON CONFLICT DO NOTHING). Returns the ids of exactly the rows this call
    inserted: on PostgreSQL those the INSERT returns, elsewhere those tagged with its token."""
    if connection.vendor == "postgresql":
        return _claim_on_postgresql(batch, by)
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
    return list(Reminder.objects.filter(claim=token).order_by("pk").values_list("pk", flat=True))


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
    """Claim the reminders in batches and hand each batch this call claimed to the workers
    at once (delivery starts while the next batch is claimed)."""
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
        areas |= {p.admin_unit_id for p in claimed if p.admin_unit_id}  # changed() bumps each province once
        cache.changed(*AdministrativeUnit.objects.filter(pk__in=areas).only("pk", "province_id"))
    return claimed


def requeue_stale_reminders() -> int:
    """Claimed reminders still pending long after their claim (the broker was down, or the
    worker died before delivering) are handed to a worker again; delivery skips any that
    meanwhile went out, so none is sent twice."""
    stale = Reminder.objects.filter(status=Reminder.Status.PENDING, created_at__lt=timezone.now() - STALE_PENDING)
    ids = list(stale.order_by("pk").values_list("pk", flat=True))
    _deliver_later(ids)
    return len(ids)


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
