"""The award register outside the portal's decisions: entries typed by hand and sheets of
past awards imported from Excel (a preview with every row's errors, then all rows or none).
Register numbers come from the same counter as signing (awards.services.decisions)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from awards.models import Authority, Awardee, AwardForm, CommendationKind, RegisterEntry
from awards.services.decisions import next_register_number
from campaigns.excel import Column, cell_date, fold, read_sheet
from campaigns.models import ParticipatingUnit

MAX_ROWS = 2000
# The headers of the sheet (Vietnamese, as offices write them; matched without case or diacritics).
COLUMNS = (
    Column("name", "Họ và tên / Tên tập thể / Chủ hộ", width=30),
    Column("kind", "Loại (Cá nhân, Tập thể, Hộ gia đình)", width=14),
    Column("birth", "Ngày sinh", required=False, width=12),
    Column("unit", "Đơn vị", required=False, width=30),
    Column("form", "Hình thức", width=30),
    Column("number", "Số quyết định", width=14),
    Column("date", "Ngày quyết định", width=14),
    Column("issuer", "Cơ quan quyết định", required=False, width=30),
    Column("achievement", "Thành tích", required=False, width=40),
)
KINDS = {fold(str(label)): value for value, label in Awardee.Kind.choices}


def _require_writer(by: User) -> None:
    scope = scope_of(by)
    if not (scope.is_officer or scope.is_reviewer):
        raise PermissionDenied(_("Vai trò của bạn không được ghi sổ vàng."))


@transaction.atomic
def register_entry_add(
    *,
    by: User,
    awardee: Awardee,
    award_form: AwardForm,
    decision_number: str,
    decision_date: datetime.date,
    issuer_name: str,
    achievement: str = "",
    source: str = RegisterEntry.Source.MANUAL,
    kind: CommendationKind | None = None,
) -> RegisterEntry:
    _require_writer(by)
    admin_unit_id = scope_of(by).admin_unit_id
    if awardee.admin_unit_id != admin_unit_id:
        raise ValidationError({"awardee": _("Đối tượng không thuộc đơn vị của bạn.")})
    # Who decided the form on the decision's date (a district before 01/07/2025).
    authority = Authority.on(award_form, decision_date)
    entry = RegisterEntry(
        admin_unit_id=admin_unit_id,
        year=decision_date.year,
        register_number=next_register_number(admin_unit_id=admin_unit_id, year=decision_date.year),
        awardee=awardee,
        award_form=award_form,
        level=authority.level if authority else award_form.level,
        issuer_name=issuer_name.strip() or (authority.office if authority else award_form.granted_by),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        achievement=achievement.strip()[:500],
        source=source,
        kind=kind,
    )
    entry.full_clean()
    entry.save()
    return entry


# --- Import from Excel ---------------------------------------------------------------------


@dataclass
class ImportRow:
    number: int
    values: dict
    errors: list[str] = field(default_factory=list)
    awardee: Awardee | None = None
    kind: str = ""
    birth: datetime.date | None = None
    unit: ParticipatingUnit | None = None
    form: AwardForm | None = None
    date: datetime.date | None = None

    @property
    def creates(self) -> bool:
        return not self.errors and self.awardee is None


def _check_row(row: ImportRow, admin_unit_id: int, forms: dict, units: dict) -> None:
    values, errors = row.values, row.errors
    row.kind = KINDS.get(fold(values.get("kind", "")), "")
    if not row.kind:
        errors.append(_("Loại “%(kind)s” không hợp lệ (Cá nhân, Tập thể hoặc Hộ gia đình).") % {"kind": values["kind"]})
    row.form = forms.get(fold(values.get("form", "")))
    if row.form is None:
        errors.append(_("Không có hình thức “%(form)s” trong danh mục.") % {"form": values.get("form", "")})
    row.date = cell_date(values.get("date", ""))
    if row.date is None:
        errors.append(
            _("Ngày quyết định “%(day)s” không có thật hoặc sai dạng ngày/tháng/năm.") % {"day": values["date"]}
        )
    if values.get("birth"):
        row.birth = cell_date(values["birth"])
        if row.birth is None:
            errors.append(
                _("Ngày sinh “%(day)s” không có thật hoặc sai dạng ngày/tháng/năm.") % {"day": values["birth"]}
            )
    if values.get("unit") and row.kind != Awardee.Kind.HOUSEHOLD:
        row.unit = units.get(fold(values["unit"]))
        if row.unit is None:
            errors.append(_("Xã chưa có đơn vị “%(unit)s”.") % {"unit": values["unit"]})
    if errors:
        return
    found = Awardee.objects.filter(admin_unit_id=admin_unit_id, kind=row.kind, search_key=fold(values["name"]))
    if row.kind == Awardee.Kind.INDIVIDUAL and row.birth:
        found = found.filter(date_of_birth=row.birth)
    if row.unit:
        found = found.filter(unit=row.unit)
    matches = list(found[:2])
    if len(matches) > 1:
        errors.append(
            _("Tên “%(name)s” trùng với nhiều người đã có: hãy ghi thêm ngày sinh hoặc đơn vị.")
            % {"name": values["name"]}
        )
    row.awardee = matches[0] if matches else None


def register_import_preview(*, by: User, upload: UploadedFile) -> list[ImportRow]:
    """Every row checked, nothing saved: bad dates (31/02), unknown forms and units, rows
    repeated in the sheet, names that match two records; which rows create new records."""
    _require_writer(by)
    admin_unit_id = scope_of(by).admin_unit_id
    forms = {fold(form.name): form for form in AwardForm.objects.all()}
    units = {fold(unit.name): unit for unit in ParticipatingUnit.objects.filter(admin_unit_id=admin_unit_id)}
    rows, seen = [], {}
    for sheet_row in read_sheet(upload, columns=COLUMNS, max_rows=MAX_ROWS):
        row = ImportRow(number=sheet_row.number, values=sheet_row.values)
        _check_row(row, admin_unit_id, forms, units)
        key = tuple(fold(sheet_row.values.get(k, "")) for k in ("name", "birth", "unit", "form", "number", "date"))
        if key in seen:
            row.errors.append(_("Trùng với dòng %(row)d.") % {"row": seen[key]})
        seen.setdefault(key, row.number)
        rows.append(row)
    return rows


@transaction.atomic
def register_import(*, by: User, upload: UploadedFile) -> list[RegisterEntry]:
    rows = register_import_preview(by=by, upload=upload)
    bad = [row for row in rows if row.errors]
    if bad:
        raise ValidationError(
            [_("Dòng %(row)d: %(errors)s") % {"row": row.number, "errors": " ".join(row.errors)} for row in bad]
        )
    admin_unit_id = scope_of(by).admin_unit_id
    entries = []
    for row in rows:
        awardee = row.awardee
        if awardee is None:
            awardee = Awardee(
                kind=row.kind,
                admin_unit_id=admin_unit_id,
                name=row.values["name"],
                date_of_birth=row.birth,
                unit=row.unit if row.kind != Awardee.Kind.HOUSEHOLD else None,
                address=row.values["unit"] if row.kind == Awardee.Kind.HOUSEHOLD else "",
                is_admin_unit=row.kind == Awardee.Kind.COLLECTIVE and row.unit is None,
            )
            if awardee.kind == Awardee.Kind.HOUSEHOLD and not awardee.address:
                awardee.village = "—"
            awardee.full_clean()
            awardee.save()
        entries.append(
            register_entry_add(
                by=by,
                awardee=awardee,
                award_form=row.form,
                decision_number=row.values["number"],
                decision_date=row.date,
                issuer_name=row.values.get("issuer", ""),
                achievement=row.values.get("achievement", ""),
                source=RegisterEntry.Source.IMPORT,
            )
        )
    return entries
