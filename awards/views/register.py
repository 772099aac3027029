"""The award register (sổ vàng): search and filters, Excel export, entries by hand, Excel
import with a preview; awardee records and their history pages."""

import os
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from accounts.scope import get_for_user, scope_of
from awards import decision_forms as forms
from awards.models import Awardee, RegisterEntry
from awards.services import awardees as awardee_services
from awards.services import register as services
from awards.views.decisions import decision_reader_required, decision_writer_required
from campaigns.downloads import download
from campaigns.excel import XLSX_CONTENT_TYPE, Column, write_sheet
from campaigns.models import ParticipatingUnit

# Headers are lazy: translated when the sheet is written, in the user's language.
EXPORT_COLUMNS = (
    Column("number", _lazy("Số sổ vàng"), width=12),
    Column("name", _lazy("Họ tên / Tập thể / Hộ"), width=30),
    Column("kind", _lazy("Loại"), width=12),
    Column("unit", _lazy("Đơn vị / Địa chỉ"), width=30),
    Column("form", _lazy("Hình thức"), width=30),
    Column("decision", _lazy("Số quyết định"), width=14),
    Column("date", _lazy("Ngày quyết định"), width=14),
    Column("issuer", _lazy("Cơ quan quyết định"), width=30),
    Column("note", _lazy("Ghi chú"), width=30),
)


def _filtered(request):
    entries = RegisterEntry.objects.visible_to(request.user).select_related("awardee__unit", "award_form", "admin_unit")
    # The units of the user's own office: a province's staff would otherwise get every unit of
    # every commune (tens of thousands) in the drop-down; they find a commune's awards by name.
    own = scope_of(request.user).admin_unit_id
    units = ParticipatingUnit.objects.visible_to(request.user).filter(admin_unit_id=own)
    form = forms.RegisterFilterForm(request.GET or None, units=units.order_by("name"))
    return form, form.filter(entries)


@decision_reader_required
@require_GET
def register_list(request):
    form, entries = _filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "writes": scope_of(request.user).writes, "query": request.GET.urlencode()}
    return render(request, "awards/register_list.html", context)


@decision_reader_required
@require_GET
def register_export(request):
    _form, entries = _filtered(request)
    rows = (
        (
            e.register_label,
            e.awardee.name,
            e.awardee.get_kind_display(),
            e.awardee.unit.name if e.awardee.unit_id else e.awardee.description,
            e.award_form.name,
            e.decision_number,
            e.decision_date.strftime("%d/%m/%Y"),
            e.issuer_name,
            e.revoked_note,
        )
        for e in entries
    )
    data = write_sheet(title=_("Sổ vàng"), columns=EXPORT_COLUMNS, rows=rows)
    return download(data, "so-vang.xlsx", content_type=XLSX_CONTENT_TYPE)


@decision_writer_required
def register_add(request):
    admin_unit_id = scope_of(request.user).admin_unit_id
    form = forms.RegisterEntryForm(request.POST or None, admin_unit_id=admin_unit_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_entry_add(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã ghi vào sổ vàng."))
            return redirect("awards:register_list")
    return render(request, "awards/register_form.html", {"form": form})


def _held(request, upload=None):
    """The sheet between the preview and the confirmation, kept under MEDIA_ROOT/tmp."""
    folder = os.path.join(settings.MEDIA_ROOT, "tmp")
    if upload is not None:
        os.makedirs(folder, exist_ok=True)
        token = uuid.uuid4().hex
        with open(os.path.join(folder, f"{token}.xlsx"), "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        request.session["register_import"] = [token, upload.name]
    token, name = request.session.get("register_import", ["", ""])
    path = os.path.join(folder, f"{token}.xlsx")
    if not token or not os.path.exists(path):
        return None
    with open(path, "rb") as held:
        return SimpleUploadedFile(name, held.read(), content_type=XLSX_CONTENT_TYPE)


@decision_writer_required
def register_import(request):
    form = forms.RegisterImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "rows": None}
    if request.method == "POST" and request.POST.get("confirm") and (held := _held(request)):
        try:
            entries = services.register_import(by=request.user, upload=held)
        except ValidationError as error:
            context["errors"] = error.messages
        else:
            messages.success(request, _("Đã nhập %(count)d mục vào sổ vàng.") % {"count": len(entries)})
            return redirect("awards:register_list")
    elif request.method == "POST" and form.is_valid():
        try:
            context["rows"] = services.register_import_preview(by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            _held(request, form.cleaned_data["file"])
            context["clean"] = not any(row.errors for row in context["rows"])
    return render(request, "awards/register_import.html", context)


@decision_reader_required
@require_GET
def awardee_detail(request, pk: int):
    awardee = get_for_user(Awardee.objects.select_related("unit", "admin_unit"), request.user, pk)
    context = {
        "awardee": awardee,
        "postings": awardee.postings.select_related("unit"),
        "entries": RegisterEntry.objects.visible_to(request.user).filter(awardee=awardee).select_related("award_form"),
        "writes": scope_of(request.user).writes_area(awardee.admin_unit_id),
    }
    return render(request, "awards/awardee_detail.html", context)


def _awardee_form(request, awardee: Awardee | None):
    admin_unit_id = awardee.admin_unit_id if awardee else scope_of(request.user).admin_unit_id
    form = forms.AwardeeForm(request.POST or None, instance=awardee, admin_unit_id=admin_unit_id)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            stored = (
                Awardee.objects.visible_to(request.user).get(pk=awardee.pk) if awardee else None
            )  # the form changed `awardee`
            awardee = awardee_services.awardee_save(by=request.user, awardee=stored, **fields)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu hồ sơ đối tượng."))
            return redirect(awardee)
    return render(request, "awards/awardee_form.html", {"form": form, "awardee": awardee})


@decision_writer_required
def awardee_create(request):
    return _awardee_form(request, None)


@decision_writer_required
def awardee_update(request, pk: int):
    return _awardee_form(request, get_for_user(Awardee.objects.all(), request.user, pk, write=True))
