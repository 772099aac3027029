"""The province's statistics on a small known data set, and their Excel export."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.models import AwardForm, Nomination, NominationStage
from campaigns.models import Plan
from reporting.selectors import statistics as province
from tests.reporting import test_province_helpers as helpers
from tests.reporting.conftest import submitted
from tests.reporting.test_province_helpers import submit, unit_named

# Fixtures shared by the test_province_* modules.
co_le = helpers.co_le
nghe_an_plan = helpers.nghe_an_plan
province_plan = helpers.province_plan
xuan_truong = helpers.xuan_truong

pytestmark = pytest.mark.django_db

GIAY_KHEN = "Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường"
BANG_KHEN = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh, thành phố"


def dossier(plan, unit_name, form_code, occasion, status, by, kind="collective"):
    extra = {"individual_name": "Nguyễn Văn An", "individual_position": "Chuyên viên"} if kind == "individual" else {}
    nomination = Nomination.objects.create(
        plan=plan,
        occasion=occasion,
        award_form=AwardForm.objects.get(code=form_code),
        nominee_kind=kind,
        unit=unit_named(unit_name),
        achievements="Thành tích",
        status=status,
        created_by=by,
        **extra,
    )
    if status == "forwarded":
        NominationStage.objects.create(nomination=nomination, level="commune", forwarded_at=timezone.now())
        NominationStage.objects.create(nomination=nomination, level="province")
    return nomination


@pytest.fixture
def data_set(
    province_plan, co_le, xuan_truong, commune_officer, neighbour_officer, unit_reporter, plan_co_le, time_machine
):
    """Cổ Lễ: 2 Giấy khen decided (a school, an officer of the Economic Office), a Bằng khen of the
    province chairman forwarded (a village), a draft (not counted). Xuân Trường: a Bằng khen
    submitted to its office. Tây Hiếu (Nghệ An): a Giấy khen decided, never counted here.
    Reports of 2026: the school on time, one Xuân Trường unit (its plan sets no deadline);
    Cổ Lễ's report to the province on time, Xuân Trường's late; none for 2025."""
    plan_xt = Plan.objects.get(issuer__name="Xuân Trường")
    dossier(plan_co_le, "Trường Trung học cơ sở Cổ Lễ", "giay_khen", "annual", "decided", commune_officer)
    dossier(plan_co_le, "Phòng Kinh tế xã Cổ Lễ", "giay_khen", "annual", "decided", commune_officer, "individual")
    dossier(plan_co_le, "Thôn Trung Lễ", "bang_khen_chu_tich_tinh", "final", "forwarded", commune_officer)
    dossier(
        plan_co_le, "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Cổ Lễ", "giay_khen", "annual", "draft", commune_officer
    )
    dossier(
        plan_xt, "Phòng Kinh tế xã Xuân Trường", "bang_khen_chu_tich_tinh", "annual", "submitted", neighbour_officer
    )
    tay_hieu = Plan.objects.get(issuer__name="Tây Hiếu")
    dossier(tay_hieu, "Khối Tân Hồng", "giay_khen", "annual", "decided", commune_officer)

    time_machine.move_to("2026-12-09 10:00 +07:00", tick=False)
    submitted(plan_co_le, 2026, unit_reporter.participating_unit, unit_reporter)
    submitted(plan_xt, 2026, unit_named("Phòng Kinh tế xã Xuân Trường"), neighbour_officer)
    time_machine.move_to("2026-12-14 10:00 +07:00", tick=False)
    submit(province_plan, 2026, co_le, commune_officer)
    time_machine.move_to("2026-12-17 10:00 +07:00", tick=False)
    submit(province_plan, 2026, xuan_truong, neighbour_officer)
    time_machine.move_to("2026-12-20 10:00 +07:00", tick=False)


def tables(province_reviewer) -> dict:
    return {t.key: t for t in province.province_statistics(province_reviewer.admin_unit)}


def by_label(table) -> dict:
    return {row[0]: dict(zip(table.head[1:], row[1:], strict=True)) for row in table.rows}


def test_dossiers_and_decisions_by_award_form(data_set, province_reviewer):
    table = tables(province_reviewer)["by_award_form"]
    assert table.head == [
        "Hình thức khen thưởng",
        "Số hồ sơ",
        "Có quyết định khen thưởng (mọi cấp)",
        "Đã gửi, chờ tiếp nhận",
        "Đã quyết định khen thưởng",
        "Đã trình cấp tỉnh",
    ]
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows[GIAY_KHEN] == [2, 2, 0, 2, 0]
    assert rows[BANG_KHEN] == [2, 0, 1, 0, 1]
    assert rows["Huân chương Lao động"] == [0, 0, 0, 0, 0]
    ladder = [f.name for f in AwardForm.objects.order_by("rank", "pk")]
    assert [row[0] for row in table.rows] == ladder  # the ladder, highest first


def test_dossiers_by_occasion_subject_type_and_commune(data_set, province_reviewer):
    stats = tables(province_reviewer)
    occasion = {row[0]: row[1:3] for row in stats["by_occasion"].rows}
    assert occasion == {
        "Khen thưởng hàng năm": [3, 2],
        "Khen thưởng sơ kết": [0, 0],
        "Khen thưởng tổng kết": [1, 0],
    }
    subject = {row[0]: row[1:3] for row in stats["by_subject_type"].rows if row[1]}
    assert subject == {"Trường học": [1, 1], "Cơ quan, đơn vị": [1, 0], "Thôn, khối": [1, 0], "Cá nhân": [1, 1]}
    commune = {row[0]: row[1:3] for row in stats["by_commune"].rows}
    assert commune == {"xã Cổ Lễ": [3, 2], "xã Xuân Trường": [1, 0]}


def test_province_decisions_are_counted_once_the_province_decides(data_set, province_reviewer):
    Nomination.objects.filter(status="forwarded").update(status="decided_by_province")
    rows = {row[0]: row[1:3] for row in tables(province_reviewer)["by_award_form"].rows}
    assert rows[BANG_KHEN] == [2, 1]


def test_reporting_timeliness_by_year(data_set, province_reviewer):
    stats = tables(province_reviewer)
    communes = stats["commune_timeliness"]
    assert communes.head == ["Năm", "Phải nộp", "Đúng hạn", "Muộn", "Đã nộp (không đặt hạn)", "Đã trả lại", "Chưa nộp"]
    assert communes.rows == [[2025, 2, 0, 0, 0, 0, 2], [2026, 2, 1, 1, 0, 0, 0]]
    # Units: 2025 — the 4 departments and Cổ Lễ's 6 units (Xuân Trường's plan starts in 2026);
    # 2026 — plus Xuân Trường's 5: the school on time, one Xuân Trường unit without a deadline.
    assert stats["unit_timeliness"].rows == [[2025, 10, 0, 0, 0, 0, 10], [2026, 15, 1, 0, 1, 0, 13]]


def test_charts_carry_the_table_numbers(data_set, province_reviewer):
    chart = tables(province_reviewer)["commune_timeliness"].chart()
    assert chart["labels"] == ["2025", "2026"]
    assert [(d["label"], d["data"]) for d in chart["datasets"]] == [  # colours: test_honest_statistics
        ("Đúng hạn", [0, 1]),
        ("Muộn", [0, 1]),
        ("Chưa nộp", [2, 0]),
    ]


def test_excel_export_has_a_sheet_per_table(client, data_set, province_reviewer):
    client.force_login(province_reviewer)
    response = client.get(reverse("reporting:province_statistics_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-20261220.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Theo hình thức",
        "Theo loại khen thưởng",
        "Theo đối tượng",
        "Theo xã, phường",
        "Báo cáo xã theo năm",
        "Báo cáo đơn vị theo năm",
    ]
    forms = list(book["Theo hình thức"].iter_rows(values_only=True))
    assert forms[0][0].startswith("Hồ sơ và quyết định theo hình thức khen thưởng – tỉnh Ninh Bình")
    assert forms[1][:3] == ("Hình thức khen thưởng", "Số hồ sơ", "Có quyết định khen thưởng (mọi cấp)")
    assert len(forms) == 2 + AwardForm.objects.count()
    assert next(row for row in forms if row[0] == GIAY_KHEN)[1:3] == (2, 2)
    communes = list(book["Theo xã, phường"].iter_rows(values_only=True))
    assert [row[0] for row in communes[2:]] == ["xã Cổ Lễ", "xã Xuân Trường"]
    years = list(book["Báo cáo xã theo năm"].iter_rows(values_only=True))
    assert years[2:] == [(2025, 2, 0, 0, 0, 0, 2), (2026, 2, 1, 1, 0, 0, 0)]
    units = list(book["Báo cáo đơn vị theo năm"].iter_rows(values_only=True))
    assert units[3] == (2026, 15, 1, 0, 1, 0, 13)


def test_statistics_page_shows_the_tables(client, data_set, province_reviewer):
    client.force_login(province_reviewer)
    body = client.get(reverse("reporting:province_statistics")).content.decode()
    assert 'data-testid="table-by_commune"' in body and "xã Xuân Trường" in body
    assert "Khối Tân Hồng" not in body and "Tây Hiếu" not in body
    assert reverse("reporting:province_statistics_export") in body


def test_the_table_by_commune_is_paged_with_the_provinces_total(client, data_set, province_reviewer):
    from campaigns.models import AdministrativeUnit

    province_unit = province_reviewer.admin_unit
    AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(name=f"Thử {n:02d}", kind=AdministrativeUnit.Kind.COMMUNE, province=province_unit)
        for n in range(60)
    )
    client.force_login(province_reviewer)
    url = reverse("reporting:province_statistics")

    first, second = client.get(url), client.get(url, {"page": 2, "year": ""})

    def communes(response) -> list[str]:
        return [row[0] for row in next(t for t in response.context["tables"] if t.key == "by_commune").rows]

    assert len(communes(first)) == 50 and communes(first)[0] == "xã Cổ Lễ"
    assert communes(second)[-1] == "xã Xuân Trường" and len(communes(second)) == 12
    for response in (first, second):
        table = next(t for t in response.context["tables"] if t.key == "by_commune")
        assert table.total[:3] == ["Toàn tỉnh", 4, 2]  # every commune of the province, on each page
        assert 'data-testid="total-by_commune"' in response.content.decode()
        assert 'data-testid="commune-pagination"' in response.content.decode()
    other = {t.key: t.rows for t in first.context["tables"] if t.key != "by_commune"}
    assert other == {t.key: t.rows for t in second.context["tables"] if t.key != "by_commune"}
    # A page that is not a number, or past the end: the first or the last page, never an error.
    assert communes(client.get(url, {"page": "abc"})) == communes(first)
    assert communes(client.get(url, {"page": 999})) == communes(second)
