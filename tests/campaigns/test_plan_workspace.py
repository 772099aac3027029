"""The commune officer builds the commune plan from the province plan, edits it section by
section, issues it, and amends it afterwards with a reason."""

import pytest
from django.urls import reverse

from campaigns.models import Plan, PlanAmendment
from reporting.models import ReportingDeadline

pytestmark = pytest.mark.django_db


def derive(client, parent: Plan) -> Plan:
    response = client.post(reverse("campaigns:plan_derive", args=[parent.pk]))
    assert response.status_code == 302, response
    return Plan.objects.get(pk=response.url.split("/")[-3])


def formset_post(response, edits=None, add=None, version=None, reason=""):
    """The POST a browser would send for the section page, with some fields changed."""
    formset = response.context["formset"]
    data = {
        "version": version if version is not None else response.context["plan"].version,
        "reason": reason,
        "items-TOTAL_FORMS": str(len(formset.forms)),
        "items-INITIAL_FORMS": str(formset.initial_form_count()),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            data[f"items-{i}-{name}"] = getattr(value, "pk", value)
        if i < formset.initial_form_count():
            data[f"items-{i}-ORDER"] = str(i + 1)
    for key, value in (edits or {}).items():
        data[f"items-{key}"] = value
    for name, value in (add or {}).items():
        data[f"items-{len(formset.forms) - 1}-{name}"] = value
    return data


@pytest.fixture
def draft(client, commune_officer, plan_ninh_binh) -> Plan:
    client.force_login(commune_officer)
    return derive(client, plan_ninh_binh)


def test_officer_derives_a_draft_commune_plan_from_the_province_plan(draft, plan_ninh_binh):
    assert draft.status == Plan.Status.DRAFT and draft.issuer.name == "Cổ Lễ"
    assert draft.title.endswith("trên địa bàn xã Cổ Lễ")
    assert [c.text for c in draft.contents.all()] == [c.text for c in plan_ninh_binh.contents.all()]
    assert draft.criterion_groups.count() == 4 and draft.award_sections.count() == 2 and draft.phases.count() == 2
    assert draft.responsibilities.count() == 8
    assert draft.ancestors() == [plan_ninh_binh]
    deadlines = {(d.day, d.month, d.reporters) for d in draft.deadlines.all()}
    assert deadlines == {(15, 12, ReportingDeadline.Reporters.ISSUER), (10, 12, ReportingDeadline.Reporters.UNITS)}
    assert draft.amendments.get().section == "derive"


def test_deriving_twice_points_to_the_existing_draft(client, draft, plan_ninh_binh):
    response = client.post(reverse("campaigns:plan_derive", args=[plan_ninh_binh.pk]), follow=True)
    assert "Xã đã có một dự thảo xây dựng từ kế hoạch này" in response.content.decode()
    assert Plan.objects.filter(issuer__name="Cổ Lễ", status="draft").count() == 1


def test_derive_needs_login(client, plan_ninh_binh):
    response = client.post(reverse("campaigns:plan_derive", args=[plan_ninh_binh.pk]))
    assert response.status_code == 302 and reverse("login") in response.url


def test_derive_by_outsider_is_404(client, outsider, plan_ninh_binh):
    client.force_login(outsider)
    assert client.post(reverse("campaigns:plan_derive", args=[plan_ninh_binh.pk])).status_code == 404


@pytest.mark.parametrize("fixture", ["commune_viewer", "unit_reporter", "province_reviewer"])
def test_derive_by_other_roles_is_403(client, request, fixture, plan_ninh_binh):
    client.force_login(request.getfixturevalue(fixture))
    assert client.post(reverse("campaigns:plan_derive", args=[plan_ninh_binh.pk])).status_code == 403


def test_section_edit_reorders_adds_and_renumbers(client, draft):
    url = reverse("campaigns:plan_section", args=[draft.pk, "contents"])
    page = client.get(url)
    assert page.status_code == 200
    data = formset_post(page, edits={"0-ORDER": "9", "6-DELETE": "on"}, add={"text": "Thi đua xây dựng xã thông minh."})
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    texts = [c.text for c in draft.contents.order_by("number")]
    assert [c.number for c in draft.contents.order_by("number")] == [1, 2, 3, 4, 5, 6, 7]
    assert texts[-1] == "Thi đua xây dựng xã thông minh."
    assert texts[-2].startswith("Thi đua nâng cao nhận thức")  # the old first item, moved down
    assert not any(t.startswith("Tăng cường hợp tác quốc tế") for t in texts)  # the deleted 7th
    log = draft.amendments.filter(section="contents").get()
    assert not log.is_amendment and len(log.before) == 7 and len(log.after) == 7


def test_invalid_phase_is_refused_and_what_was_typed_is_kept(client, draft):
    url = reverse("campaigns:plan_section", args=[draft.pk, "phases"])
    data = formset_post(client.get(url), edits={"1-start_year": "2030", "1-end_year": "2028"})
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giai đoạn không thể kết thúc trước khi bắt đầu." in html
    assert 'value="2028"' in html
    assert draft.phases.get(number=2).end_year == 2030


def test_stale_form_from_another_tab_is_refused(client, draft):
    url = reverse("campaigns:plan_section", args=[draft.pk, "solutions"])
    page = client.get(url)
    first = formset_post(page, edits={"0-text": "Giải pháp mới từ tab một."})
    second = formset_post(page, edits={"0-text": "Giải pháp từ tab hai."})
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kế hoạch vừa được thay đổi ở nơi khác" in html
    assert "Giải pháp từ tab hai." in html  # kept for the user to copy
    assert draft.solutions.get(number=1).text == "Giải pháp mới từ tab một."


def test_nested_criteria_of_a_group_are_edited(client, draft):
    group = draft.criterion_groups.get(subject_type__code="enterprise")
    url = reverse("campaigns:plan_subsection", args=[draft.pk, "criteria", group.pk])
    data = formset_post(client.get(url), edits={"0-max_points": "10"})
    assert client.post(url, data).status_code == 302
    assert group.criteria.get(number=1).max_points == 10


def test_section_of_another_plan_group_is_404(client, draft, plan_co_le):
    other_group = plan_co_le.criterion_groups.first()
    url = reverse("campaigns:plan_subsection", args=[draft.pk, "criteria", other_group.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("campaigns:plan_section", args=[draft.pk, "nope"])).status_code == 404


def test_editing_pages_need_login_and_scope(client, draft, outsider, neighbour_officer, commune_viewer):
    urls = [
        reverse("campaigns:plan_edit", args=[draft.pk]),
        reverse("campaigns:plan_section", args=[draft.pk, "contents"]),
        reverse("campaigns:plan_issue", args=[draft.pk]),
    ]
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302
    for user, status in [(outsider, 404), (neighbour_officer, 404), (commune_viewer, 403)]:
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == status, (user, url)


def test_commune_officer_cannot_edit_the_province_plan(client, commune_officer, plan_ninh_binh):
    client.force_login(commune_officer)
    assert client.get(reverse("campaigns:plan_edit", args=[plan_ninh_binh.pk])).status_code == 403


def test_issue_requires_a_real_date_and_keeps_the_input(client, draft):
    url = reverse("campaigns:plan_issue", args=[draft.pk])
    data = {
        "version": draft.version,
        "number": "15/KH-UBND",
        "issued_on": "31/02/2026",
        "place": "Cổ Lễ",
        "signer_capacity": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Vũ Mạnh Cường",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Ngày không hợp lệ; hãy nhập một ngày có thật theo dạng dd/mm/yyyy, ví dụ 05/12/2026." in html
        and 'value="15/KH-UBND"' in html
        and 'value="31/02/2026"' in html
    )
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT


def test_issue_then_amend_with_a_reason(client, draft):
    data = {
        "version": draft.version,
        "number": "15/KH-UBND",
        "issued_on": "05/08/2025",
        "place": "Cổ Lễ",
        "signer_capacity": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Vũ Mạnh Cường",
    }
    assert client.post(reverse("campaigns:plan_issue", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert draft.is_issued and draft.number == "15/KH-UBND" and draft.issued_on.isoformat() == "2025-08-05"

    url = reverse("campaigns:plan_section", args=[draft.pk, "solutions"])
    page = client.get(url)
    assert "Lý do điều chỉnh" in page.content.decode()
    refused = client.post(url, formset_post(page, edits={"0-text": "Giải pháp điều chỉnh."}))
    assert refused.status_code == 200
    assert "Kế hoạch đã ban hành: mọi điều chỉnh cần nêu lý do." in refused.content.decode()
    assert draft.solutions.get(number=1).text != "Giải pháp điều chỉnh."

    page = client.get(url)
    data = formset_post(page, edits={"0-text": "Giải pháp điều chỉnh."}, reason="Bổ sung theo góp ý của Sở Nội vụ")
    assert client.post(url, data).status_code == 302
    amendment = PlanAmendment.objects.get(plan=draft, section="solutions")
    assert amendment.is_amendment and amendment.reason == "Bổ sung theo góp ý của Sở Nội vụ"
    detail = client.get(draft.get_absolute_url()).content.decode()
    assert "Bổ sung theo góp ý của Sở Nội vụ" in detail and "Giải pháp điều chỉnh." in detail


def test_issuing_an_issued_plan_again_is_refused(client, commune_officer, plan_co_le):
    client.force_login(commune_officer)
    response = client.get(reverse("campaigns:plan_issue", args=[plan_co_le.pk]), follow=True)
    assert "Kế hoạch này đã được ban hành." in response.content.decode()


def test_diff_shows_what_the_commune_changed(client, draft):
    url = reverse("campaigns:plan_section", args=[draft.pk, "contents"])
    client.post(url, formset_post(client.get(url), add={"text": "Thi đua riêng của xã Cổ Lễ."}))
    response = client.get(reverse("campaigns:plan_diff", args=[draft.pk]))
    assert response.status_code == 200
    contents = next(s for s in response.context["sections"] if s.label == "Nội dung thi đua")
    assert contents.counts == {"added": 1, "removed": 0, "changed": 0, "same": 7}
    assert "+ Thi đua riêng của xã Cổ Lễ." in response.content.decode()


def test_diff_needs_a_parent_in_scope(client, commune_officer, plan_ninh_binh, outsider, draft):
    assert client.get(reverse("campaigns:plan_diff", args=[plan_ninh_binh.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("campaigns:plan_diff", args=[draft.pk])).status_code == 404


def test_edit_general_fields(client, draft):
    url = reverse("campaigns:plan_edit", args=[draft.pk])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"version": draft.version, "title": "Kế hoạch thử nghiệm của xã Cổ Lễ", "period_end": "2024"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Năm kết thúc không được trước năm bắt đầu." in response.content.decode()
    data["period_end"] = "2030"
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Kế hoạch thử nghiệm của xã Cổ Lễ"
