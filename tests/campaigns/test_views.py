"""Plan pages: they work, need login, hide other provinces (404), and render the document."""

import pytest
from django.urls import reverse

from campaigns.models import Plan

pytestmark = pytest.mark.django_db


def plan_url(plan: Plan) -> str:
    return reverse("campaigns:plan_detail", args=[plan.pk])


@pytest.mark.parametrize("url_name", ["home", "campaigns:plan_list"])
def test_pages_need_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_plan_page_needs_login(client, plan_co_le):
    response = client.get(plan_url(plan_co_le))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_commune_officer_lists_own_and_province_plans_only(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("campaigns:plan_list"))
    assert response.status_code == 200
    issuers = {plan.issuer.name for plan in response.context["page"]}
    assert issuers == {"Cổ Lễ", "Ninh Bình"}


def test_province_reviewer_lists_the_province_and_its_communes(client, province_reviewer):
    client.force_login(province_reviewer)
    response = client.get(reverse("campaigns:plan_list"))
    issuers = {plan.issuer.name for plan in response.context["page"]}
    assert issuers == {"Ninh Bình", "Cổ Lễ", "Xuân Trường"}


def test_plan_list_filters(client, province_reviewer):
    client.force_login(province_reviewer)
    response = client.get(reverse("campaigns:plan_list"), {"status": "draft"})
    assert [p.issuer.name for p in response.context["page"]] == ["Ninh Bình"]
    response = client.get(reverse("campaigns:plan_list"), {"q": "87/KH"})
    assert [p.issuer.name for p in response.context["page"]] == ["Xuân Trường"]
    response = client.get(reverse("campaigns:plan_list"), {"level": "commune"})
    assert {p.issuer.name for p in response.context["page"]} == {"Cổ Lễ", "Xuân Trường"}


def test_outsider_from_another_province_gets_404(client, outsider, plan_co_le, plan_ninh_binh):
    client.force_login(outsider)
    assert client.get(plan_url(plan_co_le)).status_code == 404
    assert client.get(plan_url(plan_ninh_binh)).status_code == 404


def test_commune_officer_cannot_open_a_neighbouring_commune_plan(client, commune_officer):
    client.force_login(commune_officer)
    xuan_truong = Plan.objects.get(issuer__name="Xuân Trường")
    assert client.get(plan_url(xuan_truong)).status_code == 404


def test_user_without_unit_sees_no_plans(client, django_user_model, plan_co_le):
    client.force_login(django_user_model.objects.create_user("lac", password="x"))
    assert client.get(plan_url(plan_co_le)).status_code == 404
    assert list(client.get(reverse("campaigns:plan_list")).context["page"]) == []


def test_unit_reporter_reads_the_commune_plan(client, unit_reporter, plan_co_le):
    client.force_login(unit_reporter)
    assert client.get(plan_url(plan_co_le)).status_code == 200


def test_plan_page_renders_the_document_in_order(client, commune_officer, plan_co_le):
    client.force_login(commune_officer)
    html = client.get(plan_url(plan_co_le)).content.decode()
    # Exact sentences of seed 000, in document order.
    sentences = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Triển khai Phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” trên địa bàn xã Cổ Lễ, "
        "tỉnh Ninh Bình",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG PHONG TRÀO THI ĐUA",
        "4. Thi đua phát triển xã hội số, tập trung nâng cao chất lượng giáo dục và đào tạo",
        "III. TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG",
        "a) Đối với các phòng, ban, đơn vị",
        "+ Giấy khen của UBND xã",
        "IV. GIẢI PHÁP THỰC HIỆN",
        "V. THỜI GIAN THỰC HIỆN",
        "VI. TỔ CHỨC THỰC HIỆN",
        "Định kỳ hàng năm, các phòng, ban, ngành, cơ quan và đơn vị báo cáo kết quả, tình hình tổ chức thực hiện "
        "Phong trào thi đua về Ủy ban nhân dân xã (qua Phòng Văn hóa - Xã hội) trước ngày 10/12 để tổng hợp, báo "
        "cáo theo quy định.",
        "Nơi nhận:",
        "Lưu: VT, PVH-XH.",
        "TM. ỦY BAN NHÂN DÂN",
        "Vũ Mạnh Cường",
    ]
    positions = [html.find(sentence) for sentence in sentences]
    assert -1 not in positions, [s for s, p in zip(sentences, positions, strict=True) if p == -1]
    assert positions == sorted(positions)


def test_plan_page_links_parent_and_children(client, province_reviewer, plan_co_le, plan_ninh_binh):
    client.force_login(province_reviewer)
    province_page = client.get(plan_url(plan_ninh_binh))
    assert list(province_page.context["children"]) == [plan_co_le]
    assert plan_url(plan_co_le) in province_page.content.decode()
    commune_page = client.get(plan_url(plan_co_le)).content.decode()
    assert plan_url(plan_ninh_binh) in commune_page
    assert "Văn bản số 02/UBND-VP7 ngày 09/07/2025 của UBND tỉnh Ninh Bình" in commune_page


def test_plan_without_criteria_renumbers_its_sections(client, plan_vinh_bao, django_user_model):
    client.force_login(django_user_model.objects.get(username="vinhbao"))
    html = client.get(plan_url(plan_vinh_bao)).content.decode()
    assert "III. HÌNH THỨC KHEN THƯỞNG" in html
    assert "IV. TỔ CHỨC THỰC HIỆN" in html
    assert "GIẢI PHÁP THỰC HIỆN" not in html
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân xã" in html


def test_plan_with_number_shows_official_header(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="xuantruong"))
    plan = Plan.objects.get(issuer__name="Xuân Trường")
    html = client.get(plan_url(plan)).content.decode()
    assert "Số: 87/KH-UBND" in html
    assert "Xuân Trường, ngày 15 tháng 5 năm 2026" in html
    assert "KT. CHỦ TỊCH" in html and "PHÓ CHỦ TỊCH" in html


def test_home_shows_this_years_deadlines_with_days_left(client, django_user_model, time_machine):
    time_machine.move_to("2026-12-02 08:00 +07:00")
    client.force_login(django_user_model.objects.get(username="vinhbao"))
    response = client.get(reverse("home"))
    [row] = response.context["deadlines"]
    assert (row["due"].day, row["due"].month, row["days_left"]) == (5, 12, 3)
    assert "còn 3 ngày" in response.content.decode()


def test_plan_page_queries_do_not_grow_with_sections(
    client, commune_officer, plan_co_le, django_assert_max_num_queries
):
    client.force_login(commune_officer)
    with django_assert_max_num_queries(25):
        client.get(plan_url(plan_co_le))
