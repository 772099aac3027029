"""Chasing: from the board, "Nhắc ngay" (one unit, or all still missing) and the list of
missing units as Excel; from the province dashboard, the same for communes whose report to the
province is missing. Both pages print (static/reporting/print.js, a print style)."""

import io
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.scope import officer_required, reviewer_required
from campaigns import excel
from campaigns.downloads import download
from reporting.forms import BoardFilterForm, ProvinceDashboardForm
from reporting.selectors.board import BoardStatus, report_board
from reporting.selectors.chasing import CHASED, commune_contacts
from reporting.selectors.province import province_overview, province_plans_for
from reporting.services.chasing import (
    ChaseResult,
    remind_communes_now,
    remind_now,
    require_chaser,
    require_province_chaser,
)


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


# What "Nhắc ngay" says it did, by who was chased: (sent / already today, no e-mail address).
UNITS_CHASED = (
    gettext_lazy("Đã gửi nhắc %(sent)d đơn vị; %(already)d đơn vị đã được nhắc hôm nay nên không nhắc lại."),
    gettext_lazy("%(none)d đơn vị chưa có địa chỉ thư điện tử nên không nhắc được."),
)
COMMUNES_CHASED = (
    gettext_lazy("Đã gửi nhắc %(sent)d xã, phường; %(already)d xã, phường đã được nhắc hôm nay nên không nhắc lại."),
    gettext_lazy("%(none)d xã, phường chưa có địa chỉ thư điện tử nên không nhắc được."),
)


def chase(request, remind: Callable[[], ChaseResult], words: tuple = UNITS_CHASED) -> None:
    """Run one "Nhắc ngay" and say what it did: how many reminded now, how many already
    today, how many could not be (no e-mail address). A bad id or a plan without a deadline
    is a message, not an error page."""
    try:
        result = remind()
    except (ValidationError, ValueError) as error:
        messages.error(request, getattr(error, "messages", [_("Lựa chọn không hợp lệ.")])[0])
        return
    sent, no_email = words
    counts = {"sent": len(result.reminded), "already": len(result.already), "none": len(result.no_email)}
    messages.success(request, sent % counts)
    if result.no_email:
        messages.warning(request, no_email % counts)


def _chosen(value: str | None) -> set[int] | None:
    return {int(value)} if value else None  # ValueError on "abc": chase() says so


@officer_required
@require_POST
def board_remind(request):
    plan, year = _plan_year(request, request.POST)
    chosen = request.POST.get("unit")
    chase(request, lambda: remind_now(plan=plan, year=year, by=request.user, unit_ids=_chosen(chosen)))
    return redirect(f"{reverse('reporting:board')}?{urlencode({'plan': plan.pk, 'year': year})}")


def missing_file(rows, *, title: str, name: str):
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
    return download(io.BytesIO(content), name, content_type=excel.XLSX_CONTENT_TYPE)


def dashboard_chasing(overview, rows) -> dict:
    """The province dashboard's chasing context for the `rows` shown (a page of the
    overview's): each commune's contacts and last reminder (also on its row, as
    `row.contact`) and which report states are chased."""
    chase = commune_contacts([r.commune for r in rows], overview.deadline, overview.year)
    for row in rows:
        row.contact = chase[row.commune.pk]
    return {"chase": chase, "chased": CHASED}


def _province_plan_year(request, data):
    """The dashboard's plan and year as the dashboard reads them; anything else is a 404."""
    form = ProvinceDashboardForm(data, plans=province_plans_for(request.user), today=timezone.localdate())
    if not form.is_valid() or form.cleaned_data.get("plan") is None:
        raise Http404
    return form.selection()


@reviewer_required
@require_POST
def province_remind(request):
    plan, year = _province_plan_year(request, request.POST)
    chosen = request.POST.get("commune")
    chase(
        request,
        lambda: remind_communes_now(plan=plan, year=year, by=request.user, commune_ids=_chosen(chosen)),
        COMMUNES_CHASED,
    )
    return redirect(f"{reverse('reporting:province_dashboard')}?{urlencode({'plan': plan.pk, 'year': year})}")


def missing_commune_columns() -> list[excel.Column]:
    return [
        excel.Column("name", _("Xã, phường"), width=30),
        excel.Column("status", _("Báo cáo gửi tỉnh"), width=16),
        excel.Column("contact", _("Người liên hệ"), width=30),
        excel.Column("email", _("Thư điện tử"), width=36),
        excel.Column("reminded", _("Nhắc lần cuối"), width=18),
    ]


@reviewer_required
@require_GET
def province_missing_export(request):
    plan, year = _province_plan_year(request, request.GET)
    require_province_chaser(request.user, plan)
    overview = province_overview(province=plan.issuer, plan=plan, year=year, user=request.user)
    missing = [r for r in overview.rows if r.report_status in CHASED]
    contacts = commune_contacts([r.commune for r in missing], overview.deadline, year)
    rows = []
    for row in missing:
        contact = contacts[row.commune.pk]
        rows.append(
            (
                row.commune.full_name,
                str(row.status_label),
                ", ".join(u.get_full_name() or u.username for u in contact.officers),
                ", ".join(email for email, _name, _user in contact.addresses),
                timezone.localtime(contact.last_reminded).strftime("%d/%m/%Y %H:%M") if contact.last_reminded else "",
            )
        )
    content = excel.write_sheet(title=_("Xã, phường chưa gửi"), columns=missing_commune_columns(), rows=rows)
    name = f"xa-phuong-chua-gui-bao-cao-{slugify(excel.fold(plan.issuer.name))}-{year}.xlsx"
    return download(io.BytesIO(content), name, content_type=excel.XLSX_CONTENT_TYPE)


@officer_required
@require_GET
def board_missing_export(request):
    plan, year = _plan_year(request, request.GET)
    require_chaser(request.user, plan)
    board = report_board(plan=plan, year=year, user=request.user)
    missing = [r for r in board["rows"] if r.status in BoardStatus.NOT_RECEIVED]
    name = f"don-vi-chua-nop-{slugify(excel.fold(plan.issuer.name))}-{year}.xlsx"
    return missing_file(missing, title=_("Đơn vị chưa nộp"), name=name)
