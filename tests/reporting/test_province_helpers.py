"""Actors and helpers for the province's side of reporting (imported by the other
test_province_* modules; this module holds no tests of its own)."""

import pytest

from accounts.models import User
from campaigns.models import AdministrativeUnit, Campaign, ParticipatingUnit, Plan
from reporting.models import CommuneReport
from reporting.selectors import commune_reports as province
from reporting.services import commune_reports as province_services


def unit_named(name: str) -> ParticipatingUnit:
    return ParticipatingUnit.objects.get(name=name)


def commune_named(name: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(name=name, province__isnull=False)


@pytest.fixture
def province_plan(plan_ninh_binh) -> Plan:
    """The Ninh Bình plan (a draft in the demo data), issued as the real one was: 02/KH-UBND,
    09/7/2025; communes and departments report before 15/12."""
    Plan.objects.filter(pk=plan_ninh_binh.pk).update(status="issued", number="02/KH-UBND", issued_on="2025-07-09")
    return Plan.objects.get(pk=plan_ninh_binh.pk)


@pytest.fixture
def co_le(db) -> AdministrativeUnit:
    return commune_named("Cổ Lễ")


@pytest.fixture
def xuan_truong(db) -> AdministrativeUnit:
    return commune_named("Xuân Trường")


@pytest.fixture
def nghe_an_reviewer(db) -> User:
    """A reviewer of the Department of Home Affairs of Nghệ An (another province)."""
    return User.objects.create_user(
        "nghean",
        password="demo12345",
        role=User.Role.REVIEWER,
        admin_unit=AdministrativeUnit.objects.get(name="Nghệ An"),
    )


@pytest.fixture
def province_viewer(db) -> User:
    """A read-only account at the province of Ninh Bình."""
    return User.objects.create_user(
        "xem.ninhbinh",
        password="demo12345",
        role=User.Role.VIEWER,
        admin_unit=AdministrativeUnit.objects.get(name="Ninh Bình"),
    )


@pytest.fixture
def department_reporter(db) -> User:
    """The reporter of a province department (Sở Khoa học và Công nghệ, Ninh Bình)."""
    unit = unit_named("Sở Khoa học và Công nghệ")
    return User.objects.create_user(
        "sokhcn", password="demo12345", role=User.Role.REPORTER, admin_unit=unit.admin_unit, participating_unit=unit
    )


@pytest.fixture
def nghe_an_plan(db, outsider) -> Plan:
    """An issued province plan of Nghệ An, with a report of phường Tây Hiếu under it."""
    plan = Plan.objects.create(
        issuer=AdministrativeUnit.objects.get(name="Nghệ An"),
        campaign=Campaign.objects.first(),
        status="issued",
        number="430/KH-UBND",
        issued_on="2025-06-06",
        title="Thực hiện phong trào thi đua trên địa bàn tỉnh Nghệ An",
        period_start=2025,
        period_end=2030,
    )
    plan.contents.create(number=1, text="Nội dung của tỉnh Nghệ An")
    return plan


@pytest.fixture
def tay_hieu_report(nghe_an_plan, outsider) -> CommuneReport:
    return write(nghe_an_plan, 2026, outsider.admin_unit, outsider)


def write(plan: Plan, year: int, commune: AdministrativeUnit, by: User, text: str = "Đã thực hiện") -> CommuneReport:
    """A complete draft of the commune's report, saved through the service."""
    page = province.commune_report_page(plan=plan, year=year, commune=commune)
    return province_services.commune_report_save(
        plan=plan,
        year=year,
        commune=commune,
        by=by,
        version=page.report.version if page.report else 0,
        narratives={c.pk: f"{text} nội dung {c.number}" for c in page.contents},
        general_assessment=f"{text}: đánh giá chung",
    )


def submit(plan: Plan, year: int, commune: AdministrativeUnit, by: User, text: str = "Đã thực hiện") -> CommuneReport:
    report = write(plan, year, commune, by, text)
    return province_services.commune_report_submit(report=report, by=by, version=report.version, confirmed=True)


def form_data(page, text: str = "Đã thực hiện", **extra) -> dict:
    """POST data of the commune report form with every item written."""
    data = {"version": page.report.version if page.report else 0, "general_assessment": f"{text}: đánh giá chung"}
    for content in page.contents:
        data[f"narrative_{content.pk}"] = f"{text} nội dung {content.number}"
    data.update(extra)
    return data
