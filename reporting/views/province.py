"""The province's pages: the dashboard of communes and departments, the statistics and
their Excel export (the province's reviewers and read-only staff)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.scope import province_staff_required
from campaigns import excel
from campaigns.downloads import download
from config.cache import cached
from reporting.forms import ProvinceDashboardForm, StatisticsFilterForm
from reporting.selectors.province import dashboard_overview, province_plans_for
from reporting.selectors.statistics import province_statistics as statistics_tables
from reporting.selectors.statistics import statistics_workbook
from reporting.views.chasing import dashboard_chasing


@province_staff_required
def province_dashboard(request):
    """Every commune and ward of the reviewer's province, and the province's departments."""
    unit = request.user.admin_unit
    today = timezone.localdate()
    form = ProvinceDashboardForm(request.GET or None, plans=province_plans_for(request.user), today=today)
    if form.is_bound and not form.is_valid() and "plan" in form.errors:
        raise Http404("Kế hoạch không thuộc tỉnh của bạn.")  # another province's plan: outside the scope
    plan, year = form.selection()
    overview = dashboard_overview(province=unit, plan=plan, year=year, user=request.user, today=today)
    page = Paginator(form.filter_rows(overview.rows), 25).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "overview": overview,
        "page": page,
        "rows": page.object_list,
        "years": range(plan.period_start, plan.period_end + 1) if plan else [year],
        **dashboard_chasing(overview),  # templates/reporting/_province_chase_*.html
    }
    return render(request, "reporting/province_dashboard.html", context)


@province_staff_required
def province_statistics(request):
    unit = request.user.admin_unit
    today = timezone.localdate()
    form = StatisticsFilterForm(request.GET or None)
    year = form.selected_year()
    # Shared by the province's staff until a write in the province (config.cache).
    tables = cached(unit.pk, "statistics", (today.isoformat(), year), lambda: statistics_tables(unit, today, year))
    context = {
        "province": unit,
        "tables": tables,
        "charts": [table.chart() for table in tables],
        "form": form,
        "year": year,
        "years": range(today.year, 2019, -1),
    }
    return render(request, "reporting/province_statistics.html", context)


@province_staff_required
def province_statistics_export(request):
    unit = request.user.admin_unit
    today = timezone.localdate()
    year = StatisticsFilterForm(request.GET or None).selected_year()
    data = statistics_workbook(unit, statistics_tables(unit, today, year), today)
    return download(data, f"thong-ke-{today:%Y%m%d}.xlsx", content_type=excel.XLSX_CONTENT_TYPE)
