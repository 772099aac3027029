"""The yearly cycle in the demo data (load_demo): xã Cổ Lễ's 2026 evaluation. Teachers of
the lower secondary school and a civil servant are proposed for LĐTT and CSTĐCS, the school
for TTLĐTT, a household and a village for their titles, and Phạm Văn Thắng (CSTĐCS in 2024
and 2025, an initiative of province-wide effect) for CSTĐ cấp tỉnh, which the province
decides. Nguyễn Thị Hương's CSTĐCS fails a check (rated "hoàn thành tốt", no initiative);
Lê Thị Mai's failed the same check and the council let it pass, with the reason written.
Outcomes are left to the council. Idempotent: keyed by awardee, form and year."""

import datetime

from accounts.models import User
from awards.models import Awardee, AwardForm, Initiative, Proposal, ProposalOverride, YearRating
from awards.services import cycle
from awards.services.awardees import awardee_save
from awards.services.evaluation import evaluate
from awards.services.initiatives import initiative_save
from campaigns.models import ParticipatingUnit

YEAR = 2026
SCHOOL = "Trường Trung học cơ sở Cổ Lễ"
TEACHERS = [
    # key, name, position, gender
    ("mai", "Lê Thị Mai", "Giáo viên", "female"),
    ("duc", "Trần Văn Đức", "Giáo viên", "male"),
    ("lan", "Vũ Thị Lan", "Nhân viên thiết bị", "female"),
]
INITIATIVES = [
    # key, authors, title, year, scope, number, date, body
    (
        "ban_do",
        ["thang"],
        "Ứng dụng bản đồ tư duy số trong dạy học môn Toán lớp 8",
        2025,
        "province",
        "15/QĐ-HĐSK",
        datetime.date(2025, 10, 20),
        "Hội đồng sáng kiến tỉnh Ninh Bình",
    ),
    (
        "so_diem",
        ["duc"],
        "Sổ điểm điện tử cho giáo viên chủ nhiệm",
        2026,
        "unit",
        "7/QĐ-THCS",
        datetime.date(2026, 9, 15),
        SCHOOL,
    ),
]
RATINGS = {"thang": "excellent", "mai": "good", "duc": "good", "lan": "done", "huong": "good", "school": "good"}
PROPOSALS = [
    # awardee, form, initiatives, achievement
    ("thang", "lao_dong_tien_tien", [], ""),
    ("mai", "lao_dong_tien_tien", [], ""),
    ("duc", "lao_dong_tien_tien", [], ""),
    ("huong", "lao_dong_tien_tien", [], ""),
    ("thang", "chien_si_thi_dua_co_so", [], "Hoàn thành xuất sắc nhiệm vụ năm học 2025 - 2026"),
    ("duc", "chien_si_thi_dua_co_so", ["so_diem"], "Có sáng kiến được công nhận năm 2026"),
    ("huong", "chien_si_thi_dua_co_so", [], ""),
    ("mai", "chien_si_thi_dua_co_so", [], ""),
    ("school", "tap_the_lao_dong_tien_tien", [], "Hoàn thành tốt nhiệm vụ năm học 2025 - 2026"),
    ("hung", "gia_dinh_van_hoa", [], "Gia đình văn hóa tiêu biểu năm 2026"),
    ("village", "thon_van_hoa", [], "Giữ vững danh hiệu thôn văn hóa năm 2026"),
    (
        "thang",
        "chien_si_thi_dua_tinh",
        ["ban_do"],
        "Ba năm liên tục đạt Chiến sĩ thi đua cơ sở, sáng kiến có phạm vi ảnh hưởng trong tỉnh",
    ),
]
OVERRIDE = (
    "mai",
    "chien_si_thi_dua_co_so",
    "Có đề tài nghiên cứu khoa học sư phạm ứng dụng cấp trường được nghiệm thu (Quyết định số 12/QĐ-THCS "
    "ngày 20/11/2026), chưa nhập vào sổ sáng kiến.",
)


def _teachers(officer: User) -> dict[str, Awardee]:
    school = ParticipatingUnit.objects.get(admin_unit=officer.admin_unit, name=SCHOOL)
    found = {}
    for key, name, position, gender in TEACHERS:
        awardee = Awardee.objects.filter(admin_unit=officer.admin_unit, kind="individual", name=name).first()
        found[key] = awardee or awardee_save(
            by=officer, kind="individual", name=name, position=position, gender=gender, unit=school
        )
    return found


def _initiatives(officer: User, people: dict[str, Awardee]) -> dict[str, Initiative]:
    found = {}
    for key, authors, title, year, scope, number, day, body in INITIATIVES:
        initiative = Initiative.objects.filter(admin_unit=officer.admin_unit, title=title).first()
        found[key] = initiative or initiative_save(
            by=officer,
            authors=[people[a] for a in authors],
            title=title,
            year=year,
            scope=scope,
            decision_number=number,
            decision_date=day,
            decision_body=body,
        )
    return found


def load_cycle_demo(officer: User, awardees: dict[str, Awardee], log=print) -> dict[str, int]:
    people = awardees | _teachers(officer)
    initiatives = _initiatives(officer, people)
    rated = {row.awardee_id for row in YearRating.objects.filter(year=YEAR, awardee__in=people.values())}
    rows = [(people[key], rating, "none") for key, rating in RATINGS.items() if people[key].pk not in rated]
    cycle.year_ratings_save(by=officer, year=YEAR, rows=rows)
    made = 0
    for key, code, linked, achievement in PROPOSALS:
        form = AwardForm.objects.get(code=code)
        if Proposal.objects.filter(admin_unit=officer.admin_unit, year=YEAR, awardee=people[key], award_form=form):
            continue
        [proposal] = cycle.create_proposals(officer.admin_unit, YEAR, [(people[key], form)], officer)
        cycle.proposal_update(
            proposal=proposal,
            by=officer,
            version=proposal.version,
            achievement=achievement,
            initiatives=[initiatives[i] for i in linked],
        )
        made += 1
    key, code, reason = OVERRIDE
    proposal = Proposal.objects.get(
        admin_unit=officer.admin_unit, year=YEAR, awardee=people[key], award_form__code=code
    )
    if not ProposalOverride.objects.filter(proposal=proposal).exists():
        for result in evaluate(proposal).failed:
            cycle.override_check(proposal=proposal, by=officer, check_id=result.check.pk, reason=reason)
    if made:
        log(f"  + Bình xét thi đua năm {YEAR} của xã Cổ Lễ ({made} đề nghị)")
    return {"proposals": made}
