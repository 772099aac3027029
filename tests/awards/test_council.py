"""The council's record and the vote service: every refusal says why in Vietnamese and saves
nothing; the thresholds are data (80 % / 90 % of all members, a simple majority of those who
voted where no row is set), a province's row and an admin's change take effect on the next
vote, a closed meeting keeps the rule it was decided under; a vote below the threshold ends
the dossier at "council_rejected", not decidable, not forwardable."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards import selectors, services, workflow
from awards.models import (
    AwardForm,
    CouncilBallot,
    CouncilMeeting,
    Nomination,
    NominationEvent,
    PlanAwardForm,
    VoteThreshold,
)
from awards.reference import ensure_vote_thresholds
from awards.services import council
from awards.services import decisions as decision_services
from campaigns.models import AdministrativeUnit
from tests.awards.decision_helpers import draft, scan
from tests.awards.helpers import Status, advance, fresh

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
ND98 = "Nghị định 98/2023/NĐ-CP (đã hết hiệu lực; rà soát theo Nghị định 152/2025/NĐ-CP)"


def form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


def meeting(by, **fields) -> CouncilMeeting:
    data = {"held_on": TODAY(), "total_members": 9, "members_present": 9, "written_votes": 0, "secret_ballot": True}
    return council.meeting_create(by=by, **{**data, **fields})


def vote(by, nominations_votes, **meeting_fields) -> CouncilMeeting:
    """A meeting with one line per (dossier, for, against), not closed yet."""
    held = meeting(by, **meeting_fields)
    rows = [council.BallotRow(n, votes_for, against) for n, votes_for, against in nominations_votes]
    council.ballots_add(meeting=held, by=by, rows=rows)
    return held


def close(held: CouncilMeeting, by) -> CouncilMeeting:
    return services.meeting_close(meeting=held, by=by, version=fresh_meeting(held).version)


def fresh_meeting(held: CouncilMeeting) -> CouncilMeeting:
    return CouncilMeeting.objects.get(pk=held.pk)


def outcome(code: str, votes_for: int, *, total: int, present: int, written: int = 0, province=None, day=None):
    """The vote service on a line not saved anywhere: only the thresholds are read."""
    unit = AdministrativeUnit.objects.get(name="Cổ Lễ") if province is None else province
    held = CouncilMeeting(
        admin_unit=unit, held_on=day or TODAY(), total_members=total, members_present=present, written_votes=written
    )
    return council.vote_outcome(
        CouncilBallot(meeting=held, award_form=form(code), votes_for=votes_for, votes_against=0)
    )


@pytest.fixture
def appraised(make_nomination, commune_officer):
    """Dossiers of Cổ Lễ received and appraised today, waiting for the commune's council."""

    def make(award_form=None, **fields) -> Nomination:
        return advance(make_nomination(award_form=award_form, **fields), commune_officer, to=Status.APPRAISED)

    return make


# --- The meeting's and the line's checks ----------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"total_members": 11, "members_present": 12},
            "Số thành viên dự họp (12) không được lớn hơn tổng số thành viên Hội đồng (11).",
        ),
        (
            {"total_members": 11, "members_present": 10, "written_votes": 3},
            "Số thành viên dự họp (10) cộng số thành viên gửi phiếu bằng văn bản (3) vượt tổng số thành viên "
            "Hội đồng (11).",
        ),
        ({"members_present": 0}, "Số thành viên dự họp phải ít nhất là 1."),
        ({"total_members": 0, "members_present": 1}, "Tổng số thành viên Hội đồng phải ít nhất là 1."),
        (
            {"members_present": 7, "written_votes": 2, "written_voters": "Nguyễn Văn Hòa"},
            "Đã ghi 1 họ tên nhưng số thành viên gửi phiếu bằng văn bản là 2.",
        ),
    ],
)
def test_a_meeting_whose_members_do_not_add_up_is_refused(commune_officer, fields, message):
    with pytest.raises(ValidationError) as invalid:
        meeting(commune_officer, **fields)
    assert message in invalid.value.messages
    assert not CouncilMeeting.objects.exists()


def test_more_ballots_than_voters_is_refused_and_written_votes_count(commune_officer, appraised):
    dossier = appraised()
    held = meeting(commune_officer, total_members=9, members_present=7, written_votes=2)
    too_many = council.BallotRow(dossier, 8, 1, 1)
    with pytest.raises(ValidationError) as invalid:
        council.ballots_add(meeting=held, by=commune_officer, rows=[too_many])
    assert (
        "Số phiếu đồng ý (8), không đồng ý (1) và không hợp lệ (1) cộng lại là 10, vượt số thành viên bỏ phiếu "
        "(9: 7 dự họp, 2 gửi phiếu bằng văn bản)."
    ) in " ".join(invalid.value.messages)
    assert not held.ballots.exists()
    # Seven present and two in writing: nine ballots are fine.
    [line] = council.ballots_add(meeting=held, by=commune_officer, rows=[council.BallotRow(dossier, 8, 1)])
    assert line.explanation == "8/9 phiếu = 88,9 % số thành viên tham gia bỏ phiếu; ngưỡng trên 50 % → đạt"


def test_a_meeting_before_the_dossier_was_received_is_refused(commune_officer, appraised):
    dossier = appraised()
    yesterday = TODAY() - datetime.timedelta(days=1)
    held = meeting(commune_officer, held_on=yesterday)
    with pytest.raises(ValidationError) as invalid:
        council.ballots_add(meeting=held, by=commune_officer, rows=[council.BallotRow(dossier, 9, 0)])
    assert (
        f"Ngày họp Hội đồng ({yesterday:%d/%m/%Y}) trước ngày tiếp nhận hồ sơ “{dossier.nominee_name}” ở cấp xã "
        f"({TODAY():%d/%m/%Y})."
    ) in invalid.value.messages
    assert not held.ballots.exists()

    # Moving a meeting's date back past a line's receipt is refused the same way; nothing moves.
    held = vote(commune_officer, [(dossier, 9, 0)])
    with pytest.raises(ValidationError, match="trước ngày tiếp nhận hồ sơ"):
        council.meeting_update(meeting=held, by=commune_officer, version=held.version, held_on=yesterday)
    assert fresh_meeting(held).held_on == TODAY()


def test_changing_the_meeting_counts_changes_its_lines(commune_officer, appraised):
    dossier = appraised()
    held = vote(commune_officer, [(dossier, 5, 4)])
    assert held.ballots.get().outcome == CouncilBallot.Outcome.APPROVED
    with pytest.raises(ValidationError, match="vượt số thành viên bỏ phiếu"):
        council.meeting_update(meeting=held, by=commune_officer, version=held.version, members_present=8)
    assert fresh_meeting(held).members_present == 9
    council.meeting_update(
        meeting=held, by=commune_officer, version=held.version, total_members=12, members_present=9, written_votes=3
    )
    line = held.ballots.get()
    assert (line.outcome, line.explanation) == (
        CouncilBallot.Outcome.REJECTED,
        "5/12 phiếu = 41,7 % số thành viên tham gia bỏ phiếu; ngưỡng trên 50 % → không đạt",
    )


def test_a_title_that_needs_a_secret_ballot_is_refused_on_an_open_vote(commune_officer, appraised):
    flag = appraised(award_form=form("co_thi_dua_tinh"))
    held = meeting(commune_officer, secret_ballot=False)
    with pytest.raises(ValidationError) as invalid:
        council.ballots_add(meeting=held, by=commune_officer, rows=[council.BallotRow(flag, 9, 0)])
    assert (
        f"“Cờ thi đua của Ủy ban nhân dân tỉnh, thành phố” ({flag.nominee_name}) phải được Hội đồng bỏ phiếu kín "
        f"({ND98}); cuộc họp này ghi là không bỏ phiếu kín."
    ) in invalid.value.messages


def test_no_threshold_in_force_says_so():
    with pytest.raises(ValidationError) as invalid:
        outcome("giay_khen", 9, total=9, present=9, day=datetime.date(2023, 6, 1))
    assert invalid.value.messages == [
        "Chưa có ngưỡng biểu quyết nào áp dụng cho “Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường” vào ngày "
        "01/06/2023; hãy bổ sung trong trang quản trị (Ngưỡng biểu quyết của Hội đồng)."
    ]


def test_only_dossiers_waiting_for_this_council_go_on_its_ballot(
    commune_officer, neighbour_officer, appraised, make_nomination
):
    drafted = make_nomination()
    held = meeting(commune_officer)
    with pytest.raises(ValidationError) as invalid:
        council.ballots_add(meeting=held, by=commune_officer, rows=[council.BallotRow(drafted, 9, 0)])
    assert f"Hồ sơ “{drafted.nominee_name}” không chờ họp Hội đồng (đang ở trạng thái “Đang soạn”)." in (
        invalid.value.messages
    )
    dossier = appraised()
    vote(commune_officer, [(dossier, 9, 0)])
    with pytest.raises(ValidationError) as twice:
        council.ballots_add(meeting=held, by=commune_officer, rows=[council.BallotRow(dossier, 9, 0)])
    assert (
        f"Hồ sơ “{dossier.nominee_name}” đã có trong cuộc họp Hội đồng ngày {TODAY():%d/%m/%Y} chưa chốt kết quả."
        in (twice.value.messages)
    )
    # Nor from the dossier page, nor by another commune's council.
    with pytest.raises(workflow.TransitionRefused, match="chưa chốt kết quả: hãy chốt kết quả"):
        services.nomination_record_council(
            nomination=dossier,
            by=commune_officer,
            version=fresh(dossier).version,
            meeting_date=TODAY(),
            total_members=9,
            members_present=9,
            votes_for=9,
            votes_against=0,
        )
    other = meeting(neighbour_officer)
    with pytest.raises(ValidationError, match="không thuộc Hội đồng này"):
        council.ballots_add(meeting=other, by=neighbour_officer, rows=[council.BallotRow(dossier, 9, 0)])


def test_overlapping_thresholds_for_the_same_form_are_refused():
    row = VoteThreshold(
        award_form=form("chien_si_thi_dua_co_so"),
        percent=Decimal(75),
        base="all_members",
        valid_from=datetime.date(2026, 1, 1),
        source="Thử",
    )
    with pytest.raises(ValidationError) as invalid:
        row.full_clean()
    assert (
        "Đã có ngưỡng biểu quyết cho cùng hình thức và địa phương trong khoảng thời gian này; hãy ghi ngày kết thúc "
        "cho ngưỡng cũ trước."
    ) in invalid.value.messages


def test_a_closed_meeting_is_locked_and_an_empty_one_cannot_close(commune_officer, appraised):
    empty = meeting(commune_officer)
    with pytest.raises(ValidationError, match="Cuộc họp chưa có hồ sơ nào được bỏ phiếu: chưa chốt được kết quả."):
        close(empty, commune_officer)
    held = close(vote(commune_officer, [(appraised(), 9, 0)]), commune_officer)
    for attempt in (
        lambda: council.meeting_update(meeting=held, by=commune_officer, version=held.version, notes="Sửa"),
        lambda: council.ballot_update(ballot=held.ballots.get(), by=commune_officer, votes_for=1, votes_against=8),
        lambda: council.ballot_remove(ballot=held.ballots.get(), by=commune_officer),
    ):
        with pytest.raises(ValidationError, match="Cuộc họp đã chốt kết quả: không sửa được."):
            attempt()
    assert held.ballots.get().votes_for == 9


def test_closing_refuses_a_dossier_that_moved_meanwhile_and_moves_none(commune_officer, appraised):
    first, second = (
        appraised(),
        appraised(nominee_kind="individual", individual_name="Lê Thị Bình", individual_position="Giáo viên"),
    )
    held = vote(commune_officer, [(first, 9, 0), (second, 9, 0)])
    services.nomination_return(nomination=second, by=commune_officer, version=fresh(second).version, reason="Bổ sung")
    with pytest.raises(workflow.TransitionRefused) as refused:
        close(held, commune_officer)
    assert refused.value.message.startswith("Lê Thị Bình: Không thể")
    assert fresh(first).status == Status.APPRAISED and fresh_meeting(held).is_open


# --- The decision comes after the council -------------------------------------------------------


def test_a_decision_dated_before_the_council_is_refused(commune_officer, appraised, make_nomination):
    dossier = fresh(close(vote(commune_officer, [(appraised(), 9, 0)]), commune_officer).ballots.get().nomination)
    before = TODAY() - datetime.timedelta(days=1)
    message = f"Ngày quyết định ({before:%d/%m/%Y}) không thể trước ngày họp Hội đồng ({TODAY():%d/%m/%Y})."
    with pytest.raises(ValidationError) as invalid:
        services.nomination_decide(
            nomination=dossier,
            by=commune_officer,
            version=dossier.version,
            decision_number="125/QĐ-UBND",
            decision_date=before,
            decision_signer="Vũ Mạnh Cường",
        )
    assert invalid.value.message_dict["decision_date"] == [message]
    assert fresh(dossier).status == Status.COUNCIL_REVIEWED

    decided = services.nomination_decide(
        nomination=dossier,
        by=commune_officer,
        version=dossier.version,
        decision_number="125/QĐ-UBND",
        decision_date=TODAY(),
        decision_signer="Vũ Mạnh Cường",
    )
    # The decision document: adding the dossier to one dated before the council, or signing it so.
    early = draft(commune_officer, decided_on=before)
    with pytest.raises(ValidationError) as refused:
        decision_services.decision_add_nominations(decision=early, by=commune_officer, nominations=[decided])
    assert refused.value.messages == [f"{decided.nominee_name}: {message}"]
    later = draft(commune_officer)
    decision_services.decision_add_nominations(decision=later, by=commune_officer, nominations=[decided])
    later.refresh_from_db()
    with pytest.raises(ValidationError) as unsigned:
        decision_services.decision_sign(
            decision=later,
            by=commune_officer,
            version=later.version,
            number="7/QĐ-UBND",
            decided_on=before,
            scan=scan(),
        )
    assert f"{decided.nominee_name}: {message}" in unsigned.value.messages
    later.refresh_from_db()
    assert later.is_draft


# --- The thresholds -----------------------------------------------------------------------------


ALL, VOTING = "tổng số thành viên Hội đồng", "số thành viên tham gia bỏ phiếu"
THRESHOLD_CASES = [
    # form, votes for, total members, present, in writing, the explanation
    ("chien_si_thi_dua_co_so", 12, 15, 12, 0, f"12/15 phiếu = 80,0 % {ALL}; ngưỡng 80 % → đạt"),
    ("chien_si_thi_dua_co_so", 11, 15, 15, 0, f"11/15 phiếu = 73,3 % {ALL}; ngưỡng 80 % → không đạt"),
    ("co_thi_dua_tinh", 12, 15, 13, 0, f"12/15 phiếu = 80,0 % {ALL}; ngưỡng 80 % → đạt"),
    ("co_thi_dua_chinh_phu", 11, 15, 11, 0, f"11/15 phiếu = 73,3 % {ALL}; ngưỡng 80 % → không đạt"),
    ("chien_si_thi_dua_tinh", 13, 15, 15, 0, f"13/15 phiếu = 86,7 % {ALL}; ngưỡng 90 % → không đạt"),
    ("chien_si_thi_dua_tinh", 14, 15, 15, 0, f"14/15 phiếu = 93,3 % {ALL}; ngưỡng 90 % → đạt"),
    # No row of its own: more than half of those who voted (present and in writing).
    ("giay_khen", 5, 9, 9, 0, f"5/9 phiếu = 55,6 % {VOTING}; ngưỡng trên 50 % → đạt"),
    ("giay_khen", 4, 9, 8, 0, f"4/8 phiếu = 50,0 % {VOTING}; ngưỡng trên 50 % → không đạt"),
    ("giay_khen", 5, 15, 8, 0, f"5/8 phiếu = 62,5 % {VOTING}; ngưỡng trên 50 % → đạt"),
    ("bang_khen_chu_tich_tinh", 5, 11, 6, 3, f"5/9 phiếu = 55,6 % {VOTING}; ngưỡng trên 50 % → đạt"),
    # All members, not those present: 11 of 11 present is 11 of 15.
    ("chien_si_thi_dua_co_so", 11, 15, 11, 0, f"11/15 phiếu = 73,3 % {ALL}; ngưỡng 80 % → không đạt"),
    # One decimal would print 80,0 % for a share below 80 %: two are printed.
    ("chien_si_thi_dua_co_so", 7999, 9999, 9999, 0, f"7999/9999 phiếu = 79,99 % {ALL}; ngưỡng 80 % → không đạt"),
]


@pytest.mark.parametrize(("code", "votes", "total", "present", "written", "explanation"), THRESHOLD_CASES)
def test_the_threshold_per_form_and_its_base(code, votes, total, present, written, explanation):
    result = outcome(code, votes, total=total, present=present, written=written)
    assert (result.approved, result.explanation) == (explanation.endswith("→ đạt"), explanation)


def test_a_44_percent_vote_no_longer_leads_to_an_award(commune_officer, appraised):
    dossier = appraised()
    held = close(vote(commune_officer, [(dossier, 4, 5)]), commune_officer)
    line = held.ballots.get()
    assert (line.outcome, line.percent) == (CouncilBallot.Outcome.REJECTED, Decimal("44.4"))
    assert line.threshold.award_form is None and line.threshold.source.startswith("Nguyên tắc biểu quyết theo đa số")
    assert fresh(dossier).status == Status.COUNCIL_REJECTED


def test_a_provinces_own_threshold_wins_over_the_national_default(outsider):
    ninh_binh = AdministrativeUnit.objects.get(name="Ninh Bình")
    VoteThreshold.objects.create(
        award_form=form("giay_khen"),
        province=ninh_binh,
        percent=Decimal("66.67"),
        base="all_members",
        valid_from=datetime.date(2025, 7, 1),
        source="Quy chế Hội đồng Thi đua - Khen thưởng tỉnh Ninh Bình (thử)",
    )
    at_co_le = outcome("giay_khen", 6, total=9, present=9)
    assert (at_co_le.approved, at_co_le.explanation) == (
        False,
        "6/9 phiếu = 66,66 % tổng số thành viên Hội đồng; ngưỡng 66,67 % → không đạt",
    )
    assert outcome("giay_khen", 6, total=9, present=9, province=ninh_binh).approved is False
    elsewhere = outcome("giay_khen", 6, total=9, present=9, province=outsider.admin_unit)  # Nghệ An
    assert elsewhere.approved is True and "ngưỡng trên 50 %" in elsewhere.explanation


def test_a_form_added_later_gets_its_threshold_when_the_seed_runs_again():
    """CSTĐ toàn quốc came after the council's seed (the cycle's reference rows add it, and seed
    again): a form without its row gets it, once."""
    VoteThreshold.objects.filter(award_form__code="chien_si_thi_dua_toan_quoc").delete()
    for _ in range(2):
        ensure_vote_thresholds(AwardForm, VoteThreshold)
    row = VoteThreshold.objects.get(award_form__code="chien_si_thi_dua_toan_quoc")
    assert (row.percent, row.base, row.secret_ballot_required, row.source) == (Decimal(90), "all_members", True, ND98)
    assert VoteThreshold.objects.count() == 6


def test_changing_a_threshold_in_the_admin_changes_the_next_outcome(admin_client, commune_officer, appraised):
    row = VoteThreshold.objects.get(award_form__code="co_thi_dua_tinh")
    decided_before = close(
        vote(
            commune_officer,
            [(appraised(award_form=form("co_thi_dua_tinh")), 11, 4)],
            total_members=15,
            members_present=15,
        ),
        commune_officer,
    ).ballots.get()
    held = vote(
        commune_officer,
        [(appraised(award_form=form("co_thi_dua_tinh"), unit=decided_before.nomination.unit), 11, 4)],
        total_members=15,
        members_present=15,
    )
    assert held.ballots.get().outcome == CouncilBallot.Outcome.REJECTED

    url = reverse("admin:awards_votethreshold_change", args=[row.pk])
    page = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in page.initial.items() if value is not None}
    data.update({"percent": "70", "valid_from": "01/01/2024", "secret_ballot_required": "on"})
    data.pop("valid_to", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert fresh_threshold(row).percent == Decimal(70)
    assert row.history.first().percent == Decimal(70)  # the change is kept as a version

    closed = close(held, commune_officer).ballots.get()
    assert (closed.outcome, closed.explanation) == (
        CouncilBallot.Outcome.APPROVED,
        "11/15 phiếu = 73,3 % tổng số thành viên Hội đồng; ngưỡng 70 % → đạt",
    )
    # The meeting closed before keeps the rule it was decided under.
    decided_before.refresh_from_db()
    assert (decided_before.outcome, decided_before.explanation) == (
        CouncilBallot.Outcome.REJECTED,
        "11/15 phiếu = 73,3 % tổng số thành viên Hội đồng; ngưỡng 80 % → không đạt",
    )


def fresh_threshold(row: VoteThreshold) -> VoteThreshold:
    return VoteThreshold.objects.get(pk=row.pk)


# --- The workflow ---------------------------------------------------------------------------------


def test_one_meeting_many_dossiers_approved_and_rejected(commune_officer, appraised):
    approved = appraised()
    flag = appraised(award_form=form("co_thi_dua_tinh"))
    rejected = appraised(nominee_kind="individual", individual_name="Lê Thị Bình", individual_position="Giáo viên")
    held = vote(commune_officer, [(approved, 6, 3), (flag, 7, 2), (rejected, 4, 5)], total_members=9, members_present=9)
    assert [n.status for n in map(fresh, (approved, flag, rejected))] == [Status.APPRAISED] * 3  # open: nothing moved

    close(held, commune_officer)

    assert [fresh(n).status for n in (approved, flag, rejected)] == [
        Status.COUNCIL_REVIEWED,
        Status.COUNCIL_REJECTED,  # 7/9 = 77,8 % of all members, below the flag's 80 %
        Status.COUNCIL_REJECTED,
    ]
    stage = fresh(flag).commune_stage
    assert (stage.council_meeting_date, stage.council_members_present, stage.council_votes_for) == (TODAY(), 9, 7)
    assert stage.council_ballot.meeting_id == held.pk
    event = NominationEvent.objects.filter(nomination=flag).last()
    assert (event.from_status, event.to_status) == (Status.APPRAISED, Status.COUNCIL_REJECTED)
    assert event.comment == (
        f"Hội đồng họp ngày {TODAY():%d/%m/%Y}: 7/9 phiếu = 77,8 % tổng số thành viên Hội đồng; ngưỡng 80 % → không đạt"
    )


def test_a_rejected_dossier_is_neither_decided_nor_forwarded(commune_officer, unit_reporter, appraised):
    dossier = appraised()
    close(vote(commune_officer, [(dossier, 3, 6)]), commune_officer)
    dossier = fresh(dossier)
    assert dossier.status == Status.COUNCIL_REJECTED and dossier.status_style == "danger"
    assert workflow.available_transitions(commune_officer, dossier) == []
    decision = {"decision_number": "1/QĐ-UBND", "decision_date": TODAY(), "decision_signer": "Vũ Mạnh Cường"}
    for step, fields in ((services.nomination_decide, decision), (services.nomination_forward, {})):
        with pytest.raises(workflow.TransitionRefused, match="Hội đồng Thi đua - Khen thưởng không thông qua"):
            step(nomination=dossier, by=commune_officer, version=dossier.version, **fields)
    assert fresh(dossier).status == Status.COUNCIL_REJECTED
    # It stays in the commune's lists, under its own state, for the unit too.
    assert dossier in Nomination.objects.visible_to(unit_reporter).filter(status=Status.COUNCIL_REJECTED)


def test_an_approved_flag_goes_on_to_the_province(commune_officer, province_reviewer, appraised):
    flag = appraised(award_form=form("co_thi_dua_tinh"))
    close(vote(commune_officer, [(flag, 8, 1)]), commune_officer)
    forwarded = services.nomination_forward(nomination=fresh(flag), by=commune_officer, version=fresh(flag).version)
    assert forwarded.status == Status.FORWARDED


def test_the_province_council_rejects_too(commune_officer, province_reviewer, make_nomination, bang_khen_tinh):
    from tests.awards.test_province_workflow import forwarded, province_advance

    dossier = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh), province_reviewer, to=Status.APPRAISED_BY_PROVINCE
    )
    held = meeting(province_reviewer, total_members=11, members_present=11)
    assert held.admin_unit == province_reviewer.admin_unit
    assert list(selectors.council_waiting(held, province_reviewer)) == [dossier]
    council.ballots_add(meeting=held, by=province_reviewer, rows=[council.BallotRow(dossier, 5, 6)])
    close(held, province_reviewer)
    dossier = fresh(dossier)
    assert dossier.status == Status.PROVINCE_COUNCIL_REJECTED
    assert dossier.province_stage.council_ballot.explanation.endswith("ngưỡng trên 50 % → không đạt")
    assert workflow.available_transitions(province_reviewer, dossier) == []
    assert dossier in Nomination.objects.visible_to(commune_officer).filter(status=Status.PROVINCE_COUNCIL_REJECTED)


def test_the_per_dossier_record_is_a_one_line_meeting(commune_officer, appraised):
    dossier = appraised()
    done = services.nomination_record_council(
        nomination=dossier,
        by=commune_officer,
        version=dossier.version,
        meeting_date=TODAY(),
        total_members=9,
        members_present=8,
        written_votes=1,
        votes_for=4,
        votes_against=5,
    )
    assert done.status == Status.COUNCIL_REJECTED
    [held] = CouncilMeeting.objects.filter(ballots__nomination=dossier)
    assert (held.status, held.voters, held.ballots.count()) == ("closed", 9, 1)


def test_plan_listed_title_cstdcs_needs_eighty_percent_of_all_members(commune_officer, appraised, plan_co_le, school):
    section = plan_co_le.award_sections.order_by("number").first()
    PlanAwardForm.objects.create(
        section=section, number=99, award_form=form("chien_si_thi_dua_co_so"), name_in_plan="Chiến sĩ thi đua cơ sở"
    )
    person = {"nominee_kind": "individual", "individual_name": "Phạm Văn Thắng", "individual_position": "Giáo viên"}
    soldier = appraised(award_form=form("chien_si_thi_dua_co_so"), **person)
    held = vote(commune_officer, [(soldier, 12, 0)], total_members=15, members_present=12)
    line = held.ballots.get()
    assert (line.outcome, line.explanation) == (
        CouncilBallot.Outcome.APPROVED,
        "12/15 phiếu = 80,0 % tổng số thành viên Hội đồng; ngưỡng 80 % → đạt",
    )
    council.ballot_update(ballot=line, by=commune_officer, votes_for=11, votes_against=1)
    close(held, commune_officer)
    assert fresh(soldier).status == Status.COUNCIL_REJECTED
