"""The province's pages (dashboard, statistics and its Excel export) and the commune's
report to the province (written by the commune's officer, read and returned by the province)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting import province, province_services
from reporting.forms import CommuneReportForm, ProvinceDashboardForm, ReturnForm, VersionForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def province_dashboard(request):
    """Every commune and ward of the reviewer's province, and the province's departments."""
    unit = province.province_for(request.user)
    today = timezone.localdate()
    form = ProvinceDashboardForm(request.GET or None, plans=province.province_plans_for(request.user), today=today)
    if form.is_bound and not form.is_valid() and "plan" in form.errors:
        raise Http404("Kế hoạch không thuộc tỉnh của bạn.")  # another province's plan: outside the scope
    plan, year = form.selection()
    overview = province.province_overview(province=unit, plan=plan, year=year, user=request.user, today=today)
    context = {
        "form": form,
        "overview": overview,
        "rows": form.filter_rows(overview.rows),
        "years": range(plan.period_start, plan.period_end + 1) if plan else [year],
    }
    return render(request, "reporting/province_dashboard.html", context)


@login_required
def province_statistics(request):
    unit = province.province_for(request.user)
    tables = province.province_statistics(unit)
    charts = [table.chart() for table in tables]
    return render(request, "reporting/province_statistics.html", {"province": unit, "tables": tables, "charts": charts})


@login_required
def province_statistics_export(request):
    unit = province.province_for(request.user)
    today = timezone.localdate()
    data = province.statistics_workbook(unit, province.province_statistics(unit, today), today)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="thong-ke-{today:%Y%m%d}.xlsx"'
    return response


@login_required
def commune_reports(request):
    """The commune's reports to the province, one per province plan and year."""
    if province.is_province_staff(request.user):
        return redirect("reporting:province_dashboard")
    commune = get_object_or_404(province.communes_visible_to(request.user), pk=request.user.admin_unit_id or 0)
    rows = province.commune_report_rows(request.user, commune)
    return render(request, "reporting/commune_reports.html", {"commune": commune, "rows": rows})


def _render_report(request, page, form=None, status=200):
    report = page.report
    frozen = report is not None and report.status != report.Status.DRAFT and report.snapshot
    snapshot = (
        report.snapshot if frozen else province.commune_snapshot(plan=page.plan, year=page.year, commune=page.commune)
    )
    context = {
        "page": page,
        "report": report,
        "form": form,
        "snapshot": province.display_snapshot(snapshot),
        "snapshot_frozen": bool(frozen),
        "timeliness": page.status,
        "can_write": province.can_write_commune_report(request.user, page.commune),
        "can_return": province.can_return_commune_report(request.user, page.commune),
    }
    return render(request, "reporting/commune_report.html", context, status=status)


@login_required
def commune_report(request, plan_id: int, year: int, commune_id: int):
    """Read the commune's report; the commune's officer writes it (draft, then submit)."""
    page = province.get_commune_report_page(request.user, plan_id=plan_id, year=year, commune_id=commune_id)
    editable = page.report is None or page.report.is_editable
    can_write = province.can_write_commune_report(request.user, page.commune)
    if request.method != "POST":
        return _render_report(request, page, CommuneReportForm(page=page) if can_write and editable else None)
    province_services.require_commune_writer(request.user, page.commune)
    form = CommuneReportForm(request.POST, page=page)
    if not editable:  # shown again with what was typed, so nothing is lost, but not saved
        messages.error(request, province_services.locked_message(page.report))
        return _render_report(request, page, form, 403)
    if not form.is_valid():
        messages.error(request, _("Báo cáo chưa được lưu: hãy xem các lỗi bên dưới."))
        return _render_report(request, page, form)
    try:
        report = province_services.commune_report_save(
            plan=page.plan,
            year=page.year,
            commune=page.commune,
            by=request.user,
            version=form.cleaned_data["version"],
            narratives=form.narratives(),
            general_assessment=form.cleaned_data["general_assessment"].strip(),
        )
    except province_services.ReportLocked as error:
        messages.error(request, error.messages[0])
        fresh = province.commune_report_page(plan=page.plan, year=year, commune=page.commune)
        return _render_report(request, fresh, form, 403)
    except province_services.ReportStale as error:
        form.add_error(None, error)
        form.show_version(error.current_version)
        return _render_report(request, page, form)
    if "submit" in request.POST:
        return redirect("reporting:commune_report_submit", pk=report.pk)
    messages.success(request, _("Đã lưu bản nháp báo cáo của xã."))
    return redirect(page.url)


@login_required
def commune_report_submit(request, pk: int):
    """Confirm (with the figures that will be frozen), then send the report to the province."""
    report = get_object_or_404(province.commune_reports_visible_to(request.user), pk=pk)
    province_services.require_commune_writer(request.user, report.commune)
    page = province.commune_report_page(plan=report.plan, year=report.year, commune=report.commune)
    if request.method == "POST":
        form = VersionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Biểu mẫu không hợp lệ; hãy tải lại trang."))
            report = province_services.commune_report_submit(
                report=report, by=request.user, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            late = page.due and timezone.localtime(report.first_submitted_at).date() > page.due
            messages.success(
                request,
                _("Đã nộp báo cáo của xã lên tỉnh (quá hạn, được ghi nhận là nộp muộn).")
                if late
                else _("Đã nộp báo cáo của xã lên tỉnh."),
            )
        return redirect(page.url)
    if not report.is_editable:
        messages.error(request, province_services.locked_message(report))
        return redirect(page.url)
    snapshot = province.commune_snapshot(plan=page.plan, year=page.year, commune=page.commune)
    context = {
        "page": page,
        "report": report,
        "snapshot": province.display_snapshot(snapshot),
        "timeliness": page.status,
    }
    return render(request, "reporting/commune_report_submit.html", context)


@login_required
def commune_report_return(request, pk: int):
    """The province sends a submitted commune report back, with a reason."""
    report = get_object_or_404(province.commune_reports_visible_to(request.user), pk=pk)
    province_services.require_commune_returner(request.user, report.commune)
    form = ReturnForm(request.POST or None, initial={"version": report.version})
    form.fields["reason"].help_text = _("Xã sẽ thấy lý do này, sửa báo cáo rồi nộp lại.")
    if request.method == "POST" and form.is_valid():
        try:
            province_services.commune_report_return(
                report=report, by=request.user, reason=form.cleaned_data["reason"], version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            if not isinstance(error, province_services.TransitionRefused):
                return render(request, "reporting/commune_report_return.html", {"report": report, "form": form})
        else:
            messages.success(request, _("Đã trả lại báo cáo cho xã."))
        return redirect(report.get_absolute_url())
    return render(request, "reporting/commune_report_return.html", {"report": report, "form": form})
