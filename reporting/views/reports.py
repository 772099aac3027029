"""Annual reports: the commune's board, a unit's list, the report page and its workflow,
evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.scope import get_for_user, scope_of
from campaigns.downloads import download
from campaigns.models import ParticipatingUnit
from config.cache import cached, page_number, province_of
from reporting.forms import BoardFilterForm, ReportForm
from reporting.models import AnnualReport, Evidence
from reporting.selectors.board import BoardStatus, report_board, unit_report_rows
from reporting.selectors.reports import get_report_page, report_page
from reporting.services import reports as services
from reporting.views import submission


class AnnualPages(submission.Pages):
    workflow = services.ANNUAL
    template = "reporting/report.html"
    texts = "reporting/_submission_texts_report.html"
    submit_url = "reporting:report_submit"
    saved_message = gettext_lazy("Đã lưu bản nháp báo cáo.")
    returned_message = gettext_lazy("Đã trả lại báo cáo cho đơn vị.")

    def reports(self):
        return AnnualReport.objects.select_related("plan__issuer", "unit__subject_type", "unit__admin_unit")

    def page_for(self, *, plan, year, owner):
        return report_page(plan=plan, year=year, unit=owner)

    def form(self, page, data=None, files=None):
        return ReportForm(data, files, page=page) if data is not None else ReportForm(page=page)

    def save(self, request, page, form):
        contents, criteria = form.results()
        return services.report_save(
            plan=page.plan,
            year=page.year,
            unit=page.unit,
            by=request.user,
            version=form.cleaned_data["version"],
            contents=contents,
            criteria=criteria,
            uploads=form.uploads,
        )

    def submitted_message(self, report, page):
        if report.plan.issuer.is_province:  # a province department reports to the province
            return _("Đã nộp báo cáo cho Ủy ban nhân dân tỉnh (qua Sở Nội vụ).")
        return _("Đã nộp báo cáo cho Phòng Văn hóa - Xã hội.")


ANNUAL_PAGES = AnnualPages()
BOARD_PAGE = 100  # units a page: a commune of several hundred units stays a page of ~100 KB


def _sharing_related(rows: list) -> list:
    """The rows' units point at one instance of each commune and subject type (not a copy per
    row): the cached page is read back on every request, each shared row once."""
    seen: dict = {}
    for row in rows:
        related = row.unit._state.fields_cache
        for name, instance in related.items():
            if instance is not None:
                related[name] = seen.setdefault((name, instance.pk), instance)
    return rows


def _board(request, form: BoardFilterForm, plan, year: int) -> dict:
    """The board's counts and one page of its rows, the page's table rendered: shared by the
    commune's staff until a write in the province (a report, a unit, a reminder: config.cache).
    Only the page is kept, not every unit's row."""
    scope = scope_of(request.user)
    number = page_number(request.GET.get("page"))
    today = timezone.localdate()
    key = (plan.pk, year, today, scope.role, scope.admin_unit_id, get_language(), *form.filter_key(), number)

    def build() -> dict:
        board = report_board(plan=plan, year=year, user=request.user, today=today)
        page = Paginator(form.filter_rows(board.pop("rows")), BOARD_PAGE).get_page(number)
        rows = _sharing_related(list(page.object_list))
        context = {"rows": rows, "board": board, "not_received": BoardStatus.NOT_RECEIVED}
        table = render_to_string("reporting/_board_table.html", context)
        return {"board": board, "rows": rows, "table": table, "count": page.paginator.count, "number": page.number}

    return cached(province_of(plan.issuer), "board", key, build)


@login_required
def board(request):
    """Where every active unit stands for one plan and year (commune officers and viewers)."""
    scope = scope_of(request.user)
    if scope.is_reporter:
        return redirect("reporting:unit_reports", unit_id=scope.participating_unit_id)
    form = BoardFilterForm(request.GET or None, user=request.user, today=timezone.localdate())
    plan, year = form.selection()
    context = {"form": form, "plan": plan, "year": year, "scope": scope, "not_received": BoardStatus.NOT_RECEIVED}
    if plan is not None:
        shown = _board(request, form, plan, year)
        page = Paginator(range(shown["count"]), BOARD_PAGE).page(shown["number"])  # the pagination links
        context.update(
            board=shown["board"],
            page=page,
            rows=shown["rows"],
            board_table=mark_safe(shown["table"]),  # noqa: S308 - our template's output  # nosec
            years=range(plan.period_start, plan.period_end + 1),
        )
    return render(request, "reporting/board.html", context)


@login_required
def unit_reports(request, unit_id: int):
    unit = get_for_user(ParticipatingUnit.objects.select_related("admin_unit", "subject_type"), request.user, unit_id)
    rows = unit_report_rows(request.user, unit)
    return render(request, "reporting/unit_reports.html", {"unit": unit, "rows": rows})


@login_required
def report(request, plan_id: int, year: int, unit_id: int):
    """Read the report of (plan, year, unit); its reporter or the commune officer fills it in."""
    page = get_report_page(request.user, plan_id=plan_id, year=year, unit_id=unit_id)
    return submission.edit(request, ANNUAL_PAGES, page)


report_submit, report_return = submission.views_of(ANNUAL_PAGES, "report")


def _evidence(request, pk: int) -> Evidence:
    return get_for_user(Evidence.objects.select_related("report__unit__admin_unit", "report__plan"), request.user, pk)


@login_required
@require_POST
def evidence_delete(request, pk: int):
    evidence = _evidence(request, pk)
    url = evidence.report.get_absolute_url()
    try:
        services.evidence_delete(evidence=evidence, by=request.user)
    except services.ReportLocked as error:
        messages.error(request, error.messages[0])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("Đã xóa tệp minh chứng “%(name)s”.") % {"name": evidence.original_name})
    return redirect(url)


@login_required
def evidence_download(request, pk: int):
    evidence = _evidence(request, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from None
    return download(handle, evidence.original_name, content_type=evidence.content_type)
