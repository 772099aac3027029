"""The province's pages: the dashboard of communes and departments, the statistics and
their Excel export (the province's reviewers and read-only staff)."""

import copy

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.scope import province_staff_required, scope_of
from campaigns import excel
from campaigns.downloads import download
from config.cache import cached, page_number
from reporting.forms import ProvinceDashboardForm, StatisticsFilterForm
from reporting.selectors.province import dashboard_overview, province_plans_for
from reporting.selectors.statistics import province_communes, statistics_workbook
from reporting.selectors.statistics import province_statistics as statistics_tables
from reporting.views.chasing import dashboard_chasing

DASHBOARD_PAGE = 25  # communes a page


def _dashboard_page(request, form: ProvinceDashboardForm, plan, year: int, today) -> dict:
    """The overview's counts and one page of its communes' rows with their contacts, the
    page's table rendered: shared by the province's staff of the same role until a write in
    the province (config.cache: a report, a plan, a reminder). A page is read, not every
    commune's row (over a thousand in a large province)."""
    unit = request.user.admin_unit
    scope = scope_of(request.user)
    number = page_number(request.GET.get("page"))

    def build() -> dict:
        overview = dashboard_overview(province=unit, plan=plan, year=year, user=request.user, today=today)
        page = Paginator(form.filter_rows(overview.rows), DASHBOARD_PAGE).get_page(number)
        summary = copy.copy(overview)
        summary.counts, summary.plan_counts  # noqa: B018 - counted over every row before they are dropped
        summary.rows = []
        rows = list(page)
        chasing = dashboard_chasing(summary, rows)  # templates/reporting/_province_chase_*.html
        context = {"rows": rows, "overview": summary, "scope": scope, **chasing}
        table = render_to_string("reporting/_province_commune_table.html", context)
        return {
            "overview": summary,
            "rows": rows,
            "chasing": chasing,
            "table": table,
            "count": page.paginator.count,
            "number": page.number,
        }

    key = (plan.pk if plan else 0, year, today.isoformat(), scope.role, get_language(), *form.filter_key(), number)
    return cached(unit.pk, "dashboard-page", key, build)


@province_staff_required
def province_dashboard(request):
    """Every commune and ward of the reviewer's province, and the province's departments."""
    today = timezone.localdate()
    form = ProvinceDashboardForm(request.GET or None, plans=province_plans_for(request.user), today=today)
    if form.is_bound and not form.is_valid() and "plan" in form.errors:
        raise Http404("Kế hoạch không thuộc tỉnh của bạn.")  # another province's plan: outside the scope
    plan, year = form.selection()
    shown = _dashboard_page(request, form, plan, year, today)
    context = {
        "form": form,
        "overview": shown["overview"],
        "page": Paginator(range(shown["count"]), DASHBOARD_PAGE).page(shown["number"]),  # the pagination links
        "rows": shown["rows"],
        "commune_table": mark_safe(shown["table"]),  # noqa: S308 - our template's output  # nosec
        "years": range(plan.period_start, plan.period_end + 1) if plan else [year],
        **shown["chasing"],
    }
    return render(request, "reporting/province_dashboard.html", context)


STATISTICS_COMMUNES = 50  # communes a page of the table by commune (a province may have over a thousand)
PAGINATION_MARK = "<!-- commune-pagination -->"


@province_staff_required
def province_statistics(request):
    unit = request.user.admin_unit
    today = timezone.localdate()
    form = StatisticsFilterForm(request.GET or None)
    year = form.selected_year()
    page = Paginator(province_communes(unit), STATISTICS_COMMUNES).get_page(request.GET.get("page"))
    shown = [(commune.pk, commune.full_name) for commune in page]
    # Shared by the province's staff until a write in the province (config.cache).
    parts = (today.isoformat(), year, page.number, get_language())

    def build() -> dict:
        tables = statistics_tables(unit, today, year, communes=shown)
        context = {"tables": tables, "charts": [table.chart() for table in tables], "pagination_mark": PAGINATION_MARK}
        return {"tables": tables, "html": render_to_string("reporting/_province_statistics_tables.html", context)}

    built = cached(unit.pk, "statistics-page", parts, build)
    before, _mark, after = built["html"].partition(PAGINATION_MARK)
    context = {
        "province": unit,
        "tables": built["tables"],
        "tables_html": (mark_safe(before), mark_safe(after)),  # noqa: S308 - our template's output  # nosec
        "form": form,
        "year": year,
        "years": range(today.year, 2019, -1),
        "page": page,
    }
    return render(request, "reporting/province_statistics.html", context)


@province_staff_required
def province_statistics_export(request):
    unit = request.user.admin_unit
    today = timezone.localdate()
    year = StatisticsFilterForm(request.GET or None).selected_year()
    data = statistics_workbook(unit, statistics_tables(unit, today, year), today)
    return download(data, f"thong-ke-{today:%Y%m%d}.xlsx", content_type=excel.XLSX_CONTENT_TYPE)
