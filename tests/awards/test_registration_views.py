"""The registration pages (đăng ký thi đua), four ways each: anonymous (to the login),
the wrong scope (404 outside the commune or unit, 403 for a read-only role), bad input (a
Vietnamese message, what was typed kept, nothing saved) and the happy path."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Awardee, Registration, RegistrationDeadline, RegistrationLine
from campaigns.models import AdministrativeUnit
from reporting.models import Reminder
from tests.awards.registration_helpers import YEAR, person, registered, title

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_le(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(name="Cổ Lễ")


@pytest.fixture
def draft(school, unit_reporter) -> Registration:
    return registered(school, unit_reporter, submit=False)


@pytest.fixture
def submitted(school, unit_reporter) -> Registration:
    return registered(school, unit_reporter)


def page_url(school, year: int = YEAR) -> str:
    return reverse("awards:registration_unit", args=[year, school.pk])


def step_url(name: str, school, year: int = YEAR) -> str:
    return reverse(f"awards:registration_{name}", args=[year, school.pk])


def logged_in(client, user):
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def sheet(response) -> list[tuple]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


# --- Anonymous: every registration URL sends to the login page -------------------------------------


def urls(school, registration, line, co_le) -> list[tuple[str, str]]:
    return [
        ("get", page_url(school)),
        ("post", step_url("title", school)),
        ("post", step_url("line_add", school)),
        ("post", step_url("person_add", school)),
        ("post", reverse("awards:registration_line_remove", args=[line.pk])),
        ("post", reverse("awards:registration_submit", args=[registration.pk])),
        ("post", reverse("awards:registration_return", args=[registration.pk])),
        ("post", reverse("awards:registration_consolidate", args=[registration.pk])),
        ("post", reverse("awards:registration_consolidate_all", args=[co_le.pk])),
        ("get", reverse("awards:registration_export")),
        ("get", reverse("awards:registration_import")),
        ("get", reverse("awards:registration_deadline")),
        ("get", reverse("awards:registration_board")),
        ("post", reverse("awards:registration_remind", args=[co_le.pk])),
        ("get", reverse("awards:registration_missing_export")),
    ]


def test_anonymous_is_sent_to_the_login_everywhere(client, school, draft, co_le):
    for method, url in urls(school, draft, draft.lines.get(), co_le):
        response = getattr(client, method)(url, {"year": YEAR})
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


# --- The wrong scope ------------------------------------------------------------------------------


def test_another_commune_sees_nothing_of_co_le(client, school, draft, co_le, outsider, neighbour_officer):
    line = draft.lines.get()
    for user in (outsider, neighbour_officer):
        logged_in(client, user)
        for method, url in urls(school, draft, line, co_le)[:9] + [urls(school, draft, line, co_le)[13]]:
            assert getattr(client, method)(url, {"year": YEAR}).status_code == 404, (user, url)
    assert (
        RegistrationLine.objects.filter(pk=line.pk).exists() and not Registration.objects.get(pk=draft.pk).is_submitted
    )


def test_another_unit_of_the_commune_is_not_the_reporters(client, school, draft, other_unit_reporter):
    logged_in(client, other_unit_reporter)
    assert client.get(page_url(school)).status_code == 404
    assert client.post(step_url("title", school), {"collective_title": ""}).status_code == 404
    assert client.post(reverse("awards:registration_submit", args=[draft.pk])).status_code == 404


def test_the_viewer_reads_but_does_not_write(client, school, draft, co_le, commune_viewer):
    logged_in(client, commune_viewer)
    page = client.get(page_url(school))
    assert page.status_code == 200 and 'data-testid="title-form"' not in text(page)
    line = draft.lines.get()
    for method, url in urls(school, draft, line, co_le)[1:9] + [urls(school, draft, line, co_le)[13]]:
        assert getattr(client, method)(url, {"year": YEAR, "reason": "x"}).status_code == 403, url
    for name in ("registration_import", "registration_deadline", "registration_missing_export"):
        assert client.get(reverse(f"awards:{name}")).status_code == 403
    assert client.get(reverse("awards:registration_board")).status_code == 200
    assert client.get(reverse("awards:registration_export"), {"year": YEAR}).status_code == 200


def test_the_reporter_cannot_consolidate_or_return_and_has_no_commune_pages(client, submitted, unit_reporter, co_le):
    logged_in(client, unit_reporter)
    assert client.post(reverse("awards:registration_consolidate", args=[submitted.pk])).status_code == 403
    assert not Registration.objects.get(pk=submitted.pk).is_consolidated
    assert client.post(reverse("awards:registration_return", args=[submitted.pk]), {"reason": "x"}).status_code == 403
    for name in ("registration_export", "registration_import", "registration_deadline"):
        assert client.get(reverse(f"awards:{name}")).status_code == 403
    board = client.get(reverse("awards:registration_board"), {"year": YEAR})
    assert board.status_code == 302 and board.url == page_url(unit_reporter.participating_unit)


def test_the_province_has_no_commune_registration_pages(client, province_reviewer):
    logged_in(client, province_reviewer)
    for name in ("registration_board", "registration_export", "registration_import", "registration_deadline"):
        assert client.get(reverse(f"awards:{name}")).status_code == 403


# --- Bad input: a message, what was typed kept, nothing saved -------------------------------------------


def test_a_wrong_title_is_refused_on_the_page(client, school, unit_reporter):
    logged_in(client, unit_reporter)
    response = client.post(step_url("title", school), {"collective_title": title("lao_dong_tien_tien").pk})
    assert response.status_code == 400
    assert "Hãy chọn một danh hiệu trong danh sách" in text(response)
    assert not Registration.objects.filter(unit=school, year=YEAR, collective_title__isnull=False).exists()


def test_a_person_with_an_impossible_birth_date_keeps_what_was_typed(client, school, unit_reporter):
    logged_in(client, unit_reporter)
    data = {"name": "Lê Thị Lan", "date_of_birth": "31/02/1990", "award_form": title("lao_dong_tien_tien").pk}
    response = client.post(step_url("person_add", school), data)
    assert response.status_code == 400
    assert 'value="Lê Thị Lan"' in text(response) and 'value="31/02/1990"' in text(response)
    assert not Awardee.objects.filter(name="Lê Thị Lan").exists()


def test_a_line_twice_is_refused_with_its_reason(client, school, draft, unit_reporter):
    logged_in(client, unit_reporter)
    data = {"awardee": person(school).pk, "award_form": title("lao_dong_tien_tien").pk}
    response = client.post(step_url("line_add", school), data)
    assert response.status_code == 400 and "đã đăng ký danh hiệu này" in text(response)
    assert draft.lines.count() == 1


def test_an_empty_registration_is_not_submitted(client, school, unit_reporter):
    logged_in(client, unit_reporter)
    client.post(step_url("title", school), {"collective_title": ""})
    registration = Registration.objects.get(unit=school, year=YEAR)
    response = client.post(reverse("awards:registration_submit", args=[registration.pk]), follow=True)
    assert "Hãy chọn danh hiệu tập thể hoặc thêm ít nhất một cá nhân" in text(response)
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.DRAFT


def test_a_return_without_reason_is_refused(client, submitted, commune_officer):
    logged_in(client, commune_officer)
    response = client.post(reverse("awards:registration_return", args=[submitted.pk]), {"reason": ""})
    assert response.status_code == 400 and "Trường này là bắt buộc" in text(response)
    assert Registration.objects.get(pk=submitted.pk).is_submitted


def test_a_line_of_a_consolidated_registration_stays(client, submitted, commune_officer, unit_reporter):
    logged_in(client, commune_officer)
    client.post(reverse("awards:registration_consolidate", args=[submitted.pk]))
    logged_in(client, unit_reporter)
    line = submitted.lines.get()
    response = client.post(reverse("awards:registration_line_remove", args=[line.pk]), follow=True)
    assert "đã được tổng hợp" in text(response)
    assert RegistrationLine.objects.filter(pk=line.pk).exists()


def test_a_draft_is_not_consolidated(client, draft, commune_officer):
    logged_in(client, commune_officer)
    response = client.post(reverse("awards:registration_consolidate", args=[draft.pk]), follow=True)
    assert "Chỉ tổng hợp được bản đăng ký đã nộp" in text(response)
    assert not Registration.objects.get(pk=draft.pk).is_consolidated


def test_odd_years_are_no_such_page(client, school, co_le, commune_officer):
    logged_in(client, commune_officer)
    assert client.get(page_url(school, year=1990)).status_code == 404
    assert client.get(reverse("awards:registration_board"), {"year": "abc"}).status_code == 404
    assert client.get(reverse("awards:registration_export"), {"year": "2099"}).status_code == 404
    assert (
        client.post(reverse("awards:registration_consolidate_all", args=[co_le.pk]), {"year": "x"}).status_code == 404
    )
    assert client.post(reverse("awards:registration_remind", args=[co_le.pk]), {"year": "x"}).status_code == 404
    remind = client.post(reverse("awards:registration_remind", args=[co_le.pk]), {"year": YEAR, "unit": "abc"})
    assert remind.status_code == 404
    assert client.get(reverse("awards:registration_missing_export"), {"year": "1800"}).status_code == 404
    assert not Reminder.objects.filter(kind="registration").exists()


def test_a_deadline_that_does_not_exist_is_refused(client, commune_officer, co_le):
    logged_in(client, commune_officer)
    response = client.post(reverse("awards:registration_deadline"), {"due": "31/02", "offsets": "14, 7"})
    assert response.status_code == 200 and "Ngày 31/02 không có trong mọi năm" in text(response)
    assert 'value="31/02"' in text(response)
    response = client.post(reverse("awards:registration_deadline"), {"due": "15/04", "offsets": "hai tuần"})
    assert "Nhập các số ngày, cách nhau bằng dấu phẩy" in text(response)
    assert RegistrationDeadline.of(AdministrativeUnit.objects.get(pk=co_le.pk)).day_month == "31/03"


# --- The happy paths ---------------------------------------------------------------------------------


def test_the_reporter_registers_title_people_and_submits(client, school, unit_reporter, commune_officer):
    logged_in(client, unit_reporter)
    page = client.get(page_url(school))
    assert page.status_code == 200 and "Chưa đăng ký" in text(page) and "31/03/2027" in text(page)
    assert (
        client.post(step_url("title", school), {"collective_title": title("tap_the_lao_dong_tien_tien").pk}).status_code
        == 302
    )
    data = {"awardee": person(school).pk, "award_form": title("chien_si_thi_dua_co_so").pk, "note": "Có sáng kiến"}
    assert client.post(step_url("line_add", school), data).status_code == 302
    data = {"name": "Lê Thị Lan", "date_of_birth": "17/05/1992", "award_form": title("lao_dong_tien_tien").pk}
    assert client.post(step_url("person_add", school), data).status_code == 302
    registration = Registration.objects.get(unit=school, year=YEAR)
    response = client.post(reverse("awards:registration_submit", args=[registration.pk]), follow=True)
    html = text(response)
    assert "Đã nộp bản đăng ký thi đua" in html and "Lê Thị Lan" in html and "17/05/1992" in html
    assert "Tập thể lao động tiên tiến" in html and "Có sáng kiến" in html
    registration.refresh_from_db()
    assert registration.is_submitted and registration.collective_awardee.unit == school


def test_a_line_is_removed(client, draft, unit_reporter):
    logged_in(client, unit_reporter)
    line = draft.lines.get()
    response = client.post(reverse("awards:registration_line_remove", args=[line.pk]))
    assert response.status_code == 302 and response.url == draft.get_absolute_url()
    assert not RegistrationLine.objects.filter(pk=line.pk).exists()


def test_after_the_deadline_the_page_says_late_and_accepts(client, time_machine, school, unit_reporter, draft):
    time_machine.move_to("2027-04-02 09:00 +07:00", tick=False)
    logged_in(client, unit_reporter)
    assert "vẫn được nhận và ghi là nộp muộn" in text(client.get(page_url(school)))
    response = client.post(reverse("awards:registration_submit", args=[draft.pk]), follow=True)
    assert 'data-testid="registration-late"' in text(response) and "Nộp muộn" in text(response)


def test_the_officer_returns_and_consolidates(client, submitted, commune_officer):
    logged_in(client, commune_officer)
    response = client.post(reverse("awards:registration_return", args=[submitted.pk]), {"reason": "Thiếu ngày sinh"})
    assert response.status_code == 302 and Registration.objects.get(pk=submitted.pk).is_returned
    page = text(client.get(submitted.get_absolute_url()))
    assert "Đã trả lại" in page and "Thiếu ngày sinh" in page
    client.post(reverse("awards:registration_submit", args=[submitted.pk]))  # the officer resubmits on its behalf
    client.post(reverse("awards:registration_consolidate", args=[submitted.pk]))
    assert Registration.objects.get(pk=submitted.pk).is_consolidated


def test_the_officer_consolidates_all_and_exports_every_line(client, co_le, school, economic_office, commune_officer):
    registered(school, commune_officer)
    registered(economic_office, commune_officer)
    logged_in(client, commune_officer)
    response = client.post(reverse("awards:registration_consolidate_all", args=[co_le.pk]), {"year": YEAR})
    assert response.status_code == 302 and response.url == f"{reverse('awards:registration_board')}?year={YEAR}"
    assert Registration.objects.filter(unit__admin_unit=co_le, year=YEAR, consolidated_at__isnull=False).count() == 2
    rows = sheet(client.get(reverse("awards:registration_export"), {"year": YEAR}))
    assert rows[0][:6] == ("Đơn vị", "Tập thể / Họ và tên", "Loại", "Ngày sinh", "Chức vụ", "Danh hiệu đăng ký")
    assert ("Trường Trung học cơ sở Cổ Lễ", "Phạm Văn Thắng") in {row[:2] for row in rows}
    assert {row[5] for row in rows[1:]} == {"Tập thể lao động tiên tiến", "Lao động tiên tiến"}
    assert {row[9] for row in rows[1:]} == {"Có"}
    template = sheet(client.get(reverse("awards:registration_export"), {"mau": 1}))
    assert template[0] == ("Đơn vị", "Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Danh hiệu đăng ký", "Ghi chú")


def test_the_officer_sets_the_deadline(client, commune_officer, co_le):
    logged_in(client, commune_officer)
    form = client.get(reverse("awards:registration_deadline"))
    assert 'value="31/03"' in text(form) and 'value="14, 7, 1"' in text(form)
    response = client.post(reverse("awards:registration_deadline"), {"due": "15/4", "offsets": "10;3"})
    assert response.status_code == 302
    deadline = RegistrationDeadline.objects.get(admin_unit=co_le)
    assert (deadline.day_month, deadline.offsets, deadline.updated_by) == ("15/04", "10, 3", commune_officer)
    board = text(client.get(reverse("awards:registration_board"), {"year": YEAR}))
    assert "15/04/2027" in board and "10, 3" in board


def test_the_board_lists_who_has_and_has_not_registered(client, commune_officer, co_le):
    logged_in(client, commune_officer)
    response = client.get(reverse("awards:registration_board"), {"year": 2026})
    rows = {row.unit.name: row for row in response.context["board"]["rows"]}
    assert rows["Trường Trung học cơ sở Cổ Lễ"].status == "missing"
    assert rows["Công ty TNHH May mặc Cổ Lễ"].status == "draft"
    assert rows["Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Cổ Lễ"].status == "late"
    assert rows["Phòng Kinh tế xã Cổ Lễ"].status == "on_time"
    html = text(response)
    assert "thcs@cole.ninhbinh.example" in html and "Vũ Thị Hồng" in html  # the contact of a missing unit
    assert 'data-testid="remind-all"' in html and "Nhắc ngay 2 đơn vị chưa đăng ký" in html
    assert "Tổng hợp 4 bản đã nộp" in html and "data-print" in html
