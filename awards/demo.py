"""The awards part of the demo data (load_demo): xã Cổ Lễ's signed year-end decision with a
collective, individuals, a village and a household, its certificates ready to print, and past
awards in the register (entered by hand, as an office would copy its old book), so the
eligibility checks of the next issue have history to read. Idempotent: keyed by the
decision's number and each past entry's decision number."""

import datetime

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from awards.demo_cycle import load_cycle_demo
from awards.models import Awardee, AwardForm, BaseSalary, Decision, RegisterEntry, RewardMultiple, VoteThreshold
from awards.reference import ensure_titles_and_money, ensure_vote_thresholds
from awards.reference_cycle import ensure_cycle_reference
from awards.reference_standards import ensure_standards
from awards.services import decisions as services
from awards.services.awardees import awardee_save
from awards.services.register import register_entry_add
from campaigns.models import ParticipatingUnit

NUMBER = "215/QĐ-UBND"
DAY = datetime.date(2025, 12, 26)
SCAN = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLD_DISTRICT = "Ủy ban nhân dân huyện Trực Ninh"
AWARDEES = [
    # key, kind, name, extra fields
    ("school", "collective", "Trường Trung học cơ sở Cổ Lễ", {"unit": "Trường Trung học cơ sở Cổ Lễ"}),
    ("village", "collective", "Thôn Trung Lễ", {"unit": "Thôn Trung Lễ"}),
    (
        "thang",
        "individual",
        "Phạm Văn Thắng",
        {
            "unit": "Trường Trung học cơ sở Cổ Lễ",
            "position": "Giáo viên",
            "gender": "male",
            "date_of_birth": datetime.date(1982, 4, 15),
        },
    ),
    (
        "huong",
        "individual",
        "Nguyễn Thị Hương",
        {
            "unit": "Phòng Kinh tế xã Cổ Lễ",
            "position": "Công chức",
            "gender": "female",
            "date_of_birth": datetime.date(1990, 9, 2),
        },
    ),
    ("hung", "household", "Trần Văn Hùng", {"address": "Xóm 2", "village": "Thôn Trung Lễ"}),
]
LINES = [
    ("school", "giay_khen", "Hoàn thành xuất sắc nhiệm vụ năm học 2024 - 2025, dẫn đầu chuyển đổi số trong dạy học"),
    ("village", "thon_van_hoa", "Giữ vững danh hiệu thôn văn hóa, không có tệ nạn xã hội năm 2025"),
    ("thang", "chien_si_thi_dua_co_so", "Hoàn thành xuất sắc nhiệm vụ, có sáng kiến được công nhận năm 2025"),
    ("huong", "lao_dong_tien_tien", "Hoàn thành tốt nhiệm vụ năm 2025"),
    ("hung", "giay_khen", "Tích cực hiến đất làm đường giao thông nông thôn năm 2025"),
]
PAST = [
    # awardee, form, decision number, date, issuer
    ("thang", "chien_si_thi_dua_co_so", "312/QĐ-UBND", datetime.date(2023, 12, 22), OLD_DISTRICT),
    ("thang", "chien_si_thi_dua_co_so", "298/QĐ-UBND", datetime.date(2024, 12, 20), OLD_DISTRICT),
    ("school", "tap_the_lao_dong_tien_tien", "298/QĐ-UBND", datetime.date(2024, 12, 20), OLD_DISTRICT),
    ("huong", "lao_dong_tien_tien", "45/QĐ-UBND", datetime.date(2024, 12, 18), "Ủy ban nhân dân xã Cổ Lễ"),
]


def _awardees(officer: User) -> dict[str, Awardee]:
    found = {}
    for key, kind, name, extra in AWARDEES:
        awardee = Awardee.objects.filter(admin_unit=officer.admin_unit, kind=kind, name=name).first()
        if awardee is None:
            fields = dict(extra)
            if "unit" in fields:
                fields["unit"] = ParticipatingUnit.objects.get(admin_unit=officer.admin_unit, name=fields["unit"])
            awardee = awardee_save(by=officer, kind=kind, name=name, **fields)
        found[key] = awardee
    return found


def load_award_demo(sender=None, log=print, **kwargs) -> dict[str, int]:
    # Reference data the migrations made (a flushed test database has lost it).
    ensure_titles_and_money(AwardForm, BaseSalary, RewardMultiple)
    ensure_cycle_reference(apps.get_model)
    ensure_standards(apps.get_model)
    ensure_vote_thresholds(AwardForm, VoteThreshold)  # after the forms: it skips codes not yet there
    officer = User.objects.filter(username="cole").first()
    if officer is None:
        return {}
    awardees = _awardees(officer)
    made = {"register_entries": 0, "decisions": 0}
    for key, code, number, day, issuer in PAST:
        form = AwardForm.objects.get(code=code)
        if not RegisterEntry.objects.filter(awardee=awardees[key], award_form=form, decision_number=number).exists():
            register_entry_add(
                by=officer,
                awardee=awardees[key],
                award_form=form,
                decision_number=number,
                decision_date=day,
                issuer_name=issuer,
            )
            made["register_entries"] += 1
    if not Decision.objects.filter(admin_unit=officer.admin_unit, number=NUMBER).exists():
        _decision(officer, awardees, log)
        made["decisions"] = 1
    made |= load_cycle_demo(officer, awardees, log)
    return made


def _decision(officer: User, awardees: dict[str, Awardee], log) -> None:
    decision = services.decision_create(
        by=officer,
        title="Về việc khen thưởng các tập thể, cá nhân, hộ gia đình có thành tích xuất sắc "
        "trong phong trào thi đua năm 2025",
        place="Cổ Lễ",
        legal_bases="Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
        "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi hành "
        "một số điều của Luật Thi đua, khen thưởng;",
        proposal_by="Trưởng phòng Văn hóa - Xã hội",
        proposal_number="58/TTr-VHXH",
        proposal_date=datetime.date(2025, 12, 22),
        executors="Văn phòng HĐND và UBND xã, Phòng Văn hóa - Xã hội, Phòng Kinh tế "
        "và các tập thể, cá nhân, hộ gia đình có tên tại Điều 1",
        recipients="Như Điều 3;\nThường trực Đảng ủy, HĐND xã;\nLưu: VT, VHXH.",
        signer_delegation="",
        signer_title="CHỦ TỊCH",
        signer_name="Vũ Mạnh Cường",
    )
    for key, code, achievement in LINES:
        services.line_add(
            decision=decision,
            by=officer,
            awardee=awardees[key],
            award_form=AwardForm.objects.get(code=code),
            achievement=achievement,
        )
    decision.refresh_from_db()
    services.decision_sign(
        decision=decision,
        by=officer,
        version=decision.version,
        number=NUMBER,
        decided_on=DAY,
        scan=SimpleUploadedFile("215-QD-UBND-da-ky.pdf", SCAN, content_type="application/pdf"),
    )
    log(f"  + Quyết định {NUMBER} của UBND xã Cổ Lễ ({len(LINES)} được khen)")
