"""Reading and writing .xlsx sheets: pure functions, no models, usable by any app.

Reading is defensive because the sheets come from users: the type is read from the content
(an .xlsx is a zip that holds xl/workbook.xml, whatever the file is called), sizes are
bounded before unzipping (campaigns.uploads.check_zip, from the zip's directory), rows are
streamed (openpyxl read-only) and the reading stops at a row cap that counts blank rows too,
and every problem is a ValidationError in Vietnamese. Cell values come back as trimmed text,
so callers validate one kind of value.
"""

import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.search import fold  # noqa: F401 - the one fold, used by the importers here
from campaigns.uploads import check_zip

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Blank rows (and the header) allowed on top of the data rows before reading stops: a sheet
# of a million empty rows is refused after these, not read to its end.
SLACK_ROWS = 1000
# Columns read per row: a cell far to the right must not make every row 16,384 wide.
MAX_COLUMNS = 50
# A sheet of 2,000 units is well under 1 MB of XML; parsing this much takes a second or two.
MAX_SHEET_XML_BYTES = 10 * 1024 * 1024
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx

_SPACES = re.compile(r"\s+")


def clean_text(value: str) -> str:
    """NFC, single spaces, no surrounding blanks: how a name typed twice compares equal."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def name_key(value: str) -> str:
    """Case-insensitive key that keeps diacritics ("Thôn Trung Lễ" ≠ "Thôn Trung Lê")."""
    return clean_text(value).casefold()


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = True
    width: int = 20


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows, for messages
    values: dict[str, str]


def sniff_xlsx(upload: UploadedFile, *, max_bytes: int | None = None) -> bytes:
    """Return the file's bytes if it really is an .xlsx within the limits; else ValidationError."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    name = upload.name or ""
    if not upload.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” nặng %(size)s, vượt giới hạn %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_big",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(OLE2_SIGNATURE):
        raise ValidationError(
            _(
                "Tệp “%(name)s” là bảng tính Excel 97-2003 (.xls) hoặc tệp có đặt mật khẩu. "
                "Hãy mở bằng Excel và lưu lại dưới dạng Excel Workbook (.xlsx), không đặt mật khẩu."
            )
            % {"name": name},
            code="xls",
        )
    not_xlsx = ValidationError(
        _("Tệp “%(name)s” không phải bảng tính Excel (.xlsx). Hãy chọn tệp .xlsx, ví dụ tải tệp mẫu về và điền vào.")
        % {"name": name},
        code="bad_type",
    )
    try:
        names = check_zip(data, name=name, max_part=MAX_SHEET_XML_BYTES)
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise not_xlsx from exc
    if "xl/workbook.xml" not in names:
        raise not_xlsx
    return data


def cell_text(value: object) -> str:
    """A cell value as text: numbers without a trailing .0, dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return clean_text(str(value))


def cell_date(text: str) -> datetime.date | None:
    """A cell's text as a date, written d/m/Y (or d-m-Y, Y-m-d); None when it is no real day
    (31/02) or not a date at all, for the caller to say so."""
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def read_sheet(upload: UploadedFile, *, columns: Sequence[Column], max_rows: int) -> list[SheetRow]:
    """Rows of the first sheet as {column key: text}, keyed by the header row.

    The first non-blank row is the header; columns are found by their header (in any
    order, case and diacritics ignored); blank rows are skipped. Raises ValidationError
    for a file that is not an .xlsx, an empty sheet, wrong headers or too many rows.
    """
    data = sniff_xlsx(upload)
    unreadable = ValidationError(
        _("Không đọc được tệp “%(name)s”: tệp Excel bị hỏng hoặc không đúng định dạng.") % {"name": upload.name},
        code="unreadable",
    )
    try:
        return _read_rows(_stream_rows(data), columns, max_rows)
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl and the XML parser raise many kinds of errors on damaged files
        raise unreadable from exc


def _stream_rows(data: bytes) -> Iterator[tuple]:
    """Values of the first worksheet's rows, streamed with openpyxl's own cell parser (shared
    strings, dates, cached formula results). openpyxl's read-only worksheet is not used: when a
    sheet has no <dimension> it parses the whole sheet once just to look for one."""
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        paths = [
            rel.target
            for _sheet, rel in reader.parser.find_sheets()
            if "chartsheet" not in rel.Type and rel.target in reader.valid_files
        ]
        if not paths:
            raise ValidationError(_("Tệp không có trang tính nào."), code="empty_sheet")
        book = reader.wb
        with reader.archive.open(paths[0]) as source:
            parser = WorkSheetParser(
                source,
                reader.shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            expected = 1
            for number, cells in parser.parse():
                for _gap in range(expected, number):  # rows the file leaves out are blank
                    yield ()
                values = {cell["column"]: cell["value"] for cell in cells if cell["column"] <= MAX_COLUMNS}
                yield tuple(values.get(column) for column in range(1, max(values, default=0) + 1))
                expected = number + 1
    finally:
        reader.archive.close()


def _read_rows(rows: Iterable[tuple], columns: Sequence[Column], max_rows: int) -> list[SheetRow]:
    positions: dict[str, int] | None = None
    result: list[SheetRow] = []
    for number, cells in enumerate(rows, start=1):
        if number > max_rows + SLACK_ROWS:
            raise ValidationError(
                _(
                    "Bảng tính dài hơn %(rows)s dòng (kể cả dòng trống). Hãy xóa các dòng trống thừa, "
                    "hoặc chia thành nhiều tệp, mỗi tệp tối đa %(max)s dòng dữ liệu."
                )
                % {"rows": f"{max_rows + SLACK_ROWS:,}".replace(",", "."), "max": f"{max_rows:,}".replace(",", ".")},
                code="too_many_rows",
            )
        texts = [cell_text(value) for value in cells]
        if not any(texts):
            continue
        if positions is None:
            positions = _match_headers(texts, columns)
            continue
        if len(result) >= max_rows:
            raise ValidationError(
                _("Bảng tính có hơn %(max)s dòng dữ liệu; hãy chia thành nhiều tệp, mỗi tệp tối đa %(max)s dòng.")
                % {"max": f"{max_rows:,}".replace(",", ".")},
                code="too_many_rows",
            )
        values = {}
        for column in columns:
            index = positions.get(column.key)
            values[column.key] = texts[index] if index is not None and index < len(texts) else ""
        result.append(SheetRow(number=number, values=values))
    if positions is None:
        raise ValidationError(_("Bảng tính trống: không có dòng tiêu đề và dữ liệu."), code="empty_sheet")
    if not result:
        raise ValidationError(_("Bảng tính chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào."), code="empty_sheet")
    return result


def _match_headers(texts: list[str], columns: Sequence[Column]) -> dict[str, int]:
    wanted = {fold(column.header): column for column in columns}
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, text in enumerate(texts):
        if not text:
            continue
        column = wanted.get(fold(text))
        if column is None:
            unknown.append(text)
        elif column.key in positions:
            raise ValidationError(
                _("Cột “%(header)s” xuất hiện hai lần ở dòng tiêu đề.") % {"header": column.header},
                code="bad_headers",
            )
        else:
            positions[column.key] = index
    missing = [column.header for column in columns if column.required and column.key not in positions]
    if missing or unknown:
        expected = " | ".join(column.header for column in columns if column.required)
        problems = []
        if missing:
            problems.append(_("thiếu cột %(columns)s") % {"columns": ", ".join(f"“{h}”" for h in missing)})
        if unknown:
            problems.append(_("có cột không nhận ra %(columns)s") % {"columns": ", ".join(f"“{h}”" for h in unknown)})
        raise ValidationError(
            _("Dòng tiêu đề không đúng mẫu (%(problems)s). Dòng đầu tiên phải là: %(expected)s.")
            % {"problems": "; ".join(problems), "expected": expected},
            code="bad_headers",
        )
    return positions


def _safe(value: object) -> object:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_sheet(
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    choices: dict[str, Sequence[str]] | None = None,
) -> bytes:
    """An .xlsx with a bold, frozen header row; text cells stay text (phone numbers keep
    their leading zero, "=…" is not turned into a formula).

    `choices` maps a column key to the allowed values: they go to a second sheet and the
    column gets a drop-down list (blank allowed).
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    header_fill = PatternFill("solid", fgColor="F8D7DA")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=str(column.header))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    row_number = 1
    for row_number, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_number, column=index, value=_safe(value))
            if isinstance(value, str):
                cell.data_type = "s"
                cell.number_format = "@"
    for key, allowed in (choices or {}).items():
        index = next(i for i, column in enumerate(columns, start=1) if column.key == key)
        header = columns[index - 1].header
        lists = workbook.create_sheet(header[:31])
        lists.cell(row=1, column=1, value=header).font = Font(bold=True)
        lists.column_dimensions["A"].width = 50
        for offset, value in enumerate(allowed, start=2):
            lists.cell(row=offset, column=1, value=_safe(value)).data_type = "s"
        letter = get_column_letter(index)
        validation = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!$A$2:$A${len(allowed) + 1}",
            allow_blank=True,
            showErrorMessage=False,
        )
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{max(row_number, 1) + 500}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
