"""The law of the yearly cycle as seed rows: every title and form (DOMAIN "Titles and
forms"), who decides each in which period, and the kinds of commendation. Used by the data
migrations and by load_demo (a flushed test database has lost the migrations' rows).

Idempotent and careful with the administrators' edits: a form keeps what an administrator
set; authority rows are written only for a form that has none.
"""

from collections.abc import Callable

LAW_2022 = "2024-01-01"  # Luật Thi đua, khen thưởng 2022 in force
REFORM = "2025-07-01"  # two-tier local government; NĐ 152/2025 in force
BEFORE_REFORM = "2025-06-30"

LAW = "Luật Thi đua, khen thưởng 2022, Điều 80"
REFORM_SOURCE = "Nghị định 129/2025/NĐ-CP, Điều 59; Nghị định 152/2025/NĐ-CP"
KINDS_SOURCE = "Luật Thi đua, khen thưởng 2022, Điều 8"
NOT_COUNTING = "; Nghị định 152/2025/NĐ-CP, Điều 4 khoản 3 (không làm căn cứ đề nghị khen thưởng cao hơn)"

PRESIDENT = "Chủ tịch nước"
PRIME_MINISTER = "Thủ tướng Chính phủ"
PROVINCE_COMMITTEE = "Ủy ban nhân dân tỉnh, thành phố"
PROVINCE_CHAIR = "Chủ tịch Ủy ban nhân dân tỉnh, thành phố"
COMMUNE_CHAIR = "Chủ tịch Ủy ban nhân dân xã, phường, đặc khu"
OLD_COMMUNE_CHAIR = "Chủ tịch Ủy ban nhân dân xã, phường, thị trấn"
DISTRICT_CHAIR = "Chủ tịch Ủy ban nhân dân huyện, quận, thị xã, thành phố thuộc tỉnh"

# code: (kind, short name) of the forms the earlier migrations made.
EXISTING = {
    "huan_chuong_lao_dong": ("form", "HCLĐ"),
    "co_thi_dua_chinh_phu": ("title", "Cờ thi đua Chính phủ"),
    "bang_khen_thu_tuong": ("form", "Bằng khen Thủ tướng"),
    "co_thi_dua_tinh": ("title", "Cờ thi đua tỉnh"),
    "bang_khen_chu_tich_tinh": ("form", "Bằng khen tỉnh"),
    "giay_khen": ("form", "Giấy khen xã"),
    "chien_si_thi_dua_tinh": ("title", "CSTĐ cấp tỉnh"),
    "tap_the_lao_dong_xuat_sac": ("title", "TTLĐXS"),
    "chien_si_thi_dua_co_so": ("title", "CSTĐCS"),
    "tap_the_lao_dong_tien_tien": ("title", "TTLĐTT"),
    "lao_dong_tien_tien": ("title", "LĐTT"),
    "thon_van_hoa": ("title", "Thôn văn hóa"),
    "gia_dinh_van_hoa": ("title", "Gia đình văn hóa"),
}
# Forms for everyone (individuals, collectives, households), once stored as "both".
FOR_EVERYONE = ("giay_khen", "bang_khen_chu_tich_tinh", "bang_khen_thu_tuong")
# Titles the reform did not create: their authority rows carry the dates, not the title.
OLDER_THAN_REFORM = (
    "chien_si_thi_dua_tinh",
    "tap_the_lao_dong_xuat_sac",
    "chien_si_thi_dua_co_so",
    "tap_the_lao_dong_tien_tien",
    "lao_dong_tien_tien",
    "thon_van_hoa",
    "gia_dinh_van_hoa",
)

NEW_FORMS = [
    # rank, code, name, short name, kind, level (now), granted_by (now), recipients, valid_to, active
    (1, "huan_chuong_lao_dong_hang_nhat", "Huân chương Lao động hạng Nhất", "", "form", "national", PRESIDENT, "both"),
    (1, "huan_chuong_lao_dong_hang_nhi", "Huân chương Lao động hạng Nhì", "", "form", "national", PRESIDENT, "both"),
    (1, "huan_chuong_lao_dong_hang_ba", "Huân chương Lao động hạng Ba", "", "form", "national", PRESIDENT, "both"),
    (1, "huan_chuong_doc_lap_hang_nhat", "Huân chương Độc lập hạng Nhất", "", "form", "national", PRESIDENT, "both"),
    (1, "huan_chuong_doc_lap_hang_nhi", "Huân chương Độc lập hạng Nhì", "", "form", "national", PRESIDENT, "both"),
    (1, "huan_chuong_doc_lap_hang_ba", "Huân chương Độc lập hạng Ba", "", "form", "national", PRESIDENT, "both"),
    (1, "huy_chuong_huu_nghi", "Huy chương Hữu nghị", "", "form", "national", PRESIDENT, "individual"),
    (
        2,
        "chien_si_thi_dua_toan_quoc",
        "Chiến sĩ thi đua toàn quốc",
        "CSTĐ toàn quốc",
        "title",
        "national",
        PRIME_MINISTER,
        "individual",
    ),
    (
        4,
        "xa_tieu_bieu",
        "Xã, phường, đặc khu tiêu biểu",
        "Xã tiêu biểu",
        "title",
        "province",
        PROVINCE_CHAIR,
        "commune",
    ),
]
# The district's Giấy khen: no longer given, kept so the decisions made with it stay valid.
OLD_DISTRICT_FORM = (
    6,
    "giay_khen_huyen",
    "Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
    "Giấy khen huyện",
    "form",
    "district",
    DISTRICT_CHAIR,
    "all",
)

AUTHORITIES = [
    # code, level, office, valid_from, valid_to, source
    *[
        (code, "national", PRESIDENT, LAW_2022, None, LAW)
        for code in (
            "huan_chuong_lao_dong",
            "huan_chuong_lao_dong_hang_nhat",
            "huan_chuong_lao_dong_hang_nhi",
            "huan_chuong_lao_dong_hang_ba",
            "huan_chuong_doc_lap_hang_nhat",
            "huan_chuong_doc_lap_hang_nhi",
            "huan_chuong_doc_lap_hang_ba",
            "huy_chuong_huu_nghi",
        )
    ],
    *[
        (code, "national", PRIME_MINISTER, LAW_2022, None, LAW)
        for code in ("co_thi_dua_chinh_phu", "bang_khen_thu_tuong", "chien_si_thi_dua_toan_quoc")
    ],
    ("co_thi_dua_tinh", "province", PROVINCE_COMMITTEE, LAW_2022, None, LAW),
    *[
        (code, "province", PROVINCE_CHAIR, LAW_2022, None, LAW)
        for code in ("bang_khen_chu_tich_tinh", "chien_si_thi_dua_tinh", "tap_the_lao_dong_xuat_sac")
    ],
    ("xa_tieu_bieu", "province", PROVINCE_CHAIR, REFORM, None, REFORM_SOURCE),
    # Since the reform the commune chairman decides the district's titles.
    *[
        (code, "commune", COMMUNE_CHAIR, REFORM, None, REFORM_SOURCE)
        for code in (
            "chien_si_thi_dua_co_so",
            "tap_the_lao_dong_tien_tien",
            "lao_dong_tien_tien",
            "gia_dinh_van_hoa",
            "thon_van_hoa",
            "giay_khen",
        )
    ],
    # Before it, from the Law of 2022 until 30/06/2025.
    *[
        (code, "district", DISTRICT_CHAIR, LAW_2022, BEFORE_REFORM, LAW)
        for code in ("chien_si_thi_dua_co_so", "tap_the_lao_dong_tien_tien", "lao_dong_tien_tien", "giay_khen_huyen")
    ],
    *[(code, "commune", OLD_COMMUNE_CHAIR, LAW_2022, BEFORE_REFORM, LAW) for code in ("giay_khen", "gia_dinh_van_hoa")],
]

KINDS = [
    # code, name, counts toward higher awards, rank, source
    ("campaign", "Khen thưởng theo phong trào thi đua thường xuyên", True, 1, KINDS_SOURCE),
    ("thematic", "Khen thưởng theo chuyên đề", False, 2, KINDS_SOURCE + NOT_COUNTING),
    ("merit", "Khen thưởng theo công trạng và thành tích đạt được", True, 3, KINDS_SOURCE),
    ("sudden", "Khen thưởng đột xuất", False, 4, KINDS_SOURCE + NOT_COUNTING),
    ("contribution", "Khen thưởng quá trình cống hiến", True, 5, KINDS_SOURCE),
    ("service", "Khen thưởng theo niên hạn", True, 6, KINDS_SOURCE),
    ("foreign", "Khen thưởng đối ngoại", True, 7, KINDS_SOURCE),
]

GetModel = Callable[[str, str], type]


def ensure_commendation_kinds(get_model: GetModel, using: str = "default") -> None:
    kinds = get_model("awards", "CommendationKind").objects.using(using)
    for code, name, counts, rank, source in KINDS:
        kinds.get_or_create(
            code=code, defaults={"name": name, "counts_toward_higher": counts, "rank": rank, "source": source}
        )


def _forms(forms) -> None:
    for code, (kind, short_name) in EXISTING.items():
        form = forms.filter(code=code).first()
        if form is None or form.short_name:
            continue  # not there, or already mapped (an administrator may have changed it since)
        form.kind, form.short_name = kind, short_name
        if code in FOR_EVERYONE and form.recipients == "both":
            form.recipients = "all"
        if code == "thon_van_hoa" and form.recipients == "collective":
            form.recipients = "village"
        if code in OLDER_THAN_REFORM and str(form.valid_from) == REFORM:
            form.valid_from = None
        form.save()
    rows = [(*row, None, True) for row in NEW_FORMS] + [(*OLD_DISTRICT_FORM, BEFORE_REFORM, False)]
    for rank, code, name, short_name, kind, level, granted_by, recipients, valid_to, active in rows:
        source = REFORM_SOURCE if code == "xa_tieu_bieu" else LAW
        forms.get_or_create(
            code=code,
            defaults={
                "rank": rank,
                "name": name,
                "short_name": short_name,
                "kind": kind,
                "level": level,
                "granted_by": granted_by,
                "recipients": recipients,
                "valid_to": valid_to,
                "is_active": active,
                "source": source,
            },
        )


def ensure_cycle_reference(get_model: GetModel, using: str = "default") -> None:
    """Titles, forms, their authority rows and the kinds of commendation (in the database
    `using`: a migration's own connection)."""
    form_rows = get_model("awards", "AwardForm").objects.using(using)
    authorities = get_model("awards", "Authority").objects.using(using)
    ensure_commendation_kinds(get_model, using)
    _forms(form_rows)
    forms = {form.code: form for form in form_rows.all()}
    ruled = set(authorities.values_list("award_form__code", flat=True))
    for code, level, office, valid_from, valid_to, source in AUTHORITIES:
        if code in forms and code not in ruled:
            authorities.create(
                award_form=forms[code],
                level=level,
                office=office,
                valid_from=valid_from,
                valid_to=valid_to,
                source=source,
            )
