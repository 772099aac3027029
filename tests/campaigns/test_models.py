"""Model validation: each rule gives a clear Vietnamese message on the right field."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from campaigns.models import AdministrativeUnit, Content, ParticipatingUnit, Phase, Plan, PlanParent
from reporting.models import ReportingDeadline

pytestmark = pytest.mark.django_db


def messages(excinfo, field):
    return excinfo.value.message_dict[field]


def deadline(plan, day, month):
    return ReportingDeadline(
        plan=plan, day=day, month=month, reporter="Các đơn vị", receiver="UBND xã", reporters="units"
    )


@pytest.mark.parametrize(
    ("day", "month", "expected"),
    [
        (31, 2, "Ngày 31/02 không có trong mọi năm; tháng 2 có 28 ngày."),
        (29, 2, "Ngày 29/02 không có trong mọi năm; tháng 2 có 28 ngày."),
        (31, 4, "Ngày 31/04 không có trong mọi năm; tháng 4 có 30 ngày."),
        (0, 12, "Ngày 00/12 không có trong mọi năm; tháng 12 có 31 ngày."),
    ],
)
def test_impossible_deadline_day_is_refused(plan_co_le, day, month, expected):
    with pytest.raises(ValidationError) as excinfo:
        deadline(plan_co_le, day, month).full_clean()
    assert messages(excinfo, "day") == [expected]


def test_impossible_deadline_month_is_refused(plan_co_le):
    with pytest.raises(ValidationError) as excinfo:
        deadline(plan_co_le, 5, 13).full_clean()
    assert messages(excinfo, "month") == ["Tháng phải từ 1 đến 12."]


def test_deadline_needs_day_and_month_together(plan_co_le):
    with pytest.raises(ValidationError) as excinfo:
        deadline(plan_co_le, 5, None).full_clean()
    assert "Hạn báo cáo cần cả ngày và tháng, hoặc để trống cả hai." in excinfo.value.messages


@pytest.mark.parametrize(("day", "month"), [(5, 12), (10, 12), (15, 12), (31, 12), (28, 2)])
def test_real_deadlines_are_accepted(plan_co_le, day, month):
    deadline(plan_co_le, day, month).full_clean()


def test_phase_cannot_end_before_it_starts(plan_co_le):
    phase = Phase(plan=plan_co_le, number=9, name="Giai đoạn 3", start_year=2030, end_year=2028)
    with pytest.raises(ValidationError) as excinfo:
        phase.full_clean()
    assert messages(excinfo, "end_year") == ["Giai đoạn không thể kết thúc trước khi bắt đầu."]


def test_phase_review_must_fall_inside_the_phase(plan_co_le):
    phase = Phase(
        plan=plan_co_le, number=9, name="Giai đoạn 3", start_year=2025, end_year=2027, review="final", review_year=2030
    )
    with pytest.raises(ValidationError) as excinfo:
        phase.full_clean()
    assert messages(excinfo, "review_year") == ["Năm sơ kết/tổng kết phải nằm trong giai đoạn."]


def test_two_contents_cannot_share_a_number(plan_co_le):
    with pytest.raises(ValidationError) as excinfo:
        Content(plan=plan_co_le, number=1, text="Một nội dung trùng số").full_clean()
    assert "Hai nội dung thi đua không được trùng số thứ tự." in excinfo.value.messages


def test_same_content_number_in_another_plan_is_fine(plan_co_le, plan_ninh_binh):
    Content(plan=plan_co_le, number=99, text="Nội dung mới").full_clean()
    Content.objects.create(plan=plan_ninh_binh, number=99, text="Nội dung mới")
    Content(plan=plan_co_le, number=99, text="Nội dung mới").full_clean()


def test_plan_cannot_be_its_own_parent(plan_co_le):
    link = PlanParent(plan=plan_co_le, kind="Kế hoạch", issuer="UBND xã Cổ Lễ", parent_plan=plan_co_le)
    with pytest.raises(ValidationError) as excinfo:
        link.full_clean()
    assert messages(excinfo, "parent_plan") == [
        "Một kế hoạch không thể là căn cứ của chính nó, trực tiếp hay gián tiếp."
    ]


def test_plan_cannot_be_its_own_ancestor(plan_co_le, plan_ninh_binh):
    # 000 (Cổ Lễ) implements 004 (Ninh Bình); making 004 implement 000 closes a loop.
    assert plan_ninh_binh in plan_co_le.ancestors()
    link = PlanParent(plan=plan_ninh_binh, kind="Kế hoạch", issuer="UBND xã Cổ Lễ", parent_plan=plan_co_le)
    with pytest.raises(ValidationError) as excinfo:
        link.full_clean()
    assert "parent_plan" in excinfo.value.message_dict


def test_issued_plan_needs_number_and_date(plan_ninh_binh):
    plan_ninh_binh.status = Plan.Status.ISSUED
    with pytest.raises(ValidationError) as excinfo:
        plan_ninh_binh.full_clean()
    assert messages(excinfo, "number") == ["Kế hoạch đã ban hành phải có số, ký hiệu."]
    assert messages(excinfo, "issued_on") == ["Kế hoạch đã ban hành phải có ngày ban hành."]


def test_draft_plan_may_have_no_number(plan_ninh_binh):
    assert plan_ninh_binh.status == Plan.Status.DRAFT
    assert plan_ninh_binh.number == ""
    plan_ninh_binh.full_clean()


def test_signed_plan_whose_copy_lost_its_header_is_issued_without_number(plan_co_le):
    assert plan_co_le.is_issued and plan_co_le.header_missing and not plan_co_le.number
    plan_co_le.full_clean()
    plan_co_le.header_missing = False
    with pytest.raises(ValidationError):
        plan_co_le.full_clean()


def test_plan_period_cannot_end_before_it_starts(plan_co_le):
    plan_co_le.period_end = 2024
    with pytest.raises(ValidationError) as excinfo:
        plan_co_le.full_clean()
    assert messages(excinfo, "period_end") == ["Năm kết thúc không được trước năm bắt đầu."]


def test_commune_must_belong_to_a_province():
    with pytest.raises(ValidationError) as excinfo:
        AdministrativeUnit(kind="xa", name="Tân Lập").full_clean()
    assert messages(excinfo, "province") == ["Xã, phường, đặc khu phải thuộc một tỉnh/thành phố."]


def test_province_belongs_to_no_province():
    ninh_binh = AdministrativeUnit.objects.get(name="Ninh Bình")
    with pytest.raises(ValidationError) as excinfo:
        AdministrativeUnit(kind="tinh", name="Hà Nam", province=ninh_binh).full_clean()
    assert messages(excinfo, "province") == ["Đơn vị cấp tỉnh không thuộc tỉnh nào khác."]


def test_reporter_must_belong_to_a_unit_of_their_commune():
    co_le = AdministrativeUnit.objects.get(name="Cổ Lễ")
    vinh_bao_unit = ParticipatingUnit.objects.filter(admin_unit__name="Vĩnh Bảo").first()
    user = User(username="x", role=User.Role.REPORTER, admin_unit=co_le, participating_unit=vinh_bao_unit)
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()
    assert messages(excinfo, "participating_unit") == ["Đơn vị tham gia phải thuộc đơn vị hành chính của người dùng."]


def test_officer_belongs_to_a_commune_and_reviewer_to_a_province():
    ninh_binh = AdministrativeUnit.objects.get(name="Ninh Bình")
    co_le = AdministrativeUnit.objects.get(name="Cổ Lễ")
    with pytest.raises(ValidationError):
        User(username="a", password="x", role=User.Role.OFFICER, admin_unit=ninh_binh).full_clean()
    with pytest.raises(ValidationError):
        User(username="b", password="x", role=User.Role.REVIEWER, admin_unit=co_le).full_clean()
