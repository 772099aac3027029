"""load_demo holds the five real plans item for item.

The expected figures and sentences below were read off the seed documents by hand, not
from the data files, so a transcription slip in either place fails here.
"""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from campaigns.demo.loader import read_manifest, read_plan_file
from campaigns.exchange import plan_to_data
from campaigns.models import ParticipatingUnit, Plan
from campaigns.selectors import plan_document_queryset

pytestmark = pytest.mark.django_db

OFFICE, FRONT, ENTERPRISE, INDIVIDUAL = (
    "Cơ quan, đơn vị",
    "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
    "Doanh nghiệp",
    "Cá nhân",
)
LADDER_004 = [
    "Huân chương Lao động",
    "Cờ thi đua của Chính phủ",
    "Bằng khen của Thủ tướng Chính phủ",
    "Cờ thi đua của Ủy ban nhân dân tỉnh tỉnh",
    "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "Giấy khen",
]

EXPECTED = {
    "Ninh Bình": {  # seed 004, the province's draft
        "status": "draft",
        "number": "",
        "issued_on": None,
        "purposes": 3,
        "requirements": 2,
        "contents": 7,
        "criteria": {OFFICE: 6, FRONT: 2, ENTERPRISE: 3, INDIVIDUAL: 2},
        "award_forms": {"final": LADDER_004},
        "solutions": 5,
        "phases": [("Giai đoạn 1", 2025, 2027, "preliminary", 2027), ("Giai đoạn 2", 2027, 2030, "final", 2030)],
        "deadlines": [(15, 12, "Sở Nội vụ")],
        "responsibilities": 8,
        "recipients": 14,
        "signer": None,
        "parents": [("Quyết định", "923/QĐ-TTg", datetime.date(2025, 5, 14), None)],
        "content": (
            6,
            "Thi đua bảo đảm quốc phòng và an ninh, an toàn, an ninh mạng, chủ quyền quốc gia trên nền tảng số và "
            "không gian mạng gắn với triển khai thực hiện nghiêm túc, có hiệu quả Nghị quyết số 29-NQ/TW ngày "
            "25/7/2018 của Bộ Chính trị (khóa XII) về “Chiến lược bảo vệ Tổ quốc trên không gian mạng” trên địa "
            "bàn tỉnh.",
        ),
    },
    "Cổ Lễ": {  # seed 000
        "status": "issued",
        "number": "",
        "issued_on": None,
        "purposes": 3,
        "requirements": 2,
        "contents": 4,
        "criteria": {OFFICE: 4, FRONT: 2, ENTERPRISE: 3, INDIVIDUAL: 2},
        "award_forms": {
            "final": LADDER_004[:3]
            + [
                "Cờ thi đua của Ủy ban nhân dân tỉnh",
                "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                "Giấy khen của UBND xã",
            ]
        },
        "solutions": 5,
        "phases": [("Giai đoạn 1", 2025, 2027, "preliminary", 2027), ("Giai đoạn 2", 2027, 2030, "final", 2030)],
        "deadlines": [(10, 12, "Phòng Văn hóa - Xã hội")],
        "responsibilities": 6,
        "recipients": 8,
        "signer": ("TM. ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", "Vũ Mạnh Cường"),
        "parents": [
            ("Kế hoạch", "02/KH-UBND", datetime.date(2025, 7, 9), "Ninh Bình"),
            ("Văn bản", "02/UBND-VP7", datetime.date(2025, 7, 9), None),
        ],
        "content": (
            3,
            "Thi đua phát triển kinh tế số, phát triển doanh nghiệp công nghệ số, doanh nghiệp khoa học công nghệ và "
            "doanh nghiệp khởi nghiệp sáng tạo. Tạo bước chuyển mạnh mẽ về hạ tầng số, nhân lực số, hệ sinh thái "
            "khoa học công nghệ, đổi mới sáng tạo: Từng bước xây dựng chính quyền số, thúc đẩy hoạt động khoa học "
            "công nghệ, đổi mới sáng tạo và chuyển đổi số trong doanh nghiệp để nâng cao năng lực cạnh tranh của "
            "doanh nghiệp.",
        ),
    },
    "Xuân Trường": {  # seed 001
        "status": "issued",
        "number": "87/KH-UBND",
        "issued_on": datetime.date(2026, 5, 15),
        "purposes": 3,
        "requirements": 2,
        "contents": 5,
        "criteria": {OFFICE: 4, FRONT: 3, ENTERPRISE: 4, INDIVIDUAL: 2},
        "award_forms": {},
        "solutions": 7,
        "phases": [("Giai đoạn 1", 2026, 2027, "preliminary", 2027), ("Giai đoạn 2", 2028, 2030, "final", 2030)],
        "deadlines": [],
        "responsibilities": 5,
        "recipients": 7,
        "signer": ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Ngọc Vinh"),
        "parents": [("Kế hoạch", "118/KH-UBND", datetime.date(2026, 4, 15), None)],
        "content": (2, "Thi đua phát triển hạ tầng số, hạ tầng xanh hiện đại, đồng bộ, an ninh, an toàn, hiệu quả."),
    },
    "Tây Hiếu": {  # seed 002
        "status": "issued",
        "number": "",
        "issued_on": None,
        "purposes": 3,
        "requirements": 2,
        "contents": 6,
        "criteria": {OFFICE: 5, FRONT: 2, ENTERPRISE: 3, INDIVIDUAL: 2},
        "award_forms": {
            "final": [
                "Huân chương Lao động",
                "Cờ Thi đua của Chính phủ",
                "Bằng khen của Thủ tướng Chính phủ",
                "Cờ Thi đua của Ủy ban nhân dân tỉnh",
                "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                "Giấy khen",
            ]
        },
        "solutions": 3,
        "phases": [("Giai đoạn 1", 2025, 2027, "preliminary", 2027), ("Giai đoạn 2", 2027, 2030, "final", 2030)],
        "deadlines": [(None, None, "Sở Nội vụ")],
        "responsibilities": 5,
        "recipients": 8,
        "signer": ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Khánh Kiều"),
        "parents": [
            ("Quyết định", "923/QĐ-TTg", datetime.date(2025, 5, 14), None),
            ("Kế hoạch", "430/KH-UBND", datetime.date(2025, 6, 6), None),
        ],
        "content": (
            6,
            "Thi đua bảo đảm quốc phòng và an ninh, an toàn, an ninh mạng, chủ quyền quốc gia trên nền tảng số và "
            "không gian mạng.",
        ),
    },
    "Vĩnh Bảo": {  # seed 003: no criteria, solutions or phases sections
        "status": "issued",
        "number": "",
        "issued_on": None,
        "purposes": 3,
        "requirements": 3,
        "contents": 6,
        "criteria": {},
        "award_forms": {
            "general": [
                "Huân chương Lao động",
                "Cờ Thi đua của Chính phủ",
                "Bằng khen của Thủ tướng Chính phủ",
                "Cờ Thi đua của UBND thành phố",
                "Bằng khen của Chủ tịch UBND thành phố",
                "Giấy khen của Chủ tịch Ủy ban nhân dân xã",
            ]
        },
        "solutions": 0,
        "phases": [],
        "deadlines": [(5, 12, "Phòng Văn hoá - Xã hội")],
        "responsibilities": 7,
        "recipients": 8,
        "signer": ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hà"),
        "parents": [("Công văn", "2144/UBND-NVKTGS", datetime.date(2025, 8, 15), None)],
        "content": (
            5,
            "Thi đua phát triển kinh tế số, phát triền doanh nghiệp công nghệ số. Thúc đẩy chuyển đổi sổ trong "
            "doanh nghiệp để nâng cao năng lực cạnh tranh của doanh nghiệp và cả nền kinh tế.",
        ),
    },
}


@pytest.fixture
def plan(request):
    return plan_document_queryset().get(issuer__name=request.param)


def _forms_by_occasion(plan):
    result: dict[str, list[str]] = {}
    for section in plan.award_sections.all():
        for form in section.forms.all():
            for occasion in section.occasions or ["general"]:
                result.setdefault(occasion, []).append(form.name_in_plan)
    return result


@pytest.mark.parametrize("plan", EXPECTED, indirect=True)
def test_each_seed_is_loaded_item_for_item(plan):
    expected = EXPECTED[plan.issuer.name]
    assert plan.status == expected["status"]
    assert plan.number == expected["number"]
    assert plan.issued_on == expected["issued_on"]
    assert len(plan.purposes.all()) == expected["purposes"]
    assert len(plan.requirements.all()) == expected["requirements"]
    assert [c.number for c in plan.contents.all()] == list(range(1, expected["contents"] + 1))
    number, text = expected["content"]
    assert plan.contents.get(number=number).text == text
    assert {g.subject_type.name: len(g.criteria.all()) for g in plan.criterion_groups.all()} == expected["criteria"]
    assert _forms_by_occasion(plan) == expected["award_forms"]
    assert len(plan.solutions.all()) == expected["solutions"]
    assert [(p.name, p.start_year, p.end_year, p.review, p.review_year) for p in plan.phases.all()] == expected[
        "phases"
    ]
    assert [(d.day, d.month, d.via) for d in plan.deadlines.all()] == expected["deadlines"]
    assert len(plan.responsibilities.all()) == expected["responsibilities"]
    assert len(plan.recipients.all()) == expected["recipients"]
    signer = (plan.signer_capacity, plan.signer_delegation, plan.signer_title, plan.signer_name)
    assert signer == (expected["signer"] or ("", "", "", ""))
    parents = [
        (p.kind, p.number, p.date, p.parent_plan.issuer.name if p.parent_plan else None) for p in plan.parents.all()
    ]
    assert parents == expected["parents"]


def test_every_plan_validates_after_loading():
    for plan in plan_document_queryset():
        plan.full_clean()
        for section in ("purposes", "contents", "phases", "deadlines", "responsibilities", "parents"):
            for item in getattr(plan, section).all():
                item.full_clean()


def test_the_chain_links_the_commune_plan_to_the_province_plan(plan_co_le, plan_ninh_binh):
    assert plan_co_le.ancestors() == [plan_ninh_binh]
    assert list(Plan.objects.filter(parents__parent_plan=plan_ninh_binh)) == [plan_co_le]


def test_individuals_keep_the_other_subjects_criterion_verbatim(plan_ninh_binh):
    group = plan_ninh_binh.criterion_groups.get(subject_type__code="individual")
    assert group.heading == "Đối với cá nhân"
    assert group.criteria.last().text == (
        "Đối tượng khác: Có nhiều đóng góp về công sức, trí tuệ, vật chất, sáng kiến vào quá trình phát triển khoa "
        "học, công nghệ, đổi mới sáng tạo, chuyển đổi số của tỉnh."
    )


def test_vinh_bao_also_runs_binh_dan_hoc_vu_so(plan_vinh_bao):
    assert [c.name for c in plan_vinh_bao.other_campaigns.all()] == ["Bình dân học vụ số"]
    assert plan_vinh_bao.award_subjects.startswith("Các cơ quan, đơn vị thuộc xã, Ủy ban Mặt trận Tổ quốc")


def test_demo_accounts_can_log_in_with_their_roles(client):
    roles = {
        "admin": (None, ""),
        "cole": ("Cổ Lễ", "officer"),
        "xuantruong": ("Xuân Trường", "officer"),
        "tayhieu": ("Tây Hiếu", "officer"),
        "vinhbao": ("Vĩnh Bảo", "officer"),
        "ninhbinh": ("Ninh Bình", "reviewer"),
        "donvi.cole": ("Cổ Lễ", "reporter"),
    }
    for username, (unit, role) in roles.items():
        user = User.objects.get(username=username)
        assert (user.admin_unit.name if user.admin_unit else None, user.role) == (unit, role)
        response = client.post(reverse("login"), {"username": username, "password": "demo12345"})
        assert response.status_code == 302, username
        client.logout()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="donvi.cole").participating_unit.admin_unit.name == "Cổ Lễ"


def test_each_commune_has_units_of_several_subject_types_with_emails():
    for commune in ("Cổ Lễ", "Xuân Trường", "Tây Hiếu", "Vĩnh Bảo"):
        units = ParticipatingUnit.objects.filter(admin_unit__name=commune)
        assert units.count() >= 4
        assert units.values("subject_type").distinct().count() >= 3
        assert all(unit.email for unit in units)


def test_running_load_demo_twice_changes_nothing():
    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"accounts", "campaigns", "criteria", "awards", "reporting"}
    ]
    before = {m._meta.label: m.objects.count() for m in models}
    plan_updates = dict(Plan.objects.values_list("pk", "updated_at"))
    call_command("load_demo", stdout=io.StringIO())
    assert {m._meta.label: m.objects.count() for m in models} == before
    assert dict(Plan.objects.values_list("pk", "updated_at")) == plan_updates


@pytest.mark.parametrize("entry", read_manifest()["plans"], ids=lambda e: e["file"])
def test_loaded_plan_exports_exactly_its_data_file(entry):
    """Nothing is lost between the data file and the database: every key comes back."""
    source = read_plan_file(entry["file"])
    plan = plan_document_queryset().get(title=source["title"])
    exported = plan_to_data(plan)
    for parent in exported["parents"]:
        del parent["plan_id"]
    del exported["issuer"]["province"]
    for key, value in source.items():
        if key != "key":
            assert exported[key] == value, key
