"""Chasing from the board: "Nhắc ngay" for one unit or for every unit still missing, on
the report board (a plan's report deadline) and on the registration list (the commune's
registration deadline).

A click goes through the same log as the 07:00 job (reporting.services.reminders): each
(deadline, year, e-mail) gets today's row, claimed once; a unit reminded today, by the job
or by a click, is not reminded again by a second click, and a unit chased by hand is not
reminded again by the next day's job (`CHASED_RECENTLY`).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from awards.models import Registration, RegistrationDeadline
from campaigns.models import AdministrativeUnit, ParticipatingUnit, Plan
from reporting.models import AnnualReport
from reporting.selectors.board import unit_deadline
from reporting.selectors.chasing import commune_contacts
from reporting.selectors.province import locality_deadline
from reporting.services.reminders import (
    REGISTRATION,
    PlannedReminder,
    claim_and_deliver,
    localities_reported,
    not_yet_claimed,
    unit_recipients,
    unregistered_recipients,
)


@dataclass
class ChaseResult:
    reminded: set[int] = field(default_factory=set)  # unit ids with a reminder sent now
    already: set[int] = field(default_factory=set)  # reminded today (or chased in the last day)
    no_email: set[int] = field(default_factory=set)  # nobody to write to


def require_chaser(user: User, plan: Plan) -> None:
    require_chaser_of(user, plan.issuer_id)


def require_chaser_of(user: User, admin_unit_id: int) -> None:
    scope = scope_of(user)
    if not (scope.is_officer and scope.writes_area(admin_unit_id)):
        raise PermissionDenied(_("Chỉ cán bộ Phòng Văn hóa - Xã hội của xã, phường mới được nhắc các đơn vị."))


def _chase(recipients, *, make, unit_ids: set[int] | None, active: set[int], done: set[int], by: User) -> ChaseResult:
    """Remind the recipients of the targeted units (all, or `unit_ids`) through the log:
    `make(email, name, user_id, unit_id, url)` plans one reminder."""
    planned = {}
    for email, name, user_id, unit_id, url in recipients:
        if unit_ids is None or unit_id in unit_ids:
            reminder = make(email, name, user_id, unit_id, url)
            planned.setdefault(reminder.key, reminder)
    result = ChaseResult()
    with_email = {p.unit_id for p in planned.values()}
    result.no_email = (active if unit_ids is None else unit_ids) - with_email - done
    fresh = not_yet_claimed(list(planned.values()))
    result.reminded = {p.unit_id for p in claim_and_deliver(fresh, by=by)}
    result.already = with_email - result.reminded
    return result


def _active_units(admin_unit_id: int) -> set[int]:
    return set(
        ParticipatingUnit.objects.filter(admin_unit_id=admin_unit_id, is_active=True).values_list("pk", flat=True)
    )


@transaction.atomic
def remind_now(
    *, plan: Plan, year: int, by: User, unit_ids: set[int] | None = None, today: datetime.date | None = None
) -> ChaseResult:
    """Remind the missing units (all of them, or `unit_ids`) of the plan's unit deadline."""
    require_chaser(by, plan)
    today = today or timezone.localdate()
    deadline = unit_deadline(plan)
    if deadline is None:
        raise ValidationError(_("Kế hoạch không đặt ngày hạn nộp báo cáo của các đơn vị: không có gì để nhắc."))
    due = deadline.due_in(year)

    def make(email, name, user_id, unit_id, url):
        return PlannedReminder(deadline, year, due, (due - today).days, email, name, url, user_id, unit_id)

    recipients = unit_recipients(deadline, year)
    active, done = _active_units(plan.issuer_id), submitted_units(plan, year)
    return _chase(recipients, make=make, unit_ids=unit_ids, active=active, done=done, by=by)


@transaction.atomic
def remind_registrations_now(
    *, admin_unit: AdministrativeUnit, year: int, by: User, unit_ids: set[int] | None = None, today=None
) -> ChaseResult:
    """Remind the commune's units not yet registered for the year (all, or `unit_ids`) of
    its registration deadline, through the same log as the 07:00 job."""
    require_chaser_of(by, admin_unit.pk)
    today = today or timezone.localdate()
    due = RegistrationDeadline.of(admin_unit).due(year)

    def make(email, name, user_id, unit_id, url):
        offset = (due - today).days
        return PlannedReminder(None, year, due, offset, email, name, url, user_id, unit_id, admin_unit.pk, REGISTRATION)

    registered = Registration.objects.filter(
        unit__admin_unit=admin_unit, year=year, status=Registration.Status.SUBMITTED
    ).values_list("unit_id", flat=True)
    recipients = unregistered_recipients(admin_unit, year)
    active = _active_units(admin_unit.pk)
    return _chase(recipients, make=make, unit_ids=unit_ids, active=active, done=set(registered), by=by)


def submitted_units(plan: Plan, year: int) -> set[int]:
    submitted = plan.annual_reports.filter(year=year, status=AnnualReport.Status.SUBMITTED)
    return set(submitted.values_list("unit_id", flat=True))


# --- the province chases its communes ----------------------------------------------------------


def require_province_chaser(user: User, plan: Plan) -> None:
    scope = scope_of(user)
    if not (scope.is_reviewer and scope.writes_area(plan.issuer_id)):
        raise PermissionDenied(_("Chỉ cán bộ Sở Nội vụ của tỉnh mới được nhắc các xã, phường."))


@transaction.atomic
def remind_communes_now(
    *, plan: Plan, year: int, by: User, commune_ids: set[int] | None = None, today: datetime.date | None = None
) -> ChaseResult:
    """Remind the communes (all, or `commune_ids`) whose report to the province for the plan
    and year is not in: their officers and the commune's own address, through the reminder log
    (the ids in the result are communes')."""
    require_province_chaser(by, plan)
    today = today or timezone.localdate()
    deadline = locality_deadline(plan)
    if deadline is None or not plan.is_issued:
        raise ValidationError(
            _("Kế hoạch của tỉnh không đặt ngày hạn các xã, phường gửi báo cáo: không có gì để nhắc.")
        )
    due = datetime.date(year, deadline.month, deadline.day)
    communes = AdministrativeUnit.objects.filter(province=plan.issuer_id)
    communes = communes.exclude(pk__in=localities_reported(plan, year))
    if commune_ids is not None:
        communes = communes.filter(pk__in=commune_ids)
    communes = list(communes)
    planned: dict[tuple, PlannedReminder] = {}
    for commune_id, contact in commune_contacts(communes).items():
        url = reverse("reporting:commune_report", args=[plan.pk, year, commune_id])
        for email, name, user_id in contact.addresses:
            reminder = PlannedReminder(
                deadline, year, due, (due - today).days, email, name, url, user_id, None, commune_id
            )
            planned.setdefault(reminder.key, reminder)
    result = ChaseResult()
    with_email = {p.admin_unit_id for p in planned.values()}
    result.no_email = {c.pk for c in communes} - with_email
    fresh = not_yet_claimed(list(planned.values()))
    result.reminded = {p.admin_unit_id for p in claim_and_deliver(fresh, by=by)}
    result.already = with_email - result.reminded
    return result
