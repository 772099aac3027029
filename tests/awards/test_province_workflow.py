"""The province's part of the workflow, through the services: the full paths (decided by the
province, forwarded to the national level, returned and resubmitted), the refusals and the
timeline. The helpers at the top are shared by the other test_province_*.py files."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from awards import selectors, services, workflow
from awards.models import PROVINCE_STATES, Authority, AwardForm, Nomination, NominationEvent
from campaigns.models import AdministrativeUnit, Level, ParticipatingUnit
from tests.awards.helpers import Kind, Status, add_document, advance, fresh, pdf

pytestmark = pytest.mark.django_db

PROVINCE_STEPS = [Status.RECEIVED_BY_PROVINCE, Status.APPRAISED_BY_PROVINCE, Status.PROVINCE_COUNCIL_REVIEWED]


# --- Helpers shared by the province tests ----------------------------------------------------


def make_reviewer(username: str, province: str, role: str = User.Role.REVIEWER) -> User:
    """An account of the province `province` (reviewer by default)."""
    admin_unit = AdministrativeUnit.objects.get(name=province, kind__in=AdministrativeUnit.PROVINCE_KINDS)
    user = User(username=username, role=role, admin_unit=admin_unit)
    user.set_password("demo12345")
    user.full_clean()
    user.save()
    return user


def forwarded(make_nomination, officer: User, award_form: AwardForm, **fields) -> Nomination:
    """A dossier of Cổ Lễ taken through the commune's council and forwarded to the province."""
    nomination = advance(make_nomination(award_form=award_form, **fields), officer, to=Status.COUNCIL_REVIEWED)
    services.nomination_forward(nomination=nomination, by=officer, version=nomination.version, comment="Trình tỉnh")
    return fresh(nomination)


def province_advance(nomination: Nomination, reviewer: User, *, to: str) -> Nomination:
    """Walk a forwarded dossier through the province's steps up to the state `to`."""
    for target in PROVINCE_STEPS[: PROVINCE_STEPS.index(to) + 1]:
        nomination = fresh(nomination)
        if target == Status.RECEIVED_BY_PROVINCE:
            services.nomination_province_receive(nomination=nomination, by=reviewer, version=nomination.version)
        elif target == Status.APPRAISED_BY_PROVINCE:
            services.nomination_province_appraise(
                nomination=nomination,
                by=reviewer,
                version=nomination.version,
                comment="Đủ điều kiện, đúng tiêu chuẩn của tỉnh.",
            )
        else:
            services.nomination_province_record_council(
                nomination=nomination,
                by=reviewer,
                version=nomination.version,
                meeting_date=datetime.date(2027, 1, 12),
                total_members=11,
                members_present=11,
                votes_for=10,
                votes_against=1,
            )
    return fresh(nomination)


def decide_at_province(nomination: Nomination, reviewer: User, **overrides) -> Nomination:
    data = {
        "decision_number": "45/QĐ-UBND",
        "decision_date": datetime.date(2027, 1, 20),
        "decision_signer": "Phạm Quang Ngọc",
    }
    data.update(overrides)
    return services.nomination_province_decide(nomination=nomination, by=reviewer, version=nomination.version, **data)


@pytest.fixture
def province_viewer(db) -> User:
    """A read-only account of tỉnh Ninh Bình."""
    return make_reviewer("lanhdao.ninhbinh", "Ninh Bình", role=User.Role.VIEWER)


# --- The full paths ------------------------------------------------------------------------


def test_bang_khen_of_the_province_is_decided_by_the_province(
    make_nomination, commune_officer, province_reviewer, bang_khen_tinh
):
    nomination = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    assert [t.action for t in workflow.available_transitions(province_reviewer, nomination)] == [
        "province_receive",
        "province_return",
    ]
    nomination = province_advance(nomination, province_reviewer, to=Status.PROVINCE_COUNCIL_REVIEWED)
    assert nomination.province_stage.council_approval_percent == 90.9
    assert nomination.province_stage.appraisal_comment == "Đủ điều kiện, đúng tiêu chuẩn của tỉnh."
    # The form is decided at the province: deciding is offered, proposing upward is not.
    assert [t.action for t in workflow.available_transitions(province_reviewer, nomination)] == ["province_decide"]

    decided = fresh(decide_at_province(nomination, province_reviewer, comment="Khen thưởng đợt tháng 01/2027"))

    assert decided.status == Status.DECIDED_BY_PROVINCE
    decision = decided.province_stage
    assert decided.decision == decision
    assert (decision.decision_number, decision.decision_date, decision.decision_signer) == (
        "45/QĐ-UBND",
        datetime.date(2027, 1, 20),
        "Phạm Quang Ngọc",
    )
    # The commune's council result is kept next to the province's.
    assert (decided.commune_stage.council_members_present, decided.province_stage.council_members_present) == (9, 11)
    assert decided.commune_stage.decision_number == ""
    steps = list(decided.events.order_by("at", "pk").values_list("from_status", "to_status", "by__username"))
    assert steps[-5:] == [
        (Status.COUNCIL_REVIEWED, Status.FORWARDED, "cole"),
        (Status.FORWARDED, Status.RECEIVED_BY_PROVINCE, "ninhbinh"),
        (Status.RECEIVED_BY_PROVINCE, Status.APPRAISED_BY_PROVINCE, "ninhbinh"),
        (Status.APPRAISED_BY_PROVINCE, Status.PROVINCE_COUNCIL_REVIEWED, "ninhbinh"),
        (Status.PROVINCE_COUNCIL_REVIEWED, Status.DECIDED_BY_PROVINCE, "ninhbinh"),
    ]
    assert decided.events.order_by("at", "pk").last().comment == "Khen thưởng đợt tháng 01/2027"
    assert workflow.available_transitions(province_reviewer, decided) == []
    assert workflow.available_transitions(commune_officer, decided) == []


def test_bang_khen_of_the_prime_minister_is_forwarded_to_the_national_level(
    make_nomination, commune_officer, province_reviewer, bang_khen_thu_tuong
):
    nomination = forwarded(make_nomination, commune_officer, bang_khen_thu_tuong)
    nomination = province_advance(nomination, province_reviewer, to=Status.PROVINCE_COUNCIL_REVIEWED)
    assert [t.action for t in workflow.available_transitions(province_reviewer, nomination)] == ["forward_to_national"]

    done = services.nomination_forward_to_national(
        nomination=nomination,
        by=province_reviewer,
        version=nomination.version,
        submission_number="12/TTr-UBND",
        submission_date=datetime.date(2027, 1, 25),
        comment="Trình Thủ tướng Chính phủ qua Bộ Nội vụ",
    )

    done = fresh(done)
    assert done.status == Status.FORWARDED_TO_NATIONAL
    sent = done.province_stage
    assert (sent.submission_number, sent.submission_date, sent.forwarded_by) == (
        "12/TTr-UBND",
        datetime.date(2027, 1, 25),
        province_reviewer,
    )
    # The national level holds a stage row of its own, with nothing decided anywhere yet.
    assert done.current_stage == done.stage(Level.NATIONAL) and done.current_stage is not None
    assert done.decision is None and not any(stage.decision_number for stage in done.stages.all())
    last = done.events.order_by("at", "pk").last()
    assert (last.from_status, last.to_status, last.by, last.comment) == (
        Status.PROVINCE_COUNCIL_REVIEWED,
        Status.FORWARDED_TO_NATIONAL,
        province_reviewer,
        "Trình Thủ tướng Chính phủ qua Bộ Nội vụ",
    )


def test_returned_by_the_province_fixed_by_the_commune_resubmitted_and_received(
    make_nomination, commune_officer, province_reviewer, bang_khen_tinh, plan_co_le, school
):
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh), province_reviewer, to=Status.RECEIVED_BY_PROVINCE
    )

    returned = services.nomination_province_return(
        nomination=nomination,
        by=province_reviewer,
        version=nomination.version,
        reason="Báo cáo thành tích chưa có xác nhận của Chủ tịch UBND xã.",
    )

    assert returned.status == Status.RETURNED_BY_PROVINCE
    assert returned.province_stage.returned_reason == "Báo cáo thành tích chưa có xác nhận của Chủ tịch UBND xã."
    # The commune officer fixes the dossier and its documents; nobody else may.
    assert workflow.may_edit(commune_officer, returned)
    assert not workflow.may_edit(province_reviewer, returned)
    assert Kind.ACHIEVEMENT_REPORT in workflow.upload_kinds(commune_officer, returned)
    assert workflow.upload_kinds(province_reviewer, returned) == []
    old_report = returned.documents.get(kind=Kind.ACHIEVEMENT_REPORT)
    services.nomination_document_delete(document=old_report, by=commune_officer)
    with pytest.raises(workflow.TransitionRefused) as incomplete:
        services.nomination_resubmit_to_province(nomination=returned, by=commune_officer, version=returned.version)
    assert "còn thiếu Báo cáo thành tích" in incomplete.value.message
    add_document(returned, Kind.ACHIEVEMENT_REPORT, commune_officer, name="bao-cao-co-xac-nhan.pdf")
    fixed = services.nomination_update(
        nomination=returned,
        by=commune_officer,
        version=returned.version,
        plan=plan_co_le,
        occasion="annual",
        award_form=bang_khen_tinh,
        nominee_kind="collective",
        unit=school,
        achievements="Thành tích đã bổ sung xác nhận của Chủ tịch UBND xã.",
    )

    resubmitted = services.nomination_resubmit_to_province(
        nomination=fixed, by=commune_officer, version=fixed.version, comment="Đã bổ sung xác nhận"
    )

    assert resubmitted.status == Status.FORWARDED
    assert fresh(resubmitted).commune_stage.forwarded_by == commune_officer
    received = services.nomination_province_receive(
        nomination=resubmitted, by=province_reviewer, version=resubmitted.version
    )
    assert received.status == Status.RECEIVED_BY_PROVINCE
    assert fresh(received).documents.get(kind=Kind.ACHIEVEMENT_REPORT).original_name == "bao-cao-co-xac-nhan.pdf"
    steps = list(received.events.order_by("at", "pk").values_list("to_status", "by__username", "comment"))
    assert steps[-4:] == [
        (Status.RECEIVED_BY_PROVINCE, "ninhbinh", ""),
        (Status.RETURNED_BY_PROVINCE, "ninhbinh", "Báo cáo thành tích chưa có xác nhận của Chủ tịch UBND xã."),
        (Status.FORWARDED, "cole", "Đã bổ sung xác nhận"),
        (Status.RECEIVED_BY_PROVINCE, "ninhbinh", ""),
    ]


def test_the_province_may_return_a_dossier_it_has_not_received_yet(
    make_nomination, commune_officer, province_reviewer, bang_khen_tinh
):
    nomination = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    returned = services.nomination_province_return(
        nomination=nomination, by=province_reviewer, version=nomination.version, reason="Sai mẫu tờ trình."
    )
    assert returned.status == Status.RETURNED_BY_PROVINCE


# --- Level from the data ------------------------------------------------------------------


def test_deciding_a_national_form_at_the_province_is_refused(
    make_nomination, commune_officer, province_reviewer, bang_khen_thu_tuong
):
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_thu_tuong),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )

    with pytest.raises(workflow.TransitionRefused) as refused:
        decide_at_province(nomination, province_reviewer)

    assert refused.value.message == (
        "Không thể ghi quyết định ở cấp tỉnh: “Bằng khen của Thủ tướng Chính phủ” do Thủ tướng Chính phủ "
        "quyết định. Hồ sơ này cần được trình cấp Trung ương."
    )
    nomination = fresh(nomination)
    assert (nomination.status, nomination.province_stage.decision_number) == (Status.PROVINCE_COUNCIL_REVIEWED, "")


def test_forwarding_a_province_form_to_the_national_level_is_refused(
    make_nomination, commune_officer, province_reviewer, bang_khen_tinh
):
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )

    with pytest.raises(workflow.TransitionRefused) as refused:
        services.nomination_forward_to_national(
            nomination=nomination,
            by=province_reviewer,
            version=nomination.version,
            submission_number="12/TTr-UBND",
            submission_date=datetime.date(2027, 1, 25),
        )

    assert "hãy ghi quyết định khen thưởng của tỉnh" in refused.value.message
    nomination = fresh(nomination)
    assert (nomination.status, nomination.province_stage.submission_number) == (Status.PROVINCE_COUNCIL_REVIEWED, "")


def test_which_level_decides_is_read_from_the_award_form(
    make_nomination, commune_officer, province_reviewer, bang_khen_thu_tuong
):
    """Not from the form's name: a "national" form whose authority row an administrator
    moves to the province level is decided by the province."""
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_thu_tuong),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )
    Authority.objects.filter(award_form=bang_khen_thu_tuong).update(level="province")
    nomination = fresh(nomination)
    assert [t.action for t in workflow.available_transitions(province_reviewer, nomination)] == ["province_decide"]
    assert decide_at_province(nomination, province_reviewer).status == Status.DECIDED_BY_PROVINCE


# --- Refusals -------------------------------------------------------------------------------


def test_deciding_twice_is_refused(make_nomination, commune_officer, province_reviewer, bang_khen_tinh):
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )
    decided = decide_at_province(nomination, province_reviewer)

    with pytest.raises(workflow.TransitionRefused) as refused:
        decide_at_province(decided, province_reviewer, decision_number="46/QĐ-UBND")

    assert "khi hồ sơ đang ở trạng thái “Tỉnh đã quyết định khen thưởng”" in refused.value.message
    assert fresh(decided).province_stage.decision_number == "45/QĐ-UBND"
    assert NominationEvent.objects.filter(nomination=decided, to_status=Status.DECIDED_BY_PROVINCE).count() == 1


def test_the_same_version_from_two_tabs_is_applied_once(
    make_nomination, commune_officer, province_reviewer, bang_khen_tinh
):
    nomination = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    seen = nomination.version
    services.nomination_province_receive(nomination=nomination, by=province_reviewer, version=seen)

    with pytest.raises(workflow.TransitionRefused) as refused:
        services.nomination_province_return(nomination=nomination, by=province_reviewer, version=seen, reason="x")

    assert "Hồ sơ đã thay đổi sau khi bạn mở trang" in refused.value.message
    assert fresh(nomination).status == Status.RECEIVED_BY_PROVINCE


def test_a_decision_needs_number_date_and_signer(make_nomination, commune_officer, province_reviewer, bang_khen_tinh):
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )
    for missing in ({"decision_number": "  "}, {"decision_date": None}, {"decision_signer": ""}):
        with pytest.raises(workflow.TransitionRefused) as refused:
            decide_at_province(nomination, province_reviewer, **missing)
        assert refused.value.message == "Quyết định khen thưởng cần số, ngày và người ký."
    assert fresh(nomination).status == Status.PROVINCE_COUNCIL_REVIEWED


def test_forwarding_to_national_needs_the_submission_number_and_date(
    make_nomination, commune_officer, province_reviewer, bang_khen_thu_tuong
):
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_thu_tuong),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )
    with pytest.raises(workflow.TransitionRefused):
        services.nomination_forward_to_national(
            nomination=nomination,
            by=province_reviewer,
            version=nomination.version,
            submission_number="",
            submission_date=None,
        )
    assert fresh(nomination).status == Status.PROVINCE_COUNCIL_REVIEWED


def test_the_province_council_is_a_meeting_whose_votes_add_up(
    make_nomination, commune_officer, province_reviewer, bang_khen_tinh
):
    """The province's council step used to wait for its uploaded minutes; it is now a meeting
    of the province's council, and votes that do not add up are refused, nothing saved."""
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh), province_reviewer, to=Status.APPRAISED_BY_PROVINCE
    )
    council = {
        "meeting_date": datetime.date(2027, 1, 12),
        "total_members": 9,
        "members_present": 7,
        "votes_for": 6,
        "votes_against": 2,
    }
    assert workflow.refusal(nomination, workflow.TRANSITIONS["province_record_council"]) is None
    with pytest.raises(ValidationError) as invalid:
        services.nomination_province_record_council(
            nomination=nomination, by=province_reviewer, version=nomination.version, **council
        )
    assert "vượt số thành viên bỏ phiếu (7: 7 dự họp, 0 gửi phiếu bằng văn bản)" in " ".join(invalid.value.messages)
    nomination = fresh(nomination)
    assert (nomination.status, nomination.province_stage.council_members_present) == (
        Status.APPRAISED_BY_PROVINCE,
        None,
    )

    done = services.nomination_province_record_council(
        nomination=nomination, by=province_reviewer, version=nomination.version, **{**council, "votes_against": 1}
    )
    meeting = fresh(done).province_stage.council_ballot.meeting
    assert (meeting.admin_unit, meeting.status) == (province_reviewer.admin_unit, "closed")


def test_return_and_appraisal_need_text(make_nomination, commune_officer, province_reviewer, bang_khen_tinh):
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh), province_reviewer, to=Status.RECEIVED_BY_PROVINCE
    )
    with pytest.raises(workflow.TransitionRefused):
        services.nomination_province_return(
            nomination=nomination, by=province_reviewer, version=nomination.version, reason=" "
        )
    with pytest.raises(workflow.TransitionRefused):
        services.nomination_province_appraise(
            nomination=nomination, by=province_reviewer, version=nomination.version, comment=""
        )
    assert fresh(nomination).status == Status.RECEIVED_BY_PROVINCE


def test_a_reviewer_of_another_province_may_not_act(make_nomination, commune_officer, nghe_an_reviewer, bang_khen_tinh):
    nomination = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    with pytest.raises(PermissionDenied):
        services.nomination_province_receive(nomination=nomination, by=nghe_an_reviewer, version=nomination.version)
    assert nomination.pk not in Nomination.objects.visible_to(nghe_an_reviewer).values_list("pk", flat=True)
    assert fresh(nomination).status == Status.FORWARDED


@pytest.mark.parametrize("who", ["commune_officer", "commune_viewer", "province_viewer", "unit_reporter"])
def test_only_the_provinces_reviewers_do_the_provinces_steps(
    request, make_nomination, commune_officer, bang_khen_tinh, who
):
    nomination = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    user = request.getfixturevalue(who)
    assert workflow.available_transitions(user, nomination) == []
    with pytest.raises(PermissionDenied):
        services.nomination_province_receive(nomination=nomination, by=user, version=nomination.version)
    with pytest.raises(PermissionDenied):
        services.nomination_province_return(nomination=nomination, by=user, version=nomination.version, reason="x")
    assert fresh(nomination).status == Status.FORWARDED


def test_the_reviewer_cannot_resubmit_for_the_commune(
    make_nomination, commune_officer, province_reviewer, unit_reporter, bang_khen_tinh
):
    nomination = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    nomination = services.nomination_province_return(
        nomination=nomination, by=province_reviewer, version=nomination.version, reason="Bổ sung"
    )
    for user in (province_reviewer, unit_reporter):
        with pytest.raises(PermissionDenied):
            services.nomination_resubmit_to_province(nomination=nomination, by=user, version=nomination.version)
    # The unit no longer edits a dossier the commune has sent up.
    assert not workflow.may_edit(unit_reporter, nomination)
    assert fresh(nomination).status == Status.RETURNED_BY_PROVINCE


def test_a_returned_dossier_keeps_a_form_decided_above_the_commune(
    make_nomination, commune_officer, province_reviewer, bang_khen_tinh, giay_khen, plan_co_le, school
):
    nomination = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    nomination = services.nomination_province_return(
        nomination=nomination, by=province_reviewer, version=nomination.version, reason="Xem lại hình thức"
    )
    with pytest.raises(ValidationError) as invalid:
        services.nomination_update(
            nomination=nomination,
            by=commune_officer,
            version=nomination.version,
            plan=plan_co_le,
            occasion="annual",
            award_form=giay_khen,
            nominee_kind="collective",
            unit=school,
            achievements="x",
        )
    assert "award_form" in invalid.value.message_dict
    assert fresh(nomination).award_form == bang_khen_tinh


def test_province_documents_are_the_reviewers_while_the_province_works(
    make_nomination, commune_officer, province_reviewer, bang_khen_tinh
):
    nomination = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    assert workflow.upload_kinds(province_reviewer, nomination) == []
    nomination = province_advance(nomination, province_reviewer, to=Status.RECEIVED_BY_PROVINCE)
    assert workflow.upload_kinds(province_reviewer, nomination) == [Kind.PROVINCE_COUNCIL_MINUTES, Kind.PROVINCE_OTHER]
    assert workflow.upload_kinds(commune_officer, nomination) == []
    with pytest.raises(workflow.TransitionRefused):
        services.nomination_document_upload(
            nomination=nomination, by=province_reviewer, kind=Kind.PROPOSAL, upload=pdf()
        )
    commune_paper = nomination.documents.get(kind=Kind.PROPOSAL)
    with pytest.raises(workflow.TransitionRefused):
        services.nomination_document_delete(document=commune_paper, by=province_reviewer)
    assert nomination.documents.filter(pk=commune_paper.pk).exists()


def test_checklist_never_waits_for_the_provinces_minutes(
    make_nomination, commune_officer, province_reviewer, bang_khen_tinh
):
    draft = make_nomination(award_form=bang_khen_tinh)
    assert Kind.PROVINCE_COUNCIL_MINUTES not in [item["kind"] for item in workflow.checklist(draft)]
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )
    # The province's council is a meeting record (its minutes printed by the portal), not a
    # paper the checklist waits for.
    assert Kind.PROVINCE_COUNCIL_MINUTES not in [item["kind"] for item in workflow.checklist(nomination)]
    assert nomination.province_stage.council_ballot.meeting.admin_unit == province_reviewer.admin_unit


# --- Scope ---------------------------------------------------------------------------------


def test_the_province_sees_its_communes_forwarded_dossiers_and_its_own_units_sent_ones(
    make_nomination, commune_officer, province_reviewer, nghe_an_reviewer, bang_khen_tinh, plan_ninh_binh
):
    draft = make_nomination(award_form=bang_khen_tinh)
    at_commune = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)
    sent_up = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    returned = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    services.nomination_province_return(
        nomination=returned, by=province_reviewer, version=returned.version, reason="Bổ sung"
    )
    # A department of the province itself (its own participating unit).
    department = ParticipatingUnit.objects.create(
        admin_unit=plan_ninh_binh.issuer,
        name="Sở Khoa học và Công nghệ tỉnh Ninh Bình",
        subject_type=ParticipatingUnit.objects.first().subject_type,
    )
    own = {"plan": plan_ninh_binh, "award_form": bang_khen_tinh, "nominee_kind": "collective", "unit": department}
    own_draft = Nomination.objects.create(**own, achievements="a", created_by=province_reviewer)
    own_sent = Nomination.objects.create(**own, achievements="b", created_by=province_reviewer, status="submitted")

    visible = set(Nomination.objects.visible_to(province_reviewer).values_list("pk", flat=True))

    assert visible == {sent_up.pk, returned.pk, own_sent.pk}
    assert not {draft.pk, at_commune.pk, own_draft.pk} & visible
    assert not Nomination.objects.visible_to(nghe_an_reviewer).exists()
    assert set(selectors.province_queue(province_reviewer).values_list("pk", flat=True)) == visible
    assert not selectors.province_queue(commune_officer).exists()


def test_home_summary_for_reviewers_counts_what_waits_for_the_province(
    make_nomination, commune_officer, province_reviewer, nghe_an_reviewer, bang_khen_tinh
):
    forwarded(make_nomination, commune_officer, bang_khen_tinh)
    forwarded(make_nomination, commune_officer, bang_khen_tinh)
    appraised = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh), province_reviewer, to=Status.APPRAISED_BY_PROVINCE
    )
    decided = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )
    decide_at_province(decided, province_reviewer)

    summary = selectors.home_summary(province_reviewer, 2027)

    assert {row["status"]: row["count"] for row in summary["queue"]} == {
        Status.FORWARDED: 2,
        Status.RECEIVED_BY_PROVINCE: 0,
        Status.APPRAISED_BY_PROVINCE: 1,
        Status.PROVINCE_COUNCIL_REVIEWED: 0,
    }
    assert summary["waiting_total"] == 3
    assert appraised.pk in [n.pk for n in summary["waiting"]]
    assert summary["decided_this_year"] == 1
    assert selectors.home_summary(province_reviewer, 2026)["decided_this_year"] == 0
    assert selectors.home_summary(nghe_an_reviewer, 2027)["waiting_total"] == 0
    # The commune counts the province's decision among its awards, and sees what came back.
    assert selectors.home_summary(commune_officer, 2027)["decided_this_year"] == 1
    assert selectors.waiting_for_province_by_commune(province_reviewer) == {commune_officer.admin_unit_id: 3}


def test_home_summary_lists_dossiers_the_province_returned_to_the_officer(
    make_nomination, commune_officer, province_reviewer, bang_khen_tinh
):
    nomination = forwarded(make_nomination, commune_officer, bang_khen_tinh)
    services.nomination_province_return(
        nomination=nomination, by=province_reviewer, version=nomination.version, reason="Bổ sung"
    )
    summary = selectors.home_summary(commune_officer, 2027)
    assert [n.pk for n in summary["province_returned"]] == [nomination.pk]
    assert summary["waiting_total"] == 0


def test_every_province_transition_has_a_service_and_a_form():
    from awards.forms import ACTION_FORMS

    assert set(services.SERVICES) == set(workflow.TRANSITIONS) == set(ACTION_FORMS)
    province = [t for t in workflow.TRANSITIONS.values() if t.actor == workflow.REVIEWER]
    # Every state of the province but the first is reached by a step of the province.
    reached = {t.target for t in province} | {t.rejected_target for t in province if t.rejected_target}
    assert reached == set(PROVINCE_STATES) - {Status.FORWARDED}
