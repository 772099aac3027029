"""The commune's report to the province: its page, the list of a commune's reports, and
the figures computed for it (frozen in the report when it is submitted)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from awards.models import Nomination
from campaigns.models import AdministrativeUnit, Content, Plan
from reporting.models import (
    CommuneNarrative,
    CommuneReport,
    CommuneReportEvent,
    ReportingDeadline,
)
from reporting.selectors.board import BoardStatus, report_board, report_rows, report_status
from reporting.selectors.province import (
    communes_for,
    locality_deadline,
    locality_due,
    nomination_status_labels,
    reporting_plan,
)
from reporting.selectors.reports import blank_labels, submitted_results

NominationStatus = Nomination.Status

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
        blank = blank_labels(self.contents, self.narratives, _("Nội dung %(n)d"))
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
    commune = get_object_or_404(communes_for(user), pk=commune_id)
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
    """The commune's reports to the province, one row per (issued province plan, year)."""
    reports, url = CommuneReport.objects.filter(commune=commune), "reporting:commune_report"
    province = commune.province_id
    return report_rows(issuer=province, reports=reports, due=locality_due, url=url, owner=commune.pk, today=today)


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


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
    results = submitted_results(plan=own, year=year)
    snapshot["contents"] = [
        {
            "number": c.number,
            "text": c.text,
            "results": [{"unit": r.report.unit.name, "text": r.text} for r in results.get(c.pk, [])],
        }
        for c in own.contents.all()
    ]
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
