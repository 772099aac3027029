"""The workflow's steps as services: each runs in a transaction on the dossier's row locked
with `select_for_update`, checks the posted `version`, the role and the state (the rules in
awards/workflow.py), writes what happened in the stage row of the step's level, moves the
status, bumps the version and records a `NominationEvent`. A step that is no longer allowed
raises `TransitionRefused`, whose message is shown to the user; nothing is changed.

The same seven step services serve every level; `SERVICES` binds each to its action
("receive" at the commune, "province_receive" at the province, …).
"""

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from awards.models import CouncilMeeting, Nomination, NominationEvent, NominationStage
from awards.models.stage_dates import date_order_errors
from awards.services import council, cycle
from awards.workflow import (
    FORWARD_NEEDS_SUBMISSION,
    TRANSITIONS,
    Step,
    Transition,
    TransitionRefused,
    refusal,
    require_role_for,
)
from campaigns.models import Level
from config import cache


def lock_nomination(nomination: Nomination) -> Nomination:
    """The row, locked until the transaction ends (only the nomination's own row)."""
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("plan__issuer", "award_form", "unit__admin_unit")
        .get(pk=nomination.pk)
    )


def check_version(nomination: Nomination, version: int | None) -> None:
    if version != nomination.version:
        raise TransitionRefused(
            gettext(
                "Hồ sơ đã thay đổi sau khi bạn mở trang (trạng thái hiện tại: “%(status)s”). "
                "Thao tác không được thực hiện; hãy xem lại hồ sơ rồi làm lại nếu cần."
            )
            % {"status": nomination.get_status_display()}
        )


def record_event(*, nomination: Nomination, from_status: str, to_status: str, by: User, comment: str = "") -> None:
    event = NominationEvent(
        nomination=nomination, from_status=from_status, to_status=to_status, by=by, comment=comment.strip()
    )
    event.full_clean()
    event.save()


def _write_stages(nomination: Nomination, transition: Transition, by: User, fields: dict[str, Any]) -> None:
    """Fill the step's stage row; a dossier sent up is marked on the sending level's row and
    gets a row at the level it reaches. The rows are checked (votes that do not add up are a
    ValidationError on the field) before anything is saved."""
    rows: dict[str, NominationStage] = {}

    def row(level: str) -> NominationStage:
        if level not in rows:
            rows[level] = nomination.stages.filter(level=level).first() or NominationStage(
                nomination=nomination, level=level
            )
        return rows[level]

    now = timezone.now()
    stage = row(transition.level)
    for name, value in fields.items():
        setattr(stage, name, value)
    if transition.step == Step.RECEIVE:
        stage.received_at, stage.received_by = now, by
    if transition.sent_from:
        sender = row(transition.sent_from)
        sender.forwarded_at, sender.forwarded_by = now, by
        if transition.sent_from == Level.COMMUNE:
            nomination.sent_up_at = now  # the province queue's order (saved with the status)
    if transition.arrives_at:
        row(transition.arrives_at)
    if errors := date_order_errors(stage):
        raise ValidationError(errors)
    for each in rows.values():
        each.full_clean()
    for each in rows.values():
        each.save()


def _perform(
    action: str,
    *,
    nomination: Nomination,
    by: User,
    version: int,
    comment: str = "",
    rejected: bool = False,
    **fields: Any,
) -> Nomination:
    """`rejected`: the council voted the dossier down (the step's rejected target)."""
    transition = TRANSITIONS[action]
    with transaction.atomic():
        locked = lock_nomination(nomination)
        require_role_for(by, locked, transition)
        check_version(locked, version)
        reason = refusal(locked, transition, fresh=True)
        if reason:
            raise TransitionRefused(reason)
        from_status = locked.status
        _write_stages(locked, transition, by, fields)
        locked.status = transition.rejected_target if rejected else transition.target
        locked.version += 1
        locked.full_clean()
        locked.save()
        record_event(nomination=locked, from_status=from_status, to_status=locked.status, by=by, comment=comment)
        cache.changed(locked.plan.issuer)  # the dossier counts of its commune and province
    return locked


# --- The seven steps, the same at every level ------------------------------------------------


def step(action: str, *, nomination: Nomination, by: User, version: int, comment: str = "") -> Nomination:
    """Submit, receive: the step itself is all there is to record."""
    return _perform(action, nomination=nomination, by=by, version=version, comment=comment)


def step_return(action: str, *, nomination: Nomination, by: User, version: int, reason: str) -> Nomination:
    """Send the dossier back to the level below, which sees the reason, fixes and resubmits."""
    if not reason.strip():
        raise TransitionRefused(gettext("Hãy ghi lý do trả lại hồ sơ."))
    return _perform(
        action, nomination=nomination, by=by, version=version, comment=reason, returned_reason=reason.strip()
    )


def step_appraise(action: str, *, nomination: Nomination, by: User, version: int, comment: str) -> Nomination:
    if not comment.strip():
        raise TransitionRefused(gettext("Hãy ghi ý kiến thẩm định."))
    return _perform(
        action, nomination=nomination, by=by, version=version, comment=comment, appraisal_comment=comment.strip()
    )


def step_record_council(
    action: str,
    *,
    nomination: Nomination,
    by: User,
    version: int,
    meeting_date: date,
    total_members: int,
    members_present: int,
    votes_for: int,
    votes_against: int,
    written_votes: int = 0,
    secret_ballot: bool = True,
    votes_invalid: int = 0,
    comment: str = "",
) -> Nomination:
    """The council's vote on this one dossier, from its page: a meeting with one ballot line,
    closed at once (a meeting on many dossiers is recorded from the council's pages). The
    meeting's and the line's checks refuse counts that do not add up (ValidationError)."""
    with transaction.atomic():
        locked = lock_nomination(nomination)
        require_role_for(by, locked, TRANSITIONS[action])
        check_version(locked, version)
        if reason := refusal(locked, TRANSITIONS[action], fresh=True):
            raise TransitionRefused(reason)
        if other := council.open_ballot_of(locked):
            raise TransitionRefused(
                gettext(
                    "Hồ sơ đã có trong cuộc họp Hội đồng ngày %(day)s chưa chốt kết quả: hãy chốt kết quả "
                    "(hoặc bỏ hồ sơ khỏi) cuộc họp đó."
                )
                % {"day": f"{other.meeting.held_on:%d/%m/%Y}"}
            )
        meeting = council.meeting_create(
            by=by,
            held_on=meeting_date,
            total_members=total_members,
            members_present=members_present,
            written_votes=written_votes or 0,
            secret_ballot=secret_ballot,
        )
        row = council.BallotRow(locked, votes_for, votes_against, votes_invalid or 0)
        council.ballots_add(meeting=meeting, by=by, rows=[row])
        meeting_close(meeting=meeting, by=by, version=meeting.version, comment=comment)
    return Nomination.objects.get(pk=locked.pk)


def meeting_close(*, meeting: CouncilMeeting, by: User, version: int, comment: str = "") -> CouncilMeeting:
    """Close the meeting (chốt kết quả): each line's outcome, computed again from the
    thresholds in force on the meeting date, moves its dossier through the council step —
    approved to council_reviewed, rejected to council_rejected — and records each year-end
    proposal's outcome (awards.services.cycle.record_outcome). All lines or none."""
    with transaction.atomic():
        locked = council.lock_meeting(meeting, version)
        council.require_open_writer(locked, by)
        council.resettle(locked)  # the outcomes as the rules in force say, read below
        lines = list(locked.ballots.select_related("award_form", "nomination__unit", "proposal").order_by("pk"))
        if not lines:
            raise ValidationError(gettext("Cuộc họp chưa có hồ sơ nào được bỏ phiếu: chưa chốt được kết quả."))
        action = council.council_action(locked.level)
        for line in lines:
            note = gettext("Hội đồng họp ngày %(day)s: %(result)s") % {
                "day": f"{locked.held_on:%d/%m/%Y}",
                "result": line.explanation,
            }
            if line.proposal_id is not None:
                cycle.record_outcome(line.proposal, line.approved, by, note)
                continue
            current = lock_nomination(line.nomination)
            try:
                _perform(
                    action,
                    nomination=current,
                    by=by,
                    version=current.version,
                    comment="\n".join(part for part in (note, comment.strip()) if part),
                    rejected=not line.approved,
                    council_meeting_date=locked.held_on,
                    council_members_present=locked.members_present,
                    council_votes_for=line.votes_for,
                    council_votes_against=line.votes_against,
                    council_ballot=line,
                )
            except TransitionRefused as refused:
                raise TransitionRefused(f"{line.nominee_name}: {refused.message}") from refused
        locked.status, locked.closed_at, locked.closed_by = CouncilMeeting.Status.CLOSED, timezone.now(), by
        locked.version += 1
        locked.save()
    return locked


def step_decide(
    action: str,
    *,
    nomination: Nomination,
    by: User,
    version: int,
    decision_number: str,
    decision_date: date,
    decision_signer: str,
    comment: str = "",
) -> Nomination:
    """The level's decision, for a form whose deciding level is this level."""
    if not (decision_number.strip() and decision_date and decision_signer.strip()):
        raise TransitionRefused(gettext("Quyết định khen thưởng cần số, ngày và người ký."))
    return _perform(
        action,
        nomination=nomination,
        by=by,
        version=version,
        comment=comment,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        decision_signer=decision_signer.strip(),
    )


def step_forward(
    action: str,
    *,
    nomination: Nomination,
    by: User,
    version: int,
    comment: str = "",
    submission_number: str = "",
    submission_date: date | None = None,
) -> Nomination:
    """Propose a form decided higher up to the next level; the province sends its
    submission (tờ trình số …) with it."""
    if TRANSITIONS[action].level in FORWARD_NEEDS_SUBMISSION and not (submission_number.strip() and submission_date):
        raise TransitionRefused(gettext("Trình cấp Trung ương cần số và ngày tờ trình của tỉnh."))
    submission = {"submission_number": submission_number.strip(), "submission_date": submission_date}
    return _perform(
        action,
        nomination=nomination,
        by=by,
        version=version,
        comment=comment,
        **({name: value for name, value in submission.items() if value}),
    )


STEP_SERVICES: dict[str, Callable[..., Nomination]] = {
    Step.SUBMIT: step,
    Step.RECEIVE: step,
    Step.RETURN: step_return,
    Step.APPRAISE: step_appraise,
    Step.RECORD_COUNCIL: step_record_council,
    Step.DECIDE: step_decide,
    Step.FORWARD: step_forward,
}
# The service of each action: its step's service bound to the action (and so to its level).
SERVICES: dict[str, Callable[..., Nomination]] = {
    action: partial(STEP_SERVICES[transition.step], action) for action, transition in TRANSITIONS.items()
}

nomination_submit = SERVICES["submit"]
nomination_receive = SERVICES["receive"]
nomination_return = SERVICES["return"]
nomination_appraise = SERVICES["appraise"]
nomination_record_council = SERVICES["record_council"]
nomination_decide = SERVICES["decide"]
nomination_forward = SERVICES["forward"]
nomination_province_receive = SERVICES["province_receive"]
nomination_province_return = SERVICES["province_return"]
nomination_resubmit_to_province = SERVICES["resubmit_to_province"]
nomination_province_appraise = SERVICES["province_appraise"]
nomination_province_record_council = SERVICES["province_record_council"]
nomination_province_decide = SERVICES["province_decide"]
nomination_forward_to_national = SERVICES["forward_to_national"]
