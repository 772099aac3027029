"""The workflow services: the two full paths, the refusals, the stale version, the timeline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards import services, workflow
from awards.models import CouncilMeeting, Nomination, NominationEvent
from tests.awards.helpers import Kind, Status, add_document, advance, fresh

pytestmark = pytest.mark.django_db


def test_giay_khen_goes_from_draft_to_decided_at_the_commune(make_nomination, commune_officer, unit_reporter):
    nomination = make_nomination(by=unit_reporter)
    assert nomination.status == Status.DRAFT
    nomination = advance(nomination, commune_officer, to=Status.COUNCIL_REVIEWED, reporter=unit_reporter)
    assert nomination.commune_stage.council_approval_percent == 88.9

    decided = services.nomination_decide(
        nomination=nomination,
        by=commune_officer,
        version=nomination.version,
        decision_number="125/QĐ-UBND",
        decision_date=datetime.date(2026, 12, 20),
        decision_signer="Vũ Mạnh Cường",
    )

    decided = fresh(decided)
    assert decided.status == Status.DECIDED
    assert decided.decision == decided.commune_stage
    assert (decided.decision.decision_number, decided.decision.decision_date) == (
        "125/QĐ-UBND",
        datetime.date(2026, 12, 20),
    )
    steps = list(decided.events.order_by("at", "pk").values_list("from_status", "to_status", "by__username"))
    assert steps == [
        ("", Status.DRAFT, "donvi.cole"),
        (Status.DRAFT, Status.SUBMITTED, "donvi.cole"),
        (Status.SUBMITTED, Status.RECEIVED, "cole"),
        (Status.RECEIVED, Status.APPRAISED, "cole"),
        (Status.APPRAISED, Status.COUNCIL_REVIEWED, "cole"),
        (Status.COUNCIL_REVIEWED, Status.DECIDED, "cole"),
    ]


def test_bang_khen_of_the_province_goes_from_draft_to_forwarded(make_nomination, commune_officer, bang_khen_tinh):
    nomination = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)

    forwarded = services.nomination_forward(
        nomination=nomination, by=commune_officer, version=nomination.version, comment="Kèm Tờ trình số 15/TTr-UBND"
    )

    forwarded = fresh(forwarded)
    assert forwarded.status == Status.FORWARDED
    sent = forwarded.commune_stage
    assert sent.forwarded_by == commune_officer and sent.forwarded_at is not None
    assert forwarded.province_stage is not None and forwarded.is_at_province
    last = forwarded.events.order_by("at", "pk").last()
    assert (last.from_status, last.to_status, last.comment) == (
        Status.COUNCIL_REVIEWED,
        Status.FORWARDED,
        "Kèm Tờ trình số 15/TTr-UBND",
    )


def test_a_province_level_form_cannot_be_decided_at_the_commune(make_nomination, commune_officer, bang_khen_tinh):
    nomination = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)

    with pytest.raises(workflow.TransitionRefused) as refused:
        services.nomination_decide(
            nomination=nomination,
            by=commune_officer,
            version=nomination.version,
            decision_number="1/QĐ-UBND",
            decision_date=datetime.date(2026, 12, 20),
            decision_signer="Vũ Mạnh Cường",
        )

    assert "do Chủ tịch Ủy ban nhân dân tỉnh, thành phố quyết định" in refused.value.message
    assert fresh(nomination).status == Status.COUNCIL_REVIEWED
    assert fresh(nomination).commune_stage.decision_number == ""


def test_the_commune_decides_by_level_read_from_the_data(make_nomination, commune_officer, bang_khen_tinh):
    """Whether the commune decides comes from the form's authority rows, not from its name."""
    from awards.models import Authority

    Authority.objects.filter(award_form=bang_khen_tinh).update(level="commune")
    nomination = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)
    assert workflow.may_decide_here(nomination)
    assert [t.action for t in workflow.available_transitions(commune_officer, nomination)] == ["decide"]


def test_a_commune_level_form_cannot_be_forwarded(make_nomination, commune_officer):
    nomination = advance(make_nomination(), commune_officer, to=Status.COUNCIL_REVIEWED)

    with pytest.raises(workflow.TransitionRefused) as refused:
        services.nomination_forward(nomination=nomination, by=commune_officer, version=nomination.version)

    assert "hãy ghi quyết định khen thưởng tại xã" in refused.value.message
    assert fresh(nomination).status == Status.COUNCIL_REVIEWED
    assert fresh(nomination).commune_stage.forwarded_at is None


def test_returned_with_reason_then_resubmitted(make_nomination, commune_officer, unit_reporter):
    nomination = advance(make_nomination(by=unit_reporter), commune_officer, to=Status.RECEIVED, reporter=unit_reporter)

    returned = services.nomination_return(
        nomination=nomination, by=commune_officer, version=nomination.version, reason="Thiếu xác nhận của Hiệu trưởng."
    )
    assert returned.status == Status.RETURNED
    assert returned.commune_stage.returned_reason == "Thiếu xác nhận của Hiệu trưởng."
    assert workflow.may_edit(unit_reporter, returned)

    resubmitted = services.nomination_submit(nomination=returned, by=unit_reporter, version=returned.version)

    assert resubmitted.status == Status.SUBMITTED
    comments = list(resubmitted.events.order_by("at", "pk").values_list("to_status", "comment"))
    assert (Status.RETURNED, "Thiếu xác nhận của Hiệu trưởng.") in comments
    assert comments[-1][0] == Status.SUBMITTED


def test_return_needs_a_reason(make_nomination, commune_officer):
    nomination = advance(make_nomination(), commune_officer, to=Status.SUBMITTED)
    with pytest.raises(workflow.TransitionRefused):
        services.nomination_return(nomination=nomination, by=commune_officer, version=nomination.version, reason="  ")
    assert fresh(nomination).status == Status.SUBMITTED


def test_submit_without_the_required_documents_is_refused(make_nomination, unit_reporter):
    nomination = make_nomination(by=unit_reporter)
    add_document(nomination, Kind.PROPOSAL, unit_reporter)

    with pytest.raises(workflow.TransitionRefused) as refused:
        services.nomination_submit(nomination=nomination, by=unit_reporter, version=nomination.version)

    assert "còn thiếu Báo cáo thành tích" in refused.value.message
    assert fresh(nomination).status == Status.DRAFT
    assert NominationEvent.objects.filter(nomination=nomination).count() == 1


def test_council_result_is_a_meeting_record_not_an_uploaded_paper(make_nomination, commune_officer):
    """The council step used to wait for uploaded minutes; it now records a meeting (with one
    ballot line), whose minutes the portal prints: no paper is asked for first."""
    nomination = advance(make_nomination(), commune_officer, to=Status.APPRAISED)
    assert workflow.refusal(nomination, workflow.TRANSITIONS["record_council"]) is None

    done = services.nomination_record_council(
        nomination=nomination,
        by=commune_officer,
        version=nomination.version,
        meeting_date=datetime.date(2026, 12, 15),
        total_members=9,
        members_present=7,
        votes_for=7,
        votes_against=0,
    )

    stage = fresh(done).commune_stage
    ballot = stage.council_ballot
    assert (ballot.meeting.total_members, ballot.meeting.members_present, ballot.votes_for) == (9, 7, 7)
    assert ballot.meeting.status == "closed" and ballot.outcome == "approved"
    assert (stage.council_meeting_date, stage.council_members_present, stage.council_votes_for) == (
        datetime.date(2026, 12, 15),
        7,
        7,
    )
    assert not fresh(done).documents.filter(kind=Kind.COUNCIL_MINUTES).exists()


def test_council_votes_that_do_not_add_up_are_refused(make_nomination, commune_officer):
    nomination = advance(make_nomination(), commune_officer, to=Status.APPRAISED)

    with pytest.raises(ValidationError) as invalid:
        services.nomination_record_council(
            nomination=nomination,
            by=commune_officer,
            version=nomination.version,
            meeting_date=datetime.date(2026, 12, 15),
            total_members=9,
            members_present=7,
            votes_for=5,
            votes_against=3,
        )

    assert "vượt số thành viên bỏ phiếu (7: 7 dự họp, 0 gửi phiếu bằng văn bản)" in " ".join(invalid.value.messages)
    nomination = fresh(nomination)
    assert nomination.status == Status.APPRAISED and nomination.commune_stage.council_members_present is None
    assert not CouncilMeeting.objects.exists()


def test_submitting_twice_with_the_same_version_is_refused(make_nomination, unit_reporter):
    nomination = make_nomination(by=unit_reporter)
    add_document(nomination, Kind.PROPOSAL, unit_reporter)
    add_document(nomination, Kind.ACHIEVEMENT_REPORT, unit_reporter)
    version_seen_by_both_tabs = nomination.version

    services.nomination_submit(nomination=nomination, by=unit_reporter, version=version_seen_by_both_tabs)
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.nomination_submit(nomination=nomination, by=unit_reporter, version=version_seen_by_both_tabs)

    assert "Hồ sơ đã thay đổi sau khi bạn mở trang" in refused.value.message
    assert NominationEvent.objects.filter(nomination=nomination, to_status=Status.SUBMITTED).count() == 1


def test_an_action_on_a_decided_dossier_is_refused(make_nomination, commune_officer):
    nomination = advance(make_nomination(), commune_officer, to=Status.COUNCIL_REVIEWED)
    nomination = services.nomination_decide(
        nomination=nomination,
        by=commune_officer,
        version=nomination.version,
        decision_number="125/QĐ-UBND",
        decision_date=datetime.date(2026, 12, 20),
        decision_signer="Vũ Mạnh Cường",
    )
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.nomination_return(nomination=nomination, by=commune_officer, version=nomination.version, reason="x")
    assert "Đã quyết định khen thưởng" in refused.value.message
    assert fresh(nomination).status == Status.DECIDED


def test_only_the_officer_receives_appraises_and_decides(make_nomination, unit_reporter, commune_officer):
    nomination = advance(
        make_nomination(by=unit_reporter), commune_officer, to=Status.SUBMITTED, reporter=unit_reporter
    )
    with pytest.raises(PermissionDenied):
        services.nomination_receive(nomination=nomination, by=unit_reporter, version=nomination.version)
    assert fresh(nomination).status == Status.SUBMITTED


def test_reporter_of_another_unit_cannot_submit(make_nomination, unit_reporter, other_unit_reporter):
    nomination = make_nomination(by=unit_reporter)
    with pytest.raises(PermissionDenied):
        services.nomination_submit(nomination=nomination, by=other_unit_reporter, version=nomination.version)


def test_available_actions_follow_role_and_state(make_nomination, commune_officer, unit_reporter, commune_viewer):
    nomination = make_nomination(by=unit_reporter)
    assert [t.action for t in workflow.available_transitions(unit_reporter, nomination)] == ["submit"]
    assert workflow.available_transitions(commune_viewer, nomination) == []
    nomination = advance(nomination, commune_officer, to=Status.SUBMITTED, reporter=unit_reporter)
    assert workflow.available_transitions(unit_reporter, nomination) == []
    assert [t.action for t in workflow.available_transitions(commune_officer, nomination)] == ["receive", "return"]


def test_checklist_ticks_the_documents_present(make_nomination, unit_reporter):
    nomination = make_nomination(by=unit_reporter)
    add_document(nomination, Kind.PROPOSAL, unit_reporter)
    ticks = {item["kind"]: item["present"] for item in workflow.checklist(fresh(nomination))}
    assert ticks == {Kind.PROPOSAL: True, Kind.ACHIEVEMENT_REPORT: False}


def test_every_transition_has_a_service():
    assert set(services.SERVICES) == set(workflow.TRANSITIONS)
    assert all(t.target in Nomination.Status.values for t in workflow.TRANSITIONS.values())
