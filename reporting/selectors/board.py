"""Where reports stand: the board of a plan's units for a year, timeliness against the
deadline, the list of a unit's reports. Scope comes from accounts.scope (`visible_to`).
"""

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import DateTimeField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scope import scope_of
from campaigns.models import ParticipatingUnit, Plan
from reporting.models import AnnualReport, Reminder, ReportingDeadline, Submission

# Deadlines that bind the plan issuer's participating units (not the issuer's own report upward).
UNIT_REPORTERS = (ReportingDeadline.Reporters.UNITS, ReportingDeadline.Reporters.UNITS_AND_LOCALITIES)


class BoardStatus:
    """Where a unit stands for one (plan, year); the board's status column and filter."""

    MISSING = "missing"
    DRAFT = "draft"
    ON_TIME = "on_time"
    LATE = "late"
    SUBMITTED = "submitted"  # received, and the plan sets no deadline date
    RETURNED = "returned"

    LABELS = {
        MISSING: _("chưa nộp"),
        DRAFT: _("đang soạn"),
        ON_TIME: _("đã nộp đúng hạn"),
        LATE: _("nộp muộn"),
        SUBMITTED: _("đã nộp"),
        RETURNED: _("đã trả lại"),
    }
    BADGES = {
        MISSING: "text-bg-secondary",
        DRAFT: "text-bg-light border",
        ON_TIME: "text-bg-success",
        LATE: "text-bg-warning",
        SUBMITTED: "text-bg-success",
        RETURNED: "text-bg-danger",
    }
    NOT_RECEIVED = (MISSING, DRAFT)


# --- plans a user reports against ----------------------------------------------------------


def reportable_plans_for(user: User) -> QuerySet[Plan]:
    """Issued plans whose participating units the user may read, newest period first."""
    plans = Plan.objects.filter(status=Plan.Status.ISSUED).select_related("issuer")
    if scope_of(user).is_reporter:
        return plans.filter(issuer__in=ParticipatingUnit.objects.visible_to(user).values("admin_unit_id"))
    return plans.filter(scope_of(user).area_q("issuer"))


def default_plan(user: User, year: int) -> Plan | None:
    """The plan covering `year`, preferring the user's own commune; else the latest one."""
    plans = list(reportable_plans_for(user).order_by("-period_end", "-issued_on", "pk"))
    covering = [p for p in plans if p.period_start <= year <= p.period_end]
    own = [p for p in covering if p.issuer_id == scope_of(user).admin_unit_id]
    return (own or covering or plans or [None])[0]


# --- deadlines ---------------------------------------------------------------------------


def dated_deadline(plan: Plan, reporters: Iterable[str]) -> ReportingDeadline | None:
    """The plan's earliest dated deadline binding these reporters (None when it sets no date)."""
    deadlines = [d for d in plan.deadlines.all() if d.reporters in reporters and d.day and d.month]
    return min(deadlines, key=lambda d: (d.month, d.day)) if deadlines else None


def unit_deadline(plan: Plan) -> ReportingDeadline | None:
    """The plan's dated deadline for its units' annual reports (None when it sets no date)."""
    return dated_deadline(plan, UNIT_REPORTERS)


def due_date(plan: Plan, year: int) -> datetime.date | None:
    deadline = unit_deadline(plan)
    return deadline.due_in(year) if deadline else None


def report_status(report: Submission | None, due: datetime.date | None, today: datetime.date) -> tuple[str, int | None]:
    """(BoardStatus code, days late). Timeliness counts the first submission, in local time:
    a report sent back for corrections and resubmitted does not turn late."""
    if report is None or report.status == Submission.Status.DRAFT:
        code = BoardStatus.DRAFT if report else BoardStatus.MISSING
        overdue = (today - due).days if due and today > due else None
        return code, overdue
    if report.status == Submission.Status.RETURNED:
        return BoardStatus.RETURNED, None
    if due is None:
        return BoardStatus.SUBMITTED, None
    first = timezone.localtime(report.first_submitted_at or report.submitted_at).date()
    if first <= due:
        return BoardStatus.ON_TIME, None
    return BoardStatus.LATE, (first - due).days


def received_on(report: Submission | None) -> datetime.date | None:
    """The date the receiver got the report (its first submission), local time."""
    if report is None or report.status == Submission.Status.DRAFT:
        return None
    first = report.first_submitted_at or report.submitted_at
    return timezone.localtime(first).date() if first else None


def board_counts(statuses: Iterable[str]) -> dict[str, int]:
    """The counts at the top of a board for these BoardStatus codes: total, on_time, late,
    submitted (= received), returned, missing (= not received), draft."""
    tally = Counter(statuses)
    return {
        "total": sum(tally.values()),
        "on_time": tally[BoardStatus.ON_TIME],
        "late": tally[BoardStatus.LATE],
        "submitted": tally[BoardStatus.ON_TIME] + tally[BoardStatus.LATE] + tally[BoardStatus.SUBMITTED],
        "returned": tally[BoardStatus.RETURNED],
        "missing": tally[BoardStatus.MISSING] + tally[BoardStatus.DRAFT],
        "draft": tally[BoardStatus.DRAFT],
    }


# --- lists ---------------------------------------------------------------------------------


@dataclass
class BoardRow:
    unit: ParticipatingUnit
    report: AnnualReport | None
    status: str
    days_late: int | None
    url: str
    last_reminded: datetime.datetime | None = None
    has_email: bool = True  # the unit or one of its reporter accounts has an e-mail address

    @property
    def status_label(self) -> str:
        return BoardStatus.LABELS[self.status]

    @property
    def badge(self) -> str:
        return BoardStatus.BADGES[self.status]

    @property
    def submitted_on(self) -> datetime.date | None:
        return received_on(self.report)

    @property
    def resubmitted_on(self) -> datetime.date | None:
        report = self.report
        if report is None or not report.submitted_at or report.submitted_at == report.first_submitted_at:
            return None
        return timezone.localtime(report.submitted_at).date()


def with_chasing(units: QuerySet[ParticipatingUnit], deadline: ReportingDeadline | None, year: int):
    """Annotate when each unit was last reminded of the deadline for `year` (by the job or by
    hand) and whether it has an address to remind: its own e-mail or an active reporter's."""
    reporters = User.objects.filter(participating_unit=OuterRef("pk"), is_active=True).exclude(email="")
    reminders = Reminder.objects.filter(deadline=deadline, year=year, unit=OuterRef("pk")).order_by("-created_at")
    never = Value(None, output_field=DateTimeField())
    return units.annotate(
        last_reminded=Subquery(reminders.values("created_at")[:1]) if deadline else never,
        has_email=~Q(email="") | Exists(reporters),
    )


def report_board(*, plan: Plan, year: int, user: User | None, today: datetime.date | None = None) -> dict:
    """Every active unit of the plan's commune that the user may see, with where its report
    for `year` stands against that year's deadline, and the counts for the top of the board.

    Keys: plan, year, due (date or None), days_left, deadline, today, rows (BoardRow), counts
    (board_counts), can_fill (the user is the commune's officer and may open a report on a
    unit's behalf).
    """
    today = today or timezone.localdate()
    deadline = unit_deadline(plan)
    due = deadline.due_in(year) if deadline else None
    # No user: every unit (documents rendered in the background, permission checked on download).
    units = ParticipatingUnit.objects.visible_to(user) if user is not None else ParticipatingUnit.objects.all()
    units = (
        units.select_related("admin_unit", "subject_type")
        .filter(admin_unit=plan.issuer_id, is_active=True)
        .order_by("subject_type__position", "name")
    )
    units = with_chasing(units, deadline, year)
    # Looked up by unit below, so only the (plan, year) index is needed: no scope subquery,
    # no ordering (the model's joins plans, issuers and units).
    reports = {r.unit_id: r for r in AnnualReport.objects.filter(plan=plan, year=year).order_by()}
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        status, days_late = report_status(report, due, today)
        url = reverse("reporting:report", args=[plan.pk, year, unit.pk])
        row = BoardRow(unit=unit, report=report, status=status, days_late=days_late, url=url)
        row.last_reminded, row.has_email = unit.last_reminded, unit.has_email
        rows.append(row)
    scope = scope_of(user)
    return {
        "can_fill": scope.is_officer and scope.writes_area(plan.issuer_id),
        "plan": plan,
        "year": year,
        "due": due,
        "days_left": (due - today).days if due else None,
        "deadline": deadline,
        "today": today,
        "rows": rows,
        "counts": board_counts(row.status for row in rows),
    }


def report_rows(
    *,
    issuer: int,
    reports: QuerySet[Submission],
    due: Callable[[Plan, int], datetime.date | None],
    url: str,
    owner: int,
    today: datetime.date | None = None,
) -> list[dict]:
    """One owner's reports under the issued plans of `issuer_id`: a row per (plan, year) from
    the plan's first year to this year, plus any report already started for a later year;
    newest first. `url` is the URL name of a report, taking (plan, year, owner)."""
    today = today or timezone.localdate()
    plans = Plan.objects.filter(issuer=issuer, status=Plan.Status.ISSUED).prefetch_related("deadlines")
    by_key = {(r.plan_id, r.year): r for r in reports.filter(plan__in=plans)}
    rows = []
    for plan in plans:
        years = set(range(plan.first_report_year, min(plan.period_end, today.year) + 1))
        years |= {year for plan_id, year in by_key if plan_id == plan.pk}
        for year in years:
            report = by_key.get((plan.pk, year))
            deadline = due(plan, year)
            status, days_late = report_status(report, deadline, today)
            rows.append(
                {
                    "plan": plan,
                    "year": year,
                    "report": report,
                    "due": deadline,
                    "status": status,
                    "status_label": BoardStatus.LABELS[status],
                    "badge": BoardStatus.BADGES[status],
                    "days_late": days_late,
                    "url": reverse(url, args=[plan.pk, year, owner]),
                }
            )
    rows.sort(key=lambda r: (-r["year"], r["plan"].pk))
    return rows


def unit_report_rows(user: User, unit: ParticipatingUnit, today: datetime.date | None = None) -> list[dict]:
    """The unit's reports, one row per (issued plan, year): see report_rows."""
    reports, url = AnnualReport.objects.filter(unit=unit), "reporting:report"
    return report_rows(issuer=unit.admin_unit_id, reports=reports, due=due_date, url=url, owner=unit.pk, today=today)
