"""Decisions out of the cycle: the commune's approved titles go into its own decisions
(certificates and register entries from signing; override reasons on the annex); what the
commune may not decide is refused there and goes to the province in one tờ trình, where the
reviewer evaluates and decides it with the same pages."""

import datetime
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Decision, Proposal, RegisterEntry
from awards.services import cycle
from awards.services import decisions as decision_services
from awards.services.evaluation import evaluate
from tests.awards.cycle_helpers import YEAR, council_vote, demo
from tests.awards.decision_helpers import document_file, draft, scan

pytestmark = pytest.mark.django_db
THANG, MAI = "Phạm Văn Thắng", "Lê Thị Mai"
TEACHERS = (THANG, MAI, "Trần Văn Đức")
DAY = datetime.date(2026, 12, 22)


def approve(officer, *pairs):
    return [cycle.record_outcome(demo(name, code), True, officer, "Hội đồng thống nhất") for name, code in pairs]


def approve_the_school(officer):
    approve(officer, *[(name, "lao_dong_tien_tien") for name in TEACHERS])
    approve(
        officer, (THANG, "chien_si_thi_dua_co_so"), (MAI, "chien_si_thi_dua_co_so"), (THANG, "chien_si_thi_dua_tinh")
    )


def pdf_text(data: bytes) -> str:
    found = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603,S607
    return " ".join(found.stdout.decode().split())


def post(client, user, name, data):
    client.force_login(user)
    return client.post(reverse(name), data)


# --- The commune's own decisions --------------------------------------------------------------------


def test_approved_titles_become_one_draft_decision_per_title(client, commune_officer):
    approve_the_school(commune_officer)
    response = post(client, commune_officer, "awards:cycle_issue_decisions", {"year": YEAR, "grouping": "form"})
    assert response.status_code == 302 and response.url == reverse("awards:decision_list")
    decisions = Decision.objects.filter(admin_unit=commune_officer.admin_unit, status="draft").order_by("pk")
    titles = [(d.title, sorted(line.awardee.name for line in d.lines.all())) for d in decisions]
    assert titles == [
        ("Về việc công nhận danh hiệu “Chiến sĩ thi đua cơ sở” năm 2026", [MAI, THANG]),
        ("Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2026", sorted(TEACHERS)),
    ]
    # The CSTĐ cấp tỉnh is the province's: left for the tờ trình, said so.
    assert demo(THANG, "chien_si_thi_dua_tinh").is_open
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("do cấp trên quyết định" in m for m in messages)


def test_signing_gives_certificates_register_entries_and_the_reason_on_the_annex(client, commune_officer):
    approve_the_school(commune_officer)
    [decision], _above = cycle.issue_decisions(by=commune_officer, year=YEAR, grouping="one", decided_on=DAY)
    assert decision.lines.count() == 5
    decision_services.decision_sign(
        decision=decision,
        by=commune_officer,
        version=decision.version,
        number="141/QĐ-UBND",
        decided_on=DAY,
        scan=scan(),
    )
    entries = RegisterEntry.objects.filter(decision_line__decision=decision)
    assert entries.count() == 5 and {e.kind.code for e in entries} == {"campaign"}
    client.force_login(commune_officer)
    annex = pdf_text(document_file(client, "decision", decision=decision.pk).content)
    assert "DANH SÁCH KHEN THƯỞNG" in annex and "Ghi chú:" in annex
    assert "Bà Lê Thị Mai, Chiến sĩ thi đua cơ sở: tiêu chuẩn “Đạt một trong các điều kiện sau” chưa đạt" in annex
    assert "đề tài nghiên cứu khoa học sư phạm ứng dụng cấp trường" in annex
    certificates = document_file(client, "certificates", decision=decision.pk)
    text = pdf_text(certificates.content)
    assert certificates["Content-Type"] == "application/pdf" and "LAO ĐỘNG TIÊN TIẾN" in text and "Trần Văn Đức" in text
    # The next year's evaluation reads the register: Đức holds LĐTT 2026 from this decision.
    assert demo("Trần Văn Đức", "lao_dong_tien_tien").is_decided


def test_nothing_approved_within_the_authority_is_a_message(client, commune_officer):
    response = post(client, commune_officer, "awards:cycle_issue_decisions", {"year": YEAR, "grouping": "form"})
    assert response.status_code == 400 and "chưa có đề nghị nào đã được thông qua" in response.content.decode()
    response = post(client, commune_officer, "awards:cycle_issue_decisions", {"year": YEAR, "grouping": "x"})
    assert response.status_code == 400 and "Hãy sửa các ô được đánh dấu." in response.content.decode()
    assert not Decision.objects.filter(admin_unit=commune_officer.admin_unit, status="draft").exists()


def test_a_title_the_commune_may_not_decide_is_never_decided_there(commune_officer):
    [province_title] = approve(commune_officer, (THANG, "chien_si_thi_dua_tinh"))
    decision = draft(commune_officer, decided_on=DAY)
    with pytest.raises(ValidationError) as refused:
        cycle.decision_add_proposals(decision=decision, by=commune_officer, proposals=[province_title])
    assert "không quyết định tại Ủy ban nhân dân xã Cổ Lễ" in refused.value.messages[0]
    assert "tờ trình" in refused.value.messages[0]
    assert not decision.lines.exists()


def test_a_decision_before_the_reform_may_not_take_a_cstdcs(commune_officer):
    [title] = approve(commune_officer, (THANG, "lao_dong_tien_tien"))
    before = draft(commune_officer, decided_on=datetime.date(2025, 6, 30))
    with pytest.raises(ValidationError, match="cấp trên quyết định"):
        cycle.decision_add_proposals(decision=before, by=commune_officer, proposals=[title])


def test_issuing_needs_the_office(client, commune_viewer, neighbour_officer, commune_officer):
    approve_the_school(commune_officer)
    assert client.post(reverse("awards:cycle_issue_decisions"), {"year": YEAR}).status_code == 302  # to the login
    assert (
        post(client, commune_viewer, "awards:cycle_issue_decisions", {"year": YEAR, "grouping": "one"}).status_code
        == 403
    )
    # Another commune issues from its own proposals only: none.
    response = post(client, neighbour_officer, "awards:cycle_issue_decisions", {"year": YEAR, "grouping": "one"})
    assert response.status_code == 400
    assert not Decision.objects.filter(status="draft", lines__awardee__name=THANG).exists()


# --- The tờ trình to the province, and the province's decision ---------------------------------------------


def send(client, officer, **changes):
    proposal = demo(THANG, "chien_si_thi_dua_tinh")
    data = {"year": YEAR, "proposals": [proposal.pk], "submission_number": "61/TTr-UBND"}
    data |= {"submission_date": "23/12/2026", **changes}
    return post(client, officer, "awards:cycle_send_to_province", data)


def test_sending_up_needs_a_number_a_real_date_and_an_approved_proposal(client, commune_officer):
    response = send(client, commune_officer)
    assert response.status_code == 400  # not approved yet: not offered
    approve(commune_officer, (THANG, "chien_si_thi_dua_tinh"))
    response = send(client, commune_officer, submission_number="", submission_date="31/02/2026")
    text = response.content.decode()
    assert response.status_code == 400 and "31/02/2026" in text and "Hãy sửa các ô được đánh dấu." in text
    assert demo(THANG, "chien_si_thi_dua_tinh").is_open
    [local] = approve(commune_officer, (THANG, "lao_dong_tien_tien"))
    with pytest.raises(ValidationError, match="thuộc thẩm quyền của xã"):
        cycle.send_to_province(
            by=commune_officer, proposals=[local], submission_number="61/TTr-UBND", submission_date=DAY
        )


def test_sending_up_is_the_communes_office(client, commune_viewer, neighbour_officer, commune_officer):
    approve(commune_officer, (THANG, "chien_si_thi_dua_tinh"))
    assert send(client, commune_viewer).status_code == 403
    assert send(client, neighbour_officer).status_code == 400  # Cổ Lễ's proposal is not among its own
    assert demo(THANG, "chien_si_thi_dua_tinh").is_open


def test_the_province_evaluates_and_decides_what_the_commune_sent(client, commune_officer, province_reviewer):
    approve(commune_officer, (THANG, "chien_si_thi_dua_tinh"))
    assert send(client, commune_officer).status_code == 302
    sent = demo(THANG, "chien_si_thi_dua_tinh")
    upper = Proposal.objects.get(forwarded_from=sent)
    assert (upper.admin_unit, upper.outcome) == (commune_officer.admin_unit.province, "pending")
    # The tờ trình lists the candidate, for the commune and for the province.
    url = reverse("awards:proposal_submission_pdf")
    assert "Phạm Văn Thắng" in client.get(url, {"so": "61/TTr-UBND"}).content.decode()
    subject = {"admin_unit": sent.admin_unit_id, "reference": "61/TTr-UBND"}
    text = pdf_text(document_file(client, "proposal_submission", **subject).content)
    assert "TỜ TRÌNH" in text and "Phạm Văn Thắng" in text and "Chiến sĩ thi đua cấp tỉnh" in text
    client.force_login(province_reviewer)
    query = {"so": "61/TTr-UBND", "don_vi": sent.admin_unit_id}
    assert 'data-testid="document-proposal_submission"' in client.get(url, query).content.decode()
    assert "Phạm Văn Thắng" in pdf_text(document_file(client, "proposal_submission", **subject).content)
    page = client.get(reverse("awards:cycle_evaluation"), {"nam": YEAR}).content.decode()
    assert "Có 3/3 năm liên tục đạt CSTĐCS (2024, 2025, 2026)." in page
    assert evaluate(upper).passed
    council_vote(province_reviewer, [(upper, 9, 0)], held_on=DAY)
    response = client.post(reverse("awards:cycle_issue_decisions"), {"year": YEAR, "grouping": "form"})
    [decision] = Decision.objects.filter(admin_unit=province_reviewer.admin_unit, status="draft")
    assert response.url == decision.get_absolute_url()
    assert [line.award_form.code for line in decision.lines.all()] == ["chien_si_thi_dua_tinh"]
    decision_services.decision_sign(
        decision=decision,
        by=province_reviewer,
        version=decision.version,
        number="88/QĐ-UBND",
        decided_on=DAY,
        scan=scan(),
    )
    assert RegisterEntry.objects.get(decision_line__decision=decision).level == "province"
    client.force_login(commune_officer)
    page = client.get(reverse("awards:cycle_evaluation"), {"nam": YEAR}).content.decode()
    assert "Đã trình tỉnh, Tờ trình số 61/TTr-UBND" in page and "tỉnh: Được thông qua, đã quyết định" in page


def test_the_submission_document_is_scoped(client, commune_officer, outsider, unit_reporter):
    approve(commune_officer, (THANG, "chien_si_thi_dua_tinh"))
    send(client, commune_officer)
    url = reverse("awards:proposal_submission_pdf")
    client.logout()
    assert client.get(url, {"so": "61/TTr-UBND"}).status_code == 302
    client.force_login(outsider)
    unit = demo(THANG, "chien_si_thi_dua_tinh").admin_unit_id
    response = client.get(url, {"so": "61/TTr-UBND", "don_vi": unit})
    assert response.status_code == 302 and response.url == reverse("awards:cycle_evaluation")  # nothing of theirs
    client.force_login(unit_reporter)
    assert client.get(url, {"so": "61/TTr-UBND"}).status_code == 403
    client.force_login(commune_officer)
    assert client.get(url, {"so": "không có"}).status_code == 302
    assert client.get(reverse("awards:proposal_submission_docx"), {"so": "61/TTr-UBND"}).status_code == 200
    subject = {"admin_unit": unit, "reference": "61/TTr-UBND"}
    word = document_file(client, "proposal_submission", "docx", **subject)
    assert word.content[:2] == b"PK" and io.BytesIO(word.content)
