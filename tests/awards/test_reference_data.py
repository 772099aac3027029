"""The law's reference rows: every title and form of the law, who decides each in which
period (the district until 30/06/2025, the commune since), the kinds of commendation, and
the one lookup that routes decisions, dossiers and the register by date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Authority, AwardForm, CommendationKind, DecidingLevel, RegisterEntry, deciding_level
from awards.services import decisions as services
from awards.services.register import register_entry_add
from tests.awards import test_migrations
from tests.awards.decision_helpers import draft, form, people, scan

pytestmark = pytest.mark.django_db
scratch = test_migrations.scratch  # the scratch database of the migration tests
BEFORE, AFTER = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)

# DOMAIN.md "Titles and forms": code → (kind, recipients, level deciding since 01/07/2025).
LAW_TABLE = {
    "lao_dong_tien_tien": ("title", "individual", "commune"),
    "chien_si_thi_dua_co_so": ("title", "individual", "commune"),
    "tap_the_lao_dong_tien_tien": ("title", "collective", "commune"),
    "gia_dinh_van_hoa": ("title", "household", "commune"),
    "thon_van_hoa": ("title", "village", "commune"),
    "giay_khen": ("form", "all", "commune"),
    "chien_si_thi_dua_tinh": ("title", "individual", "province"),
    "tap_the_lao_dong_xuat_sac": ("title", "collective", "province"),
    "co_thi_dua_tinh": ("title", "collective", "province"),
    "bang_khen_chu_tich_tinh": ("form", "all", "province"),
    "xa_tieu_bieu": ("title", "commune", "province"),
    "bang_khen_thu_tuong": ("form", "all", "national"),
    "co_thi_dua_chinh_phu": ("title", "collective", "national"),
    "chien_si_thi_dua_toan_quoc": ("title", "individual", "national"),
    "huan_chuong_lao_dong_hang_nhat": ("form", "both", "national"),
    "huan_chuong_lao_dong_hang_nhi": ("form", "both", "national"),
    "huan_chuong_lao_dong_hang_ba": ("form", "both", "national"),
    "huy_chuong_huu_nghi": ("form", "individual", "national"),
}


def test_every_title_and_form_of_the_law_is_a_row_with_its_authority_since_the_reform():
    for code, (kind, recipients, level) in LAW_TABLE.items():
        award_form = AwardForm.objects.get(code=code)
        assert (award_form.kind, award_form.recipients) == (kind, recipients), code
        authority = Authority.on(award_form, AFTER)
        assert authority.level == level and authority.source, code


def test_the_district_decided_until_30_6_2025_and_the_commune_since():
    for code in ("chien_si_thi_dua_co_so", "tap_the_lao_dong_tien_tien", "lao_dong_tien_tien"):
        assert deciding_level(form(code), BEFORE) == DecidingLevel.DISTRICT, code
        assert deciding_level(form(code), AFTER) == DecidingLevel.COMMUNE, code
    old = Authority.on(form("chien_si_thi_dua_co_so"), BEFORE)
    assert "huyện" in old.office and old.valid_to == BEFORE
    district_giay_khen = form("giay_khen_huyen")
    assert deciding_level(district_giay_khen, BEFORE) == "district" and deciding_level(district_giay_khen, AFTER) == ""
    assert not district_giay_khen.is_active


def test_a_commune_decision_of_a_title_is_judged_by_its_date(commune_officer, school):
    individual = people(commune_officer, school)["individual"]
    cstdcs = form("chien_si_thi_dua_co_so")
    before = draft(commune_officer, decided_on=BEFORE)
    with pytest.raises(ValidationError) as refused:
        services.line_add(decision=before, by=commune_officer, awardee=individual, award_form=cstdcs, achievement="x")
    assert "không có thẩm quyền" in refused.value.messages[0] and "huyện" in refused.value.messages[0]
    after = draft(commune_officer, decided_on=AFTER)
    line = services.line_add(decision=after, by=commune_officer, awardee=individual, award_form=cstdcs, achievement="x")
    assert line.pk


def test_a_district_award_copied_into_the_register_keeps_the_district_level(commune_officer, school):
    individual = people(commune_officer, school)["individual"]
    entry = register_entry_add(
        by=commune_officer,
        awardee=individual,
        award_form=form("chien_si_thi_dua_co_so"),
        decision_number="298/QĐ-UBND",
        decision_date=datetime.date(2024, 12, 20),
        issuer_name="",
    )
    assert entry.level == "district" and "huyện" in entry.issuer_name


def test_households_still_get_a_giay_khen_and_villages_the_village_title(commune_officer, school):
    assert form("giay_khen").suits("household") and form("giay_khen").suits("collective")
    assert form("thon_van_hoa").suits("collective") and not form("thon_van_hoa").suits("individual")
    assert not form("huan_chuong_lao_dong_hang_ba").suits("household")


def test_two_authority_rows_of_one_form_may_not_overlap():
    row = Authority(
        award_form=form("lao_dong_tien_tien"), level="province", office="x", valid_from=AFTER, source="giả định"
    )
    with pytest.raises(ValidationError, match="Trùng thời gian"):
        row.full_clean()


def test_kinds_of_commendation_are_rows_and_thematic_sudden_do_not_count():
    counts = dict(CommendationKind.objects.values_list("code", "counts_toward_higher"))
    assert counts == {
        "campaign": True,
        "thematic": False,
        "merit": True,
        "sudden": False,
        "contribution": True,
        "service": True,
        "foreign": True,
    }


def test_a_signed_decision_gives_its_kind_to_its_register_entries(commune_officer, school):
    decision = draft(commune_officer, kind=CommendationKind.objects.get(code="thematic"))
    awardee = people(commune_officer, school)["collective"]
    giay_khen = form("giay_khen")
    services.line_add(decision=decision, by=commune_officer, awardee=awardee, award_form=giay_khen, achievement="x")
    decision.refresh_from_db()
    version = decision.version
    services.decision_sign(
        decision=decision, by=commune_officer, version=version, number="9/QĐ-UBND", decided_on=AFTER, scan=scan()
    )
    assert decision.kind_id == "thematic"  # the code, as the column always held
    assert RegisterEntry.objects.get(decision_line__decision=decision).kind.code == "thematic"


def test_an_administrator_changes_an_authority_with_a_version_kept(admin_client):
    authority = Authority.on(form("lao_dong_tien_tien"), AFTER)
    url = reverse("admin:awards_authority_change", args=[authority.pk])
    data = {
        "award_form": authority.award_form_id,
        "level": "province",
        "office": "Chủ tịch Ủy ban nhân dân tỉnh",
        "valid_from": "01/07/2025",
        "valid_to": "",
        "source": "Giả định để thử",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert deciding_level(form("lao_dong_tien_tien"), AFTER) == "province"
    assert authority.history.count() >= 1 and authority.history.first().level == "province"
    assert admin_client.get(reverse("admin:awards_authority_history", args=[authority.pk])).status_code == 200


# --- The existing rows map onto the new ones (awards 0015–0016, on a scratch database) ---------


@pytest.mark.django_db
def test_existing_forms_decisions_and_register_map_without_loss(scratch):
    ALIAS, migrate = test_migrations.ALIAS, test_migrations.migrate  # noqa: N806

    apps = migrate(scratch, [("awards", "0014_council")])
    model = lambda label: apps.get_model(*label.split(".")).objects.using(ALIAS)  # noqa: E731
    user = model("accounts.User").create(username="cole", password="x")
    province = model("campaigns.AdministrativeUnit").create(name="Ninh Bình", kind="tinh")
    commune = model("campaigns.AdministrativeUnit").create(name="Cổ Lễ", kind="xa", province=province)
    awardee = model("awards.Awardee").create(kind="household", admin_unit=commune, name="Trần Văn Hùng", address="x")
    custom = model("awards.AwardForm").create(
        code="ky_niem_chuong", name="Kỷ niệm chương", granted_by="Bộ", level="province", recipients="both", rank=8
    )
    # The earlier seeds wrote to the default database: the forms of the time, as they were.
    giay_khen = model("awards.AwardForm").create(
        code="giay_khen", name="Giấy khen", granted_by="Chủ tịch UBND xã", level="commune", recipients="both", rank=6
    )
    model("awards.AwardForm").create(
        code="chien_si_thi_dua_co_so",
        name="Chiến sĩ thi đua cơ sở",
        granted_by="Chủ tịch UBND xã",
        level="commune",
        recipients="individual",
        rank=6,
        valid_from=datetime.date(2025, 7, 1),
    )
    decision = model("awards.Decision").create(admin_unit=commune, kind="sudden", title="Đột xuất", created_by=user)
    line = model("awards.DecisionLine").create(
        decision=decision, number=1, awardee=awardee, award_form=giay_khen, achievement="Cứu người"
    )
    model("awards.RegisterEntry").create(
        admin_unit=commune,
        year=2026,
        register_number=1,
        awardee=awardee,
        award_form=giay_khen,
        level="commune",
        issuer_name="UBND xã Cổ Lễ",
        decision_number="5/QĐ-UBND",
        decision_date=datetime.date(2026, 3, 2),
        decision_line=line,
        source="decision",
    )

    apps = migrate(scratch, [("awards", "0016_seed_titles_authorities")])
    model = lambda label: apps.get_model(*label.split(".")).objects.using(ALIAS)  # noqa: E731
    decision = model("awards.Decision").get(pk=decision.pk)
    assert decision.kind_id == "sudden" and decision.kind.counts_toward_higher is False
    assert model("awards.RegisterEntry").get().kind.code == "sudden"
    giay_khen = model("awards.AwardForm").get(code="giay_khen")
    assert (giay_khen.recipients, giay_khen.kind, giay_khen.level) == ("all", "form", "commune")
    assert model("awards.DecisionLine").get().award_form_id == giay_khen.pk
    titles = model("awards.AwardForm").filter(code="chien_si_thi_dua_co_so").get()
    assert titles.valid_from is None and titles.authorities.count() == 2
    # A form an administrator added keeps its level and gets no invented authority rows.
    custom = model("awards.AwardForm").get(pk=custom.pk)
    assert custom.level == "province" and not custom.authorities.exists()
