"""Reads shared by views, scoped to what the user may see.

Scope of annual reports: a unit reporter sees their own unit only; a commune officer or
viewer sees every unit of their commune; a province reviewer (or viewer) reads the units of
the province and its communes. Anything else is a 404 (the objects are simply not in the
queryset). Who may *write* is answered by `can_write_report` / `can_return_report`.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from campaigns.models import AdministrativeUnit, Content, ParticipatingUnit, Plan
from criteria.models import Criterion, CriterionGroup, SubjectType
from reporting.models import AnnualReport, ContentResult, CriterionResult, Evidence, ReportEvent, ReportingDeadline

Role = User.Role

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


# --- scope -----------------------------------------------------------------------------


def _admin_units_in_scope(user: User) -> QuerySet[AdministrativeUnit] | None:
    """Administrative units whose participating units the user may read; None means all."""
    if user.is_superuser:
        return None
    unit = user.admin_unit
    if unit is None or user.role not in (Role.OFFICER, Role.VIEWER, Role.REVIEWER):
        return AdministrativeUnit.objects.none()
    if unit.is_province:
        return AdministrativeUnit.objects.filter(Q(pk=unit.pk) | Q(province=unit))
    return AdministrativeUnit.objects.filter(pk=unit.pk)


def units_visible_to(user: User) -> QuerySet[ParticipatingUnit]:
    units = ParticipatingUnit.objects.select_related("admin_unit", "subject_type")
    if not user.is_authenticated:
        return units.none()
    if user.role == Role.REPORTER:
        return units.filter(pk=user.participating_unit_id) if user.participating_unit_id else units.none()
    admin_units = _admin_units_in_scope(user)
    return units if admin_units is None else units.filter(admin_unit__in=admin_units)


def reports_visible_to(user: User) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(unit__in=units_visible_to(user)).select_related(
        "plan__issuer", "unit__subject_type", "unit__admin_unit"
    )


def evidence_visible_to(user: User) -> QuerySet[Evidence]:
    return Evidence.objects.filter(report__in=reports_visible_to(user)).select_related(
        "report__unit__admin_unit", "report__plan"
    )


def reportable_plans_for(user: User) -> QuerySet[Plan]:
    """Issued plans whose participating units the user may read, newest period first."""
    plans = Plan.objects.filter(status=Plan.Status.ISSUED).select_related("issuer")
    if user.role == Role.REPORTER:
        return plans.filter(issuer__participating_units__pk=user.participating_unit_id)
    admin_units = _admin_units_in_scope(user)
    return plans if admin_units is None else plans.filter(issuer__in=admin_units)


def default_plan(user: User, year: int) -> Plan | None:
    """The plan covering `year`, preferring the user's own commune; else the latest one."""
    plans = list(reportable_plans_for(user).order_by("-period_end", "-issued_on", "pk"))
    covering = [p for p in plans if p.period_start <= year <= p.period_end]
    own = [p for p in covering if p.issuer_id == user.admin_unit_id]
    return (own or covering or plans or [None])[0]


def can_write_report(user: User, unit: ParticipatingUnit) -> bool:
    """The unit's own reporter, or the officer of its commune writing on its behalf.
    Superusers get no portal write rights without a role (they use the admin)."""
    if not user.is_authenticated:
        return False
    if user.role == Role.REPORTER:
        return user.participating_unit_id == unit.pk
    if user.role == Role.OFFICER:
        return user.admin_unit_id == unit.admin_unit_id
    return False


def can_return_report(user: User, unit: ParticipatingUnit) -> bool:
    """The Culture-Social Office of the unit's commune sends a report back; for the
    province's own departments, the province's reviewers (Department of Home Affairs)."""
    if not user.is_authenticated or user.admin_unit_id != unit.admin_unit_id:
        return False
    return user.role == (Role.REVIEWER if unit.admin_unit.is_province else Role.OFFICER)


# --- deadlines ---------------------------------------------------------------------------


def unit_deadline(plan: Plan) -> ReportingDeadline | None:
    """The plan's dated deadline for its units' annual reports (None when it sets no date)."""
    deadlines = [d for d in plan.deadlines.all() if d.reporters in UNIT_REPORTERS and d.day and d.month]
    return min(deadlines, key=lambda d: (d.month, d.day)) if deadlines else None


def due_date(plan: Plan, year: int) -> datetime.date | None:
    deadline = unit_deadline(plan)
    return datetime.date(year, deadline.month, deadline.day) if deadline else None


def report_status(
    report: AnnualReport | None, due: datetime.date | None, today: datetime.date
) -> tuple[str, int | None]:
    """(BoardStatus code, days late). Timeliness counts the first submission, in local time:
    a report sent back for corrections and resubmitted does not turn late."""
    if report is None or report.status == AnnualReport.Status.DRAFT:
        code = BoardStatus.DRAFT if report else BoardStatus.MISSING
        overdue = (today - due).days if due and today > due else None
        return code, overdue
    if report.status == AnnualReport.Status.RETURNED:
        return BoardStatus.RETURNED, None
    if due is None:
        return BoardStatus.SUBMITTED, None
    first = timezone.localtime(report.first_submitted_at or report.submitted_at).date()
    if first <= due:
        return BoardStatus.ON_TIME, None
    return BoardStatus.LATE, (first - due).days


# --- one report ----------------------------------------------------------------------------


def criterion_group_for(plan: Plan, subject_type: SubjectType) -> CriterionGroup | None:
    """The plan's criteria for this subject type, or for the nearest broader type that has
    some (a school uses the office criteria); None when no type up the chain has any."""
    groups = {g.subject_type_id: g for g in plan.criterion_groups.all()}
    if not groups:
        return None
    broader = dict(SubjectType.objects.values_list("pk", "broader_id"))
    seen: set[int] = set()
    current = subject_type.pk
    while current is not None and current not in seen:
        if current in groups:
            return groups[current]
        seen.add(current)
        current = broader.get(current)
    return None


@dataclass
class ReportPage:
    """What the report page and the services need about one (plan, year, unit)."""

    plan: Plan
    year: int
    unit: ParticipatingUnit
    report: AnnualReport | None
    contents: list[Content]
    group: CriterionGroup | None
    criteria: list[Criterion] = field(default_factory=list)
    content_results: dict[int, ContentResult] = field(default_factory=dict)
    criterion_results: dict[int, CriterionResult] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return reverse("reporting:report", args=[self.plan.pk, self.year, self.unit.pk])

    @property
    def due(self) -> datetime.date | None:
        return due_date(self.plan, self.year)

    @property
    def content_items(self) -> list[tuple[Content, ContentResult | None]]:
        return [(c, self.content_results.get(c.pk)) for c in self.contents]

    @property
    def criterion_items(self) -> list[tuple[Criterion, CriterionResult | None]]:
        return [(c, self.criterion_results.get(c.pk)) for c in self.criteria]

    @property
    def blank_items(self) -> list[str]:
        """Labels of the items without a written result (a report is submitted complete)."""
        blank = [
            str(_("Nội dung %(n)d") % {"n": c.number})
            for c in self.contents
            if not (self.content_results.get(c.pk) and self.content_results[c.pk].text.strip())
        ]
        blank += [
            str(_("Tiêu chí %(n)d") % {"n": c.number})
            for c in self.criteria
            if not (self.criterion_results.get(c.pk) and self.criterion_results[c.pk].text.strip())
        ]
        return blank


def report_page(*, plan: Plan, year: int, unit: ParticipatingUnit) -> ReportPage:
    """Items and saved results of one report (a few queries, whatever the number of items)."""
    report = (
        AnnualReport.objects.filter(plan=plan, year=year, unit=unit)
        .select_related("submitted_by", "returned_by")
        .prefetch_related(
            "content_results",
            "criterion_results",
            Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by")),
            Prefetch("events", queryset=ReportEvent.objects.select_related("by")),
        )
        .first()
    )
    group = criterion_group_for(plan, unit.subject_type)
    page = ReportPage(
        plan=plan,
        year=year,
        unit=unit,
        report=report,
        contents=list(plan.contents.order_by("number")),
        group=group,
        criteria=list(group.criteria.order_by("number")) if group else [],
    )
    if report is not None:
        page.content_results = {r.content_id: r for r in report.content_results.all()}
        page.criterion_results = {r.criterion_id: r for r in report.criterion_results.all()}
    return page


def get_report_page(user: User, *, plan_id: int, year: int, unit_id: int) -> ReportPage:
    """404 unless the unit is in the user's scope, the plan is an issued plan of the unit's
    commune, and the year lies in the plan's period. A unit that has stopped taking part
    keeps its old reports but gets no new one."""
    unit = get_object_or_404(units_visible_to(user), pk=unit_id)
    plan = get_object_or_404(
        Plan.objects.select_related("issuer").prefetch_related("deadlines", "criterion_groups"),
        pk=plan_id,
        issuer=unit.admin_unit_id,
        status=Plan.Status.ISSUED,
    )
    if not plan.period_start <= year <= plan.period_end:
        raise Http404("Năm không thuộc thời gian thực hiện kế hoạch.")
    page = report_page(plan=plan, year=year, unit=unit)
    if page.report is None and not unit.is_active:
        raise Http404("Đơn vị đã ngừng tham gia.")
    return page


# --- lists ---------------------------------------------------------------------------------


@dataclass
class BoardRow:
    unit: ParticipatingUnit
    report: AnnualReport | None
    status: str
    days_late: int | None
    url: str

    @property
    def status_label(self) -> str:
        return BoardStatus.LABELS[self.status]

    @property
    def badge(self) -> str:
        return BoardStatus.BADGES[self.status]

    @property
    def submitted_on(self) -> datetime.date | None:
        """The date the commune received the report (first submission), local time."""
        if self.report is None or self.report.status == AnnualReport.Status.DRAFT:
            return None
        first = self.report.first_submitted_at or self.report.submitted_at
        return timezone.localtime(first).date() if first else None

    @property
    def resubmitted_on(self) -> datetime.date | None:
        report = self.report
        if report is None or not report.submitted_at or report.submitted_at == report.first_submitted_at:
            return None
        return timezone.localtime(report.submitted_at).date()


def report_board(*, plan: Plan, year: int, user: User | None, today: datetime.date | None = None) -> dict:
    """Every active unit of the plan's commune that the user may see, with where its report
    for `year` stands against that year's deadline, and the counts for the top of the board.

    Keys: plan, year, due (date or None), days_left, deadline, today, rows (BoardRow), counts
    (total, on_time, late, submitted = received, returned, missing = not received, draft),
    can_fill (the user is the commune's officer and may open a report on a unit's behalf).
    """
    today = today or timezone.localdate()
    deadline = unit_deadline(plan)
    due = datetime.date(year, deadline.month, deadline.day) if deadline else None
    # No user: every unit (documents rendered in the background, permission checked on download).
    units = (
        (units_visible_to(user) if user is not None else ParticipatingUnit.objects.select_related("subject_type"))
        .filter(admin_unit=plan.issuer_id, is_active=True)
        .order_by("subject_type__position", "name")
    )
    # Looked up by unit below, so only the (plan, year) index is needed: no scope subquery,
    # no ordering (the model's joins plans, issuers and units).
    reports = {r.unit_id: r for r in AnnualReport.objects.filter(plan=plan, year=year).order_by()}
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        status, days_late = report_status(report, due, today)
        url = reverse("reporting:report", args=[plan.pk, year, unit.pk])
        rows.append(BoardRow(unit=unit, report=report, status=status, days_late=days_late, url=url))
    tally = {code: sum(1 for r in rows if r.status == code) for code in BoardStatus.LABELS}
    counts = {
        "total": len(rows),
        "on_time": tally[BoardStatus.ON_TIME],
        "late": tally[BoardStatus.LATE],
        "submitted": tally[BoardStatus.ON_TIME] + tally[BoardStatus.LATE] + tally[BoardStatus.SUBMITTED],
        "returned": tally[BoardStatus.RETURNED],
        "missing": tally[BoardStatus.MISSING] + tally[BoardStatus.DRAFT],
        "draft": tally[BoardStatus.DRAFT],
    }
    days_left = (due - today).days if due else None
    return {
        "can_fill": user is not None and user.role == Role.OFFICER and user.admin_unit_id == plan.issuer_id,
        "plan": plan,
        "year": year,
        "due": due,
        "days_left": days_left,
        "deadline": deadline,
        "today": today,
        "rows": rows,
        "counts": counts,
    }


def unit_report_rows(user: User, unit: ParticipatingUnit, today: datetime.date | None = None) -> list[dict]:
    """The unit's reports, one row per (issued plan, year) from the plan's first year to this
    year, plus any report already started for a later year; newest first."""
    today = today or timezone.localdate()
    plans = Plan.objects.filter(issuer=unit.admin_unit_id, status=Plan.Status.ISSUED).prefetch_related("deadlines")
    reports = {(r.plan_id, r.year): r for r in AnnualReport.objects.filter(unit=unit, plan__in=plans)}
    rows = []
    for plan in plans:
        years = set(range(plan.first_report_year, min(plan.period_end, today.year) + 1))
        years |= {year for plan_id, year in reports if plan_id == plan.pk}
        for year in years:
            report = reports.get((plan.pk, year))
            due = due_date(plan, year)
            status, days_late = report_status(report, due, today)
            rows.append(
                {
                    "plan": plan,
                    "year": year,
                    "report": report,
                    "due": due,
                    "status": status,
                    "status_label": BoardStatus.LABELS[status],
                    "badge": BoardStatus.BADGES[status],
                    "days_late": days_late,
                    "url": reverse("reporting:report", args=[plan.pk, year, unit.pk]),
                }
            )
    rows.sort(key=lambda r: (-r["year"], r["plan"].pk))
    return rows


def home_summary(user: User, year: int) -> dict:
    """What this area shows on the user's home page (rendered by templates/reporting/_home.html).

    Officers and commune viewers: this year's deadline, days left and counts, with a link
    to the board. Reporters: their unit's report(s) for this year with status and a link.
    """
    if not user.is_authenticated:
        return {}
    today = timezone.localdate()
    if user.role == Role.REPORTER and user.participating_unit_id:
        unit = user.participating_unit
        rows = [r for r in unit_report_rows(user, unit, today) if r["year"] == year]
        for row in rows:
            row["days_left"] = (row["due"] - today).days if row["due"] else None
        return {
            "kind": "reporter",
            "year": year,
            "unit": unit,
            "rows": rows,
            "list_url": reverse("reporting:unit_reports", args=[unit.pk]),
        }
    if user.role in (Role.OFFICER, Role.VIEWER) and user.admin_unit_id and not user.admin_unit.is_province:
        links = {"board_url": reverse("reporting:board"), "commune_reports_url": reverse("reporting:commune_reports")}
        plan = default_plan(user, year)
        if plan is None or not plan.period_start <= year <= plan.period_end:
            return {"kind": "officer", "year": year, "plan": None, **links}
        board = report_board(plan=plan, year=year, user=user, today=today)
        links["board_url"] += f"?plan={plan.pk}&year={year}"
        return {"kind": "officer", **board, "rows": None, **links}
    from reporting import province  # the province's module builds on this one

    if province.is_province_staff(user):
        plan = province.default_province_plan(province.province_plans_for(user), year)
        overview = province.province_overview(province=user.admin_unit, plan=plan, year=year, user=user, today=today)
        return {
            "kind": "province",
            "year": overview.year,
            "plan": plan,
            "due": overview.due,
            "counts": overview.counts,
            "plan_counts": overview.plan_counts,
            "dashboard_url": reverse("reporting:province_dashboard"),
        }
    return {}
