"""Writes on a commune's participating units: add, edit, deactivate and reactivate, reporter
accounts, and the Excel import (preview first, then all rows or none).

Every write checks that `by` is the Culture-Social Office officer of the unit's commune,
so a view that forgot its own check still cannot write another commune's data.
"""

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from accounts.textcheck import validate_vietnamese_phone
from campaigns.excel import Column, SheetRow, clean_text, fold, name_key
from campaigns.models import AdministrativeUnit, ParticipatingUnit
from config import cache
from criteria.models import SubjectType

# The sheet layout is a file format shared with users' own spreadsheets, so the headers are
# fixed Vietnamese words, not translated with the interface language.
UNIT_COLUMNS = (
    Column("name", "Tên đơn vị", width=50),
    Column("subject_type", "Đối tượng", width=30),
    Column("contact_person", "Người liên hệ", width=25),
    Column("email", "Thư điện tử", width=35),
    Column("phone", "Điện thoại", width=16),
)
STATUS_COLUMN = Column("status", "Trạng thái", required=False, width=18)
IMPORT_COLUMNS = (*UNIT_COLUMNS, STATUS_COLUMN)
EXPORT_COLUMNS = IMPORT_COLUMNS
STATUS_ACTIVE_TEXT = "Đang tham gia"
STATUS_INACTIVE_TEXT = "Ngừng tham gia"
MAX_IMPORT_ROWS = 2000
TEMPLATE_EXAMPLE = ("Trường Mầm non Hoa Sen", "Trường học", "Nguyễn Thị Lan", "mamnonhoasen@example.vn", "0912345678")


def _check_officer_of(by: User, admin_unit: AdministrativeUnit) -> None:
    scope = scope_of(by)
    if not (scope.is_officer and scope.writes_area(admin_unit.pk)):
        raise PermissionDenied(_("Chỉ cán bộ Phòng Văn hóa - Xã hội của xã, phường mới được thay đổi đơn vị tham gia."))


def _duplicate_name_message() -> str:
    constraint = next(c for c in ParticipatingUnit._meta.constraints if c.name == "unique_participating_unit_name")
    return str(constraint.violation_error_message)


def _check_name_free(unit: ParticipatingUnit) -> None:
    """Names compare case-insensitively: "thôn trung lễ" is the same unit as "Thôn Trung Lễ"."""
    key = name_key(unit.name)
    others = ParticipatingUnit.objects.filter(admin_unit=unit.admin_unit).exclude(pk=unit.pk)
    if any(name_key(name) == key for name in others.order_by().values_list("name", flat=True)):
        raise ValidationError({"name": _duplicate_name_message()})


def _save(unit: ParticipatingUnit) -> ParticipatingUnit:
    unit.full_clean()
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:  # a unit of the same name saved a moment ago
        raise ValidationError({"name": _duplicate_name_message()}) from exc
    cache.changed(unit.admin_unit)
    return unit


@transaction.atomic
def unit_create(
    *,
    admin_unit: AdministrativeUnit,
    name: str,
    subject_type: SubjectType,
    contact_person: str = "",
    email: str = "",
    phone: str = "",
    by: User,
) -> ParticipatingUnit:
    _check_officer_of(by, admin_unit)
    unit = ParticipatingUnit(
        admin_unit=admin_unit,
        name=clean_text(name),
        subject_type=subject_type,
        contact_person=contact_person.strip(),
        email=email.strip(),
        phone=phone.strip(),
    )
    _check_name_free(unit)
    return _save(unit)


@transaction.atomic
def unit_update(
    *,
    unit: ParticipatingUnit,
    name: str,
    subject_type: SubjectType,
    contact_person: str = "",
    email: str = "",
    phone: str = "",
    by: User,
) -> ParticipatingUnit:
    _check_officer_of(by, unit.admin_unit)
    unit = ParticipatingUnit.objects.select_for_update(of=("self",)).select_related("admin_unit").get(pk=unit.pk)
    unit.name = clean_text(name)
    unit.subject_type = subject_type
    unit.contact_person = contact_person.strip()
    unit.email = email.strip()
    unit.phone = phone.strip()
    _check_name_free(unit)
    return _save(unit)


def _set_active(unit: ParticipatingUnit, *, active: bool, by: User) -> ParticipatingUnit:
    _check_officer_of(by, unit.admin_unit)
    unit = ParticipatingUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_active == active:
        if active:
            raise ValidationError(_("Đơn vị “%(name)s” đang tham gia rồi.") % {"name": unit.name})
        raise ValidationError(_("Đơn vị “%(name)s” đã ngừng tham gia từ trước.") % {"name": unit.name})
    unit.is_active = active
    unit.save(update_fields=["is_active"])
    cache.changed(unit.admin_unit)
    return unit


@transaction.atomic
def unit_deactivate(*, unit: ParticipatingUnit, by: User) -> ParticipatingUnit:
    """Hide the unit from the lists; it stays in the data for the reports and dossiers that cite it."""
    return _set_active(unit, active=False, by=by)


@transaction.atomic
def unit_reactivate(*, unit: ParticipatingUnit, by: User) -> ParticipatingUnit:
    return _set_active(unit, active=True, by=by)


def split_full_name(full_name: str) -> tuple[str, str]:
    """Vietnamese names put the given name last: "Vũ Thị Hồng" → ("Hồng", "Vũ Thị")."""
    last_name, _sep, first_name = clean_text(full_name).rpartition(" ")
    return first_name, last_name


# Django's own Vietnamese catalogue lags behind some validator messages (the "too short" one
# comes out in English), so the portal words them itself, by the validators' error codes.
_PASSWORD_MESSAGES = {
    "password_too_short": lambda params: _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % params,
    "password_too_common": lambda params: _("Mật khẩu này quá phổ biến, dễ bị đoán."),
    "password_entirely_numeric": lambda params: _("Mật khẩu không được chỉ gồm chữ số."),
    "password_too_similar": lambda params: _("Mật khẩu quá giống với %(verbose_name)s.") % params,
}


def check_password(password: str, user: User) -> None:
    """Django's password validators, with every message in Vietnamese."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        messages = []
        for error in exc.error_list:
            wording = _PASSWORD_MESSAGES.get(error.code)
            messages.append(wording(error.params or {}) if wording else " ".join(error.messages))
        raise ValidationError(messages) from exc


@transaction.atomic
def unit_reporter_create(
    *,
    unit: ParticipatingUnit,
    username: str,
    full_name: str,
    email: str = "",
    password: str,
    by: User,
) -> User:
    """A reporter account of the unit, in the unit's commune."""
    _check_officer_of(by, unit.admin_unit)
    unit = ParticipatingUnit.objects.select_for_update(of=("self",)).select_related("admin_unit").get(pk=unit.pk)
    if not unit.is_active:
        raise ValidationError(
            _("Đơn vị “%(name)s” đã ngừng tham gia; hãy kích hoạt lại trước khi tạo tài khoản.") % {"name": unit.name}
        )
    first_name, last_name = split_full_name(full_name)
    user = User(
        username=username.strip(),
        first_name=first_name,
        last_name=last_name,
        email=email.strip(),
        role=User.Role.REPORTER,
        admin_unit=unit.admin_unit,
        participating_unit=unit,
    )
    try:
        check_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


# ---------------------------------------------------------------------------------------
# Excel import


class Action:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class ImportRow:
    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    subject_type: SubjectType | None = None
    unit: ParticipatingUnit | None = None
    is_active: bool | None = None  # None: the sheet does not say (new units start active)
    changes: list[dict[str, str]] = field(default_factory=list)  # {column, old, new}
    warnings: list[str] = field(default_factory=list)  # blank cells that keep a saved value
    cleared: set[str] = field(default_factory=set)  # columns marked CLEAR_MARK: cleared on purpose

    @property
    def action(self) -> str:
        if self.errors:
            return Action.ERROR
        if self.unit is None:
            return Action.NEW
        return Action.UPDATE if self.changes else Action.UNCHANGED

    def snapshot(self) -> list:
        """What the preview promised for this row, to tell later whether it still holds."""
        unit = self.unit
        before = None
        if unit is not None:
            before = [unit.pk, unit.name, unit.subject_type_id, unit.contact_person, unit.email, unit.phone]
            before.append(unit.is_active)
        return [self.number, self.action, self.subject_type.pk if self.subject_type else None, before]


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((Action.NEW, Action.UPDATE, Action.UNCHANGED, Action.ERROR), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def fingerprint(self) -> str:
        payload = json.dumps([row.snapshot() for row in self.rows], ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


class ImportRefused(Exception):
    """The confirm was not applied; `preview` is the current state to show again."""

    STALE = "stale"
    ERRORS = "errors"

    def __init__(self, reason: str, preview: ImportPreview):
        super().__init__(reason)
        self.reason = reason
        self.preview = preview


class _SubjectTypeIndex:
    """Finds a subject type by its name or code: exactly (ignoring case) first, then also
    ignoring diacritics, so "truong hoc" and "SCHOOL" both find "Trường học"."""

    def __init__(self, types: Sequence[SubjectType]):
        self.exact: dict[str, set[SubjectType]] = defaultdict(set)
        self.folded: dict[str, set[SubjectType]] = defaultdict(set)
        for subject_type in types:
            for text in (subject_type.name, subject_type.code):
                self.exact[name_key(text)].add(subject_type)
                self.folded[fold(text)].add(subject_type)

    def find(self, text: str) -> set[SubjectType]:
        return set(self.exact.get(name_key(text)) or self.folded.get(fold(text)) or ())


_STATUSES = {fold(STATUS_ACTIVE_TEXT): True, fold(STATUS_INACTIVE_TEXT): False}
_LIMITS = {
    column.key: (column.header, ParticipatingUnit._meta.get_field(column.key).max_length)
    for column in UNIT_COLUMNS
    if column.key != "subject_type"
}


# A blank cell of an existing unit keeps what is saved (the preview says so); this in a cell
# clears the saved value on purpose.
CLEAR_MARK = "-"
# The columns a blank cell may leave as saved (name and subject type are required).
KEPT_WHEN_BLANK = ("contact_person", "email", "phone")


def _check_values(row: ImportRow, types: _SubjectTypeIndex) -> None:
    values = row.values
    for key in KEPT_WHEN_BLANK:
        if values[key].strip() == CLEAR_MARK:
            values[key] = ""
            row.cleared.add(key)
    if not values["name"]:
        row.errors.append(_("Thiếu tên đơn vị."))
    if not values["subject_type"]:
        row.errors.append(_("Thiếu đối tượng."))
    else:
        found = types.find(values["subject_type"])
        if len(found) == 1:
            [row.subject_type] = found
        elif found:
            row.errors.append(
                _("Đối tượng “%(value)s” khớp với nhiều loại; hãy ghi đúng tên hoặc mã.")
                % {"value": values["subject_type"]}
            )
        else:
            row.errors.append(
                _("Không có đối tượng “%(value)s”; hãy ghi tên hoặc mã trong danh sách đối tượng.")
                % {"value": values["subject_type"]}
            )
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            row.errors.append(_("Thư điện tử “%(value)s” không hợp lệ.") % {"value": values["email"]})
    if values["phone"] and len(values["phone"]) <= _LIMITS["phone"][1]:
        # Excel keeps a number typed as 0912345678 as 912345678: give it its 0 back.
        if re.fullmatch(r"[35789]\d{8}|2\d{9}", values["phone"]):
            values["phone"] = "0" + values["phone"]
        try:
            validate_vietnamese_phone(values["phone"])
        except ValidationError as error:
            row.errors.extend(error.messages)
    for key, (header, limit) in _LIMITS.items():
        if len(values[key]) > limit:
            row.errors.append(
                _("%(column)s dài %(length)s ký tự, tối đa %(limit)s.")
                % {"column": header, "length": len(values[key]), "limit": limit}
            )
    status = values.get("status", "")
    if status:
        if fold(status) in _STATUSES:
            row.is_active = _STATUSES[fold(status)]
        else:
            row.errors.append(
                _("Trạng thái “%(value)s” không hợp lệ; ghi “%(active)s”, “%(inactive)s” hoặc để trống.")
                % {"value": status, "active": STATUS_ACTIVE_TEXT, "inactive": STATUS_INACTIVE_TEXT}
            )


def _keep_blanks(row: ImportRow, unit: ParticipatingUnit) -> None:
    """A blank cell keeps the unit's saved value, with a warning in the preview; a cell with
    CLEAR_MARK clears it (a change like any other)."""
    headers = {column.key: column.header for column in IMPORT_COLUMNS}
    for key in KEPT_WHEN_BLANK:
        saved = getattr(unit, key)
        if row.values[key] == "" and saved and key not in row.cleared:
            row.values[key] = saved
            row.warnings.append(
                _("Ô “%(column)s” để trống: giữ “%(value)s” đã lưu (ghi “%(mark)s” để xóa).")
                % {"column": headers[key], "value": saved, "mark": CLEAR_MARK}
            )


def _changes(row: ImportRow, unit: ParticipatingUnit) -> list[dict[str, str]]:
    """The columns the row would change, with the old and new values."""
    changes = []
    for column in IMPORT_COLUMNS:
        if column.key == "subject_type":
            old, new = unit.subject_type.name, row.subject_type.name
        elif column.key == "status":
            if row.is_active is None:
                continue
            old, new = (
                STATUS_ACTIVE_TEXT if active else STATUS_INACTIVE_TEXT for active in (unit.is_active, row.is_active)
            )
        else:
            old, new = getattr(unit, column.key), row.values[column.key]
        if old != new:
            changes.append({"column": column.header, "old": old, "new": new})
    return changes


def unit_import_preview(*, admin_unit: AdministrativeUnit, rows: Sequence[SheetRow]) -> ImportPreview:
    """What importing the rows would do, row by row; reads only, writes nothing."""
    types = _SubjectTypeIndex(list(SubjectType.objects.all()))
    existing: dict[str, list[ParticipatingUnit]] = defaultdict(list)
    for unit in ParticipatingUnit.objects.filter(admin_unit=admin_unit).select_related("subject_type").order_by("pk"):
        existing[name_key(unit.name)].append(unit)
    result = [ImportRow(number=row.number, values=dict(row.values)) for row in rows]
    first_with_name: dict[str, ImportRow] = {}
    for row in result:
        _check_values(row, types)
        key = name_key(row.values["name"])
        if not key:
            continue
        if key in first_with_name:
            first = first_with_name[key]
            row.errors.append(_("Tên đơn vị trùng với dòng %(number)s.") % {"number": first.number})
            message = _("Tên đơn vị trùng với dòng %(number)s.") % {"number": row.number}
            if message not in first.errors:
                first.errors.append(message)
            continue
        first_with_name[key] = row
        matches = existing.get(key, [])
        if len(matches) > 1:
            row.errors.append(_("Tên đơn vị trùng với nhiều đơn vị đang có; hãy sửa trên trang danh sách trước."))
        elif matches and not row.errors:
            row.unit = matches[0]
            _keep_blanks(row, row.unit)
            row.changes = _changes(row, row.unit)
    return ImportPreview(rows=result)


def _apply_row(row: ImportRow, admin_unit: AdministrativeUnit) -> None:
    values = row.values
    if row.action == Action.NEW:
        unit = ParticipatingUnit(admin_unit=admin_unit, is_active=row.is_active is not False)
    elif row.action == Action.UPDATE:
        unit = row.unit
        if row.is_active is not None:
            unit.is_active = row.is_active
    else:
        return
    unit.name = values["name"]
    unit.subject_type = row.subject_type
    unit.contact_person = values["contact_person"]
    unit.email = values["email"]
    unit.phone = values["phone"]
    try:
        # The preview, made under the lock, already checked the commune, the subject type and
        # the name against every unit; skipping those per-row queries keeps 2,000 rows quick,
        # and the database constraint still refuses a duplicate (reported as a stale preview).
        unit.full_clean(exclude=["admin_unit", "subject_type"], validate_constraints=False)
    except ValidationError as exc:
        row.errors.extend(exc.messages)
        raise
    unit.save()


@transaction.atomic
def _import(*, admin_unit: AdministrativeUnit, rows: Sequence[SheetRow], fingerprint: str) -> ImportPreview:
    # Lock the commune's units so the preview checked here is the state the writes see.
    list(ParticipatingUnit.objects.select_for_update().filter(admin_unit=admin_unit).values_list("pk", flat=True))
    preview = unit_import_preview(admin_unit=admin_unit, rows=rows)
    if preview.fingerprint != fingerprint:
        raise ImportRefused(ImportRefused.STALE, preview)
    if preview.has_errors:
        raise ImportRefused(ImportRefused.ERRORS, preview)
    for row in preview.rows:
        try:
            _apply_row(row, admin_unit)
        except ValidationError as exc:
            raise ImportRefused(ImportRefused.ERRORS, preview) from exc
    cache.changed(admin_unit)
    return preview


def unit_import_apply(
    *, admin_unit: AdministrativeUnit, rows: Sequence[SheetRow], fingerprint: str, by: User
) -> ImportPreview:
    """Apply every row of a confirmed preview, or none.

    Refused (ImportRefused) when a row has an error or when the units changed since the
    preview the officer confirmed (`fingerprint`), so nothing is applied that was not shown.
    """
    _check_officer_of(by, admin_unit)
    try:
        return _import(admin_unit=admin_unit, rows=rows, fingerprint=fingerprint)
    except IntegrityError:  # another officer saved a unit of the same name meanwhile
        raise ImportRefused(ImportRefused.STALE, unit_import_preview(admin_unit=admin_unit, rows=rows)) from None


def unit_sheet_rows(units: Sequence[ParticipatingUnit]) -> list[tuple[str, ...]]:
    """Rows for the export, in the import's column order, so a sheet exported here re-imports."""
    return [
        (
            unit.name,
            unit.subject_type.name,
            unit.contact_person,
            unit.email,
            unit.phone,
            STATUS_ACTIVE_TEXT if unit.is_active else STATUS_INACTIVE_TEXT,
        )
        for unit in units
    ]
