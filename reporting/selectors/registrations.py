"""Where the commune's registrations (đăng ký thi đua) stand for a year: every active unit
with its registration, the deadline, when it was last reminded and whom to contact. The
statuses and counts are the report board's (reporting.selectors.board.BoardStatus): a unit
"chưa nộp" has no registration or a draft, one returned for changes is "đã trả lại".
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.scope import scope_of
from awards.models import Registration, RegistrationDeadline
from campaigns.models import AdministrativeUnit, ParticipatingUnit
from reporting.models import Reminder
from reporting.selectors.board import BoardStatus, board_counts


@dataclass
class RegistrationRow:
    unit: ParticipatingUnit
    registration: Registration | None
    status: str
    url: str
    last_reminded: datetime.datetime | None = None
    has_email: bool = True

    @property
    def status_label(self) -> str:
        return BoardStatus.LABELS[self.status]

    @property
    def badge(self) -> str:
        return BoardStatus.BADGES[self.status]

    @property
    def missing(self) -> bool:
        """Not registered yet: nothing, a draft, or one returned for changes."""
        return self.status in (*BoardStatus.NOT_RECEIVED, BoardStatus.RETURNED)

    @property
    def submitted_on(self) -> datetime.date | None:
        registration = self.registration
        if registration is None or not registration.first_submitted_at:
            return None
        return timezone.localtime(registration.first_submitted_at).date()


def registration_status(registration: Registration | None) -> str:
    if registration is None:
        return BoardStatus.MISSING
    if registration.is_returned:
        return BoardStatus.RETURNED
    if not registration.is_submitted:
        return BoardStatus.DRAFT
    return BoardStatus.LATE if registration.is_late else BoardStatus.ON_TIME


def with_registration_chasing(units, admin_unit: AdministrativeUnit, year: int):
    """When each unit was last reminded to register for `year` (by the job or by hand), and
    whether it has an address to remind: its own e-mail or an active reporter's."""
    reporters = User.objects.filter(participating_unit=OuterRef("pk"), is_active=True).exclude(email="")
    reminders = Reminder.objects.filter(
        kind=Reminder.Kind.REGISTRATION, admin_unit=admin_unit, year=year, unit=OuterRef("pk")
    ).order_by("-created_at")
    return units.annotate(
        last_reminded=Subquery(reminders.values("created_at")[:1]),
        has_email=~Q(email="") | Exists(reporters),
    )


def registration_board(
    *, admin_unit: AdministrativeUnit, year: int, user: User, today: datetime.date | None = None
) -> dict:
    """Keys: admin_unit, year, deadline (RegistrationDeadline), due, days_left, rows
    (RegistrationRow), counts (board_counts, plus consolidated and lines), can_act (the
    commune's officer: chases, consolidates, registers on a unit's behalf)."""
    today = today or timezone.localdate()
    deadline = RegistrationDeadline.of(admin_unit)
    due = deadline.due(year)
    units = (
        ParticipatingUnit.objects.visible_to(user)
        .filter(admin_unit=admin_unit, is_active=True)
        .select_related("subject_type")
        .order_by("subject_type__position", "name")
    )
    units = with_registration_chasing(units, admin_unit, year)
    registrations = Registration.objects.filter(unit__admin_unit=admin_unit, year=year).select_related(
        "collective_title"
    )
    by_unit = {r.unit_id: r for r in registrations.annotate(line_count=Count("lines")).order_by()}
    rows = []
    for unit in units:
        registration = by_unit.get(unit.pk)
        row = RegistrationRow(
            unit=unit,
            registration=registration,
            status=registration_status(registration),
            url=reverse("awards:registration_unit", args=[year, unit.pk]),
            last_reminded=unit.last_reminded,
            has_email=unit.has_email,
        )
        rows.append(row)
    counts = board_counts(row.status for row in rows)
    counts["to_remind"] = sum(1 for r in rows if r.missing)
    counts["consolidated"] = sum(1 for r in rows if r.registration and r.registration.is_consolidated)
    counts["to_consolidate"] = sum(
        1 for r in rows if r.registration and r.registration.is_submitted and not r.registration.is_consolidated
    )
    scope = scope_of(user)
    return {
        "admin_unit": admin_unit,
        "year": year,
        "deadline": deadline,
        "due": due,
        "days_left": (due - today).days,
        "today": today,
        "rows": rows,
        "counts": counts,
        "can_act": scope.is_officer and scope.writes_area(admin_unit.pk),
    }
