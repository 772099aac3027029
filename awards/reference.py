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
