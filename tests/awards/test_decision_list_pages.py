"""The decision list paginates, counts its lines without loading them, and keeps its filters
(state, year) in the URL."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Decision
from tests.awards.decision_helpers import draft

pytestmark = pytest.mark.django_db
LIST = reverse("awards:decision_list")


def test_the_decision_list_paginates_and_filters(client, commune_officer, django_assert_max_num_queries):
    for number in range(30):
        draft(commune_officer, title=f"Về việc khen thưởng đợt {number}", decided_on=datetime.date(2026, 12, 1))
    client.force_login(commune_officer)
    with django_assert_max_num_queries(12):
        page = client.get(LIST)
    assert len(page.context["page"].object_list) == 25 and page.context["page"].paginator.num_pages >= 2
    body = page.content.decode()
    assert "page=2" in body
    drafts = client.get(LIST, {"status": "draft", "page": 2})
    assert all(d.status == Decision.Status.DRAFT for d in drafts.context["page"])
    assert "status=draft" in drafts.content.decode()  # the pages keep the filter
    signed = client.get(LIST, {"status": "signed"})
    assert all(d.status == Decision.Status.SIGNED for d in signed.context["page"])
    by_year = client.get(LIST, {"year": 2025})
    assert all(d.decided_on and d.decided_on.year == 2025 for d in by_year.context["page"])
    odd = client.get(LIST, {"year": "abc", "status": "x"})
    assert odd.status_code == 200


def test_editing_a_decision_without_its_version_is_refused(client, commune_officer):
    decision = draft(commune_officer)
    client.force_login(commune_officer)
    url = reverse("awards:decision_update", args=[decision.pk])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields if name != "version"}
    data["title"] = "Về việc khen thưởng (sửa từ một thẻ cũ)"
    response = client.post(url, data)
    assert response.status_code == 200 and "version" in response.context["form"].errors
    decision.refresh_from_db()
    assert decision.title != data["title"]
