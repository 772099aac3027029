"""Small files that unpack to a lot: the unit import and report evidence refuse them from the
zip's directory, before anything parses them, with a message in Vietnamese; a sheet of
endless blank rows within the limits stops at the row cap instead of being read to its end.

The hostile sheets are built here: a real workbook from openpyxl whose sheet XML is swapped
for one without a <dimension>, holding rows that have no values.
"""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import excel
from campaigns.models import ParticipatingUnit
from campaigns.services import units as services
from reporting.models import AnnualReport, Evidence
from tests.reporting.conftest import filled, page_of

pytestmark = pytest.mark.django_db

SHEET_XMLNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["Tên đơn vị", "Đối tượng", "Người liên hệ", "Thư điện tử", "Điện thoại"]


# Rows and cells may leave out their reference ("r"): readers count them in order.
BLANK_ROW = '<row><c s="0"/><c s="0"/><c s="0"/></row>'
CHUNK = 20_000


def hostile_xlsx(*, blank_rows: int, data_after: bool = False, far_row: int = 0) -> bytes:
    """A workbook whose first sheet has no <dimension>: a header row (inline strings), then
    `blank_rows` rows without values, written to the zip in chunks (never whole in memory)."""
    base = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["x"])
    workbook.save(base)
    out = io.BytesIO()
    header = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{text}</t></is></c>' for i, text in enumerate(HEADER))
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info))
                continue
            with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(f'<worksheet xmlns="{SHEET_XMLNS}"><sheetData><row r="1">{header}</row>'.encode())
                chunk = (BLANK_ROW * CHUNK).encode()
                for _ in range(blank_rows // CHUNK):
                    sheet.write(chunk)
                sheet.write((BLANK_ROW * (blank_rows % CHUNK)).encode())
                if data_after:
                    sheet.write('<row><c t="inlineStr"><is><t>Thôn Cuối</t></is></c></row>'.encode())
                if far_row:
                    cell = f'<c r="XFD{far_row}" t="inlineStr"><is><t>Thôn Xa</t></is></c>'
                    sheet.write(f'<row r="{far_row}">{cell}</row>'.encode())
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """About 190 MB of sheet XML in a file of well under 1 MB, as in the probe."""
    content = hostile_xlsx(blank_rows=4_800_000)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    assert len(content) < 1024 * 1024 and unpacked > 180 * 1024 * 1024, (len(content), unpacked)
    return content


def test_the_unit_import_refuses_a_sheet_that_unpacks_to_hundreds_of_megabytes(
    client, commune_officer, bomb, monkeypatch
):
    def never_parsed(*args, **kwargs):
        raise AssertionError("the sheet was handed to openpyxl")

    monkeypatch.setattr(excel, "ExcelReader", never_parsed)
    before = ParticipatingUnit.objects.count()
    client.force_login(commune_officer)
    response = client.post(
        reverse("campaigns:unit_import"),
        {"step": "upload", "file": SimpleUploadedFile("don-vi.xlsx", bomb, content_type=excel.XLSX_CONTENT_TYPE)},
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert "Tệp “don-vi.xlsx” giải nén ra" in error and "vượt giới hạn 10,0" in error and "dòng, cột trống" in error
    assert error in response.content.decode()
    assert ParticipatingUnit.objects.count() == before


def test_endless_blank_rows_within_the_limits_stop_at_the_row_cap(monkeypatch):
    """200,000 blank rows (8 MB of XML, within the limits) and one value at the end: reading
    stops after the cap instead of walking every row."""
    content = hostile_xlsx(blank_rows=200_000, data_after=True)
    pulled = []
    real = excel._read_rows

    def counting(rows, *args):
        def counted():
            for row in rows:
                pulled.append(1)
                yield row

        return real(counted(), *args)

    monkeypatch.setattr(excel, "_read_rows", counting)
    with pytest.raises(ValidationError) as refused:
        excel.read_sheet(SimpleUploadedFile("a.xlsx", content), columns=services.IMPORT_COLUMNS, max_rows=2000)
    assert refused.value.messages == [
        "Bảng tính dài hơn 3.000 dòng (kể cả dòng trống). Hãy xóa các dòng trống thừa, "
        "hoặc chia thành nhiều tệp, mỗi tệp tối đa 2.000 dòng dữ liệu."
    ]
    assert len(pulled) == 3001


def test_a_value_in_the_last_row_and_column_is_refused_at_the_row_cap():
    """A tiny file with one cell at XFD1048576: the rows it leaves out count as blank rows."""
    content = hostile_xlsx(blank_rows=0, far_row=1_048_576)
    with pytest.raises(ValidationError, match="Bảng tính dài hơn 1.010 dòng"):
        excel.read_sheet(SimpleUploadedFile("a.xlsx", content), columns=services.IMPORT_COLUMNS, max_rows=10)


def test_evidence_that_unpacks_to_hundreds_of_megabytes_is_refused_and_keeps_the_text(
    client, unit_reporter, plan_co_le, bomb
):
    school = unit_reporter.participating_unit
    client.force_login(unit_reporter)
    upload = SimpleUploadedFile("so-lieu.xlsx", bomb, content_type=excel.XLSX_CONTENT_TYPE)
    data = filled(page_of(plan_co_le, 2026, school), text="Vẫn còn", files=upload)
    response = client.post(reverse("reporting:report", args=[plan_co_le.pk, 2026, school.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp “so-lieu.xlsx” giải nén ra" in html and "Vẫn còn nội dung 1" in html
    assert not AnnualReport.objects.exists() and not Evidence.objects.exists()
