"""The standards of DOMAIN.md ("Titles and forms") as seed rows: each rule with its source
and its checks from the vocabulary of awards.models.standards. Used by the data migration and
by load_demo. A rule is written only where none exists yet for its form, kind of recipient
and province (the default), so an administrator's edits stay."""

from awards.reference_cycle import REFORM, GetModel

STANDARDS_SOURCE = "Luật Thi đua, khen thưởng 2022; Nghị định 152/2025/NĐ-CP (tiêu chuẩn danh hiệu thi đua)"
PROVINCE_RULE = (
    "Quy định khen thưởng của Ủy ban nhân dân tỉnh (Nghị định 152/2025/NĐ-CP, Điều 6 khoản 2 điểm c "
    "giao tỉnh quy định chi tiết); theo quy định của một tỉnh, tỉnh khác sửa tại đây"
)

# A check: (type, parameters, children). Titles are named by their code.
STANDARDS = [
    {
        "form": "lao_dong_tien_tien",
        "kind": "individual",
        "name": "Tiêu chuẩn danh hiệu Lao động tiên tiến",
        "source": STANDARDS_SOURCE,
        "note": "Chấp hành tốt chủ trương, chính sách, pháp luật; tham gia phong trào thi đua: Hội đồng xét.",
        "checks": [("rating_at_least", {"rating": "good"}, [])],
    },
    {
        "form": "chien_si_thi_dua_co_so",
        "kind": "individual",
        "name": "Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở",
        "source": STANDARDS_SOURCE + "; không còn giới hạn 15 % của Nghị định 91/2017/NĐ-CP",
        "note": "Sáng kiến hoặc đề tài, đề án nghiên cứu được cơ quan, đơn vị công nhận.",
        "checks": [
            ("holds_title_same_year", {"title": "lao_dong_tien_tien"}, []),
            (
                "any_of",
                {},
                [
                    ("rating_at_least", {"rating": "excellent"}, []),
                    ("has_initiative", {"scope": "unit", "count": 1, "years": 1}, []),
                ],
            ),
        ],
    },
    {
        "form": "chien_si_thi_dua_tinh",
        "kind": "individual",
        "name": "Tiêu chuẩn danh hiệu Chiến sĩ thi đua cấp tỉnh",
        "source": STANDARDS_SOURCE,
        "note": "Sáng kiến được áp dụng, có hiệu quả, phạm vi ảnh hưởng trong tỉnh.",
        "checks": [
            ("consecutive_years", {"title": "chien_si_thi_dua_co_so", "years": 3}, []),
            ("has_initiative", {"scope": "province", "count": 1, "years": 3}, []),
        ],
    },
    {
        "form": "tap_the_lao_dong_tien_tien",
        "kind": "collective",
        "name": "Tiêu chuẩn danh hiệu Tập thể lao động tiên tiến",
        "source": STANDARDS_SOURCE,
        "note": "",
        "checks": [
            ("rating_at_least", {"rating": "good"}, []),
            ("share_of_members_with", {"title": "lao_dong_tien_tien", "percent": 70}, []),
            ("no_member_disciplined", {"discipline": "warning"}, []),
        ],
    },
    {
        "form": "tap_the_lao_dong_xuat_sac",
        "kind": "collective",
        "name": "Tiêu chuẩn danh hiệu Tập thể lao động xuất sắc",
        "source": STANDARDS_SOURCE,
        "note": "",
        "checks": [
            ("rating_at_least", {"rating": "excellent"}, []),
            ("all_members_rating", {"rating": "done"}, []),
            ("share_of_members_with", {"title": "lao_dong_tien_tien", "percent": 70}, []),
            ("count_of_members_with", {"title": "chien_si_thi_dua_co_so", "count": 1}, []),
        ],
    },
    {
        "form": "bang_khen_chu_tich_tinh",
        "kind": "individual",
        "name": "Tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh (cá nhân)",
        "source": PROVINCE_RULE,
        "note": "",
        "checks": [
            (
                "any_of",
                {},
                [
                    ("consecutive_years", {"title": "chien_si_thi_dua_co_so", "years": 2}, []),
                    (
                        "all_of",
                        {},
                        [
                            ("rating_at_least", {"rating": "excellent", "years": 2}, []),
                            ("has_initiative", {"scope": "unit", "count": 2, "years": 2}, []),
                        ],
                    ),
                ],
            )
        ],
    },
    {
        "form": "bang_khen_chu_tich_tinh",
        "kind": "collective",
        "name": "Tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh (tập thể)",
        "source": PROVINCE_RULE,
        "note": "",
        "checks": [
            (
                "any_of",
                {},
                [
                    ("rating_at_least", {"rating": "excellent", "years": 2}, []),
                    ("holds_title_same_year", {"title": "tap_the_lao_dong_xuat_sac"}, []),
                ],
            )
        ],
    },
]


def _checks(check_rows, forms: dict, rule, specs, parent=None) -> None:
    for number, (check_type, params, children) in enumerate(specs, start=1):
        values = dict(params)
        if "title" in values:
            values["title_form"] = forms[values.pop("title")]
        row = check_rows.create(rule=rule, parent=parent, number=number, check_type=check_type, **values)
        _checks(check_rows, forms, rule, children, parent=row)


def ensure_standards(get_model: GetModel, using: str = "default") -> None:
    rules = get_model("awards", "StandardRule").objects.using(using)
    check_rows = get_model("awards", "StandardCheck").objects.using(using)
    forms = {form.code: form for form in get_model("awards", "AwardForm").objects.using(using).all()}
    for spec in STANDARDS:
        needed = [spec["form"], *(c[1].get("title") for c in _flat(spec["checks"]) if c[1].get("title"))]
        if any(code not in forms for code in needed):
            continue
        if rules.filter(award_form=forms[spec["form"]], recipient_kind=spec["kind"], province__isnull=True).exists():
            continue
        rule = rules.create(
            award_form=forms[spec["form"]],
            recipient_kind=spec["kind"],
            name=spec["name"],
            note=spec["note"],
            source=spec["source"],
            valid_from=REFORM,
        )
        _checks(check_rows, forms, rule, spec["checks"])


def _flat(specs):
    for spec in specs:
        yield spec
        yield from _flat(spec[2])
