"""The yearly cycle's proposals at the council: voted on the same record and thresholds as the
dossiers, their outcome recorded when the meeting is closed, and listed in the minutes."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from tests.awards.cycle_helpers import council_vote, demo

pytestmark = pytest.mark.django_db


def test_a_closed_meeting_records_the_outcomes_and_its_minutes_list_the_proposals(client, commune_officer):
    approved, rejected = demo("Phạm Văn Thắng", "lao_dong_tien_tien"), demo("Lê Thị Mai", "lao_dong_tien_tien")
    held = council_vote(commune_officer, [(approved, 9, 0), (rejected, 2, 7)])
    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert (approved.outcome, rejected.outcome) == ("approved", "rejected")
    assert "2/9 phiếu" in rejected.outcome_note and "không đạt" in rejected.outcome_note
    client.force_login(commune_officer)
    response = client.get(reverse("awards:council_minutes_pdf", args=[held.pk]))
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = " ".join(" ".join((page.extract_text() or "") for page in pdf.pages).split())
    assert "Phạm Văn Thắng" in text and "Lê Thị Mai" in text and "Lao động tiên tiến" in text
    assert "2/9 phiếu" in text
