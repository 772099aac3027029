"""Annual reports: the commune's board, a unit's list, the report page and its workflow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.access import is_unit_reporter
from accounts.models import User
from campaigns.selectors import get_plan_for_user
from campaigns.services.plans import require_plan_editor
from reporting import calendar, reminders, selectors, services
from reporting.forms import BoardFilterForm, ReminderPolicyForm, ReportForm, ReturnForm, VersionForm


@login_required
def board(request):
    """Where every active unit stands for one plan and year (commune officers and viewers)."""
    if is_unit_reporter(request.user):
        return redirect("reporting:unit_reports", unit_id=request.user.participating_unit_id)
    form = BoardFilterForm(request.GET or None, user=request.user, today=timezone.localdate())
    plan, year = form.selection()
    context = {"form": form, "plan": plan, "year": year}
    if plan is not None:
        context["board"] = selectors.report_board(plan=plan, year=year, user=request.user)
        context["rows"] = form.filter_rows(context["board"]["rows"])
        context["years"] = range(plan.period_start, plan.period_end + 1)
    return render(request, "reporting/board.html", context)


@login_required
def unit_reports(request, unit_id: int):
    unit = get_object_or_404(selectors.units_visible_to(request.user), pk=unit_id)
    rows = selectors.unit_report_rows(request.user, unit)
    return render(request, "reporting/unit_reports.html", {"unit": unit, "rows": rows})


def _render_report(request, page, form=None, status=200):
    context = {
        "page": page,
        "report": page.report,
        "form": form,
        "editable": page.report is None or page.report.is_editable,
        "can_write": selectors.can_write_report(request.user, page.unit),
        "can_return": selectors.can_return_report(request.user, page.unit),
    }
    return render(request, "reporting/report.html", context, status=status)


@login_required
def report(request, plan_id: int, year: int, unit_id: int):
    """Read the report of (plan, year, unit); its reporter or the commune officer fills it in."""
    page = selectors.get_report_page(request.user, plan_id=plan_id, year=year, unit_id=unit_id)
    editable = page.report is None or page.report.is_editable
    if request.method != "POST":
        can_write = selectors.can_write_report(request.user, page.unit)
        return _render_report(request, page, ReportForm(page=page) if can_write and editable else None)
    services.require_report_writer(request.user, page.unit)
    form = ReportForm(request.POST, request.FILES, page=page)
    if not editable:  # shown again with what was typed, so nothing is lost, but not saved
        messages.error(request, services.locked_message(page.report))
        return _render_report(request, page, form, 403)
    if not form.is_valid():
        messages.error(request, _("Báo cáo chưa được lưu: hãy xem các lỗi bên dưới."))
        return _render_report(request, page, form)
    contents, criteria = form.results()
    try:
        report = services.report_save(
            plan=page.plan,
            year=page.year,
            unit=page.unit,
            by=request.user,
            version=form.cleaned_data["version"],
            contents=contents,
            criteria=criteria,
            uploads=form.uploads,
        )
    except services.ReportLocked as error:
        messages.error(request, error.messages[0])
        return _render_report(request, selectors.report_page(plan=page.plan, year=year, unit=page.unit), form, 403)
    except services.ReportStale as error:
        form.add_error(None, error)
        form.show_version(error.current_version)
        return _render_report(request, page, form)
    if "submit" in request.POST:
        return redirect("reporting:report_submit", pk=report.pk)
    messages.success(request, _("Đã lưu bản nháp báo cáo."))
    return redirect(page.url)


@login_required
def report_submit(request, pk: int):
    """Confirm, then send the report to the Culture-Social Office (or resend it after a return)."""
    report = get_object_or_404(selectors.reports_visible_to(request.user), pk=pk)
    services.require_report_writer(request.user, report.unit)
    page = selectors.report_page(plan=report.plan, year=report.year, unit=report.unit)
    if request.method == "POST":
        form = VersionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Biểu mẫu không hợp lệ; hãy tải lại trang."))
            services.report_submit(report=report, by=request.user, version=form.cleaned_data["version"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if report.plan.issuer.is_province:  # a province department reports to the province
                messages.success(request, _("Đã nộp báo cáo cho Ủy ban nhân dân tỉnh (qua Sở Nội vụ)."))
            else:
                messages.success(request, _("Đã nộp báo cáo cho Phòng Văn hóa - Xã hội."))
        return redirect(page.url)
    if not report.is_editable:
        messages.error(request, services.locked_message(report))
        return redirect(page.url)
    return render(request, "reporting/report_submit.html", {"page": page, "report": report})


@login_required
def report_return(request, pk: int):
    """The office sends a submitted report back to the unit, with a reason."""
    report = get_object_or_404(selectors.reports_visible_to(request.user), pk=pk)
    services.require_report_returner(request.user, report.unit)
    form = ReturnForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_return(
                report=report, by=request.user, reason=form.cleaned_data["reason"], version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            if not isinstance(error, services.TransitionRefused):
                return render(request, "reporting/report_return.html", {"report": report, "form": form})
        else:
            messages.success(request, _("Đã trả lại báo cáo cho đơn vị."))
        return redirect(report.get_absolute_url())
    return render(request, "reporting/report_return.html", {"report": report, "form": form})


@login_required
@require_POST
def evidence_delete(request, pk: int):
    evidence = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
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
    evidence = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type)


@login_required
def notifications(request):
    if request.method == "POST":
        reminders.mark_read(user=request.user)
        messages.success(request, _("Đã đánh dấu mọi thông báo là đã đọc."))
        return redirect("reporting:notifications")
    page = Paginator(reminders.notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "reporting/notifications.html", {"page": page})


@login_required
def notification_open(request, pk: int):
    notification = get_object_or_404(reminders.notifications_for(request.user), pk=pk)
    reminders.mark_read(user=request.user, notification_id=notification.pk)
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()})
    return redirect(notification.url if notification.url and safe else "reporting:notifications")


@login_required
def reminder_policy(request, plan_id: int):
    plan = get_plan_for_user(request.user, plan_id)
    require_plan_editor(request.user, plan)
    current = ", ".join(str(o) for o in reminders.offsets_for(plan))
    form = ReminderPolicyForm(request.POST or None, initial={"offsets": current})
    if request.method == "POST" and form.is_valid():
        reminders.reminder_policy_set(plan=plan, offsets=form.cleaned_data["offsets"], by=request.user)
        messages.success(request, _("Đã lưu lịch nhắc hạn của kế hoạch."))
        return redirect(plan)
    return render(request, "reporting/reminder_policy.html", {"plan": plan, "form": form})


@login_required
def calendar_settings(request):
    """The user's private calendar link (and a button that makes a new one)."""
    token = calendar.calendar_token_for(request.user, renew=request.method == "POST")
    if request.method == "POST":
        messages.success(request, _("Đã tạo đường dẫn lịch mới; đường dẫn cũ không còn dùng được."))
        return redirect("reporting:calendar_settings")
    url = request.build_absolute_uri(reverse("reporting:calendar_feed", args=[token]))
    context = {"url": url, "deadlines": calendar.deadlines_for(request.user)}
    return render(request, "reporting/calendar.html", context)


def calendar_feed(request, token: str):
    """No login (calendar apps cannot): the secret token in the URL identifies the user."""
    user = get_object_or_404(User, calendar_token=token, is_active=True) if len(token) >= 32 else None
    if user is None:
        raise Http404
    response = HttpResponse(calendar.render_calendar(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="han-bao-cao.ics"'
    return response
