"""Participating units of a commune: list, add, edit, deactivate, reporter accounts.

Cổ Lễ's demo units: Phòng Kinh tế xã Cổ Lễ, Trường Trung học cơ sở Cổ Lễ (reporter donvi.cole),
two Front organisations, Thôn Trung Lễ and Công ty TNHH May mặc Cổ Lễ.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import User
from campaigns.models import ParticipatingUnit
from campaigns.services import units as services
from criteria.models import SubjectType

pytestmark = pytest.mark.django_db

LIST_URL = reverse("campaigns:unit_list")
CREATE_URL = reverse("campaigns:unit_create")


def co_le_unit(name: str = "Thôn Trung Lễ") -> ParticipatingUnit:
    return ParticipatingUnit.objects.get(admin_unit__name="Cổ Lễ", name=name)


def subject(code: str) -> SubjectType:
    return SubjectType.objects.get(code=code)


def listed_names(response) -> list[str]:
    return [unit.name for unit in response.context["page"]]


def unit_urls(unit: ParticipatingUnit) -> dict[str, str]:
    return {
        name: reverse(f"campaigns:{name}", args=[unit.pk])
        for name in ("unit_update", "unit_deactivate", "unit_reactivate", "unit_reporter_create")
    }


def form_data(**overrides) -> dict:
    data = {
        "name": "Trường Mầm non Cổ Lễ",
        "subject_type": subject("school").pk,
        "contact_person": "Nguyễn Thị Hoa",
        "email": "mamnon@cole.ninhbinh.example",
        "phone": "0228 3 812 345",
    }
    data.update(overrides)
    return data


def reporter_data(**overrides) -> dict:
    data = {
        "username": "thon.trungle",
        "full_name": "Phạm Văn Thắng",
        "email": "thontrungle@cole.ninhbinh.example",
        "password1": "Tr@ngLe-2026!",
        "password2": "Tr@ngLe-2026!",
    }
    data.update(overrides)
    return data


# --- Login, scope (404) and roles (403) -------------------------------------------------


def test_every_page_needs_login(client):
    unit = co_le_unit()
    urls = [LIST_URL, CREATE_URL, reverse("campaigns:unit_import"), reverse("campaigns:unit_export")]
    urls += list(unit_urls(unit).values())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    response = client.post(unit_urls(unit)["unit_deactivate"])
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert co_le_unit().is_active


@pytest.mark.parametrize("actor", ["neighbour_officer", "outsider", "province_reviewer"])
def test_a_unit_of_another_commune_is_not_found(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    unit = co_le_unit()
    urls = unit_urls(unit)
    for name in ("unit_update", "unit_deactivate", "unit_reporter_create"):
        assert client.get(urls[name]).status_code == 404, name
    for name, url in urls.items():
        assert client.post(url, form_data(name="Đã bị đổi") | reporter_data()).status_code == 404, name
    unit.refresh_from_db()
    assert unit.name == "Thôn Trung Lễ" and unit.is_active
    assert not User.objects.filter(username="thon.trungle").exists()


@pytest.mark.parametrize("actor", ["commune_viewer", "unit_reporter"])
def test_read_only_roles_of_the_commune_get_403_on_every_write(client, request, actor):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    # A reporter sees only their own unit (their unit's page is theirs to read, not to manage).
    unit = user.participating_unit if user.participating_unit_id else co_le_unit()
    name_before, active_before = unit.name, unit.is_active
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, form_data()).status_code == 403
    for name, url in unit_urls(unit).items():
        if name != "unit_reactivate":
            assert client.get(url).status_code == 403, name
        assert client.post(url, form_data(name="Đã bị đổi") | reporter_data()).status_code == 403, name
    assert client.get(reverse("campaigns:unit_import")).status_code == 403
    unit.refresh_from_db()
    assert (unit.name, unit.is_active) == (name_before, active_before)
    assert not ParticipatingUnit.objects.filter(name="Trường Mầm non Cổ Lễ").exists()
    assert not User.objects.filter(username="thon.trungle").exists()


def test_a_unit_reporter_sees_only_their_own_unit(client, unit_reporter):
    """Another unit of the same commune, with its contact's e-mail and phone, is not theirs."""
    client.force_login(unit_reporter)
    other = co_le_unit()
    assert other.pk != unit_reporter.participating_unit_id
    assert client.get(reverse("campaigns:unit_update", args=[other.pk])).status_code == 404
    listed = client.get(reverse("campaigns:unit_list")).context["page"].object_list
    assert [u.pk for u in listed] == [unit_reporter.participating_unit_id]
    exported = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(reverse("campaigns:unit_export")).streaming_content))
    )
    names = [row[0] for row in exported.active.iter_rows(min_row=2, values_only=True)]
    assert names == [unit_reporter.participating_unit.name]


def test_province_reviewer_may_not_edit_the_provinces_own_units(client, province_reviewer):
    client.force_login(province_reviewer)
    unit = ParticipatingUnit.objects.get(name="Sở Khoa học và Công nghệ")
    assert client.get(reverse("campaigns:unit_update", args=[unit.pk])).status_code == 403
    assert client.get(CREATE_URL).status_code == 403


def test_superuser_without_a_role_gets_no_write_rights(client, superuser):
    client.force_login(superuser)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, form_data()).status_code == 403
    assert list(client.get(LIST_URL).context["page"]) == []


def test_services_refuse_an_officer_of_another_commune(neighbour_officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.unit_deactivate(unit=co_le_unit(), by=neighbour_officer)
    assert co_le_unit().is_active


# --- List ------------------------------------------------------------------------------


def test_officer_lists_the_communes_active_units_with_a_count(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    names = listed_names(response)
    assert set(names) == set(ParticipatingUnit.objects.filter(admin_unit__name="Cổ Lễ").values_list("name", flat=True))
    assert len(names) == 6
    html = response.content.decode()
    assert "6 đơn vị" in html
    assert 'data-testid="unit-create"' in html
    assert reverse("campaigns:unit_update", args=[co_le_unit().pk]) in html


def test_the_list_shows_only_the_users_own_administrative_unit(client, neighbour_officer, province_reviewer):
    client.force_login(neighbour_officer)
    names = listed_names(client.get(LIST_URL))
    assert "Thôn Xuân Bảng" in names and "Thôn Trung Lễ" not in names
    client.force_login(province_reviewer)
    names = listed_names(client.get(LIST_URL))
    assert "Sở Khoa học và Công nghệ" in names
    assert "Thôn Trung Lễ" not in names and "Thôn Xuân Bảng" not in names


@pytest.mark.parametrize("actor", ["commune_viewer", "unit_reporter"])
def test_viewers_and_reporters_read_the_list_without_write_buttons(client, request, actor):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    own = user.participating_unit.name if user.participating_unit_id else "Thôn Trung Lễ"
    assert own in listed_names(response)
    html = response.content.decode()
    assert 'data-testid="unit-create"' not in html
    assert 'data-testid="unit-deactivate"' not in html
    assert reverse("campaigns:unit_update", args=[co_le_unit().pk]) not in html


def test_search_by_name_contact_and_email(client, commune_officer):
    client.force_login(commune_officer)
    assert listed_names(client.get(LIST_URL, {"q": "Trung Lễ"})) == ["Thôn Trung Lễ"]
    assert listed_names(client.get(LIST_URL, {"q": "Hoàng Thị Mai"})) == ["Công ty TNHH May mặc Cổ Lễ"]
    assert listed_names(client.get(LIST_URL, {"q": "thcs@cole"})) == ["Trường Trung học cơ sở Cổ Lễ"]
    response = client.get(LIST_URL, {"q": "không có đơn vị này"})
    assert listed_names(response) == []
    assert "Không có đơn vị nào phù hợp." in response.content.decode()


def test_filter_by_subject_type(client, commune_officer):
    client.force_login(commune_officer)
    names = listed_names(client.get(LIST_URL, {"subject_type": subject("front").pk}))
    assert sorted(names) == [
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Cổ Lễ",
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã Cổ Lễ",
    ]
    # A value that is not a subject type is ignored, not a 500.
    assert len(listed_names(client.get(LIST_URL, {"subject_type": "abc", "status": "xyz"}))) == 6


def test_inactive_units_are_hidden_by_default_and_shown_on_request(client, commune_officer):
    ParticipatingUnit.objects.filter(pk=co_le_unit().pk).update(is_active=False)
    client.force_login(commune_officer)
    assert "Thôn Trung Lễ" not in listed_names(client.get(LIST_URL))
    assert listed_names(client.get(LIST_URL, {"status": "inactive"})) == ["Thôn Trung Lễ"]
    all_names = listed_names(client.get(LIST_URL, {"status": "all"}))
    assert "Thôn Trung Lễ" in all_names and len(all_names) == 6


def test_the_list_is_paginated_and_keeps_the_filter(client, commune_officer):
    co_le = commune_officer.admin_unit
    village = subject("village")
    ParticipatingUnit.objects.bulk_create(
        ParticipatingUnit(admin_unit=co_le, name=f"Thôn số {n:02d}", subject_type=village) for n in range(1, 31)
    )
    client.force_login(commune_officer)
    first = client.get(LIST_URL, {"subject_type": village.pk})
    assert len(first.context["page"]) == 25
    html = first.content.decode()
    assert "31 đơn vị" in html
    assert f"subject_type={village.pk}" in html and "page=2" in html
    second = client.get(LIST_URL, {"subject_type": village.pk, "page": 2})
    assert len(second.context["page"]) == 6


def test_list_queries_do_not_grow_with_the_units(client, commune_officer, django_assert_max_num_queries):
    co_le = commune_officer.admin_unit
    ParticipatingUnit.objects.bulk_create(
        ParticipatingUnit(admin_unit=co_le, name=f"Thôn {n}", subject_type=subject("village")) for n in range(20)
    )
    client.force_login(commune_officer)
    with django_assert_max_num_queries(10):
        client.get(LIST_URL)


# --- Add and edit ----------------------------------------------------------------------


def test_officer_adds_a_unit_to_the_commune(client, commune_officer):
    client.force_login(commune_officer)
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(CREATE_URL, form_data(), follow=True)
    assert response.redirect_chain[-1][0] == LIST_URL
    unit = ParticipatingUnit.objects.get(name="Trường Mầm non Cổ Lễ")
    assert unit.admin_unit.name == "Cổ Lễ" and unit.subject_type.code == "school" and unit.is_active
    assert unit.phone == "0228 3 812 345"
    assert "Đã thêm đơn vị “Trường Mầm non Cổ Lễ”." in response.content.decode()


def test_bad_input_keeps_what_was_typed(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(CREATE_URL, form_data(email="khong-phai-email", subject_type=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trường Mầm non Cổ Lễ" in html and "khong-phai-email" in html
    errors = response.context["form"].errors
    assert errors.keys() == {"email", "subject_type"}
    assert errors["email"] == ["Thư điện tử không hợp lệ; ví dụ đúng: vanhoa@xa.gov.vn."]
    assert not ParticipatingUnit.objects.filter(name="Trường Mầm non Cổ Lễ").exists()


@pytest.mark.parametrize("name", ["Thôn Trung Lễ", "thôn trung lễ", "  Thôn   Trung Lễ "])
def test_a_duplicate_name_in_the_commune_gets_the_models_message(client, commune_officer, name):
    client.force_login(commune_officer)
    response = client.post(CREATE_URL, form_data(name=name))
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Đơn vị hành chính này đã có một đơn vị cùng tên."]
    assert ParticipatingUnit.objects.filter(admin_unit__name="Cổ Lễ", name__iexact="Thôn Trung Lễ").count() == 1


def test_the_same_name_is_allowed_in_another_commune(client, neighbour_officer):
    client.force_login(neighbour_officer)
    response = client.post(CREATE_URL, form_data(name="Thôn Trung Lễ"))
    assert response.status_code == 302
    assert ParticipatingUnit.objects.filter(name="Thôn Trung Lễ").count() == 2


def test_officer_edits_a_unit(client, commune_officer):
    unit = co_le_unit()
    client.force_login(commune_officer)
    url = reverse("campaigns:unit_update", args=[unit.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Phạm Văn Thắng" in page.content.decode()
    data = form_data(name="Thôn Trung Lễ Mới", subject_type=subject("village").pk, phone="0912345678")
    response = client.post(url, data)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.phone, unit.contact_person) == ("Thôn Trung Lễ Mới", "0912345678", "Nguyễn Thị Hoa")


def test_renaming_to_another_units_name_is_refused(client, commune_officer):
    unit = co_le_unit()
    client.force_login(commune_officer)
    url = reverse("campaigns:unit_update", args=[unit.pk])
    response = client.post(url, form_data(name="Phòng Kinh tế xã Cổ Lễ"))
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Đơn vị hành chính này đã có một đơn vị cùng tên."]
    # The page title still names the unit as saved, not as typed.
    assert response.context["unit_name"] == "Thôn Trung Lễ"
    unit.refresh_from_db()
    assert unit.name == "Thôn Trung Lễ"


def test_changing_only_the_case_of_its_own_name_is_allowed(client, commune_officer):
    unit = co_le_unit()
    client.force_login(commune_officer)
    response = client.post(
        reverse("campaigns:unit_update", args=[unit.pk]),
        form_data(name="THÔN TRUNG LỄ", subject_type=unit.subject_type_id),
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "THÔN TRUNG LỄ"


# --- Deactivate and reactivate ---------------------------------------------------------


def test_deactivation_asks_for_confirmation_first(client, commune_officer):
    unit = co_le_unit()
    client.force_login(commune_officer)
    response = client.get(reverse("campaigns:unit_deactivate", args=[unit.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="confirm-deactivate"' in html and "Thôn Trung Lễ" in html
    unit.refresh_from_db()
    assert unit.is_active


def test_deactivated_unit_stays_in_the_data_and_leaves_the_default_list(client, commune_officer, unit_reporter):
    unit = unit_reporter.participating_unit
    client.force_login(commune_officer)
    response = client.post(reverse("campaigns:unit_deactivate", args=[unit.pk]), follow=True)
    assert "đã ngừng tham gia; dữ liệu của đơn vị vẫn được giữ lại" in response.content.decode()
    unit.refresh_from_db()
    assert not unit.is_active
    unit_reporter.refresh_from_db()
    assert unit_reporter.participating_unit == unit
    assert unit.name not in listed_names(client.get(LIST_URL))
    assert unit.name in listed_names(client.get(LIST_URL, {"status": "inactive"}))


def test_deactivating_twice_says_so_and_changes_nothing(client, commune_officer):
    unit = co_le_unit()
    client.force_login(commune_officer)
    url = reverse("campaigns:unit_deactivate", args=[unit.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "Đơn vị “Thôn Trung Lễ” đã ngừng tham gia từ trước." in response.content.decode()
    unit.refresh_from_db()
    assert not unit.is_active


def test_reactivation_brings_the_unit_back(client, commune_officer):
    unit = co_le_unit()
    ParticipatingUnit.objects.filter(pk=unit.pk).update(is_active=False)
    client.force_login(commune_officer)
    url = reverse("campaigns:unit_reactivate", args=[unit.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Đơn vị “Thôn Trung Lễ” đã tham gia trở lại." in response.content.decode()
    unit.refresh_from_db()
    assert unit.is_active
    assert "Thôn Trung Lễ" in listed_names(client.get(LIST_URL))
    response = client.post(url, follow=True)
    assert "Đơn vị “Thôn Trung Lễ” đang tham gia rồi." in response.content.decode()


def test_the_edit_page_of_an_inactive_unit_offers_reactivation_not_accounts(client, commune_officer):
    unit = co_le_unit()
    ParticipatingUnit.objects.filter(pk=unit.pk).update(is_active=False)
    client.force_login(commune_officer)
    html = client.get(reverse("campaigns:unit_update", args=[unit.pk])).content.decode()
    assert 'data-testid="unit-reactivate"' in html and "Ngừng tham gia" in html
    assert 'data-testid="reporter-create"' not in html


# --- Reporter accounts -----------------------------------------------------------------


def test_officer_creates_a_reporter_account_that_can_log_in(client, commune_officer):
    unit = co_le_unit()
    client.force_login(commune_officer)
    url = reverse("campaigns:unit_reporter_create", args=[unit.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, reporter_data(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("campaigns:unit_update", args=[unit.pk])
    user = User.objects.get(username="thon.trungle")
    assert user.role == User.Role.REPORTER
    assert user.admin_unit == commune_officer.admin_unit and user.participating_unit == unit
    assert (user.last_name, user.first_name) == ("Phạm Văn", "Thắng")
    html = response.content.decode()
    assert 'data-testid="reporter-row"' in html and "thon.trungle" in html
    client.logout()
    response = client.post(reverse("login"), {"username": "thon.trungle", "password": "Tr@ngLe-2026!"})
    assert response.status_code == 302 and response.url == reverse("home")


def test_the_edit_page_lists_the_units_existing_reporters(client, commune_officer, unit_reporter):
    client.force_login(commune_officer)
    html = client.get(reverse("campaigns:unit_update", args=[unit_reporter.participating_unit_id])).content.decode()
    assert "donvi.cole" in html
    other = client.get(reverse("campaigns:unit_update", args=[co_le_unit().pk])).content.decode()
    assert "donvi.cole" not in other and "Đơn vị chưa có tài khoản báo cáo." in other


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "Khac-hoan-toan-1"}, "password2", "Hai lần nhập mật khẩu không khớp nhau."),
        ({"password1": "Ab1!", "password2": "Ab1!"}, "password1", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1", "Mật khẩu không được chỉ gồm chữ số."),
        (
            {"password1": "password123", "password2": "password123"},
            "password1",
            "Mật khẩu này quá phổ biến, dễ bị đoán.",
        ),
        ({"password1": "thon.trungle", "password2": "thon.trungle"}, "password1", "Mật khẩu quá giống với"),
        ({"username": "donvi.cole"}, "username", "Tên đăng nhập “donvi.cole” đã có người dùng."),
        ({"username": "DONVI.COLE"}, "username", "đã có người dùng."),
        ({"username": "có dấu cách"}, "username", "tên đăng nhập hợp lệ"),
        ({"full_name": ""}, "full_name", "Trường này là bắt buộc."),
        ({"email": "khong-hop-le"}, "email", "Thư điện tử không hợp lệ"),
    ],
)
def test_reporter_account_bad_input_is_refused_in_vietnamese(client, commune_officer, overrides, field, message):
    client.force_login(commune_officer)
    users_before = User.objects.count()
    response = client.post(
        reverse("campaigns:unit_reporter_create", args=[co_le_unit().pk]), reporter_data(**overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors.get(field, [])), errors
    assert User.objects.count() == users_before


def test_no_reporter_account_for_a_deactivated_unit(client, commune_officer):
    unit = co_le_unit()
    ParticipatingUnit.objects.filter(pk=unit.pk).update(is_active=False)
    client.force_login(commune_officer)
    response = client.post(reverse("campaigns:unit_reporter_create", args=[unit.pk]), reporter_data())
    assert response.status_code == 200
    assert "đã ngừng tham gia; hãy kích hoạt lại trước khi tạo tài khoản" in str(response.context["form"].errors)
    assert not User.objects.filter(username="thon.trungle").exists()


def test_split_full_name_puts_the_given_name_last():
    assert services.split_full_name("Vũ  Thị Hồng ") == ("Hồng", "Vũ Thị")
    assert services.split_full_name("Hồng") == ("Hồng", "")


@pytest.mark.parametrize("phone", ["0912 345 678", "+84 912.345.678", "0229 3871 234", "(0228) 3812-345", "1900 1234"])
def test_vietnamese_phone_numbers_are_accepted(phone):
    from accounts.textcheck import validate_vietnamese_phone

    validate_vietnamese_phone(phone)


def test_a_phone_that_is_not_vietnamese_is_refused_in_the_form(client, commune_officer):
    client.force_login(commune_officer)
    data = form_data(name="Thôn Trung Lễ Mới", subject_type=subject("village").pk, phone="12345")
    page = client.post(reverse("campaigns:unit_create"), data)
    assert page.status_code == 200 and "không đúng dạng số Việt Nam" in page.content.decode()
    assert not ParticipatingUnit.objects.filter(name="Thôn Trung Lễ Mới").exists()
