"""Dates inside a dossier's workflow are in order at each level: the council meets on or after
the day the dossier was received there, the decision (and the tờ trình sending it up) is dated
on or after the council. Otherwise a clear Vietnamese message, the typed values kept, nothing
saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards import services
from tests.awards.helpers import Kind, Status, add_document, advance, fresh
from tests.awards.test_views import act

pytestmark = pytest.mark.django_db


@pytest.fixture
def december(time_machine):
    time_machine.move_to("2026-12-02 09:00 +07:00", tick=False)  # the commune receives the dossier today


def council(nomination, by, day: datetime.date):
    return services.nomination_record_council(
        nomination=nomination,
        by=by,
        version=nomination.version,
        meeting_date=day,
        total_members=9,
        members_present=9,
        votes_for=8,
        votes_against=1,
    )


def test_a_council_before_the_receipt_is_refused(december, make_nomination, commune_officer):
    nomination = advance(make_nomination(), commune_officer, to=Status.APPRAISED)
    add_document(nomination, Kind.COUNCIL_MINUTES, commune_officer)
    with pytest.raises(ValidationError) as invalid:
        council(fresh(nomination), commune_officer, datetime.date(2026, 11, 30))
    text = " ".join(invalid.value.messages)
    assert "Ngày họp Hội đồng (30/11/2026)" in text and "tiếp nhận" in text and "02/12/2026" in text
    nomination = fresh(nomination)
    assert nomination.status == Status.APPRAISED and nomination.commune_stage.council_meeting_date is None
    council(nomination, commune_officer, datetime.date(2026, 12, 2))  # the same day is fine
    assert fresh(nomination).status == Status.COUNCIL_REVIEWED


def test_a_decision_before_the_council_is_refused(december, make_nomination, commune_officer):
    nomination = advance(make_nomination(), commune_officer, to=Status.COUNCIL_REVIEWED)  # council 15/12/2026
    decide = {"decision_number": "125/QĐ-UBND", "decision_signer": "Vũ Mạnh Cường"}
    with pytest.raises(ValidationError) as invalid:
        services.nomination_decide(
            nomination=nomination,
            by=commune_officer,
            version=nomination.version,
            decision_date=datetime.date(2026, 12, 14),
            **decide,
        )
    text = " ".join(invalid.value.messages)
    assert "Ngày quyết định (14/12/2026)" in text and "ngày họp Hội đồng (15/12/2026)" in text
    assert fresh(nomination).status == Status.COUNCIL_REVIEWED
    services.nomination_decide(
        nomination=nomination,
        by=commune_officer,
        version=nomination.version,
        decision_date=datetime.date(2026, 12, 15),
        **decide,
    )
    assert fresh(nomination).status == Status.DECIDED


def test_the_page_says_so_and_keeps_what_was_typed(december, client, make_nomination, commune_officer):
    nomination = advance(make_nomination(), commune_officer, to=Status.COUNCIL_REVIEWED)
    client.force_login(commune_officer)
    response = act(
        client, nomination, "decide", decision_number="125/QĐ-UBND", decision_date="01/12/2026", decision_signer="B"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày quyết định (01/12/2026)" in html
    assert 'value="01/12/2026"' in html and 'value="125/QĐ-UBND"' in html
    assert fresh(nomination).status == Status.COUNCIL_REVIEWED


def test_a_province_council_before_the_province_received_it_is_refused(
    december, make_nomination, commune_officer, province_reviewer, bang_khen_tinh, time_machine
):
    nomination = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)
    nomination = services.nomination_forward(nomination=nomination, by=commune_officer, version=nomination.version)
    time_machine.move_to("2026-12-20 09:00 +07:00", tick=False)
    nomination = services.nomination_province_receive(
        nomination=fresh(nomination), by=province_reviewer, version=fresh(nomination).version
    )
    assert timezone.localtime(fresh(nomination).province_stage.received_at).date() == datetime.date(2026, 12, 20)
    nomination = services.nomination_province_appraise(
        nomination=fresh(nomination), by=province_reviewer, version=fresh(nomination).version, comment="Đủ"
    )
    add_document(nomination, Kind.PROVINCE_COUNCIL_MINUTES, province_reviewer)
    with pytest.raises(ValidationError) as invalid:
        services.nomination_province_record_council(
            nomination=fresh(nomination),
            by=province_reviewer,
            version=fresh(nomination).version,
            meeting_date=datetime.date(2026, 12, 16),  # after the commune's council, before the province got it
            total_members=7,
            members_present=7,
            votes_for=7,
            votes_against=0,
        )
    assert "20/12/2026" in " ".join(invalid.value.messages)
