"""Excel import and export of a commune's participating units.

Every sheet is built here with openpyxl. The import is upload → preview → confirm; nothing is
saved before the confirm, and a sheet with one bad row saves nothing at all.
"""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from campaigns import excel
from campaigns.models import ParticipatingUnit
from campaigns.services import units as services
from campaigns.views.units import IMPORT_SESSION_KEY
from criteria.models import SubjectType

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("campaigns:unit_import")
EXPORT_URL = reverse("campaigns:unit_export")
LIST_URL = reverse("campaigns:unit_list")
HEADERS = ["Tên đơn vị", "Đối tượng", "Người liên hệ", "Thư điện tử", "Điện thoại"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows, headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def upload(client, content: bytes, name: str = "don-vi.xlsx"):
    return client.post(IMPORT_URL, {"step": "upload", "file": SimpleUploadedFile(name, content, content_type=XLSX)})


def confirm(client, preview_response):
    return client.post(IMPORT_URL, {"step": "confirm", "token": preview_response.context["pending"]["token"]})


def actions(response) -> list[tuple[int, str]]:
    return [(row.number, row.action) for row in response.context["preview"].rows]


def co_le_units() -> list[tuple]:
    return list(
        ParticipatingUnit.objects.filter(admin_unit__name="Cổ Lễ")
        .order_by("pk")
        .values_list("pk", "name", "subject_type__code", "contact_person", "email", "phone", "is_active")
    )


@pytest.fixture
def officer_client(client, commune_officer):
    client.force_login(commune_officer)
    return client


# --- Template and export ---------------------------------------------------------------


def test_template_has_the_headers_and_one_example_row_and_imports_cleanly(officer_client):
    response = officer_client.get(EXPORT_URL, {"template": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-don-vi-tham-gia.xlsx"'
    content = b"".join(response.streaming_content)
    rows = read_xlsx(content)
    assert rows[0] == HEADERS
    assert rows[1][:2] == ["Trường Mầm non Hoa Sen", "Trường học"]
    assert rows[1][4] == "0912345678"  # kept as text: the leading zero survives
    assert len(rows) == 2
    subject_sheet = openpyxl.load_workbook(io.BytesIO(content))["Đối tượng"]
    listed = [row[0] for row in subject_sheet.iter_rows(min_row=2, values_only=True)]
    assert listed == list(SubjectType.objects.order_by("position", "name").values_list("name", flat=True))

    preview = upload(officer_client, content)
    assert actions(preview) == [(2, "new")]


def test_export_holds_the_filtered_list_with_a_status_column(officer_client):
    response = officer_client.get(EXPORT_URL, {"subject_type": SubjectType.objects.get(code="front").pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="don-vi-tham-gia-co-le-')
    rows = read_xlsx(b"".join(response.streaming_content))
    assert rows[0] == [*HEADERS, "Trạng thái"]
    assert sorted(rows[1:]) == [
        ["Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Cổ Lễ", "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
         "Nguyễn Minh Tuấn", "doanthanhnien@cole.ninhbinh.example", None, "Đang tham gia"],
        ["Ủy ban Mặt trận Tổ quốc Việt Nam xã Cổ Lễ", "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
         "Trần Văn Bình", "mttq@cole.ninhbinh.example", None, "Đang tham gia"],
    ]  # fmt: skip


def test_export_follows_the_status_filter(officer_client):
    ParticipatingUnit.objects.filter(name="Thôn Trung Lễ").update(is_active=False)
    names = [row[0] for row in read_xlsx(b"".join(officer_client.get(EXPORT_URL).streaming_content))[1:]]
    assert "Thôn Trung Lễ" not in names and len(names) == 5
    rows = read_xlsx(b"".join(officer_client.get(EXPORT_URL, {"status": "all"}).streaming_content))[1:]
    assert ["Thôn Trung Lễ", "Ngừng tham gia"] in [[row[0], row[5]] for row in rows]


def test_export_only_holds_the_users_own_units(client, neighbour_officer, commune_viewer):
    client.force_login(neighbour_officer)
    names = [row[0] for row in read_xlsx(b"".join(client.get(EXPORT_URL).streaming_content))[1:]]
    assert "Thôn Xuân Bảng" in names and "Thôn Trung Lễ" not in names
    client.force_login(commune_viewer)  # reading is allowed to read-only roles
    names = [row[0] for row in read_xlsx(b"".join(client.get(EXPORT_URL).streaming_content))[1:]]
    assert "Thôn Trung Lễ" in names and "Thôn Xuân Bảng" not in names


def test_an_exported_sheet_reimports_unchanged(officer_client):
    ParticipatingUnit.objects.filter(name="Thôn Trung Lễ").update(is_active=False, phone="0228 3812 345")
    ParticipatingUnit.objects.filter(name="Phòng Kinh tế xã Cổ Lễ").update(name='=HYPERLINK("x")')
    before = co_le_units()
    exported = b"".join(officer_client.get(EXPORT_URL, {"status": "all"}).streaming_content)

    preview = upload(officer_client, exported)
    assert preview.status_code == 200
    assert [action for _number, action in actions(preview)] == ["unchanged"] * 6
    response = confirm(officer_client, preview)
    assert response.status_code == 302
    assert co_le_units() == before


def test_an_edited_export_updates_adds_and_reactivates(officer_client):
    ParticipatingUnit.objects.filter(name="Thôn Trung Lễ").update(is_active=False)
    exported = b"".join(officer_client.get(EXPORT_URL, {"status": "all"}).streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(exported))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "Thôn Trung Lễ":
            row[5].value = "đang tham gia"
        if row[0].value == "Công ty TNHH May mặc Cổ Lễ":
            row[2].value = "Lê Văn Tâm"
    sheet.append(["Thôn Đông Lễ", "village", "Đỗ Thị Nga", "", "0912 000 111", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = upload(officer_client, buffer.getvalue())
    by_name = {row.values["name"]: row for row in preview.context["preview"].rows}
    assert by_name["Thôn Trung Lễ"].action == "update"
    assert by_name["Thôn Trung Lễ"].changes == [
        {"column": "Trạng thái", "old": "Ngừng tham gia", "new": "Đang tham gia"}
    ]
    assert by_name["Công ty TNHH May mặc Cổ Lễ"].changes == [
        {"column": "Người liên hệ", "old": "Hoàng Thị Mai", "new": "Lê Văn Tâm"}
    ]
    assert "Hoàng Thị Mai → <strong>Lê Văn Tâm</strong>" in preview.content.decode()
    assert by_name["Thôn Đông Lễ"].action == "new"
    assert preview.context["counts"] == {"new": 1, "update": 2, "unchanged": 4, "error": 0}
    assert ParticipatingUnit.objects.filter(name="Thôn Đông Lễ").count() == 0  # nothing saved yet

    response = confirm(officer_client, preview)
    assert response.status_code == 302
    assert ParticipatingUnit.objects.get(name="Thôn Trung Lễ").is_active
    assert ParticipatingUnit.objects.get(name="Công ty TNHH May mặc Cổ Lễ").contact_person == "Lê Văn Tâm"
    new = ParticipatingUnit.objects.get(name="Thôn Đông Lễ")
    assert (new.admin_unit.name, new.subject_type.code, new.phone, new.is_active) == (
        "Cổ Lễ",
        "village",
        "0912 000 111",
        True,
    )
    message = officer_client.get(LIST_URL).content.decode()
    assert "thêm 1 đơn vị, cập nhật 2 đơn vị, 4 đơn vị không đổi" in message


def test_the_import_page_offers_the_template_and_the_subject_types(officer_client):
    response = officer_client.get(IMPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{EXPORT_URL}?template=1" in html
    assert "Thôn, khối" in html and "<code>village</code>" in html


def test_an_unknown_status_is_a_row_error(officer_client):
    sheet = xlsx([["Thôn Trung Lễ", "village", "", "", "", "tạm nghỉ"]], headers=[*HEADERS, "Trạng thái"])
    [row] = upload(officer_client, sheet).context["preview"].rows
    assert row.errors == ["Trạng thái “tạm nghỉ” không hợp lệ; ghi “Đang tham gia”, “Ngừng tham gia” hoặc để trống."]


# --- Preview: every row with its status and reasons ------------------------------------


def test_preview_lists_every_row_with_its_status_and_reasons(officer_client):
    before = co_le_units()
    sheet = xlsx(
        [
            ["Trường Tiểu học Cổ Lễ", "school", "Vũ Văn An", "tieuhoc@cole.example", 912345678],  # 2 new, by code
            ["thôn trung lễ", "THÔN, KHỐI", "Phạm Văn Thắng", "", ""],  # 3 update (case ignored)
            [None, None, None, None, None],  # 4 blank: skipped
            ["", "Trường học", "Ai đó", "", ""],  # 5 missing name
            ["Câu lạc bộ Thơ", "Câu lạc bộ", "", "", ""],  # 6 unknown subject type
            ["Hợp tác xã Cổ Lễ", "hop tac xa", "", "htx@@cole", ""],  # 7 invalid e-mail; subject without diacritics
            ["Trạm Y tế xã Cổ Lễ", "Cơ quan, đơn vị", "", "", ""],  # 8 duplicate of 9
            ["TRẠM Y TẾ XÃ CỔ LỄ", "office", "", "", ""],  # 9 duplicate of 8
            ["Nhà văn hóa", "", "", "", "x" * 31],  # 10 missing subject type, phone too long
        ]
    )
    response = upload(officer_client, sheet)
    assert response.status_code == 200
    assert actions(response) == [
        (2, "new"), (3, "update"), (5, "error"), (6, "error"), (7, "error"), (8, "error"), (9, "error"), (10, "error"),
    ]  # fmt: skip
    rows = {row.number: row for row in response.context["preview"].rows}
    assert rows[2].values["phone"] == "0912345678"  # the 0 Excel dropped is given back
    assert rows[3].unit.name == "Thôn Trung Lễ"
    assert rows[3].changes == [{"column": "Tên đơn vị", "old": "Thôn Trung Lễ", "new": "thôn trung lễ"}]
    assert rows[3].values["email"] == "thontrungle@cole.ninhbinh.example"  # a blank cell keeps it, and says so
    assert any("Thư điện tử" in warning for warning in rows[3].warnings)
    assert rows[5].errors == ["Thiếu tên đơn vị."]
    assert rows[6].errors == ["Không có đối tượng “Câu lạc bộ”; hãy ghi tên hoặc mã trong danh sách đối tượng."]
    assert rows[7].errors == ["Thư điện tử “htx@@cole” không hợp lệ."]
    assert rows[7].subject_type.code == "cooperative"
    assert rows[8].errors == ["Tên đơn vị trùng với dòng 9."]
    assert rows[9].errors == ["Tên đơn vị trùng với dòng 8."]
    assert rows[10].errors == ["Thiếu đối tượng.", "Điện thoại dài 31 ký tự, tối đa 30."]
    html = response.content.decode()
    assert "Thư điện tử “htx@@cole” không hợp lệ." in html
    assert 'data-testid="import-has-errors"' in html
    assert co_le_units() == before


def test_a_confirm_is_refused_while_any_row_has_an_error(officer_client):
    before = co_le_units()
    preview = upload(officer_client, xlsx([["Trạm Y tế xã Cổ Lễ", "office", "", "", ""], ["", "office", "", "", ""]]))
    response = confirm(officer_client, preview)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa nhập dòng nào: tệp còn dòng lỗi." in html
    assert actions(response) == [(2, "new"), (3, "error")]
    assert co_le_units() == before


def test_a_confirm_applies_every_row_once(officer_client):
    sheet = xlsx([["Trạm Y tế xã Cổ Lễ", "office", "Bác sĩ Lan", "", ""], ["Thôn Bắc Lễ", "village", "", "", ""]])
    preview = upload(officer_client, sheet)
    assert confirm(officer_client, preview).status_code == 302
    assert set(ParticipatingUnit.objects.filter(admin_unit__name="Cổ Lễ").values_list("name", flat=True)) >= {
        "Trạm Y tế xã Cổ Lễ",
        "Thôn Bắc Lễ",
    }
    # The same confirm again (double click, back button) does nothing.
    again = confirm(officer_client, preview)
    assert again.status_code == 302 and again.url == IMPORT_URL
    page = officer_client.get(IMPORT_URL).content.decode()
    assert "Bản xem trước này đã cũ hoặc đã được nhập rồi" in page
    assert ParticipatingUnit.objects.filter(name="Thôn Bắc Lễ").count() == 1


def test_a_preview_made_stale_by_a_change_is_refused_then_shown_again(officer_client, commune_officer):
    preview = upload(officer_client, xlsx([["Thôn Bắc Lễ", "village", "Trần Văn Tư", "", ""]]))
    assert actions(preview) == [(2, "new")]
    # Meanwhile the unit is added by hand (another tab, another officer).
    services.unit_create(
        admin_unit=commune_officer.admin_unit,
        name="Thôn Bắc Lễ",
        subject_type=SubjectType.objects.get(code="village"),
        by=commune_officer,
    )
    response = confirm(officer_client, preview)
    assert response.status_code == 200
    assert "Danh sách đơn vị đã thay đổi từ lúc xem trước nên chưa nhập gì." in response.content.decode()
    assert actions(response) == [(2, "update")]
    assert ParticipatingUnit.objects.get(name="Thôn Bắc Lễ").contact_person == ""
    # The refreshed preview can be confirmed.
    assert confirm(officer_client, response).status_code == 302
    assert ParticipatingUnit.objects.get(name="Thôn Bắc Lễ").contact_person == "Trần Văn Tư"


def test_an_edit_of_a_unit_after_the_preview_makes_it_stale(officer_client):
    preview = upload(officer_client, xlsx([["Thôn Trung Lễ", "village", "Người Mới", "", ""]]))
    ParticipatingUnit.objects.filter(name="Thôn Trung Lễ").update(contact_person="Người khác sửa")
    response = confirm(officer_client, preview)
    assert "Danh sách đơn vị đã thay đổi từ lúc xem trước" in response.content.decode()
    assert ParticipatingUnit.objects.get(name="Thôn Trung Lễ").contact_person == "Người khác sửa"


def test_an_older_preview_is_refused_after_a_newer_upload(officer_client):
    old = upload(officer_client, xlsx([["Thôn Cũ", "village", "", "", ""]]))
    upload(officer_client, xlsx([["Thôn Mới", "village", "", "", ""]]))
    response = confirm(officer_client, old)
    assert response.status_code == 302
    assert not ParticipatingUnit.objects.filter(name__in=["Thôn Cũ", "Thôn Mới"]).exists()


def test_cancel_drops_the_preview(officer_client):
    preview = upload(officer_client, xlsx([["Thôn Bắc Lễ", "village", "", "", ""]]))
    response = officer_client.post(IMPORT_URL, {"step": "cancel"})
    assert response.status_code == 302
    assert IMPORT_SESSION_KEY not in officer_client.session
    confirm(officer_client, preview)
    assert not ParticipatingUnit.objects.filter(name="Thôn Bắc Lễ").exists()


def test_the_whole_sheet_is_saved_or_nothing(officer_client, monkeypatch):
    before = co_le_units()
    preview = upload(
        officer_client,
        xlsx(
            [
                ["Thôn Một", "village", "", "", ""],
                ["Thôn Hai", "village", "", "", ""],
                ["Thôn Ba", "village", "", "", ""],
            ]
        ),
    )
    real_save = ParticipatingUnit.save
    calls = []

    def failing_save(self, *args, **kwargs):
        calls.append(self.name)
        if len(calls) == 2:  # as if another officer saved "Thôn Hai" a moment before
            raise IntegrityError("unique_participating_unit_name")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(ParticipatingUnit, "save", failing_save)
    response = confirm(officer_client, preview)
    monkeypatch.undo()
    assert calls[:2] == ["Thôn Một", "Thôn Hai"]
    assert response.status_code == 200
    assert "chưa nhập gì" in response.content.decode()
    assert co_le_units() == before


def test_import_writes_to_the_officers_own_commune(client, neighbour_officer):
    client.force_login(neighbour_officer)
    confirm(client, upload(client, xlsx([["Thôn Trung Lễ", "village", "", "", ""]])))
    unit = ParticipatingUnit.objects.get(name="Thôn Trung Lễ", admin_unit__name="Xuân Trường")
    assert unit.pk != ParticipatingUnit.objects.get(name="Thôn Trung Lễ", admin_unit__name="Cổ Lễ").pk


@pytest.mark.parametrize("actor", ["commune_viewer", "unit_reporter", "province_reviewer"])
def test_only_the_officer_imports(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    response = upload(client, xlsx([["Thôn Bắc Lễ", "village", "", "", ""]]))
    assert response.status_code == 403
    assert client.post(IMPORT_URL, {"step": "confirm", "token": "x"}).status_code == 403
    assert not ParticipatingUnit.objects.filter(name="Thôn Bắc Lễ").exists()


# --- Bad files: a clear message, nothing saved, no 500 ---------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _broken_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "không phải XML")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"Ten don vi;Doi tuong\nThon A;village\n", "don-vi.xlsx", "không phải bảng tính Excel (.xlsx)"),
        (_docx(), "don-vi.xlsx", "không phải bảng tính Excel (.xlsx)"),
        (b"", "don-vi.xlsx", "rỗng"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "don-vi.xls", "Excel 97-2003 (.xls)"),
        (_broken_xlsx(), "don-vi.xlsx", "Không đọc được tệp"),
        (xlsx([], headers=None), "don-vi.xlsx", "Bảng tính trống"),
        (xlsx([]), "don-vi.xlsx", "chỉ có dòng tiêu đề"),
        (
            xlsx([["Thôn A", "village"]], headers=["Tên", "Loại"]),
            "don-vi.xlsx",
            "Dòng tiêu đề không đúng mẫu (thiếu cột “Tên đơn vị”, “Đối tượng”, “Người liên hệ”, “Thư điện tử”, "
            "“Điện thoại”; có cột không nhận ra “Tên”, “Loại”)",
        ),
        (xlsx([["Thôn A"] * 5], headers=HEADERS[:4]), "don-vi.xlsx", "thiếu cột “Điện thoại”"),
        (xlsx([[f"Thôn {n}", "village", "", "", ""] for n in range(2001)]), "don-vi.xlsx", "hơn 2.000 dòng"),
    ],
)
def test_bad_files_get_a_clear_message_and_save_nothing(officer_client, content, name, message):
    before = co_le_units()
    response = upload(officer_client, content, name)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert message in response.content.decode()
    assert IMPORT_SESSION_KEY not in officer_client.session
    assert co_le_units() == before


def test_a_file_over_the_upload_limit_is_refused(officer_client, settings):
    content = xlsx([["Thôn A", "village", "", "", ""]])
    settings.UPLOAD_MAX_BYTES = len(content) - 1
    response = upload(officer_client, content)
    assert response.status_code == 200
    assert "vượt giới hạn" in response.context["form"].errors["file"][0]


def test_an_upload_without_a_file_asks_for_one(officer_client):
    response = officer_client.post(IMPORT_URL, {"step": "upload"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Trường này là bắt buộc."]


# --- The pure sheet functions ----------------------------------------------------------


def test_read_sheet_finds_columns_by_header_in_any_order():
    sheet = xlsx(
        [["0912", "Thôn A", "village", "a@b.vn", "  Anh   Ba "]],
        headers=["ĐIỆN THOẠI", "tên đơn vị", "Doi tuong", "Thư điện tử", "Người liên hệ"],
    )
    [row] = excel.read_sheet(SimpleUploadedFile("a.xlsx", sheet), columns=services.IMPORT_COLUMNS, max_rows=10)
    assert row.number == 2
    assert row.values == {
        "name": "Thôn A",
        "subject_type": "village",
        "contact_person": "Anh Ba",
        "email": "a@b.vn",
        "phone": "0912",
        "status": "",
    }


def test_read_sheet_accepts_exactly_the_row_limit():
    sheet = xlsx([[f"Thôn {n}", "village", "", "", ""] for n in range(20)])
    rows = excel.read_sheet(SimpleUploadedFile("a.xlsx", sheet), columns=services.IMPORT_COLUMNS, max_rows=20)
    assert len(rows) == 20
    with pytest.raises(ValidationError, match="hơn 19 dòng"):
        excel.read_sheet(SimpleUploadedFile("a.xlsx", sheet), columns=services.IMPORT_COLUMNS, max_rows=19)


def test_cell_text_and_fold():
    import datetime

    assert excel.cell_text(912345678.0) == "912345678"
    assert excel.cell_text(1.5) == "1.5"
    assert excel.cell_text(datetime.datetime(2026, 12, 5)) == "05/12/2026"
    assert excel.cell_text(" Thôn \n Trung  Lễ ") == "Thôn Trung Lễ"
    assert excel.fold("ĐOÀN Thanh niên") == excel.fold("doan thanh nien")
    assert excel.name_key("Thôn Trung Lễ") != excel.name_key("Thôn Trung Lê")


def test_write_sheet_keeps_formula_like_text_as_text():
    content = excel.write_sheet(
        title="Đơn vị", columns=services.EXPORT_COLUMNS, rows=[("=1+1", "office", "a\x07b", "", "0228", "")]
    )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "=1+1" in xml
    assert read_xlsx(content)[1][:3] == ["=1+1", "office", "ab"]


def test_the_import_checks_phone_numbers(officer_client):
    response = upload(officer_client, xlsx([["Nhà văn hóa thôn Mới", "village", "", "", "0912 34"]]))
    (row,) = response.context["preview"].rows
    assert any("không đúng dạng số Việt Nam" in error for error in row.errors)


# --- A blank cell never clears a saved value without saying so -----------------------------


def test_a_blank_cell_keeps_the_saved_value_and_the_preview_says_so(officer_client):
    village = ParticipatingUnit.objects.get(admin_unit__name="Cổ Lễ", name="Thôn Trung Lễ")
    village.phone, village.contact_person = "0228 3 812 345", "Phạm Văn Thắng"
    village.save()
    preview = upload(officer_client, xlsx([["Thôn Trung Lễ", "THÔN, KHỐI", "", "", "0912 345 678"]]))
    [row] = preview.context["preview"].rows
    assert row.changes == [{"column": "Điện thoại", "old": "0228 3 812 345", "new": "0912 345 678"}]
    html = preview.content.decode()
    assert 'data-testid="import-row-warnings"' in html
    assert "Ô “Thư điện tử” để trống: giữ “thontrungle@cole.ninhbinh.example” đã lưu" in html
    assert "Ô “Người liên hệ” để trống: giữ “Phạm Văn Thắng” đã lưu" in html
    assert confirm(officer_client, preview).status_code == 302
    village.refresh_from_db()
    assert (village.email, village.contact_person, village.phone) == (
        "thontrungle@cole.ninhbinh.example",
        "Phạm Văn Thắng",
        "0912 345 678",
    )


def test_a_dash_clears_the_saved_value_on_purpose(officer_client):
    village = ParticipatingUnit.objects.get(admin_unit__name="Cổ Lễ", name="Thôn Trung Lễ")
    preview = upload(officer_client, xlsx([["Thôn Trung Lễ", "THÔN, KHỐI", "", "-", ""]]))
    [row] = preview.context["preview"].rows
    assert {"column": "Thư điện tử", "old": "thontrungle@cole.ninhbinh.example", "new": ""} in row.changes
    assert confirm(officer_client, preview).status_code == 302
    village.refresh_from_db()
    assert village.email == ""


def test_the_import_page_explains_blank_and_dash(officer_client):
    html = officer_client.get(IMPORT_URL).content.decode()
    assert "giữ nguyên giá trị đang có" in html and "“-”" in html
