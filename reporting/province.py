"""The province's side of reporting: who sees what (a reviewer sees every commune and ward of
their province and the province's own departments, nothing of another province), the
commune's report to the province, the dashboard of communes and departments, and the
statistics (dossiers and decisions, reporting timeliness by year).

Writes of the commune's report live in reporting/province_services.py.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from awards.models import AwardForm, Nomination, Occasion
from campaigns.models import AdministrativeUnit, Content, ParticipatingUnit, Plan
from criteria.models import SubjectType
from reporting.models import (
    AnnualReport,
    CommuneNarrative,
    CommuneReport,
    CommuneReportEvent,
    ContentResult,
    ReportingDeadline,
)
from reporting.selectors import BoardStatus, due_date, report_board, report_status

Role = User.Role
NominationStatus = Nomination.Status

# --- scope -------------------------------------------------------------------------------


def is_province_staff(user: User) -> bool:
    """A reviewer (or read-only viewer) of the province's Department of Home Affairs."""
    return (
        user.is_authenticated
        and user.role in (Role.REVIEWER, Role.VIEWER)
        and user.admin_unit_id is not None
        and user.admin_unit.is_province
    )


def province_for(user: User) -> AdministrativeUnit:
    """The province whose dashboard and statistics the user reads; 403 for everyone else
    (a commune officer, a unit reporter, a superuser without a role)."""
    if not is_province_staff(user):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh xem được trang tổng hợp toàn tỉnh."))
    return user.admin_unit


def communes_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    """Communes and wards whose reports to the province the user may read: the province's
    staff see every commune and ward of their province; a commune's officer and viewers see
    their own commune; nobody sees another province's."""
    communes = AdministrativeUnit.objects.exclude(kind__in=AdministrativeUnit.PROVINCE_KINDS).select_related("province")
    if user.is_superuser:
        return communes
    if not user.is_authenticated or user.admin_unit_id is None:
        return communes.none()
    if user.role not in (Role.OFFICER, Role.VIEWER, Role.REVIEWER):
        return communes.none()
    if user.admin_unit.is_province:
        return communes.filter(province_id=user.admin_unit_id)
    return communes.filter(pk=user.admin_unit_id)


def departments_visible_to(user: User) -> QuerySet[ParticipatingUnit]:
    """The province's own departments and organisations (its participating units)."""
    units = ParticipatingUnit.objects.filter(admin_unit__kind__in=AdministrativeUnit.PROVINCE_KINDS).select_related(
        "admin_unit", "subject_type"
    )
    if user.is_superuser:
        return units
    if not is_province_staff(user):
        return units.none()
    return units.filter(admin_unit_id=user.admin_unit_id)


def province_plans_for(user: User) -> QuerySet[Plan]:
    """Plans of the user's province that communes report against: every plan of their own
    province for its staff (a draft too, shown as such), the issued ones for a commune."""
    plans = Plan.objects.filter(issuer__kind__in=AdministrativeUnit.PROVINCE_KINDS).select_related("issuer")
    if not user.is_authenticated or user.admin_unit_id is None:
        return plans.none()
    if is_province_staff(user):
        return plans.filter(issuer_id=user.admin_unit_id)
    if user.role in (Role.OFFICER, Role.VIEWER) and not user.admin_unit.is_province:
        return plans.filter(issuer_id=user.admin_unit.province_id, status=Plan.Status.ISSUED)
    return plans.none()


def commune_reports_visible_to(user: User) -> QuerySet[CommuneReport]:
    return CommuneReport.objects.filter(commune__in=communes_visible_to(user)).select_related(
        "plan__issuer", "commune__province", "submitted_by", "returned_by"
    )


def get_commune_for_user(user: User, pk: int) -> AdministrativeUnit:
    return get_object_or_404(communes_visible_to(user), pk=pk)


def can_write_commune_report(user: User, commune: AdministrativeUnit) -> bool:
    """Only the commune's own Culture-Social Office writes and submits its report."""
    return user.is_authenticated and user.role == Role.OFFICER and user.admin_unit_id == commune.pk


def can_return_commune_report(user: User, commune: AdministrativeUnit) -> bool:
    """The province's reviewers send a commune's report back (not its read-only viewers)."""
    return user.is_authenticated and user.role == Role.REVIEWER and user.admin_unit_id == commune.province_id


# --- deadlines and the commune's own plan ------------------------------------------------


def locality_deadline(plan: Plan) -> ReportingDeadline | None:
    """The province plan's dated deadline for the communes' reports ("các sở, ban, ngành và
    các địa phương"); None when the plan sets no date (no on-time/late then)."""
    dated = [
        d
        for d in plan.deadlines.all()
        if d.reporters == ReportingDeadline.Reporters.UNITS_AND_LOCALITIES and d.day and d.month
    ]
    return min(dated, key=lambda d: (d.month, d.day)) if dated else None


def locality_due(plan: Plan, year: int) -> datetime.date | None:
    deadline = locality_deadline(plan)
    return datetime.date(year, deadline.month, deadline.day) if deadline else None


def _implements(plan: Plan, parent: Plan) -> bool:
    return any(link.parent_plan_id == parent.pk for link in plan.parents.all())


def pick_commune_plan(plans: Iterable[Plan], province_plan: Plan, year: int) -> Plan | None:
    """The commune's plan to show against the province plan: an issued one first, then one
    covering the year, then one that implements the province plan, then the latest."""

    def rank(plan: Plan) -> tuple:
        return (
            plan.is_issued,
            plan.period_start <= year <= plan.period_end,
            _implements(plan, province_plan),
            plan.issued_on or datetime.date.min,
            plan.pk,
        )

    plans = list(plans)
    return max(plans, key=rank) if plans else None


def reporting_plan(plans: Iterable[Plan], province_plan: Plan, year: int) -> Plan | None:
    """The commune's issued plan covering the year: its units report against it."""
    return pick_commune_plan(
        [p for p in plans if p.is_issued and p.period_start <= year <= p.period_end], province_plan, year
    )


def commune_plans_by_issuer(communes: Iterable[AdministrativeUnit]) -> dict[int, list[Plan]]:
    plans: dict[int, list[Plan]] = defaultdict(list)
    for plan in Plan.objects.filter(issuer__in=list(communes)).prefetch_related("parents", "deadlines"):
        plans[plan.issuer_id].append(plan)
    return plans


# --- units' reports, many plans at once ----------------------------------------------------


def board_counts(statuses: Iterable[str]) -> dict[str, int]:
    """The counts at the top of the board (reporting.selectors.report_board) for these statuses."""
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


def unit_counts(plan_years: Iterable[tuple[Plan, int]], today: datetime.date) -> dict[tuple[int, int], dict]:
    """report_board's counts for many (plan, year) pairs in two queries: the active units of
    each plan's issuer against that year's deadline. Plans need their deadlines prefetched."""
    pairs = list(plan_years)
    if not pairs:
        return {}
    units: dict[int, list[int]] = defaultdict(list)
    issuers = {plan.issuer_id for plan, _year in pairs}
    for unit_id, admin_unit_id in ParticipatingUnit.objects.filter(admin_unit__in=issuers, is_active=True).values_list(
        "pk", "admin_unit_id"
    ):
        units[admin_unit_id].append(unit_id)
    reports = {
        (r.plan_id, r.year, r.unit_id): r
        for r in AnnualReport.objects.filter(
            plan__in={plan.pk for plan, _year in pairs}, year__in={year for _plan, year in pairs}
        )
        .only("plan_id", "year", "unit_id", "status", "submitted_at", "first_submitted_at")
        .order_by()  # the model's ordering joins plans, issuers and units for nothing
    }
    result = {}
    for plan, year in pairs:
        due = due_date(plan, year)
        statuses = [
            report_status(reports.get((plan.pk, year, unit_id)), due, today)[0] for unit_id in units[plan.issuer_id]
        ]
        result[(plan.pk, year)] = board_counts(statuses)
    return result


# --- the dashboard -------------------------------------------------------------------------


class PlanState:
    ISSUED = "issued"
    DRAFT = "draft"
    MISSING = "missing"

    LABELS = {ISSUED: _("đã ban hành"), DRAFT: _("dự thảo"), MISSING: _("chưa có kế hoạch")}
    BADGES = {ISSUED: "text-bg-success", DRAFT: "text-bg-light border", MISSING: "text-bg-secondary"}


def _status_label(status: str) -> str:
    return BoardStatus.LABELS[status]


@dataclass
class CommuneRow:
    commune: AdministrativeUnit
    year: int
    plan: Plan | None
    report: CommuneReport | None
    report_status: str
    days_late: int | None
    unit_plan: Plan | None
    unit_counts: dict | None
    dossiers_forwarded: int
    dossiers_waiting: int
    report_url: str | None

    @property
    def plan_state(self) -> str:
        if self.plan is None:
            return PlanState.MISSING
        return PlanState.ISSUED if self.plan.is_issued else PlanState.DRAFT

    @property
    def plan_state_label(self) -> str:
        return PlanState.LABELS[self.plan_state]

    @property
    def plan_badge(self) -> str:
        return PlanState.BADGES[self.plan_state]

    @property
    def status_label(self) -> str:
        return _status_label(self.report_status)

    @property
    def badge(self) -> str:
        return BoardStatus.BADGES[self.report_status]

    @property
    def submitted_on(self) -> datetime.date | None:
        report = self.report
        if report is None or report.status == CommuneReport.Status.DRAFT:
            return None
        first = report.first_submitted_at or report.submitted_at
        return timezone.localtime(first).date() if first else None

    @property
    def returned_on(self) -> datetime.date | None:
        if self.report is None or self.report.status != CommuneReport.Status.RETURNED or not self.report.returned_at:
            return None
        return timezone.localtime(self.report.returned_at).date()

    @property
    def lateness(self) -> int:
        """Days late (submitted late) or overdue (still missing); 0 otherwise."""
        return self.days_late or 0

    @property
    def board_url(self) -> str | None:
        if self.unit_plan is None:
            return None
        return reverse("reporting:board") + "?" + urlencode({"plan": self.unit_plan.pk, "year": self.year})

    @property
    def dossiers_url(self) -> str | None:
        if self.plan is None:
            return None
        return reverse("awards:nomination_list") + "?" + urlencode({"plan": self.plan.pk})

    @property
    def waiting_url(self) -> str | None:
        if self.plan is None:
            return None
        return reverse("awards:nomination_list") + "?" + urlencode({"plan": self.plan.pk, "status": "forwarded"})


@dataclass
class ProvinceOverview:
    province: AdministrativeUnit
    plan: Plan | None
    year: int
    due: datetime.date | None
    deadline: ReportingDeadline | None
    today: datetime.date
    rows: list[CommuneRow] = field(default_factory=list)
    departments: dict | None = None  # report_board() of the province plan for its own units

    @property
    def counts(self) -> dict[str, int]:
        return board_counts(row.report_status for row in self.rows)

    @property
    def plan_counts(self) -> dict[str, int]:
        tally = Counter(row.plan_state for row in self.rows)
        return {state: tally[state] for state in PlanState.LABELS}

    @property
    def days_left(self) -> int | None:
        return (self.due - self.today).days if self.due else None


def province_overview(
    *, province: AdministrativeUnit, plan: Plan | None, year: int, user: User, today: datetime.date | None = None
) -> ProvinceOverview:
    """Every commune and ward of the province against the province plan for `year`: its own
    plan, its report to the province, how its units reported, its dossiers forwarded to the
    province; and the province's departments' reports. A fixed number of queries."""
    today = today or timezone.localdate()
    if plan is not None:
        prefetch_related_objects([plan], "deadlines")
    communes = list(AdministrativeUnit.objects.filter(province=province).order_by("name"))
    overview = ProvinceOverview(
        province=province,
        plan=plan,
        year=year,
        due=locality_due(plan, year) if plan else None,
        deadline=locality_deadline(plan) if plan else None,
        today=today,
    )
    plans = commune_plans_by_issuer(communes)
    chosen = {c.pk: pick_commune_plan(plans[c.pk], plan, year) if plan else None for c in communes}
    unit_plans = {c.pk: reporting_plan(plans[c.pk], plan, year) if plan else None for c in communes}
    counts = unit_counts([(p, year) for p in unit_plans.values() if p is not None], today)
    reports = {}
    if plan is not None:
        reports = {r.commune_id: r for r in CommuneReport.objects.filter(plan=plan, year=year, commune__in=communes)}
    dossiers = {
        row["plan_id"]: row
        for row in Nomination.objects.forwarded_to_province()
        .filter(plan__in=[p for p in chosen.values() if p])
        .order_by()
        .values("plan_id")
        .annotate(forwarded=Count("pk"), waiting=Count("pk", filter=Q(status=NominationStatus.FORWARDED)))
    }
    for commune in communes:
        report = reports.get(commune.pk)
        status, days_late = report_status(report, overview.due, today)
        own, unit_plan = chosen[commune.pk], unit_plans[commune.pk]
        dossier = dossiers.get(own.pk, {}) if own else {}
        row = CommuneRow(
            commune=commune,
            year=year,
            plan=own,
            report=report,
            report_status=status,
            days_late=days_late,
            unit_plan=unit_plan,
            unit_counts=counts.get((unit_plan.pk, year)) if unit_plan else None,
            dossiers_forwarded=dossier.get("forwarded", 0),
            dossiers_waiting=dossier.get("waiting", 0),
            report_url=(
                reverse("reporting:commune_report", args=[plan.pk, year, commune.pk])
                if plan is not None and plan.is_issued
                else None
            ),
        )
        overview.rows.append(row)
    if plan is not None:
        overview.departments = report_board(plan=plan, year=year, user=user, today=today)
    return overview


def default_province_plan(plans: Iterable[Plan], year: int) -> Plan | None:
    """An issued plan covering the year, else any covering it, else the latest."""
    plans = list(plans)
    if not plans:
        return None
    return max(
        plans,
        key=lambda p: (
            p.period_start <= year <= p.period_end,
            p.is_issued,
            p.period_end,
            p.issued_on or datetime.date.min,
        ),
    )


# --- the commune's report to the province ----------------------------------------------------


@dataclass
class CommuneReportPage:
    plan: Plan
    year: int
    commune: AdministrativeUnit
    report: CommuneReport | None
    contents: list[Content]
    narratives: dict[int, CommuneNarrative] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return reverse("reporting:commune_report", args=[self.plan.pk, self.year, self.commune.pk])

    @property
    def due(self) -> datetime.date | None:
        return locality_due(self.plan, self.year)

    @property
    def deadline(self) -> ReportingDeadline | None:
        return locality_deadline(self.plan)

    @property
    def content_items(self) -> list[tuple[Content, CommuneNarrative | None]]:
        return [(c, self.narratives.get(c.pk)) for c in self.contents]

    @property
    def blank_items(self) -> list[str]:
        blank = [
            str(_("Nội dung %(n)d") % {"n": c.number})
            for c in self.contents
            if not (self.narratives.get(c.pk) and self.narratives[c.pk].text.strip())
        ]
        if not (self.report and self.report.general_assessment.strip()):
            blank.append(str(_("Đánh giá chung")))
        return blank

    @property
    def status(self) -> tuple[str, int | None]:
        return report_status(self.report, self.due, timezone.localdate())


def commune_report_page(*, plan: Plan, year: int, commune: AdministrativeUnit) -> CommuneReportPage:
    report = (
        CommuneReport.objects.filter(plan=plan, year=year, commune=commune)
        .select_related("submitted_by", "returned_by")
        .prefetch_related("narratives", Prefetch("events", queryset=CommuneReportEvent.objects.select_related("by")))
        .first()
    )
    page = CommuneReportPage(
        plan=plan, year=year, commune=commune, report=report, contents=list(plan.contents.order_by("number"))
    )
    if report is not None:
        page.narratives = {n.content_id: n for n in report.narratives.all()}
    return page


def get_commune_report_page(user: User, *, plan_id: int, year: int, commune_id: int) -> CommuneReportPage:
    """404 unless the commune is in the user's scope, the plan is an issued plan of the
    commune's province and the year lies in the plan's period."""
    commune = get_commune_for_user(user, commune_id)
    plan = get_object_or_404(
        Plan.objects.select_related("issuer").prefetch_related("deadlines"),
        pk=plan_id,
        issuer=commune.province_id,
        status=Plan.Status.ISSUED,
    )
    if not plan.period_start <= year <= plan.period_end:
        raise Http404("Năm không thuộc thời gian thực hiện kế hoạch.")
    return commune_report_page(plan=plan, year=year, commune=commune)


def commune_report_rows(user: User, commune: AdministrativeUnit, today: datetime.date | None = None) -> list[dict]:
    """The commune's reports to the province: one row per (issued province plan, year) from
    the plan's first year to this year, plus any report already started; newest first."""
    today = today or timezone.localdate()
    plans = Plan.objects.filter(issuer=commune.province_id, status=Plan.Status.ISSUED).prefetch_related("deadlines")
    reports = {(r.plan_id, r.year): r for r in CommuneReport.objects.filter(commune=commune, plan__in=plans)}
    rows = []
    for plan in plans:
        years = set(range(plan.first_report_year, min(plan.period_end, today.year) + 1))
        years |= {year for plan_id, year in reports if plan_id == plan.pk}
        for year in sorted(years, reverse=True):
            report = reports.get((plan.pk, year))
            due = locality_due(plan, year)
            status, days_late = report_status(report, due, today)
            rows.append(
                {
                    "plan": plan,
                    "year": year,
                    "report": report,
                    "due": due,
                    "status": status,
                    "status_label": _status_label(status),
                    "badge": BoardStatus.BADGES[status],
                    "days_late": days_late,
                    "url": reverse("reporting:commune_report", args=[plan.pk, year, commune.pk]),
                }
            )
    rows.sort(key=lambda r: (-r["year"], r["plan"].pk))
    return rows


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def nomination_status_labels(values: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Every dossier state in workflow order, then any state the data holds that this code
    does not know yet (the province's states are added by another part of the portal)."""
    known = [(value, str(label)) for value, label in NominationStatus.choices]
    extra = sorted(set(values) - {value for value, _label in known})
    return known + [(value, value) for value in extra]


def commune_snapshot(*, plan: Plan, year: int, commune: AdministrativeUnit, today: datetime.date | None = None) -> dict:
    """The figures of the commune's report, computed now (frozen in the report when it is
    submitted): how its units reported against its own plan, their results per content of
    that plan, and its dossiers by award form and status."""
    today = today or timezone.localdate()
    own_plans = Plan.objects.filter(issuer=commune).prefetch_related("parents", "deadlines", "contents")
    own = reporting_plan(own_plans, plan, year)
    snapshot: dict = {
        "computed_at": timezone.now().isoformat(),
        "year": year,
        "commune_plan": None,
        "due": None,
        "units": None,
        "unit_rows": [],
        "contents": [],
        "dossiers": {"statuses": [], "rows": [], "total": 0},
    }
    if own is None:
        return snapshot
    snapshot["commune_plan"] = {
        "id": own.pk,
        "reference": own.reference,
        "issued_on": _iso(own.issued_on),
        "title": own.title,
    }
    board = report_board(plan=own, year=year, user=None, today=today)
    snapshot["due"] = _iso(board["due"])
    snapshot["units"] = board["counts"]
    snapshot["unit_rows"] = [
        {
            "unit": row.unit.name,
            "subject_type": row.unit.subject_type.name,
            "status": row.status,
            "submitted_on": _iso(row.submitted_on),
            "days_late": row.days_late,
        }
        for row in board["rows"]
    ]
    results = defaultdict(list)
    for result in (
        ContentResult.objects.filter(report__plan=own, report__year=year, report__status=AnnualReport.Status.SUBMITTED)
        .exclude(text="")
        .select_related("report__unit")
        .order_by("content__number", "report__unit__name")
    ):
        results[result.content_id].append({"unit": result.report.unit.name, "text": result.text})
    snapshot["contents"] = [{"number": c.number, "text": c.text, "results": results[c.pk]} for c in own.contents.all()]
    counts = (
        Nomination.objects.filter(plan=own)
        .exclude(status=NominationStatus.DRAFT)
        .order_by()
        .values("award_form__name", "award_form__rank", "status")
        .annotate(n=Count("pk"))
    )
    by_form: dict[tuple[int, str], Counter] = defaultdict(Counter)
    for row in counts:
        by_form[(row["award_form__rank"], row["award_form__name"])][row["status"]] += row["n"]
    present = {status for counter in by_form.values() for status in counter}
    statuses = [(v, label) for v, label in nomination_status_labels(present) if v in present]
    snapshot["dossiers"] = {
        "statuses": statuses,
        "rows": [
            {
                "award_form": name,
                "counts": [counter[v] for v, _label in statuses],
                "total": sum(counter.values()),
            }
            for (_rank, name), counter in sorted(by_form.items())
        ],
        "total": sum(sum(counter.values()) for counter in by_form.values()),
    }
    return snapshot


def display_snapshot(snapshot: dict) -> dict:
    """The snapshot as the page shows it: dates as dates, unit statuses with their labels."""
    rows = [
        {
            **row,
            "status_label": BoardStatus.LABELS.get(row["status"], row["status"]),
            "badge": BoardStatus.BADGES.get(row["status"], "text-bg-light"),
            "submitted_on": datetime.date.fromisoformat(row["submitted_on"]) if row.get("submitted_on") else None,
        }
        for row in snapshot.get("unit_rows", [])
    ]
    due = snapshot.get("due")
    return {**snapshot, "unit_rows": rows, "due": datetime.date.fromisoformat(due) if due else None}


# --- statistics --------------------------------------------------------------------------------


def decision_statuses(values: Iterable[str] = ()) -> set[str]:
    """States that mean an award was decided, at any level ("decided", and the province's
    "decided_by_province" once it exists)."""
    return {v for v in [*NominationStatus.values, *values] if v.startswith("decided")}


@dataclass
class Table:
    key: str
    title: str
    head: list[str]
    rows: list[list]
    chart_series: list[tuple[str, int]]  # (dataset label, column index) drawn as bars
    stacked: bool = False

    def chart(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "labels": [str(row[0]) for row in self.rows],
            "stacked": self.stacked,
            "datasets": [
                {"label": label, "data": [row[index] for row in self.rows]} for label, index in self.chart_series
            ],
        }


def province_nominations(province: AdministrativeUnit) -> QuerySet[Nomination]:
    """Dossiers of the province's communes that left the unit (drafts are the unit's own work)."""
    return Nomination.objects.filter(plan__issuer__province=province).exclude(status=NominationStatus.DRAFT)


def _dossier_table(key: str, title: str, first_column: str, nominations, group: str, rows: list[tuple]) -> Table:
    """One row per (value, label) in `rows`: dossiers, decisions, then one column per state."""
    counts: dict = defaultdict(Counter)
    for item in nominations.order_by().values(group, "status").annotate(n=Count("pk")):
        counts[item[group]][item["status"]] += item["n"]
    present = {status for counter in counts.values() for status in counter}
    # Only the states some dossier is in: the ladder of states grows as the workflow does.
    statuses = [(v, label) for v, label in nomination_status_labels(present) if v in present]
    decided = decision_statuses(present)
    head = [first_column, str(_("Số hồ sơ")), str(_("Có quyết định khen thưởng (mọi cấp)"))] + [
        label for _v, label in statuses
    ]
    body = []
    for value, label in rows:
        counter = counts.get(value, Counter())
        body.append(
            [str(label), sum(counter.values()), sum(counter[s] for s in decided)] + [counter[v] for v, _l in statuses]
        )
    series = [(str(_("Số hồ sơ")), 1), (str(_("Có quyết định khen thưởng (mọi cấp)")), 2)]
    return Table(key=key, title=title, head=head, rows=body, chart_series=series)


TIMELINESS_HEAD = [
    _("Năm"),
    _("Phải nộp"),
    _("Đúng hạn"),
    _("Muộn"),
    _("Đã nộp (không đặt hạn)"),
    _("Đã trả lại"),
    _("Chưa nộp"),
]


def _timeliness_row(year: int, counts: dict) -> list:
    no_deadline = counts["submitted"] - counts["on_time"] - counts["late"]
    return [
        year,
        counts["total"],
        counts["on_time"],
        counts["late"],
        no_deadline,
        counts["returned"],
        counts["missing"],
    ]


def _timeliness_series() -> list[tuple[str, int]]:
    return [(str(_("Đúng hạn")), 2), (str(_("Muộn")), 3), (str(_("Chưa nộp")), 6)]


def commune_timeliness(province: AdministrativeUnit, today: datetime.date) -> Table:
    """Per year: the communes' reports to the province against the issued province plans."""
    plans = list(Plan.objects.filter(issuer=province, status=Plan.Status.ISSUED).prefetch_related("deadlines"))
    communes = list(AdministrativeUnit.objects.filter(province=province).values_list("pk", flat=True))
    reports = {
        (r.plan_id, r.year, r.commune_id): r
        for r in CommuneReport.objects.filter(plan__in=plans).only(
            "plan_id", "year", "commune_id", "status", "submitted_at", "first_submitted_at"
        )
    }
    statuses: dict[int, list[str]] = defaultdict(list)
    for plan in plans:
        for year in range(plan.first_report_year, min(plan.period_end, today.year) + 1):
            due = locality_due(plan, year)
            statuses[year] += [report_status(reports.get((plan.pk, year, c)), due, today)[0] for c in communes]
    rows = [_timeliness_row(year, board_counts(statuses[year])) for year in sorted(statuses)]
    return Table(
        key="commune_timeliness",
        title=str(_("Báo cáo của các xã, phường gửi tỉnh theo năm")),
        head=[str(h) for h in TIMELINESS_HEAD],
        rows=rows,
        chart_series=_timeliness_series(),
        stacked=True,
    )


def unit_timeliness(province: AdministrativeUnit, today: datetime.date) -> Table:
    """Per year: every participating unit's report, under its commune's issued plans and under
    the province's own issued plans (the departments)."""
    plans = list(
        Plan.objects.filter(Q(issuer=province) | Q(issuer__province=province), status=Plan.Status.ISSUED)
        .prefetch_related("deadlines")
        .select_related("issuer")
    )
    pairs = [(p, y) for p in plans for y in range(p.first_report_year, min(p.period_end, today.year) + 1)]
    counts = unit_counts(pairs, today)
    by_year: dict[int, Counter] = defaultdict(Counter)
    for (_plan_id, year), plan_counts in counts.items():
        by_year[year].update(plan_counts)
    keys = ("total", "on_time", "late", "submitted", "returned", "missing", "draft")
    rows = [_timeliness_row(year, {k: by_year[year][k] for k in keys}) for year in sorted(by_year)]
    return Table(
        key="unit_timeliness",
        title=str(_("Báo cáo của các đơn vị theo năm")),
        head=[str(h) for h in TIMELINESS_HEAD],
        rows=rows,
        chart_series=_timeliness_series(),
        stacked=True,
    )


def province_statistics(province: AdministrativeUnit, today: datetime.date | None = None) -> list[Table]:
    """Every table of the statistics page (and of its Excel export), in page order."""
    today = today or timezone.localdate()
    nominations = province_nominations(province)
    forms = [(f.pk, f.name) for f in AwardForm.objects.order_by("rank")]
    types = [(t.pk, t.name) for t in SubjectType.objects.order_by("position", "name")]
    communes = [(c.pk, c.full_name) for c in AdministrativeUnit.objects.filter(province=province).order_by("name")]
    return [
        _dossier_table(
            "by_award_form",
            str(_("Hồ sơ và quyết định theo hình thức khen thưởng")),
            str(_("Hình thức khen thưởng")),
            nominations,
            "award_form_id",
            forms,
        ),
        _dossier_table(
            "by_occasion",
            str(_("Hồ sơ và quyết định theo loại khen thưởng")),
            str(_("Loại khen thưởng")),
            nominations,
            "occasion",
            list(Occasion.choices),
        ),
        _dossier_table(
            "by_subject_type",
            str(_("Hồ sơ và quyết định theo đối tượng")),
            str(_("Đối tượng")),
            nominations,
            "unit__subject_type_id",
            types,
        ),
        _dossier_table(
            "by_commune",
            str(_("Hồ sơ và quyết định theo xã, phường")),
            str(_("Xã, phường")),
            nominations,
            "plan__issuer_id",
            communes,
        ),
        commune_timeliness(province, today),
        unit_timeliness(province, today),
    ]


SHEET_NAMES = {
    "by_award_form": "Theo hình thức",
    "by_occasion": "Theo loại khen thưởng",
    "by_subject_type": "Theo đối tượng",
    "by_commune": "Theo xã, phường",
    "commune_timeliness": "Báo cáo xã theo năm",
    "unit_timeliness": "Báo cáo đơn vị theo năm",
}


def statistics_workbook(province: AdministrativeUnit, tables: list[Table], today: datetime.date) -> bytes:
    """The statistics as .xlsx: one sheet per table, a title row, the header, the rows."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(SHEET_NAMES.get(table.key, table.key)[:31])
        sheet.append([f"{table.title} – {province.full_name} (ngày {today:%d/%m/%Y})"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.head)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 48
        for index in range(2, len(table.head) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 16
        sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
