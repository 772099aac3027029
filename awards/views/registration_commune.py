"""The commune's side of registration (đăng ký thi đua): its deadline and reminder days, the
consolidated Excel of every line, and the officer's Excel import of lines (upload → preview
with each row's errors, rows kept in the session → confirm: all rows or none)."""

import io
import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.scope import commune_staff_required, officer_required
from awards import registration_forms as forms
from awards import selectors
from awards.models import RegistrationDeadline
from awards.services import registration as services
from awards.services import registration_import as importer
from campaigns import excel
from campaigns.downloads import download
from campaigns.excel import Column, SheetRow
from campaigns.models import ParticipatingUnit

IMPORT_SESSION_KEY = "awards.registration_import"
EXPORT_COLUMNS = (
    Column("unit", gettext_lazy("Đơn vị"), width=36),
    Column("name", gettext_lazy("Tập thể / Họ và tên"), width=30),
    Column("kind", gettext_lazy("Loại"), width=10),
    Column("birth", gettext_lazy("Ngày sinh"), width=12),
    Column("position", gettext_lazy("Chức vụ"), width=20),
    Column("title", gettext_lazy("Danh hiệu đăng ký"), width=30),
    Column("note", gettext_lazy("Ghi chú"), width=24),
    Column("status", gettext_lazy("Trạng thái"), width=16),
    Column("submitted", gettext_lazy("Ngày nộp"), width=12),
    Column("consolidated", gettext_lazy("Đã tổng hợp"), width=12),
)


def _board(year: int):
    return redirect(f"{reverse('awards:registration_board')}?year={year}")


def _xlsx(content: bytes, name: str):
    return download(io.BytesIO(content), name, content_type=excel.XLSX_CONTENT_TYPE)


@officer_required
def registration_deadline(request):
    commune = request.user.admin_unit
    deadline = RegistrationDeadline.of(commune)
    initial = {"due": deadline.day_month, "offsets": deadline.offsets}
    form = forms.DeadlineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        (day, month), offsets = form.cleaned_data["due"], form.cleaned_data["offsets"]
        try:
            saved = services.registration_deadline_set(
                admin_unit=commune, day=day, month=month, offsets=offsets, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu hạn đăng ký thi đua: %(due)s hằng năm.") % {"due": saved.day_month})
            return _board(timezone.localdate().year)
    return render(request, "awards/registration_deadline.html", {"form": form, "commune": commune})


def sheet_rows(registrations) -> list[tuple]:
    """One row per registered title: the unit's collective title, then its people's."""
    rows = []
    for registration in registrations:
        state = [
            str(_("Nộp muộn") if registration.is_late else registration.get_status_display()),
            timezone.localtime(registration.first_submitted_at).strftime("%d/%m/%Y")
            if registration.first_submitted_at
            else "",
            str(_("Có") if registration.is_consolidated else _("Không")),
        ]
        unit = registration.unit.name
        if registration.collective_title_id:
            rows.append((unit, unit, str(_("Tập thể")), "", "", registration.collective_title.name, "", *state))
        for line in registration.lines.all():
            person = line.awardee
            birth = person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else ""
            rows.append(
                (unit, person.name, str(_("Cá nhân")), birth, person.position, line.award_form.name, line.note, *state)
            )
    return rows


@commune_staff_required
@require_GET
def registration_export(request):
    """Every registered title of the commune for the year (?year=), or (?mau=1) the blank
    sheet the import reads."""
    if request.GET.get("mau"):
        content = excel.write_sheet(title=_("Đăng ký thi đua"), columns=importer.COLUMNS, rows=[importer.EXAMPLE])
        return _xlsx(content, "mau-dang-ky-thi-dua.xlsx")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not services.year_open(year):
        raise Http404
    commune = request.user.admin_unit
    rows = sheet_rows(selectors.commune_registrations(commune, year))
    content = excel.write_sheet(title=_("Đăng ký thi đua %(year)d") % {"year": year}, columns=EXPORT_COLUMNS, rows=rows)
    return _xlsx(content, f"dang-ky-thi-dua-{slugify(excel.fold(commune.name))}-{year}.xlsx")


def _units(request):
    return ParticipatingUnit.objects.managed_here(request.user).filter(is_active=True).order_by("name")


def _preview_page(request, preview, pending: dict):
    context = {
        "preview": preview,
        "counts": preview.counts,
        "pending": pending,
        "import_url": reverse("awards:registration_import"),
    }
    return render(request, "awards/registration_import_preview.html", context)


def _confirm_import(request):
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or not secrets.compare_digest(pending["token"].encode(), request.POST.get("token", "").encode()):
        messages.error(request, _("Bản xem trước này đã cũ hoặc đã được nhập rồi; hãy tải tệp lên lại để xem trước."))
        return redirect("awards:registration_import")
    unit = _units(request).filter(pk=pending["unit"]).first() if pending["unit"] else None
    rows = [SheetRow(number=number, values=values) for number, values in pending["rows"]]
    commune, year = request.user.admin_unit, pending["year"]
    try:
        added = importer.registration_import_apply(by=request.user, admin_unit=commune, year=year, rows=rows, unit=unit)
    except importer.ImportRefused as refused:
        messages.error(request, _("Chưa nhập dòng nào: tệp còn dòng lỗi. Hãy sửa tệp rồi tải lên lại."))
        return _preview_page(request, refused.preview, pending)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request, _("Đã nhập %(count)d cá nhân đăng ký thi đua năm %(year)d.") % {"count": len(added), "year": year}
    )
    return _board(year)


@officer_required
def registration_import(request):
    step = request.POST.get("step", "upload") if request.method == "POST" else None
    if step == "confirm":
        return _confirm_import(request)
    if step == "cancel":
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.info(request, _("Đã hủy nhập tệp; không có thay đổi nào."))
        return _board(timezone.localdate().year)
    initial = {"year": timezone.localdate().year}
    form = forms.ImportForm(request.POST or None, request.FILES or None, units=_units(request), initial=initial)
    if step and form.is_valid():
        data = form.cleaned_data
        preview = importer.registration_import_preview(
            by=request.user, admin_unit=request.user.admin_unit, year=data["year"], rows=form.rows, unit=data["unit"]
        )
        pending = {
            "token": secrets.token_urlsafe(16),
            "file_name": data["file"].name,
            "year": data["year"],
            "unit": data["unit"].pk if data["unit"] else None,
            "rows": [[row.number, row.values] for row in form.rows],
        }
        request.session[IMPORT_SESSION_KEY] = pending
        return _preview_page(request, preview, pending)
    return render(request, "awards/registration_import.html", {"form": form, "max_rows": importer.MAX_ROWS})
