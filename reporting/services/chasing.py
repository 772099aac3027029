"""Chasing from the board: "Nhắc ngay" for one unit or for every unit still missing.

A click goes through the same log as the 07:00 job (reporting.services.reminders): each
(deadline, year, e-mail) gets today's row, claimed once; a unit reminded today, by the job
or by a click, is not reminded again by a second click, and a unit chased by hand is not
reminded again by the next day's job (`CHASED_RECENTLY`).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from campaigns.models import ParticipatingUnit, Plan
from reporting.models import AnnualReport
from reporting.selectors.board import unit_deadline
from reporting.services.reminders import PlannedReminder, claim_and_deliver, not_yet_claimed, unit_contacts


@dataclass
class ChaseResult:
    reminded: set[int] = field(default_factory=set)  # unit ids with a reminder sent now
    already: set[int] = field(default_factory=set)  # reminded today (or chased in the last day)
    no_email: set[int] = field(default_factory=set)  # nobody to write to


def require_chaser(user: User, plan: Plan) -> None:
    scope = scope_of(user)
    if not (scope.is_officer and scope.writes_area(plan.issuer_id)):
        raise PermissionDenied(_("Chỉ cán bộ Phòng Văn hóa - Xã hội của xã, phường mới được nhắc các đơn vị."))


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

    planned = {}
    for _deadline, _year, email, name, user_id, unit_id, url in unit_contacts([(deadline, year)]):
        if unit_ids is None or unit_id in unit_ids:
            reminder = PlannedReminder(deadline, year, due, (due - today).days, email, name, url, user_id, unit_id)
            planned.setdefault(reminder.key, reminder)
    result = ChaseResult()
    missing = ParticipatingUnit.objects.filter(admin_unit=plan.issuer, is_active=True)
    missing_ids = set(missing.values_list("pk", flat=True)) if unit_ids is None else unit_ids
    with_email = {p.unit_id for p in planned.values()}
    result.no_email = missing_ids - with_email - submitted_units(plan, year)
    fresh = not_yet_claimed(list(planned.values()))
    result.reminded = {p.unit_id for p in claim_and_deliver(fresh, by=by)}
    result.already = with_email - result.reminded
    return result


def submitted_units(plan: Plan, year: int) -> set[int]:
    submitted = plan.annual_reports.filter(year=year, status=AnnualReport.Status.SUBMITTED)
    return set(submitted.values_list("unit_id", flat=True))
