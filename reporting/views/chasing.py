"""Chasing from the board: "Nhắc ngay" (one unit, or all still missing) and the list of
missing units as Excel. The board itself prints (static/reporting/print.js, a print style)."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.scope import officer_required
from campaigns import excel
from reporting.forms import BoardFilterForm
from reporting.selectors.board import BoardStatus, report_board
from reporting.services.chasing import ChaseResult, remind_now, require_chaser


def missing_columns() -> list[excel.Column]:
    return [
        excel.Column("name", _("Đơn vị"), width=40),
        excel.Column("status", _("Trạng thái"), width=16),
        excel.Column("contact", _("Người liên hệ"), width=24),
        excel.Column("email", _("Thư điện tử"), width=30),
        excel.Column("phone", _("Điện thoại"), width=16),
        excel.Column("reminded", _("Nhắc lần cuối"), width=18),
    ]


def _plan_year(request, data):
    """The board's plan and year, read as the board reads them; the buttons post them as
    hidden fields, so anything else (no such plan, a year outside it) is no such board."""
    form = BoardFilterForm(data, user=request.user, today=timezone.localdate())
    if not form.is_valid() or form.cleaned_data.get("plan") is None:
        raise Http404
    return form.selection()


@officer_required
@require_POST
def board_remind(request):
    plan, year = _plan_year(request, request.POST)
    unit = request.POST.get("unit")
    try:
        result = remind_now(plan=plan, year=year, by=request.user, unit_ids={int(unit)} if unit else None)
    except (ValidationError, ValueError) as error:
        messages.error(request, getattr(error, "messages", [str(error)])[0])
    else:
        tell_chased(request, result)
    return redirect(f"{reverse('reporting:board')}?{urlencode({'plan': plan.pk, 'year': year})}")


def tell_chased(request, result: ChaseResult) -> None:
    """What "Nhắc ngay" did, as messages: sent, already reminded today, no address."""
    counts = {"sent": len(result.reminded), "already": len(result.already), "none": len(result.no_email)}
    messages.success(
        request,
        _("Đã gửi nhắc %(sent)d đơn vị; %(already)d đơn vị đã được nhắc hôm nay nên không nhắc lại.") % counts,
    )
    if result.no_email:
        messages.warning(request, _("%(none)d đơn vị chưa có địa chỉ thư điện tử nên không nhắc được.") % counts)


def missing_file(rows, *, title: str, name: str) -> FileResponse:
    """The missing units (board rows: unit, status_label, last_reminded) with their contacts."""
    cells = [
        (
            r.unit.name,
            str(r.status_label),
            r.unit.contact_person,
            r.unit.email,
            r.unit.phone,
            timezone.localtime(r.last_reminded).strftime("%d/%m/%Y %H:%M") if r.last_reminded else "",
        )
        for r in rows
    ]
    content = excel.write_sheet(title=title, columns=missing_columns(), rows=cells)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name, content_type=excel.XLSX_CONTENT_TYPE)


@officer_required
@require_GET
def board_missing_export(request):
    plan, year = _plan_year(request, request.GET)
    require_chaser(request.user, plan)
    board = report_board(plan=plan, year=year, user=request.user)
    missing = [r for r in board["rows"] if r.status in BoardStatus.NOT_RECEIVED]
    name = f"don-vi-chua-nop-{slugify(excel.fold(plan.issuer.name))}-{year}.xlsx"
    return missing_file(missing, title=_("Đơn vị chưa nộp"), name=name)
