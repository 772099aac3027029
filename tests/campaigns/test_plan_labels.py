"""A plan without a number reads "Dự thảo" (a draft) or "Bản lưu không ghi số" (an issued plan
whose kept copy has no number), never "Không rõ số", in links and lists."""

import pytest
from django.urls import reverse

from campaigns.models import Plan

pytestmark = pytest.mark.django_db


def test_a_plan_without_a_number_says_why(commune_officer, client):
    unnumbered = Plan.objects.filter(status=Plan.Status.ISSUED, number="").first()
    draft = Plan.objects.filter(status=Plan.Status.DRAFT, number="").first()
    assert unnumbered is not None and draft is not None  # the demo has both
    assert unnumbered.reference == "Bản lưu không ghi số"
    assert draft.reference == "Dự thảo"
    client.force_login(commune_officer)
    for url in (reverse("campaigns:plan_list"), reverse("home"), reverse("reporting:board")):
        assert "Không rõ số" not in client.get(url).content.decode(), url
