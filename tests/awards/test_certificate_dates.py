"""Certificates print the date as the decision (and every official document) does: one
formatter, campaigns.dates.format_date ("ngày 05 tháng 5 năm 2026", not "tháng 05")."""

import datetime

import pytest

from awards import documents
from awards.models import Decision
from reporting.officialdoc import format_date

pytestmark = pytest.mark.django_db


def test_a_certificate_dates_like_its_decision(commune_officer, school):
    from tests.awards.decision_helpers import signed

    decision = signed(commune_officer, school, day=datetime.date(2025, 12, 20))
    Decision.objects.filter(pk=decision.pk).update(decided_on=datetime.date(2026, 5, 5))
    decision = Decision.objects.get(pk=decision.pk)
    context = documents._context(documents._decision(decision))
    texts = documents._certificate_texts(context, context["lines"][0])
    assert texts["place_date"].endswith("ngày 05 tháng 5 năm 2026")
    assert format_date(decision.decided_on) in texts["decision"]
