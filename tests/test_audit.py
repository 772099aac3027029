"""Every change to plans, reports, commune reports, dossiers and decisions is kept as a
version (who, when, what changed) and shown on the object's page."""

import pytest
from django.urls import reverse

from campaigns.audit import versions_for

pytestmark = pytest.mark.django_db


def test_a_plan_edit_through_the_portal_is_a_version_with_who_and_what(client, commune_officer, plan_ninh_binh):
    client.force_login(commune_officer)
    response = client.post(reverse("campaigns:plan_derive", args=[plan_ninh_binh.pk]))
    draft_url = response.url
    edit = client.get(draft_url)
    form = edit.context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"version": edit.context["plan"].version, "title": "Kế hoạch thi đua chuyển đổi số xã Cổ Lễ"})
    assert client.post(draft_url, data).status_code == 302
    plan = edit.context["plan"]
    [latest, *_] = versions_for(plan)
    assert latest.kind == "~" and latest.user == commune_officer
    [change] = [c for c in latest.changes if c.field == "trích yếu"]
    assert change.new == "Kế hoạch thi đua chuyển đổi số xã Cổ Lễ"
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="versions"' in page and "Kế hoạch thi đua chuyển đổi số xã Cổ Lễ" in page


def test_report_versions_include_its_results(unit_reporter, plan_co_le):
    from tests.reporting.conftest import save_complete

    unit = unit_reporter.participating_unit
    report = save_complete(plan_co_le, 2026, unit, unit_reporter, text="Bản đầu")
    report = save_complete(plan_co_le, 2026, unit, unit_reporter, text="Bản sửa")
    versions = versions_for(report)
    edited = [v for v in versions if v.kind == "~" and v.subject.startswith("kết quả")]
    assert edited, [v.subject for v in versions]
    assert any(c.old.startswith("Bản đầu") and c.new.startswith("Bản sửa") for v in edited for c in v.changes)


def test_a_decision_is_a_version_of_the_dossier(commune_officer, plan_co_le):
    import datetime

    from awards.models import AwardForm, Nomination, NominationStage
    from campaigns.models import ParticipatingUnit

    nomination = Nomination.objects.create(
        plan=plan_co_le,
        occasion="annual",
        award_form=AwardForm.objects.get(code="giay_khen"),
        nominee_kind="collective",
        unit=ParticipatingUnit.objects.get(name="Thôn Trung Lễ"),
        achievements="Thành tích",
        status="council_reviewed",
        created_by=commune_officer,
    )
    stage = NominationStage.objects.create(nomination=nomination, level="commune")
    nomination.status = "decided"
    stage.decision_number = "7/QĐ-UBND"
    stage.decision_date = datetime.date(2026, 12, 20)
    nomination.save()
    stage.save()
    [decision, status, stage_created, created] = versions_for(nomination)
    assert (created.kind, stage_created.kind, status.kind) == ("+", "+", "~")
    assert decision.subject.endswith("Cấp xã")
    assert {c.field: c.new for c in decision.changes}["số quyết định"] == "7/QĐ-UBND"
