"""The officer's Excel import of registration lines: a preview with each row's errors; any
error and nothing is saved (the confirm stays refused); the rows are checked again on
confirm; a line already there is kept, not doubled."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import Awardee, Registration, RegistrationLine
from awards.services import registration as services
from awards.services.registration_import import COLUMNS
from campaigns.excel import XLSX_CONTENT_TYPE, write_sheet
from tests.awards.registration_helpers import YEAR, registered

pytestmark = pytest.mark.django_db
SCHOOL = "Trường Trung học cơ sở Cổ Lễ"
OFFICE = "Phòng Kinh tế xã Cổ Lễ"


def xlsx(rows, columns=COLUMNS, name="dang-ky.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, write_sheet(title="Đăng ký", columns=columns, rows=rows), XLSX_CONTENT_TYPE)


@pytest.fixture
def officer(client, commune_officer):
    client.force_login(commune_officer)
    return client


def upload(client, rows, **fields):
    data = {"step": "upload", "year": YEAR, "unit": "", "file": xlsx(rows), **fields}
    return client.post(reverse("awards:registration_import"), data)


def confirm(client, response):
    return client.post(
        reverse("awards:registration_import"),
        {"step": "confirm", "token": response.context["pending"]["token"]},
        follow=True,
    )


def lines_of(year: int = YEAR) -> int:
    return RegistrationLine.objects.filter(registration__year=year).count()


def test_bad_rows_are_shown_and_nothing_is_saved(officer):
    rows = [
        (SCHOOL, "Phạm Văn Thắng", "15/04/1982", "", "Lao động tiên tiến", ""),  # good
        ("Trường Mầm non Cổ Lễ", "Phạm Văn Thắng", "15/04/1982", "", "Lao động tiên tiến", ""),  # no such unit
        (SCHOOL, "Nguyễn Văn Không Có", "01/01/1980", "", "Lao động tiên tiến", ""),  # no such person
        (SCHOOL, "Phạm Văn Thắng", "15/04/1982", "", "Anh hùng lao động", ""),  # no such title
        (SCHOOL, "Phạm Văn Thắng", "15/04/1982", "", "Tập thể lao động tiên tiến", ""),  # for collectives
        (SCHOOL, "Phạm Văn Thắng", "15/04/1982", "", "lao dong tien tien", ""),  # the first row again
        ("", "Phạm Văn Thắng", "15/04/1982", "", "Lao động tiên tiến", ""),  # no unit
        (SCHOOL, "Phạm Văn Thắng", "", "", "Chiến sĩ thi đua cơ sở", ""),  # neither birth nor id
        (SCHOOL, "Phạm Văn Thắng", "31/02/1982", "", "Chiến sĩ thi đua cơ sở", ""),  # no such day
        (SCHOOL, "", "15/04/1982", "", "", ""),  # no name, no title
    ]
    response = upload(officer, rows)
    assert response.status_code == 200
    preview = response.context["preview"]
    errors = {row.number: " ".join(row.errors) for row in preview.rows}
    assert errors[2] == ""
    assert "Xã chưa có đơn vị “Trường Mầm non Cổ Lễ”" in errors[3]
    assert "chưa có “Nguyễn Văn Không Có”" in errors[4]
    assert "Không có danh hiệu “Anh hùng lao động”" in errors[5]
    assert "dành cho tập thể, không đăng ký cho cá nhân được" in errors[6]
    assert "Trùng với dòng 2" in errors[7]
    assert "Thiếu tên đơn vị" in errors[8]
    assert "Cần ngày sinh hoặc số định danh cá nhân" in errors[9]
    assert "Ngày sinh “31/02/1982” không có thật" in errors[10]
    assert "Thiếu họ và tên" in errors[11] and "Thiếu danh hiệu đăng ký" in errors[11]
    html = response.content.decode()
    assert 'data-testid="import-has-errors"' in html and "disabled" in html
    before = lines_of()
    refused = confirm(officer, response)
    assert "Chưa nhập dòng nào" in refused.content.decode()
    assert lines_of() == before and not Registration.objects.filter(year=YEAR).exists()


def test_a_clean_file_is_imported_once_for_the_commune(officer, commune_officer):
    huong = Awardee.objects.get(name="Nguyễn Thị Hương")
    huong.national_id = "036190001234"
    huong.save()
    rows = [
        (SCHOOL, "pham van thang", "15/04/1982", "", "Chiến sĩ thi đua cơ sở", "Có sáng kiến"),
        (OFFICE, "Nguyễn Thị Hương", "", "036190001234", "lao_dong_tien_tien", ""),
    ]
    response = upload(officer, rows)
    assert response.context["counts"] == {"new": 2, "existing": 0, "error": 0}
    done = confirm(officer, response)
    assert "Đã nhập 2 cá nhân đăng ký thi đua năm 2027" in done.content.decode()
    lines = RegistrationLine.objects.filter(registration__year=YEAR).select_related("registration__unit", "awardee")
    assert {(line.registration.unit.name, line.awardee.name, line.note) for line in lines} == {
        (SCHOOL, "Phạm Văn Thắng", "Có sáng kiến"),
        (OFFICE, "Nguyễn Thị Hương", ""),
    }
    assert all(line.registration.status == "draft" for line in lines)  # the units still submit
    again = upload(officer, rows)
    assert again.context["counts"] == {"new": 0, "existing": 2, "error": 0}
    confirm(officer, again)
    assert lines_of() == 2
    assert confirm(officer, again).redirect_chain[-1][0] == reverse("awards:registration_import")  # token used


def test_a_file_for_one_unit_needs_no_unit_column(officer, school):
    columns = [c for c in COLUMNS if c.key != "unit"]
    data = {"step": "upload", "year": YEAR, "unit": school.pk}
    data["file"] = xlsx([("Phạm Văn Thắng", "15/04/1982", "", "Lao động tiên tiến", "")], columns=columns)
    response = officer.post(reverse("awards:registration_import"), data)
    assert response.context["counts"]["new"] == 1
    other = upload(officer, [(OFFICE, "Phạm Văn Thắng", "15/04/1982", "", "Lao động tiên tiến", "")], unit=school.pk)
    assert "khác đơn vị đã chọn" in " ".join(other.context["preview"].rows[0].errors)


def test_a_registration_consolidated_meanwhile_refuses_the_confirm(officer, school, commune_officer):
    registration = registered(school, commune_officer)
    rows = [(SCHOOL, "Phạm Văn Thắng", "15/04/1982", "", "Chiến sĩ thi đua cơ sở", "")]
    response = upload(officer, rows)
    assert response.context["counts"]["new"] == 1
    services.registration_consolidate(registration=registration, by=commune_officer)
    refused = confirm(officer, response)
    assert "đã được tổng hợp, không nhập thêm được" in refused.content.decode()
    assert registration.lines.count() == 1


def test_not_a_sheet_is_refused_in_vietnamese(officer):
    data = {"step": "upload", "year": YEAR, "file": SimpleUploadedFile("dang-ky.xlsx", b"not a zip", XLSX_CONTENT_TYPE)}
    response = officer.post(reverse("awards:registration_import"), data)
    assert response.status_code == 200 and "không phải bảng tính Excel (.xlsx)" in response.content.decode()
    bad_year = upload(officer, [(SCHOOL, "Phạm Văn Thắng", "15/04/1982", "", "Lao động tiên tiến", "")], year=1999)
    assert "Năm 1999 không nhận đăng ký thi đua" in bad_year.content.decode()


def test_the_page_opens_for_the_officer_only(client, officer, commune_viewer, unit_reporter):
    assert officer.get(reverse("awards:registration_import")).status_code == 200
    for user in (commune_viewer, unit_reporter):
        client.force_login(user)
        assert client.get(reverse("awards:registration_import")).status_code == 403
