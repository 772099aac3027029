"""The pages of a decision's documents and of a tờ trình: each document is asked for there and
made in the background (GeneratedDocument); each page needs a login, is a 404 outside the
user's scope, a 403 to a role without it, and says in Vietnamese what is wrong with bad input.
The files themselves are read back in test_decision_views and test_cycle_decisions."""

import datetime

import pytest
from django.urls import reverse

from awards import services as nomination_services
from reporting.models import GeneratedDocument
from tests.awards.decision_helpers import signed
from tests.awards.helpers import advance

pytestmark = pytest.mark.django_db
NUMBER = "12/TTr-UBND"


@pytest.fixture
def decision(commune_officer, school):
    return signed(commune_officer, school)


@pytest.fixture
def sent(commune_officer, make_nomination, bang_khen_tinh):
    nomination = make_nomination(
        award_form=bang_khen_tinh, nominee_kind="individual", individual_name="Vũ Thị Mai", individual_position="GV"
    )
    nomination = advance(nomination, commune_officer, to="council_reviewed", council_day=datetime.date(2026, 12, 1))
    return nomination_services.nomination_forward(
        nomination=nomination,
        by=commune_officer,
        version=nomination.version,
        submission_number=NUMBER,
        submission_date=datetime.date(2026, 12, 8),
    )


def ask(client, **data):
    return client.post(reverse("reporting:document_request"), data, HTTP_HX_REQUEST="true")


# --- the decision's page -----------------------------------------------------------------------


def test_decision_documents_need_login(client, decision):
    url = reverse("awards:decision_certificates", args=[decision.pk])
    assert client.get(url).status_code == 302
    assert ask(client, kind="decision", decision=decision.pk).status_code == 302


def test_decision_documents_outside_the_scope_are_404_and_other_roles_403(client, decision, outsider, unit_reporter):
    client.force_login(outsider)
    assert client.get(reverse("awards:decision_pdf", args=[decision.pk])).status_code == 404
    assert ask(client, kind="certificates", decision=decision.pk).status_code == 404
    client.force_login(unit_reporter)
    assert client.get(reverse("awards:decision_pdf", args=[decision.pk])).status_code == 403
    assert ask(client, kind="decision", decision=decision.pk).status_code == 404  # not even in their scope


def test_the_decision_page_offers_each_document_and_queues_it_once(
    client, decision, commune_viewer, django_capture_on_commit_callbacks
):
    client.force_login(commune_viewer)  # a read-only role prints too
    page = client.get(reverse("awards:decision_docx", args=[decision.pk])).content.decode()
    for kind in ("decision", "certificates", "certificates_blank"):
        assert f'data-testid="document-{kind}"' in page
    assert 'data-testid="document-issue-decision"' not in page  # the decision's number and signer are its own
    with django_capture_on_commit_callbacks() as queued:
        first = ask(client, kind="certificates", decision=decision.pk)
        ask(client, kind="certificates", decision=decision.pk)  # asked again while it waits
    assert len(queued) == 1 and GeneratedDocument.objects.get().decision == decision
    assert 'data-status="queued"' in first.content.decode() and "Đang chờ 0%" in first.content.decode()


def test_a_decision_document_without_its_decision_is_refused(client, decision, commune_officer):
    client.force_login(commune_officer)
    assert ask(client, kind="decision").status_code == 404  # the form wants the decision
    assert ask(client, kind="decision", decision="abc").status_code == 404
    assert client.get(reverse("awards:decision_pdf", args=[decision.pk + 1000])).status_code == 404
    assert not GeneratedDocument.objects.exists()


# --- the tờ trình's pages ------------------------------------------------------------------------


def test_submission_pages_need_login(client, sent):
    assert client.get(reverse("awards:submission_pdf"), {"so": NUMBER}).status_code == 302
    assert client.get(reverse("awards:proposal_submission_pdf"), {"so": NUMBER}).status_code == 302


def test_a_submission_is_its_communes_officers(client, sent, neighbour_officer, commune_viewer, commune_officer):
    client.force_login(neighbour_officer)  # nothing of theirs under that number
    response = client.get(reverse("awards:submission_pdf"), {"so": NUMBER}, follow=True)
    assert "Không có hồ sơ nào được trình tỉnh theo tờ trình số “12/TTr-UBND”" in response.content.decode()
    assert ask(client, kind="submission", admin_unit=commune_officer.admin_unit_id, reference=NUMBER).status_code == 404
    client.force_login(commune_viewer)
    assert client.get(reverse("awards:submission_pdf"), {"so": NUMBER}).status_code == 403
    assert ask(client, kind="submission", admin_unit=commune_officer.admin_unit_id, reference=NUMBER).status_code == 403


def test_the_submission_page_lists_the_dossiers_and_offers_the_document(client, sent, commune_officer):
    client.force_login(commune_officer)
    page = client.get(reverse("awards:submission_docx"), {"so": NUMBER}).content.decode()
    assert "Vũ Thị Mai" in page and 'data-testid="document-submission"' in page
    assert f'name="reference" value="{NUMBER}"' in page


def test_a_submission_with_nothing_under_it_says_so_in_vietnamese(
    client, sent, commune_officer, django_capture_on_commit_callbacks
):
    client.force_login(commune_officer)
    response = client.get(reverse("awards:submission_pdf"), {"so": "99/TTr-UBND"}, follow=True)
    assert "Không có hồ sơ nào được trình tỉnh theo tờ trình số “99/TTr-UBND”" in response.content.decode()
    # Asked for all the same (the dossiers withdrawn since): the page says why, not a 500.
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, kind="submission", admin_unit=commune_officer.admin_unit_id, reference="99/TTr-UBND")
    document = GeneratedDocument.objects.get()
    assert document.status == "failed" and document.reason.startswith("Không còn hồ sơ nào")
    status = client.get(reverse("reporting:document_status", args=[document.pk])).content.decode()
    assert "Không còn hồ sơ nào được trình tỉnh theo tờ trình số “99/TTr-UBND”" in status
    assert client.get(reverse("reporting:document_download", args=[document.pk])).status_code == 404
    assert ask(client, kind="submission", admin_unit=commune_officer.admin_unit_id).status_code == 404  # no number
