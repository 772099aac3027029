"""Search forgives missing accents and case, and names sort in Vietnamese order, on SQLite and
on PostgreSQL (CI runs the suite on PostgreSQL: the same tests cover unaccent and ICU)."""

import pytest
from django.urls import reverse

from accounts.search import fold, search, sort_key
from awards.models import Nomination
from campaigns.models import ParticipatingUnit, Plan
from campaigns.selectors.units import filter_units
from criteria.models import SubjectType

pytestmark = pytest.mark.django_db


def test_fold_drops_case_and_diacritics():
    assert fold("  Trường   ĐÔNG Thượng ") == "truong dong thuong"


def test_vietnamese_alphabet_order_in_python():
    names = ["Đông", "Dương", "Ba", "Ân", "An", "Ăn", "Uy", "Ưu"]
    assert sorted(names, key=sort_key) == ["An", "Ăn", "Ân", "Ba", "Dương", "Đông", "Uy", "Ưu"]


@pytest.fixture
def dong_thuong(plan_co_le):
    return ParticipatingUnit.objects.create(
        admin_unit=plan_co_le.issuer, name="Thôn Đông Thượng", subject_type=SubjectType.objects.first()
    )


def test_units_match_without_accents(dong_thuong):
    units = ParticipatingUnit.objects.filter(admin_unit=dong_thuong.admin_unit)
    assert dong_thuong in search(units, "dong thuong", ["name"])
    assert dong_thuong in search(units, "ĐÔNG", ["name"])
    found = search(units, "truong  TRUNG hoc", ["name"]).values_list("name", flat=True)
    assert "Trường Trung học cơ sở Cổ Lễ" in set(found)
    assert not search(units, "dong thuongx", ["name"]).exists()


def test_the_unit_list_searches_and_sorts_in_vietnamese(client, commune_officer, dong_thuong):
    client.force_login(commune_officer)
    page = client.get(reverse("campaigns:unit_list"), {"q": "truong"})
    assert "Trường Trung học cơ sở Cổ Lễ" in page.content.decode()
    names = list(
        filter_units(ParticipatingUnit.objects.filter(admin_unit=dong_thuong.admin_unit)).values_list("name", flat=True)
    )
    assert names == sorted(names, key=sort_key)


def test_the_database_sorts_d_before_dj_and_a_before_breve(plan_co_le):
    subject = SubjectType.objects.first()
    for name in ("Đồng", "Dương", "Ấp", "Ba"):
        ParticipatingUnit.objects.create(admin_unit=plan_co_le.issuer, name=f"ZZ {name}", subject_type=subject)
    got = [
        n for n in filter_units(ParticipatingUnit.objects.all()).values_list("name", flat=True) if n.startswith("ZZ")
    ]
    assert got == ["ZZ Ấp", "ZZ Ba", "ZZ Dương", "ZZ Đồng"]


def test_plans_match_without_accents(client, commune_officer):
    client.force_login(commune_officer)
    plans = list(client.get(reverse("campaigns:plan_list"), {"q": "TREN dia ban xa co le"}).context["page"])
    assert [p.issuer.name for p in plans] == ["Cổ Lễ"]
    assert all(isinstance(p, Plan) for p in plans)


def test_dossiers_match_the_nominee_without_accents(client, commune_officer, plan_co_le):
    from awards import services
    from awards.models import AwardForm, Occasion

    services.nomination_create(
        by=commune_officer,
        plan=plan_co_le,
        occasion=Occasion.ANNUAL,
        award_form=AwardForm.objects.get(code="giay_khen"),
        nominee_kind=Nomination.NomineeKind.INDIVIDUAL,
        unit=ParticipatingUnit.objects.get(name="Trường Trung học cơ sở Cổ Lễ"),
        individual_name="Nguyễn Thị Hạnh",
        individual_position="Giáo viên",
        achievements="Giáo viên dạy giỏi cấp tỉnh.",
    )
    client.force_login(commune_officer)
    page = client.get(reverse("awards:nomination_list"), {"q": "nguyen thi hanh"})
    assert [n.individual_name for n in page.context["page"]] == ["Nguyễn Thị Hạnh"]
    assert not list(client.get(reverse("awards:nomination_list"), {"q": "tran van"}).context["page"])
