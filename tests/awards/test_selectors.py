"""Scoping and the award-form rule."""

import pytest

from accounts.models import User
from awards import selectors
from awards.models import AwardForm, Nomination
from campaigns.models import Plan
from tests.awards.helpers import Status, advance

pytestmark = pytest.mark.django_db


def test_visibility_by_role(
    make_nomination,
    commune_officer,
    unit_reporter,
    other_unit_reporter,
    neighbour_officer,
    outsider,
    province_reviewer,
    commune_viewer,
    superuser,
    bang_khen_tinh,
):
    draft = make_nomination(by=unit_reporter)
    forwarded = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)
    Nomination.objects.filter(pk=forwarded.pk).update(status=Status.FORWARDED)

    def visible(user: User) -> set[int]:
        return set(Nomination.objects.visible_to(user).values_list("pk", flat=True))

    assert visible(commune_officer) == visible(commune_viewer) == {draft.pk, forwarded.pk}
    assert visible(unit_reporter) == {draft.pk, forwarded.pk}  # both are the school's
    assert visible(other_unit_reporter) == set()
    assert visible(neighbour_officer) == visible(outsider) == set()
    assert visible(province_reviewer) == {forwarded.pk}
    assert visible(superuser) == {draft.pk, forwarded.pk}


def test_plans_open_for_nominations_are_the_communes_issued_plans(
    commune_officer, unit_reporter, province_reviewer, commune_viewer, plan_co_le
):
    assert list(selectors.plans_open_for_nominations(commune_officer)) == [plan_co_le]
    assert list(selectors.plans_open_for_nominations(unit_reporter)) == [plan_co_le]
    assert not selectors.plans_open_for_nominations(province_reviewer).exists()
    assert not selectors.plans_open_for_nominations(commune_viewer).exists()


def codes(forms) -> list[str]:
    return [f.code for f in forms]


def test_final_review_offers_the_forms_the_plan_lists(plan_co_le):
    listed = codes(selectors.award_forms_for(plan=plan_co_le, occasion="final", nominee_kind="individual"))
    assert listed == ["huan_chuong_lao_dong", "bang_khen_thu_tuong", "bang_khen_chu_tich_tinh", "giay_khen"]


def test_inactive_forms_are_not_offered(plan_co_le):
    AwardForm.objects.filter(code="huan_chuong_lao_dong").update(is_active=False)
    assert "huan_chuong_lao_dong" not in codes(selectors.award_forms_for(plan=plan_co_le, occasion="annual"))


def test_a_section_without_occasion_lists_forms_for_every_occasion(plan_vinh_bao):
    """Vĩnh Bảo lists its ladder once, under "Hình thức và danh hiệu khen thưởng"."""
    section = plan_vinh_bao.award_sections.get(for_annual=False, for_preliminary=False, for_final=False)
    section.forms.exclude(award_form__code="giay_khen").delete()
    assert codes(selectors.award_forms_for(plan=plan_vinh_bao, occasion="annual")) == ["giay_khen"]
    assert codes(selectors.award_forms_for(plan=plan_vinh_bao, occasion="final")) == ["giay_khen"]


def test_no_plan_or_occasion_offers_nothing(plan_co_le):
    assert not selectors.award_forms_for(plan=None, occasion="annual").exists()
    assert not selectors.award_forms_for(plan=plan_co_le, occasion="").exists()
    assert not selectors.award_forms_for(plan=plan_co_le, occasion="bogus").exists()


def test_home_summary_for_officer_counts_the_queue(make_nomination, commune_officer, unit_reporter):
    advance(make_nomination(), commune_officer, to=Status.SUBMITTED)
    advance(make_nomination(), commune_officer, to=Status.APPRAISED)
    make_nomination()
    summary = selectors.home_summary(commune_officer, 2026)
    assert {row["status"]: row["count"] for row in summary["queue"]} == {
        Status.SUBMITTED: 1,
        Status.RECEIVED: 0,
        Status.APPRAISED: 1,
        Status.COUNCIL_REVIEWED: 0,
    }
    assert summary["waiting_total"] == 2
    reporter_summary = selectors.home_summary(unit_reporter, 2026)
    assert len(reporter_summary["own"]) == 3


def test_home_summary_is_empty_without_a_role(superuser, django_user_model):
    assert selectors.home_summary(superuser, 2026) == {}
    assert selectors.home_summary(django_user_model.objects.create_user("lac", password="x"), 2026) == {}


def test_plans_of_other_status_are_not_open(commune_officer, plan_co_le):
    Plan.objects.filter(pk=plan_co_le.pk).update(status=Plan.Status.DRAFT)
    assert not selectors.plans_open_for_nominations(commune_officer).exists()
