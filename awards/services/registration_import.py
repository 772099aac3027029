"""Registration lines from Excel (the officer's, for one unit or the whole commune): every
row checked first and shown with its errors; any error and nothing is saved; the file stays
the user's to fix and upload again. People are found among the unit's records by name and
date of birth or national id, never created from a sheet (a typo must not make a new person).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from awards.models import Awardee, AwardForm, Registration, RegistrationLine, registrable_titles
from awards.models.registration import title_refused
from awards.services.registration import registration_lines_add, require_officer
from campaigns.excel import Column, SheetRow, cell_date, fold
from campaigns.models import AdministrativeUnit, ParticipatingUnit

MAX_ROWS = 2000
# The sheet's headers, as offices write them (matched without case or diacritics).
COLUMNS = (
    Column("unit", "Đơn vị", required=False, width=36),
    Column("name", "Họ và tên", width=28),
    Column("birth", "Ngày sinh", required=False, width=12),
    Column("national_id", "Số định danh cá nhân", required=False, width=16),
    Column("title", "Danh hiệu đăng ký", width=28),
    Column("note", "Ghi chú", required=False, width=30),
)
EXAMPLE = ("Trường Trung học cơ sở Cổ Lễ", "Phạm Văn Thắng", "15/04/1982", "", "Lao động tiên tiến", "")


@dataclass
class ImportRow:
    number: int
    values: dict
    errors: list[str] = field(default_factory=list)
    unit: ParticipatingUnit | None = None
    awardee: Awardee | None = None
    title: AwardForm | None = None
    exists: bool = False  # the line is in the registration already: kept as it is


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new": sum(1 for r in self.rows if not r.errors and not r.exists),
            "existing": sum(1 for r in self.rows if not r.errors and r.exists),
            "error": sum(1 for r in self.rows if r.errors),
        }


class _Context:
    """What every row is checked against, read once."""

    def __init__(self, admin_unit: AdministrativeUnit, year: int, unit: ParticipatingUnit | None):
        self.year, self.unit = year, unit
        units = ParticipatingUnit.objects.filter(admin_unit=admin_unit)
        self.units = {fold(u.name): u for u in units}
        self.titles = {}
        for form in AwardForm.objects.all():
            self.titles[fold(form.name)] = self.titles[fold(form.code)] = form
        self.open_titles = set(registrable_titles(Awardee.Kind.INDIVIDUAL, year).values_list("pk", flat=True))
        registrations = Registration.objects.filter(unit__admin_unit=admin_unit, year=year).prefetch_related("lines")
        self.registrations = {r.unit_id: r for r in registrations}
        # The commune's people, by unit and name: a sheet of 2,000 rows is not 2,000 lookups.
        self.people: dict[tuple[int, str], list[Awardee]] = defaultdict(list)
        for person in Awardee.objects.filter(kind=Awardee.Kind.INDIVIDUAL, unit__admin_unit=admin_unit).order_by("pk"):
            self.people[(person.unit_id, person.search_key)].append(person)


def _check_unit(row: ImportRow, context: _Context) -> None:
    text = row.values.get("unit", "")
    if context.unit is not None:
        row.unit = context.unit
        if text and fold(text) != fold(context.unit.name):
            row.errors.append(
                _("Dòng này ghi đơn vị “%(unit)s”, khác đơn vị đã chọn “%(chosen)s”.")
                % {"unit": text, "chosen": context.unit.name}
            )
        return
    if not text:
        row.errors.append(_("Thiếu tên đơn vị."))
        return
    row.unit = context.units.get(fold(text))
    if row.unit is None:
        row.errors.append(_("Xã chưa có đơn vị “%(unit)s”.") % {"unit": text})
    elif not row.unit.is_active:
        row.errors.append(_("Đơn vị “%(unit)s” đã ngừng tham gia.") % {"unit": text})


def _check_title(row: ImportRow, context: _Context) -> None:
    text = row.values.get("title", "")
    if not text:
        row.errors.append(_("Thiếu danh hiệu đăng ký."))
        return
    row.title = context.titles.get(fold(text))
    if row.title is None:
        row.errors.append(_("Không có danh hiệu “%(title)s” trong danh mục.") % {"title": text})
        return
    refused = title_refused(row.title, Awardee.Kind.INDIVIDUAL)
    if not refused and row.title.pk not in context.open_titles:
        refused = _("Danh hiệu “%(title)s” không còn áp dụng cho năm %(year)d.") % {
            "title": row.title.name,
            "year": context.year,
        }
    if refused:
        row.errors.append(refused)


def _find_person(row: ImportRow, context: _Context) -> None:
    values = row.values
    birth, national_id = None, values.get("national_id", "")
    if values.get("birth"):
        birth = cell_date(values["birth"])
        if birth is None:
            row.errors.append(
                _("Ngày sinh “%(day)s” không có thật hoặc sai dạng ngày/tháng/năm.") % {"day": values["birth"]}
            )
    if national_id and not (national_id.isdigit() and len(national_id) == 12):
        row.errors.append(_("Số định danh cá nhân “%(id)s” phải gồm đúng 12 chữ số.") % {"id": national_id})
    if not values.get("name"):
        row.errors.append(_("Thiếu họ và tên."))
    elif not birth and not national_id and not values.get("birth"):
        row.errors.append(_("Cần ngày sinh hoặc số định danh cá nhân để nhận ra “%(name)s”.") % values)
    if row.errors or row.unit is None:
        return
    found = context.people.get((row.unit.pk, fold(values["name"])), [])
    by_id = [person for person in found if person.national_id == national_id] if national_id else []
    matches = by_id if by_id or not birth else [person for person in found if person.date_of_birth == birth]
    if not matches:
        row.errors.append(
            _(
                "Đơn vị “%(unit)s” chưa có “%(name)s” (%(who)s) trong danh sách cá nhân: hãy thêm người này "
                "ở trang đăng ký của đơn vị hoặc sửa lại tên, ngày sinh."
            )
            % {"unit": row.unit.name, "name": values["name"], "who": values.get("birth") or national_id}
        )
    elif len(matches) > 1:
        row.errors.append(_("“%(name)s” trùng với nhiều người của đơn vị: hãy ghi số định danh cá nhân.") % values)
    else:
        row.awardee = matches[0]


def _check_registration(row: ImportRow, context: _Context) -> None:
    registration = context.registrations.get(row.unit.pk)
    if registration is None:
        return
    if registration.is_consolidated:
        row.errors.append(
            _("Bản đăng ký năm %(year)d của “%(unit)s” đã được tổng hợp, không nhập thêm được.")
            % {"year": context.year, "unit": row.unit.name}
        )
    lines = registration.lines.all()
    row.exists = any(line.awardee_id == row.awardee.pk and line.award_form_id == row.title.pk for line in lines)


def registration_import_preview(
    *, by: User, admin_unit: AdministrativeUnit, year: int, rows: list[SheetRow], unit: ParticipatingUnit | None = None
) -> ImportPreview:
    """Every row checked, nothing saved: unknown units, people and titles, titles for
    collectives, blank cells, rows repeated in the sheet, registrations already consolidated."""
    require_officer(by, admin_unit.pk)
    context = _Context(admin_unit, year, unit)
    checked, seen = [], {}
    for sheet_row in rows:
        row = ImportRow(number=sheet_row.number, values=dict(sheet_row.values))
        _check_unit(row, context)
        _check_title(row, context)
        _find_person(row, context)
        if not row.errors:
            _check_registration(row, context)
            key = (row.unit.pk, row.awardee.pk, row.title.pk)
            if key in seen:
                row.errors.append(_("Trùng với dòng %(row)d.") % {"row": seen[key]})
            seen.setdefault(key, row.number)
        checked.append(row)
    return ImportPreview(rows=checked)


class ImportRefused(Exception):
    """Nothing was saved; `preview` shows why (rows with errors)."""

    def __init__(self, preview: ImportPreview):
        super().__init__("rows with errors")
        self.preview = preview


@transaction.atomic
def registration_import_apply(
    *, by: User, admin_unit: AdministrativeUnit, year: int, rows: list[SheetRow], unit: ParticipatingUnit | None = None
) -> list[RegistrationLine]:
    """All the rows' lines or none: the rows are checked again (the records may have changed
    since the preview); a row whose line is there already is left as it is."""
    preview = registration_import_preview(by=by, admin_unit=admin_unit, year=year, rows=rows, unit=unit)
    if preview.has_errors:
        raise ImportRefused(preview)
    by_unit: dict[int, list[ImportRow]] = defaultdict(list)
    for row in preview.rows:
        if not row.exists:
            by_unit[row.unit.pk].append(row)
    added = []
    for rows_of_unit in by_unit.values():
        items = [(row.awardee, row.title, row.values.get("note", "")) for row in rows_of_unit]
        added += registration_lines_add(unit=rows_of_unit[0].unit, year=year, by=by, items=items)
    return added
