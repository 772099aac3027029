"""Fixtures and helpers for nomination dossiers: the school of Cổ Lễ nominated for a Giấy khen
(decided by the commune) or a Bằng khen of the province chairman (forwarded to the province)."""

import pytest

from accounts.models import User
from awards import services
from awards.models import AwardForm, Nomination, Occasion
from campaigns.models import ParticipatingUnit


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
