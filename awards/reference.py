"""The ladder of award forms every plan lists (Luật Thi đua, khen thưởng 2022).

Level is the level that decides the form: a commune decides "commune" forms itself and
proposes the others to the province, which proposes national forms upward. Used by the data
migration and by load_demo.
"""

AWARD_FORMS = [
    # rank, code, name, granted_by, level, recipients
    (1, "huan_chuong_lao_dong", "Huân chương Lao động", "Chủ tịch nước", "national", "both"),
    (2, "co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ", "Thủ tướng Chính phủ", "national", "collective"),
    (3, "bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", "Thủ tướng Chính phủ", "national", "both"),
    (
        4,
        "co_thi_dua_tinh",
        "Cờ thi đua của Ủy ban nhân dân tỉnh, thành phố",
        "Ủy ban nhân dân tỉnh, thành phố",
        "province",
        "collective",
    ),
    (
        5,
        "bang_khen_chu_tich_tinh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh, thành phố",
        "Chủ tịch Ủy ban nhân dân tỉnh, thành phố",
        "province",
        "both",
    ),
    (
        6,
        "giay_khen",
        "Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường",
        "Chủ tịch Ủy ban nhân dân xã, phường, đặc khu",
        "commune",
        "both",
    ),
]


def ensure_award_forms(AwardForm) -> None:  # noqa: N803 - a model class, real or historical
    for rank, code, name, granted_by, level, recipients in AWARD_FORMS:
        AwardForm.objects.get_or_create(
            code=code,
            defaults={"rank": rank, "name": name, "granted_by": granted_by, "level": level, "recipients": recipients},
        )


# --- Titles (danh hiệu thi đua) and who grants them since the two-tier reform ----------------
# Luật Thi đua, khen thưởng 2022 Art. 19–20 and 80; NĐ 152/2025/NĐ-CP; NĐ 129/2025/NĐ-CP Art. 59.
REFORM = "2025-07-01"
TITLE_SOURCE = "Luật TĐKT 2022 Điều 19–20, 80; Nghị định 152/2025/NĐ-CP; Nghị định 129/2025/NĐ-CP Điều 59"
TITLES = [
    # rank, code, name, granted_by, level, recipients
    (
        5,
        "chien_si_thi_dua_tinh",
        "Chiến sĩ thi đua cấp tỉnh",
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "province",
        "individual",
    ),
    (
        5,
        "tap_the_lao_dong_xuat_sac",
        "Tập thể lao động xuất sắc",
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "province",
        "collective",
    ),
    (6, "chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở", "Chủ tịch Ủy ban nhân dân xã", "commune", "individual"),
    (
        6,
        "tap_the_lao_dong_tien_tien",
        "Tập thể lao động tiên tiến",
        "Chủ tịch Ủy ban nhân dân xã",
        "commune",
        "collective",
    ),
    (7, "lao_dong_tien_tien", "Lao động tiên tiến", "Chủ tịch Ủy ban nhân dân xã", "commune", "individual"),
    (7, "thon_van_hoa", "Thôn, tổ dân phố văn hóa", "Chủ tịch Ủy ban nhân dân xã", "commune", "collective"),
    (7, "gia_dinh_van_hoa", "Gia đình văn hóa", "Chủ tịch Ủy ban nhân dân xã", "commune", "household"),
]

# --- Reward money (NĐ 152/2025/NĐ-CP Art. 49–54) ---------------------------------------------
BASE_SALARIES = [
    # amount, valid_from, valid_to, source
    (1_800_000, "2023-07-01", "2024-06-30", "Nghị định 24/2023/NĐ-CP"),
    (2_340_000, "2024-07-01", None, "Nghị định 73/2024/NĐ-CP"),
]
MONEY_SOURCE = "Nghị định 152/2025/NĐ-CP, Điều 49–54"
# code: {recipient kind: multiple}. Households get 1.5 × the individual multiple.
MULTIPLES = {
    "co_thi_dua_chinh_phu": {"collective": "12"},
    "bang_khen_thu_tuong": {"individual": "3.5", "collective": "7", "household": "5.25"},
    "co_thi_dua_tinh": {"collective": "8"},
    "bang_khen_chu_tich_tinh": {"individual": "1.5", "collective": "3", "household": "2.25"},
    "giay_khen": {"individual": "0.3", "collective": "0.6", "household": "0.45"},
    "chien_si_thi_dua_tinh": {"individual": "3"},
    "tap_the_lao_dong_xuat_sac": {"collective": "1.5"},
    "chien_si_thi_dua_co_so": {"individual": "1"},
    "tap_the_lao_dong_tien_tien": {"collective": "0.8"},
    "lao_dong_tien_tien": {"individual": "0.3"},
    "thon_van_hoa": {"collective": "1.5"},
}


def ensure_titles_and_money(AwardForm, BaseSalary, RewardMultiple) -> None:  # noqa: N803 - model classes
    for rank, code, name, granted_by, level, recipients in TITLES:
        AwardForm.objects.get_or_create(
            code=code,
            defaults={
                "rank": rank,
                "name": name,
                "granted_by": granted_by,
                "level": level,
                "recipients": recipients,
                "valid_from": REFORM,
                "source": TITLE_SOURCE,
            },
        )
    for amount, valid_from, valid_to, source in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            valid_from=valid_from, defaults={"amount": amount, "valid_to": valid_to, "source": source}
        )
    for code, multiples in MULTIPLES.items():
        form = AwardForm.objects.get(code=code)
        for kind, multiple in multiples.items():
            RewardMultiple.objects.get_or_create(
                award_form=form,
                recipient_kind=kind,
                valid_from=REFORM,
                defaults={"multiple": multiple, "source": MONEY_SOURCE},
            )


# --- The council's vote thresholds (Hội đồng Thi đua - Khen thưởng) ---------------------------
# The last confirmed rule: Nghị định 98/2023/NĐ-CP, repealed by Nghị định 152/2025/NĐ-CP, which
# the portal applies until someone checks NĐ 152 and changes the rows in the admin. Codes that
# are not (yet) award forms here are skipped; running this again after they appear adds them.
THRESHOLD_SOURCE = "Nghị định 98/2023/NĐ-CP (đã hết hiệu lực; rà soát theo Nghị định 152/2025/NĐ-CP)"
MAJORITY_SOURCE = (
    "Nguyên tắc biểu quyết theo đa số của Hội đồng Thi đua - Khen thưởng (mặc định của cổng; "
    "rà soát theo quy chế hoạt động của Hội đồng)"
)
THRESHOLDS_FROM = "2024-01-01"  # Luật Thi đua, khen thưởng 2022 and its decree in force
VOTE_THRESHOLDS = [
    # award form code (None: every form without a row of its own), percent, comparison, base,
    # secret ballot required, source
    ("chien_si_thi_dua_co_so", "80", "gte", "all_members", True, THRESHOLD_SOURCE),
    ("co_thi_dua_tinh", "80", "gte", "all_members", True, THRESHOLD_SOURCE),
    ("co_thi_dua_chinh_phu", "80", "gte", "all_members", True, THRESHOLD_SOURCE),
    ("chien_si_thi_dua_tinh", "90", "gte", "all_members", True, THRESHOLD_SOURCE),
    ("chien_si_thi_dua_toan_quoc", "90", "gte", "all_members", True, THRESHOLD_SOURCE),
    (None, "50", "gt", "voting", False, MAJORITY_SOURCE),
]


def ensure_vote_thresholds(AwardForm, VoteThreshold, using: str = "default") -> None:  # noqa: N803 - model classes
    forms = {form.code: form for form in AwardForm.objects.using(using)}
    for code, percent, comparison, base, secret, source in VOTE_THRESHOLDS:
        if code is not None and code not in forms:
            continue
        VoteThreshold.objects.using(using).get_or_create(
            award_form=forms.get(code) if code else None,
            province=None,
            valid_from=THRESHOLDS_FROM,
            defaults={
                "percent": percent,
                "comparison": comparison,
                "base": base,
                "secret_ballot_required": secret,
                "source": source,
            },
        )
