"""The commune's report to the province: written by the commune's officer, read and
returned by the province. The pages themselves are views.submission's."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import scope_of
from reporting.forms import CommuneReportForm
from reporting.models import CommuneReport
from reporting.selectors.commune_reports import (
    commune_report_page,
    commune_report_rows,
    commune_snapshot,
    display_snapshot,
    get_commune_report_page,
)
from reporting.selectors.province import communes_for
from reporting.services import commune_reports as services
from reporting.views import submission


class CommunePages(submission.Pages):
    workflow = services.COMMUNE
    template = "reporting/commune_report.html"
    texts = "reporting/_submission_texts_commune.html"
    submit_url = "reporting:commune_report_submit"
    saved_message = gettext_lazy("Đã lưu bản nháp báo cáo của xã.")
    returned_message = gettext_lazy("Đã trả lại báo cáo cho xã.")
    return_help = gettext_lazy("Xã sẽ thấy lý do này, sửa báo cáo rồi nộp lại.")

    def reports(self):
        return CommuneReport.objects.select_related("plan__issuer", "commune__province", "submitted_by", "returned_by")

    def page_for(self, *, plan, year, owner):
        return commune_report_page(plan=plan, year=year, commune=owner)

    def form(self, page, data=None, files=None):
        return CommuneReportForm(data, page=page) if data is not None else CommuneReportForm(page=page)

    def save(self, request, page, form):
        return services.commune_report_save(
            plan=page.plan,
            year=page.year,
            commune=page.commune,
            by=request.user,
            version=form.cleaned_data["version"],
            narratives=form.narratives(),
            general_assessment=form.cleaned_data["general_assessment"].strip(),
        )

    def context(self, request, page):
        report = page.report
        frozen = report is not None and report.status != report.Status.DRAFT and report.snapshot
        snapshot = report.snapshot if frozen else commune_snapshot(plan=page.plan, year=page.year, commune=page.commune)
        return {"snapshot": display_snapshot(snapshot), "snapshot_frozen": bool(frozen), "timeliness": page.status}

    def submit_context(self, page):
        snapshot = commune_snapshot(plan=page.plan, year=page.year, commune=page.commune)
        warning = services.early_warning(plan=page.plan, year=page.year, commune=page.commune)
        return {"snapshot": display_snapshot(snapshot), "timeliness": page.status, "early_warning": warning}

    def submitted_message(self, report, page):
        if page.due and timezone.localtime(report.first_submitted_at).date() > page.due:
            return _("Đã nộp báo cáo của xã lên tỉnh (quá hạn, được ghi nhận là nộp muộn).")
        return _("Đã nộp báo cáo của xã lên tỉnh.")


COMMUNE_PAGES = CommunePages()


@login_required
def commune_reports(request):
    """The commune's reports to the province, one per province plan and year."""
    scope = scope_of(request.user)
    if scope.is_province_staff:
        return redirect("reporting:province_dashboard")
    commune = get_object_or_404(communes_for(request.user), pk=scope.admin_unit_id or 0)
    rows = commune_report_rows(request.user, commune)
    return render(request, "reporting/commune_reports.html", {"commune": commune, "rows": rows})


@login_required
def commune_report(request, plan_id: int, year: int, commune_id: int):
    """Read the commune's report; the commune's officer writes it (draft, then submit)."""
    page = get_commune_report_page(request.user, plan_id=plan_id, year=year, commune_id=commune_id)
    return submission.edit(request, COMMUNE_PAGES, page)


commune_report_submit, commune_report_return = submission.views_of(COMMUNE_PAGES, "commune_report")
