"""One unit's annual report: its items, the saved results, and the page's scoped lookup."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scope import get_for_user
from campaigns.models import Content, ParticipatingUnit, Plan
from criteria.models import Criterion, CriterionGroup, SubjectType
from reporting.models import AnnualReport, ContentResult, CriterionResult, Evidence, ReportEvent
from reporting.selectors.board import due_date


def blank_labels(items, results: dict, label) -> list[str]:
    """Labels of the items without a written result (a report is submitted complete)."""
    written = {pk for pk, result in results.items() if result.text.strip()}
    return [str(label % {"n": item.number}) for item in items if item.pk not in written]


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
        return blank_labels(self.contents, self.content_results, _("Nội dung %(n)d")) + blank_labels(
            self.criteria, self.criterion_results, _("Tiêu chí %(n)d")
        )


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
    unit = get_for_user(ParticipatingUnit.objects.select_related("admin_unit", "subject_type"), user, unit_id)
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


def submitted_results(*, plan: Plan, year: int) -> dict[int, list[ContentResult]]:
    """Content id → the written results of the units' submitted reports, by unit name."""
    results: dict[int, list[ContentResult]] = defaultdict(list)
    for result in (
        ContentResult.objects.filter(report__plan=plan, report__year=year, report__status=AnnualReport.Status.SUBMITTED)
        .exclude(text="")
        .select_related("report__unit")
        .order_by("content__number", "report__unit__name")
    ):
        results[result.content_id].append(result)
    return results
