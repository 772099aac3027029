"""Standards as data: each check explains in Vietnamese what is met and what is missing,
reading the register (revoked, thematic and sudden awards left out) and the year's ratings;
the numbers and the rule set per province are rows, so changing them in the admin changes
the next evaluation without a deploy."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import CommendationKind, Proposal, StandardCheck, StandardRule, YearRating
from awards.services import cycle
from awards.services import decisions as decision_services
from awards.services.evaluation import evaluate
from tests.awards.cycle_helpers import YEAR, check_of, demo, form, person, propose, signed_award, texts

pytestmark = pytest.mark.django_db
THANG, HUONG, MAI = "Phạm Văn Thắng", "Nguyễn Thị Hương", "Lê Thị Mai"
SCHOOL = "Trường Trung học cơ sở Cổ Lễ"


@pytest.fixture
def teacher(commune_officer, school):
    """A teacher with CSTĐCS in 2025 (a signed commune decision) and LĐTT proposed for 2026."""
    teacher = person(commune_officer, school, "Hoàng Minh Khôi")
    signed_award(commune_officer, teacher, "chien_si_thi_dua_co_so", datetime.date(2025, 12, 15))
    propose(commune_officer, teacher, "lao_dong_tien_tien", rating="excellent")
    propose(commune_officer, teacher, "chien_si_thi_dua_co_so")
    return teacher


def test_three_consecutive_cstdcs_read_from_the_register_and_the_year(commune_officer):
    evaluation = evaluate(demo(THANG, "chien_si_thi_dua_tinh"))
    assert evaluation.passed
    assert "Có 3/3 năm liên tục đạt CSTĐCS (2024, 2025, 2026)." in texts(evaluation)
    assert any("sáng kiến từ phạm vi “Cấp tỉnh”" in text and "bản đồ tư duy" in text for text in texts(evaluation))


def test_a_missing_year_is_named(commune_officer, teacher):
    proposal = propose(commune_officer, teacher, "chien_si_thi_dua_tinh")
    evaluation = evaluate(proposal)
    assert not evaluation.passed
    assert "Có 2/3 năm liên tục đạt CSTĐCS (2025, 2026); thiếu năm 2024." in texts(evaluation)
    assert "Có 0/1 sáng kiến từ phạm vi “Cấp tỉnh” trong 2024–2026." in texts(evaluation)


@pytest.mark.parametrize("kind", ["thematic", "sudden"])
def test_thematic_and_sudden_awards_never_count_toward_a_higher_one(commune_officer, school, kind):
    teacher = person(commune_officer, school, "Đinh Thị Yến")
    signed_award(commune_officer, teacher, "chien_si_thi_dua_co_so", datetime.date(2025, 12, 15), kind=kind)
    propose(commune_officer, teacher, "chien_si_thi_dua_co_so")
    proposal = propose(commune_officer, teacher, "bang_khen_chu_tich_tinh")
    assert "Có 1/2 năm liên tục đạt CSTĐCS (2026); thiếu năm 2025." in texts(evaluate(proposal))
    # The flag is data: an administrator who counts the kind again changes the next evaluation.
    CommendationKind.objects.filter(code=kind).update(counts_toward_higher=True)
    assert "Có 2/2 năm liên tục đạt CSTĐCS (2025, 2026)." in texts(evaluate(proposal))


def test_a_revoked_award_does_not_count(commune_officer, teacher):
    proposal = propose(commune_officer, teacher, "bang_khen_chu_tich_tinh")
    assert evaluate(proposal).passed
    old = teacher.register_entries.get().decision_line.decision
    revoking = signed_award(commune_officer, teacher, "giay_khen", datetime.date(2026, 1, 5), number="2/QĐ-UBND")
    decision_services.decision_revoke(decision=old, by=commune_officer, revoking=revoking, reason="Kê khai sai")
    assert "Có 1/2 năm liên tục đạt CSTĐCS (2026); thiếu năm 2025." in texts(evaluate(proposal))


def test_cstdcs_needs_ldtt_the_same_year_and_excellence_or_an_initiative(commune_officer):
    evaluation = evaluate(demo(HUONG, "chien_si_thi_dua_co_so"))
    assert not evaluation.passed
    assert "Đạt LĐTT năm 2026 (đề nghị cùng năm, chờ kết quả)." in texts(evaluation)
    assert "Xếp loại năm 2026: Hoàn thành tốt nhiệm vụ; cần từ “Hoàn thành xuất sắc nhiệm vụ”." in texts(evaluation)
    [failed] = evaluation.failed
    assert (
        failed.requirement == "Đạt một trong các điều kiện sau" and failed.text == "Đạt 0 trong 2 điều kiện (cần một)."
    )
    # The same-year LĐTT rejected: the CSTĐCS loses its base.
    cycle.record_outcome(demo(HUONG, "lao_dong_tien_tien"), False, commune_officer, "Vắng họp nhiều lần")
    assert any(t.startswith("Chưa đạt LĐTT năm 2026") for t in texts(evaluate(demo(HUONG, "chien_si_thi_dua_co_so"))))


def test_a_collective_is_judged_on_its_members(commune_officer):
    proposal = demo(SCHOOL, "tap_the_lao_dong_tien_tien")
    assert evaluate(proposal).passed
    assert "3/4 thành viên (75%) đạt LĐTT năm 2026; cần ít nhất 70%." in texts(evaluate(proposal))
    lan = YearRating.objects.get(awardee__name="Vũ Thị Lan", year=YEAR)
    lan.discipline = "warning"
    lan.save()
    evaluation = evaluate(proposal)
    assert not evaluation.passed
    assert "Bị kỷ luật từ mức “Cảnh cáo” trở lên: Vũ Thị Lan." in texts(evaluation)
    lan.delete()
    assert "Chưa nhập xếp loại, kỷ luật năm 2026 của: Vũ Thị Lan." in texts(evaluate(proposal))


def test_ttldxs_reads_all_members_and_one_cstdcs(commune_officer):
    school = demo(SCHOOL, "tap_the_lao_dong_tien_tien").awardee
    proposal = propose(commune_officer, school, "tap_the_lao_dong_xuat_sac")
    found = texts(evaluate(proposal))
    assert "Xếp loại năm 2026: Hoàn thành tốt nhiệm vụ; cần từ “Hoàn thành xuất sắc nhiệm vụ”." in found
    assert "Cả 4 thành viên xếp loại từ “Hoàn thành nhiệm vụ” trở lên." in found
    assert any(t.startswith("Có 3 thành viên đạt CSTĐCS năm 2026; cần ít nhất 1.") for t in found)


# --- The law is data: the admin changes the next evaluation -----------------------------------------


def test_changing_the_percentage_in_the_admin_changes_the_next_evaluation(admin_client):
    proposal = demo(SCHOOL, "tap_the_lao_dong_tien_tien")
    assert evaluate(proposal).passed
    check = check_of("tap_the_lao_dong_tien_tien", "share_of_members_with")
    data = {
        "rule": check.rule_id,
        "parent": "",
        "number": check.number,
        "check_type": check.check_type,
        "title_form": check.title_form_id,
        "years": "",
        "percent": "80",
        "count": "",
        "rating": "",
        "discipline": "",
        "scope": "",
    }
    response = admin_client.post(reverse("admin:awards_standardcheck_change", args=[check.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    evaluation = evaluate(proposal)
    assert not evaluation.passed
    assert "3/4 thành viên (75%) đạt LĐTT năm 2026; cần ít nhất 80%." in texts(evaluation)
    assert check.history.first().percent == Decimal("80.00")  # the change is kept as a version


def test_changing_the_years_on_the_rule_row_changes_the_next_evaluation():
    proposal = demo(THANG, "chien_si_thi_dua_tinh")
    StandardCheck.objects.filter(pk=check_of("chien_si_thi_dua_tinh", "consecutive_years").pk).update(years=5)
    # 2023 is in the register too (by the district): four years, and 2022 is missing.
    assert "Có 4/5 năm liên tục đạt CSTĐCS (2023, 2024, 2025, 2026); thiếu năm 2022." in texts(evaluate(proposal))


def test_a_province_rule_replaces_the_default_for_that_province_only(commune_officer):
    ldtt = form("lao_dong_tien_tien")
    rule = StandardRule.objects.create(
        award_form=ldtt,
        recipient_kind="individual",
        province=commune_officer.admin_unit.province,
        name="LĐTT theo quy định của tỉnh",
        source="Quyết định giả định của UBND tỉnh",
        valid_from=datetime.date(2026, 1, 1),
    )
    StandardCheck.objects.create(rule=rule, check_type="rating_at_least", rating="excellent")
    assert not evaluate(demo(HUONG, "lao_dong_tien_tien")).passed
    assert evaluate(demo(HUONG, "lao_dong_tien_tien"), on=datetime.date(2025, 12, 31)).passed  # not yet in force
    assert [r.name for r in evaluate(demo(THANG, "lao_dong_tien_tien")).rules] == ["LĐTT theo quy định của tỉnh"]


def test_a_title_without_a_rule_has_nothing_to_check():
    evaluation = evaluate(demo("Trần Văn Hùng", "gia_dinh_van_hoa"))
    assert evaluation.passed and evaluation.results == [] and evaluation.rules == []


def test_a_check_row_refuses_parameters_it_does_not_read():
    check = check_of("tap_the_lao_dong_tien_tien", "share_of_members_with")
    check.rating, check.percent = "good", Decimal("120")
    with pytest.raises(ValidationError) as refused:
        check.full_clean()
    assert {"rating", "percent"} <= set(refused.value.message_dict)


# --- Overrides and the outcome --------------------------------------------------------------------


def test_a_failed_check_passes_only_with_a_written_reason(commune_officer):
    proposal = demo(HUONG, "chien_si_thi_dua_co_so")
    [failed] = evaluate(proposal).failed
    with pytest.raises(ValidationError, match="chưa đạt"):
        cycle.record_outcome(proposal, True, commune_officer)
    with pytest.raises(ValidationError, match="lý do"):
        cycle.override_check(proposal=proposal, by=commune_officer, check_id=failed.check.pk, reason="  ngắn ")
    met = evaluate(proposal).results[0].check.pk
    with pytest.raises(ValidationError, match="đã đạt"):
        cycle.override_check(proposal=proposal, by=commune_officer, check_id=met, reason="Một lý do đủ dài để ghi")
    reason = "Chủ trì đề án chuyển đổi số của xã được UBND xã công nhận"
    cycle.override_check(proposal=proposal, by=commune_officer, check_id=failed.check.pk, reason=reason)
    evaluation = evaluate(proposal)
    assert evaluation.passed and evaluation.overridden[0].override.reason == reason
    approved = cycle.record_outcome(proposal, True, commune_officer, "9/9 phiếu")
    assert approved.outcome == "approved"
    history = [(e.action, e.note) for e in approved.events.all()]
    assert ("overridden", f"Đạt một trong các điều kiện sau: {reason}") in history
    assert ("outcome", "Được thông qua. 9/9 phiếu") in history


def test_the_council_may_reject_a_proposal_that_passes(commune_officer):
    proposal = cycle.record_outcome(demo(THANG, "lao_dong_tien_tien"), False, commune_officer, "Không đủ phiếu")
    assert proposal.outcome == Proposal.Outcome.REJECTED and proposal.outcome_note == "Không đủ phiếu"


def test_another_commune_may_not_record_an_outcome(neighbour_officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        cycle.record_outcome(demo(THANG, "lao_dong_tien_tien"), True, neighbour_officer)
    assert demo(THANG, "lao_dong_tien_tien").outcome == "pending"
