"""Fixtures and helpers for nomination dossiers: the school of Cổ Lễ nominated for a Giấy khen
(decided by the commune) or a Bằng khen of the province chairman (forwarded to the province)."""

import pytest

from accounts.models import User
from awards import services
from awards.models import AwardForm, Nomination, Occasion
from campaigns.models import ParticipatingUnit, Plan
from tests.awards.helpers import Status, advance, fresh


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every upload of these tests lands in a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def school(db) -> ParticipatingUnit:
    return ParticipatingUnit.objects.get(name="Trường Trung học cơ sở Cổ Lễ")


@pytest.fixture
def economic_office(db) -> ParticipatingUnit:
    return ParticipatingUnit.objects.get(name="Phòng Kinh tế xã Cổ Lễ")


@pytest.fixture
def giay_khen(db) -> AwardForm:
    return AwardForm.objects.get(code="giay_khen")


@pytest.fixture
def bang_khen_tinh(db) -> AwardForm:
    return AwardForm.objects.get(code="bang_khen_chu_tich_tinh")


@pytest.fixture
def other_unit_reporter(db, economic_office) -> User:
    """Reporter of another unit of the same commune (Phòng Kinh tế xã Cổ Lễ)."""
    return User.objects.create_user(
        "kinhte.cole",
        password="demo12345",
        role=User.Role.REPORTER,
        admin_unit=economic_office.admin_unit,
        participating_unit=economic_office,
    )


@pytest.fixture
def make_nomination(commune_officer, plan_co_le, school, giay_khen):
    def make(*, by: User | None = None, award_form: AwardForm | None = None, **fields) -> Nomination:
        data = {
            "plan": plan_co_le,
            "occasion": Occasion.ANNUAL,
            "award_form": award_form or giay_khen,
            "nominee_kind": Nomination.NomineeKind.COLLECTIVE,
            "unit": school,
            "achievements": "Hoàn thành xuất sắc chuyển đổi số trong dạy học năm học 2025 - 2026.",
        }
        data.update(fields)
        return services.nomination_create(by=by or commune_officer, **data)

    return make


# --- The province's queue: dossiers forwarded by Cổ Lễ and Xuân Trường, another province ---


@pytest.fixture
def bang_khen_thu_tuong(db) -> AwardForm:
    return AwardForm.objects.get(code="bang_khen_thu_tuong")


@pytest.fixture
def nghe_an_reviewer(db) -> User:
    """A reviewer of another province (Nghệ An)."""
    from tests.awards.test_province_workflow import make_reviewer

    return make_reviewer("sonoivu.nghean", "Nghệ An")


@pytest.fixture
def dossier(make_nomination, commune_officer, bang_khen_tinh) -> Nomination:
    """A Bằng khen của Chủ tịch UBND tỉnh for the school of Cổ Lễ, forwarded to the province."""
    from tests.awards.test_province_workflow import forwarded

    return forwarded(make_nomination, commune_officer, bang_khen_tinh)


@pytest.fixture
def xuan_truong_dossier(neighbour_officer, bang_khen_thu_tuong) -> Nomination:
    """A Bằng khen của Thủ tướng for a unit of Xuân Trường, forwarded to the province."""
    plan = Plan.objects.filter(issuer__name="Xuân Trường", status=Plan.Status.ISSUED).order_by("pk").first()
    unit = ParticipatingUnit.objects.filter(admin_unit=plan.issuer, is_active=True).order_by("pk").first()
    nomination = services.nomination_create(
        by=neighbour_officer,
        plan=plan,
        occasion="annual",
        award_form=bang_khen_thu_tuong,
        nominee_kind="collective",
        unit=unit,
        achievements="Dẫn đầu tỉnh về chuyển đổi xanh.",
    )
    nomination = advance(nomination, neighbour_officer, to=Status.COUNCIL_REVIEWED)
    services.nomination_forward(nomination=nomination, by=neighbour_officer, version=nomination.version)
    return fresh(nomination)
