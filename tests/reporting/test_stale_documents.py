"""A generated document older than the data it summarises says so and offers to regenerate."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import GeneratedDocument
from reporting.selectors.freshness import data_changed_at
from tests.reporting.conftest import submitted
from tests.reporting.test_documents import request_pdf  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db


def test_a_summary_made_before_a_report_changed_says_so(
    client,
    commune_officer,
    unit_reporter,
    plan_co_le,
    request_pdf,  # noqa: F811
    time_machine,
):
    time_machine.move_to("2026-12-05 09:00 +07:00", tick=False)
    client.force_login(commune_officer)
    request_pdf(kind="commune_summary", plan=plan_co_le.pk, year=2026)
    document = GeneratedDocument.objects.get(kind="commune_summary")
    board = reverse("reporting:board") + f"?plan={plan_co_le.pk}&year=2026"
    assert 'data-testid="document-stale"' not in client.get(board).content.decode()

    time_machine.move_to("2026-12-06 10:00 +07:00", tick=False)
    submitted(plan_co_le, 2026, unit_reporter.participating_unit, unit_reporter)  # a unit reports after it
    assert data_changed_at(document) > document.finished_at
    client.force_login(commune_officer)  # a new working day, a new session
    response = client.get(board)
    html = response.content.decode()
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    assert 'data-testid="document-stale"' in html
    assert "Số liệu đã thay đổi sau khi tạo tài liệu (06/12/2026 10:00)" in html
    assert "Tạo lại" in html

    time_machine.move_to("2026-12-06 11:00 +07:00", tick=False)
    request_pdf(kind="commune_summary", plan=plan_co_le.pk, year=2026)  # regenerated: fresh again
    assert 'data-testid="document-stale"' not in client.get(board).content.decode()


def test_every_kind_knows_what_it_summarises(plan_co_le, commune_officer):
    for kind in GeneratedDocument.Kind.values:
        document = GeneratedDocument(
            kind=kind,
            plan=plan_co_le,
            admin_unit=plan_co_le.issuer.province,
            year=2026,
            occasion="annual",
            finished_at=timezone.now() - datetime.timedelta(days=1),
        )
        data_changed_at(document)  # no KeyError: each kind has its source
