"""Participating units of a commune: list, add, edit, deactivate, reporter accounts, Excel.

Everyone with an administrative unit reads its units; only the commune's Culture-Social
Office officer writes (403 for the others). A unit of another administrative unit is a 404.
"""

import io
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import officer_required, scope_of
from campaigns import excel
from campaigns.downloads import download
from campaigns.excel import SheetRow
from campaigns.forms.units import (
    ReporterAccountForm,
    UnitFilterForm,
    UnitForm,
    UnitImportForm,
    add_service_errors,
)
from campaigns.selectors import units as selectors
from campaigns.services import units as services
from campaigns.services.units import ImportPreview, ImportRefused

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "campaigns.unit_import"


@login_required
def unit_list(request):
    form = UnitFilterForm(request.GET)
    units = selectors.with_reporter_counts(form.filter(selectors.units_visible_to(request.user)))
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_write": scope_of(request.user).is_officer}
    return render(request, "campaigns/units/list.html", context)


@officer_required
def unit_create(request):
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(admin_unit=request.user.admin_unit, **form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm đơn vị “%(name)s”.") % {"name": unit.name})
            return redirect("campaigns:unit_list")
    return render(request, "campaigns/units/form.html", {"form": form})


@login_required
def unit_update(request, pk: int):
    unit = selectors.get_unit_for_user(request.user, pk, write=True)
    unit_name = unit.name  # the form writes the typed values onto `unit` while validating
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_update(unit=unit, **form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu đơn vị “%(name)s”.") % {"name": unit.name})
            return redirect("campaigns:unit_list")
    context = {"form": form, "unit": unit, "unit_name": unit_name, "reporters": selectors.unit_reporters(unit)}
    return render(request, "campaigns/units/form.html", context)


@login_required
def unit_deactivate(request, pk: int):
    unit = selectors.get_unit_for_user(request.user, pk, write=True)
    if request.method != "POST":
        context = {"unit": unit, "reporters": selectors.unit_reporters(unit)}
        return render(request, "campaigns/units/deactivate.html", context)
    try:
        services.unit_deactivate(unit=unit, by=request.user)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đơn vị “%(name)s” đã ngừng tham gia; dữ liệu của đơn vị vẫn được giữ lại.") % {"name": unit.name},
        )
    return redirect("campaigns:unit_list")


@login_required
@require_POST
def unit_reactivate(request, pk: int):
    unit = selectors.get_unit_for_user(request.user, pk, write=True)
    try:
        services.unit_reactivate(unit=unit, by=request.user)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đơn vị “%(name)s” đã tham gia trở lại.") % {"name": unit.name})
    return redirect("campaigns:unit_update", pk=unit.pk)


@login_required
def unit_reporter_create(request, pk: int):
    unit = selectors.get_unit_for_user(request.user, pk, write=True)
    form = ReporterAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.unit_reporter_create(
                unit=unit,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Đã tạo tài khoản báo cáo “%(username)s” cho %(unit)s.") % {"username": user.username, "unit": unit},
            )
            return redirect("campaigns:unit_update", pk=unit.pk)
    return render(request, "campaigns/units/reporter_form.html", {"form": form, "unit": unit})


# --- Excel import: upload → preview (rows kept in the session) → confirm, all rows or none.


def _keep_pending(request, file_name: str, rows: list[SheetRow], preview: ImportPreview) -> dict:
    """Keep the parsed rows for the confirm; a new token makes every older preview stale."""
    pending = {
        "token": secrets.token_urlsafe(16),
        "admin_unit": request.user.admin_unit_id,
        "file_name": file_name,
        "fingerprint": preview.fingerprint,
        "rows": [[row.number, row.values] for row in rows],
    }
    request.session[IMPORT_SESSION_KEY] = pending
    return pending


def _render_preview(request, preview: ImportPreview, pending: dict):
    context = {
        "preview": preview,
        "counts": preview.counts,
        "pending": pending,
        "import_url": reverse("campaigns:unit_import"),
    }
    return render(request, "campaigns/units/import_preview.html", context)


def _confirm_import(request):
    pending = request.session.get(IMPORT_SESSION_KEY)
    if (
        not pending
        # As bytes: compare_digest refuses a str with non-ASCII characters (a hand-made token).
        or not secrets.compare_digest(pending["token"].encode(), request.POST.get("token", "").encode())
        or pending["admin_unit"] != request.user.admin_unit_id
    ):
        messages.error(request, _("Bản xem trước này đã cũ hoặc đã được nhập rồi; hãy tải tệp lên lại để xem trước."))
        return redirect("campaigns:unit_import")
    rows = [SheetRow(number=number, values=values) for number, values in pending["rows"]]
    try:
        preview = services.unit_import_apply(
            admin_unit=request.user.admin_unit, rows=rows, fingerprint=pending["fingerprint"], by=request.user
        )
    except ImportRefused as refused:
        if refused.reason == ImportRefused.STALE:
            messages.error(
                request,
                _(
                    "Danh sách đơn vị đã thay đổi từ lúc xem trước nên chưa nhập gì. "
                    "Hãy xem lại bảng dưới đây rồi xác nhận."
                ),
            )
            pending = _keep_pending(request, pending["file_name"], rows, refused.preview)
        else:
            messages.error(request, _("Chưa nhập dòng nào: tệp còn dòng lỗi. Hãy sửa tệp rồi tải lên lại."))
        return _render_preview(request, refused.preview, pending)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _("Đã nhập tệp “%(file)s”: thêm %(new)s đơn vị, cập nhật %(update)s đơn vị, %(unchanged)s đơn vị không đổi.")
        % {"file": pending["file_name"], **preview.counts},
    )
    return redirect("campaigns:unit_list")


@officer_required
def unit_import(request):
    step = request.POST.get("step", "upload") if request.method == "POST" else None
    if step == "confirm":
        return _confirm_import(request)
    if step == "cancel":
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.info(request, _("Đã hủy nhập tệp; không có thay đổi nào."))
        return redirect("campaigns:unit_list")
    form = UnitImportForm(request.POST, request.FILES) if step else UnitImportForm()
    if step and form.is_valid():
        preview = services.unit_import_preview(admin_unit=request.user.admin_unit, rows=form.rows)
        pending = _keep_pending(request, form.cleaned_data["file"].name, form.rows, preview)
        return _render_preview(request, preview, pending)
    context = {"form": form, "subject_types": selectors.subject_types(), "max_rows": services.MAX_IMPORT_ROWS}
    return render(request, "campaigns/units/import.html", context)


# --- Excel export of the filtered list, or the blank template (?template=1).


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return download(io.BytesIO(content), filename, content_type=excel.XLSX_CONTENT_TYPE)


@login_required
def unit_export(request):
    type_names = [subject_type.name for subject_type in selectors.subject_types()]
    if request.GET.get("template"):
        content = excel.write_sheet(
            title=_("Đơn vị tham gia"),
            columns=services.UNIT_COLUMNS,
            rows=[services.TEMPLATE_EXAMPLE],
            choices={"subject_type": type_names},
        )
        return _xlsx_response(content, "mau-nhap-don-vi-tham-gia.xlsx")
    units = UnitFilterForm(request.GET).filter(selectors.units_visible_to(request.user))
    content = excel.write_sheet(
        title=_("Đơn vị tham gia"),
        columns=services.EXPORT_COLUMNS,
        rows=services.unit_sheet_rows(units),
        choices={"subject_type": type_names, "status": [services.STATUS_ACTIVE_TEXT, services.STATUS_INACTIVE_TEXT]},
    )
    place = slugify(excel.fold(request.user.admin_unit.name)) if request.user.admin_unit else "trong"
    return _xlsx_response(content, f"don-vi-tham-gia-{place}-{timezone.localdate():%Y%m%d}.xlsx")
