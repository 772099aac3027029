"""The province's review of its communes: which communes and plans a province's staff (or a
commune) works with, each commune's own plan against the province plan, and the dashboard of
communes and departments. The commune's report itself is selectors.commune_reports, the
statistics selectors.statistics, the writes services.commune_reports.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scope import scope_of
from awards.models import Nomination
from campaigns.models import AdministrativeUnit, Plan, PlanParent
from config.cache import cached
from reporting.models import CommuneReport, ReportingDeadline
from reporting.selectors.board import (
    BoardStatus,
    board_counts,
    dated_deadline,
    received_on,
    report_board,
    report_status,
)
from reporting.selectors.counts import report_counts, unit_counts

NominationStatus = Nomination.Status

# --- scope -------------------------------------------------------------------------------


def communes_for(user: User) -> QuerySet[AdministrativeUnit]:
    """Communes and wards whose reports to the province the user reads, by the rule of
    CommuneReport.objects.visible_to: the province's staff read every commune and ward of
    their province, a commune's officer and viewers their own; a unit reporter none."""
    communes = AdministrativeUnit.objects.exclude(kind__in=AdministrativeUnit.PROVINCE_KINDS)
    return communes.filter(scope_of(user).area_q("")).select_related("province")


def province_plans_for(user: User) -> QuerySet[Plan]:
    """Plans of the user's province that communes report against: every plan of their own
    province for its staff (a draft too, shown as such), the issued ones for a commune."""
    scope = scope_of(user)
    plans = Plan.objects.visible_to(user).filter(issuer__kind__in=AdministrativeUnit.PROVINCE_KINDS)
    if scope.is_province_staff:
        return plans.select_related("issuer")
    if scope.is_commune_staff:
        return plans.filter(status=Plan.Status.ISSUED).select_related("issuer")
    return plans.none()


# --- deadlines and the commune's own plan ------------------------------------------------


def locality_deadline(plan: Plan) -> ReportingDeadline | None:
    """The province plan's dated deadline for the communes' reports ("các sở, ban, ngành và
    các địa phương"); None when the plan sets no date (no on-time/late then)."""
    return dated_deadline(plan, (ReportingDeadline.Reporters.UNITS_AND_LOCALITIES,))


def locality_due(plan: Plan, year: int) -> datetime.date | None:
    deadline = locality_deadline(plan)
    return deadline.due_in(year) if deadline else None


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


PLAN_ROW_FIELDS = ("pk", "issuer_id", "status", "number", "issued_on", "period_start", "period_end")


def commune_plans_by_issuer(communes: Iterable[AdministrativeUnit]) -> dict[int, list[Plan]]:
    """The communes' plans with what choosing one needs (status, period, parents, deadlines),
    not their texts."""
    plans: dict[int, list[Plan]] = defaultdict(list)
    parents = Prefetch("parents", queryset=PlanParent.objects.only("pk", "plan_id", "parent_plan_id"))
    for plan in (
        Plan.objects.filter(issuer__in=list(communes)).only(*PLAN_ROW_FIELDS).prefetch_related(parents, "deadlines")
    ):
        plans[plan.issuer_id].append(plan)
    return plans


def _lean(plan: Plan | None) -> Plan | None:
    """A plan as a dashboard row shows it (link, number, date, state): no texts, no
    prefetched parts, so a province's rows stay small in the cache."""
    if plan is None:
        return None
    return Plan(**{field: getattr(plan, field) for field in PLAN_ROW_FIELDS})


# --- the dashboard -------------------------------------------------------------------------


class PlanState:
    ISSUED = "issued"
    DRAFT = "draft"
    MISSING = "missing"

    LABELS = {ISSUED: _("đã ban hành"), DRAFT: _("dự thảo"), MISSING: _("chưa có kế hoạch")}
    BADGES = {ISSUED: "text-bg-success", DRAFT: "text-bg-light border", MISSING: "text-bg-secondary"}


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
        return BoardStatus.LABELS[self.report_status]

    @property
    def badge(self) -> str:
        return BoardStatus.BADGES[self.report_status]

    @cached_property
    def submitted_on(self) -> datetime.date | None:
        return received_on(self.report)

    @cached_property
    def returned_on(self) -> datetime.date | None:
        if self.report is None or self.report.status != CommuneReport.Status.RETURNED or not self.report.returned_at:
            return None
        return timezone.localtime(self.report.returned_at).date()

    @property
    def lateness(self) -> int:
        """Days late (submitted late) or overdue (still missing); 0 otherwise."""
        return self.days_late or 0

    @cached_property
    def plan_url(self) -> str | None:
        return self.plan.get_absolute_url() if self.plan else None

    def precompute(self) -> "CommuneRow":
        """Work out the links and dates now, so the cached rows carry them and a page of rows
        renders without reversing URLs or converting times."""
        for name in ("submitted_on", "returned_on", "plan_url", "board_url", "dossiers_url", "waiting_url"):
            getattr(self, name)
        return self

    @cached_property
    def board_url(self) -> str | None:
        if self.unit_plan is None:
            return None
        return reverse("reporting:board") + "?" + urlencode({"plan": self.unit_plan.pk, "year": self.year})

    @cached_property
    def dossiers_url(self) -> str | None:
        if self.plan is None:
            return None
        return reverse("awards:nomination_list") + "?" + urlencode({"plan": self.plan.pk})

    @cached_property
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

    @cached_property
    def counts(self) -> dict[str, int]:
        return board_counts(row.report_status for row in self.rows)

    @cached_property
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
        reports = {
            r.commune_id: r
            for r in CommuneReport.objects.filter(plan=plan, year=year, commune__in=communes).only(
                "pk", "plan_id", "year", "commune_id", "status", "submitted_at", "first_submitted_at", "returned_at"
            )
        }
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
            plan=_lean(own),
            report=report,
            report_status=status,
            days_late=days_late,
            unit_plan=_lean(unit_plan),
            unit_counts=counts.get((unit_plan.pk, year)) if unit_plan else None,
            dossiers_forwarded=dossier.get("forwarded", 0),
            dossiers_waiting=dossier.get("waiting", 0),
            report_url=(
                reverse("reporting:commune_report", args=[plan.pk, year, commune.pk])
                if plan is not None and plan.is_issued
                else None
            ),
        )
        overview.rows.append(row.precompute())
    if plan is not None:
        overview.departments = report_board(plan=plan, year=year, user=user, today=today)
    return overview


def dashboard_overview(
    *, province: AdministrativeUnit, plan: Plan | None, year: int, user: User, today: datetime.date
) -> ProvinceOverview:
    """province_overview, shared by the province's staff until a write in the province (or
    the next day: days overdue move)."""
    key = (plan.pk if plan else 0, year, today.isoformat())
    return cached(
        province.pk,
        "dashboard",
        key,
        lambda: province_overview(province=province, plan=plan, year=year, user=user, today=today),
    )


def province_counts(province: AdministrativeUnit, plan: Plan | None, year: int) -> dict:
    """What the home page shows of the dashboard, counted in SQL: the due date, the counts of
    the communes' reports (ProvinceOverview.counts) and of their plans (plan_counts)."""
    communes = AdministrativeUnit.objects.filter(province=province)
    total = communes.count()
    due = locality_due(plan, year) if plan else None
    reports = CommuneReport.objects.filter(plan=plan, year=year, commune__province=province)
    counts = report_counts(reports, total, due) if plan else report_counts(reports.none(), total, None)
    if plan is None:  # no province plan: no commune plan is shown against it
        return {"due": None, "counts": counts, "plan_counts": {**dict.fromkeys(PlanState.LABELS, 0), "missing": total}}
    plans = Plan.objects.filter(issuer=OuterRef("pk"))
    issued = communes.filter(Exists(plans.filter(status=Plan.Status.ISSUED))).count()
    planned = communes.filter(Exists(plans)).count()
    plan_counts = {
        PlanState.ISSUED: issued,
        PlanState.DRAFT: planned - issued,
        PlanState.MISSING: total - planned,
    }
    return {"due": due, "counts": counts, "plan_counts": plan_counts}


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


def nomination_status_labels(values: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Every dossier state in workflow order, then any state the data holds that this code
    does not know yet (the province's states are added by another part of the portal)."""
    known = [(value, str(label)) for value, label in NominationStatus.choices]
    extra = sorted(set(values) - {value for value, _label in known})
    return known + [(value, value) for value in extra]
