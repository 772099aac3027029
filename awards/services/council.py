"""The council's record: meetings and their ballot lines, and the one vote service.

`vote_outcome(line)` says whether a ballot line reaches the threshold in force on the meeting
date for its form and province (awards.models.VoteThreshold, data the admin edits), and
explains it in Vietnamese. Every write recomputes the outcome of the lines it touches, so an
open meeting always shows what the rules in force say; closing it (awards/services/steps.py
`meeting_close`) freezes the outcomes and moves the dossiers.

Every refusal is a ValidationError with the reason in Vietnamese; nothing is changed.
"""

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import Scope, scope_of
from awards import workflow
from awards.models import (
    AwardForm,
    Comparison,
    CouncilBallot,
    CouncilMeeting,
    Nomination,
    Proposal,
    VoteBase,
    VoteThreshold,
)
from awards.models.council import format_percent
from awards.models.nominations import STATES_OF
from awards.services.cycle import approval_refusal
from campaigns.models import Level

MEETING_FIELDS = (
    "number",
    "held_on",
    "place",
    "chair_name",
    "secretary_name",
    "total_members",
    "members_present",
    "written_votes",
    "written_voters",
    "secret_ballot",
    "notes",
)
VOTE_FIELDS = ("votes_for", "votes_against", "votes_invalid")


def council_action(level: str) -> str:
    """The workflow action that records the council's vote at this level."""
    return next(
        action
        for action, transition in workflow.TRANSITIONS.items()
        if transition.step == workflow.Step.RECORD_COUNCIL and transition.level == level
    )


def holds_councils(scope: Scope) -> bool:
    """A commune's officer (its council) or a province's reviewer (the province's council)."""
    return scope.is_award_office


def may_hold_councils(user: User) -> bool:
    return holds_councils(scope_of(user))


def _require_writer(by: User, meeting: CouncilMeeting) -> None:
    if not may_hold_councils(by) or not scope_of(by).writes_area(meeting.admin_unit_id):
        raise PermissionDenied(_("Vai trò của bạn không được ghi kết quả họp Hội đồng của đơn vị này."))


def _require_open(meeting: CouncilMeeting) -> None:
    if not meeting.is_open:
        raise ValidationError(_("Cuộc họp đã chốt kết quả: không sửa được."))


def require_open_writer(meeting: CouncilMeeting, by: User) -> None:
    _require_writer(by, meeting)
    _require_open(meeting)


def lock_meeting(meeting: CouncilMeeting, version: int | None = None) -> CouncilMeeting:
    locked = CouncilMeeting.objects.select_for_update().select_related("admin_unit").get(pk=meeting.pk)
    if version is not None and version != locked.version:
        raise ValidationError(_("Cuộc họp đã được người khác thay đổi sau khi bạn mở trang; hãy tải lại trang."))
    return locked


# --- The vote ----------------------------------------------------------------------------------


def province_of(meeting: CouncilMeeting) -> int | None:
    unit = meeting.admin_unit
    return unit.pk if unit.level == Level.PROVINCE else unit.province_id


def threshold_for(*, award_form: AwardForm, province_id: int | None, day: datetime.date) -> VoteThreshold:
    """The row in force on `day`: the form's own row before the row for every form, the
    province's own row before the national one, the latest start date last."""
    rows = VoteThreshold.objects.in_force_on(day).filter(
        Q(award_form=award_form) | Q(award_form__isnull=True),
        Q(province_id=province_id) | Q(province__isnull=True),
    )
    best = max(
        rows,
        key=lambda row: (row.award_form_id is not None, row.province_id is not None, row.valid_from),
        default=None,
    )
    if best is None:
        raise ValidationError(
            _(
                "Chưa có ngưỡng biểu quyết nào áp dụng cho “%(form)s” vào ngày %(day)s; hãy bổ sung trong trang "
                "quản trị (Ngưỡng biểu quyết của Hội đồng)."
            )
            % {"form": award_form.name, "day": f"{day:%d/%m/%Y}"}
        )
    return best


@dataclass(frozen=True)
class VoteOutcome:
    approved: bool
    percent: Decimal  # of the threshold's base, one decimal
    explanation: str  # "12/15 phiếu = 80,0 % tổng số thành viên Hội đồng; ngưỡng 80 % → đạt"
    threshold: VoteThreshold


def _passes(share: Decimal, threshold: VoteThreshold) -> bool:
    if threshold.comparison == Comparison.MORE_THAN:
        return share > threshold.percent
    return share >= threshold.percent


def _reaches(votes: int, base: int, threshold: VoteThreshold) -> bool:
    """Exactly, in integers: votes / base against percent / 100 (the percent has two decimals)."""
    share, needed = 10_000 * votes, int(threshold.percent * 100) * base
    return share > needed if threshold.comparison == Comparison.MORE_THAN else share >= needed


def _shown(exact: Decimal, reached: bool, threshold: VoteThreshold) -> Decimal:
    """The share as printed, one decimal; two (rounded down) when one decimal would seem to
    say the opposite of the exact comparison (79,99 %, not 80,0 %, below a threshold of 80 %)."""
    shown = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if _passes(shown, threshold) != reached:
        return exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return shown


def vote_outcome(line: CouncilBallot) -> VoteOutcome:
    """Whether the line reaches the threshold in force on the meeting date, and why. A form
    whose threshold asks for a secret ballot is refused (ValidationError) on an open vote."""
    meeting = line.meeting
    threshold = threshold_for(award_form=line.award_form, province_id=province_of(meeting), day=meeting.held_on)
    if threshold.secret_ballot_required and not meeting.secret_ballot:
        raise ValidationError(
            _(
                "“%(form)s” (%(name)s) phải được Hội đồng bỏ phiếu kín (%(source)s); cuộc họp này ghi là "
                "không bỏ phiếu kín."
            )
            % {"form": line.award_form.name, "name": line.nominee_name, "source": threshold.source}
        )
    base = meeting.total_members if threshold.base == VoteBase.ALL_MEMBERS else meeting.voters
    votes = line.votes_for
    exact = Decimal(100 * votes) / Decimal(base)
    reached = _reaches(votes, base, threshold)
    shown = _shown(exact, reached, threshold)
    above = _("trên ") if threshold.comparison == Comparison.MORE_THAN else ""
    explanation = _(
        "%(votes)d/%(base)d phiếu = %(share)s %% %(base_words)s; ngưỡng %(above)s%(threshold)s %% → %(result)s"
    ) % {
        "votes": votes,
        "base": base,
        "share": str(shown).replace(".", ","),
        "base_words": VoteBase(threshold.base).label,
        "above": above,
        "threshold": format_percent(threshold.percent),
        "result": _("đạt") if reached else _("không đạt"),
    }
    percent = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return VoteOutcome(approved=reached, percent=percent, explanation=explanation, threshold=threshold)


# --- What a line needs -------------------------------------------------------------------------


def _received_on(nomination: Nomination, level: str) -> datetime.date | None:
    stage = nomination.stages.filter(level=level).first()
    return timezone.localdate(stage.received_at) if stage and stage.received_at else None


def _line_refusals(line: CouncilBallot) -> list[str]:
    """What the meeting as it is now says about the line (its date against the dossier's
    receipt); the vote counts are the model's clean(), the threshold the vote service's."""
    meeting, errors = line.meeting, []
    nomination = line.nomination
    if nomination is not None:
        received = _received_on(nomination, meeting.level)
        if received and meeting.held_on < received:
            errors.append(
                _("Ngày họp Hội đồng (%(met)s) trước ngày tiếp nhận hồ sơ “%(name)s” ở %(level)s (%(received)s).")
                % {
                    "met": f"{meeting.held_on:%d/%m/%Y}",
                    "name": line.nominee_name,
                    "level": workflow.LEVEL_WORDS.get(meeting.level, meeting.level),
                    "received": f"{received:%d/%m/%Y}",
                }
            )
    return errors


def _settle(line: CouncilBallot) -> CouncilBallot:
    """Check the line against its meeting and store its outcome; a refusal names the dossier.
    A proposal approved by the vote must meet its checks (or have them overridden): otherwise
    the line is refused with the reason, until the override is written or the vote changes.
    The proposal's outcome is recorded when the meeting is closed (steps.meeting_close)."""
    errors = _line_refusals(line)
    try:
        line.full_clean(exclude=["outcome", "percent", "explanation", "threshold"])
    except ValidationError as error:
        errors += [f"{line.nominee_name}: {message}" for message in error.messages]
    if errors:
        raise ValidationError(errors)
    outcome = vote_outcome(line)
    if line.proposal_id and outcome.approved and (reason := approval_refusal(line.proposal)):
        raise ValidationError([reason])
    line.outcome = CouncilBallot.Outcome.APPROVED if outcome.approved else CouncilBallot.Outcome.REJECTED
    line.percent, line.explanation, line.threshold = outcome.percent, outcome.explanation[:500], outcome.threshold
    line.save()
    return line


def nomination_refusal(meeting: CouncilMeeting, nomination: Nomination, by: User) -> str | None:
    """Why the dossier cannot be put on this meeting's ballot."""
    action = council_action(meeting.level)
    if not workflow.has_role_for(by, nomination, workflow.TRANSITIONS[action]):
        return _("Hồ sơ “%(name)s” không thuộc Hội đồng này.") % {"name": nomination.nominee_name}
    if meeting.level == Level.COMMUNE and nomination.unit.admin_unit_id != meeting.admin_unit_id:
        return _("Hồ sơ “%(name)s” không thuộc Hội đồng này.") % {"name": nomination.nominee_name}
    if nomination.status != STATES_OF[meeting.level].appraised:
        return _("Hồ sơ “%(name)s” không chờ họp Hội đồng (đang ở trạng thái “%(status)s”).") % {
            "name": nomination.nominee_name,
            "status": nomination.get_status_display(),
        }
    other = open_ballot_of(nomination, exclude_meeting=meeting)
    if other is not None:
        return _("Hồ sơ “%(name)s” đã có trong cuộc họp Hội đồng ngày %(day)s chưa chốt kết quả.") % {
            "name": nomination.nominee_name,
            "day": f"{other.meeting.held_on:%d/%m/%Y}",
        }
    return None


def proposal_refusal(meeting: CouncilMeeting, proposal: Proposal) -> str | None:
    """Why the year-end proposal cannot be put on this meeting's ballot."""
    label = {"name": proposal.awardee.name, "form": proposal.award_form.name}
    if proposal.admin_unit_id != meeting.admin_unit_id:
        return _("Đề nghị “%(name)s” – “%(form)s” không thuộc Hội đồng này.") % label
    if not proposal.is_open or proposal.outcome != Proposal.Outcome.PENDING:
        return _("Đề nghị “%(name)s” – “%(form)s” không chờ Hội đồng xét (đã có kết quả).") % label
    other = open_ballot_of(proposal, exclude_meeting=meeting)
    if other is not None:
        return _("Đề nghị “%(name)s” – “%(form)s” đã có trong cuộc họp Hội đồng ngày %(day)s chưa chốt kết quả.") % {
            **label,
            "day": f"{other.meeting.held_on:%d/%m/%Y}",
        }
    return None


def open_ballot_of(
    subject: Nomination | Proposal, *, exclude_meeting: CouncilMeeting | None = None
) -> CouncilBallot | None:
    """The dossier's (or the proposal's) line on a meeting not closed yet, if any."""
    key = "proposal" if isinstance(subject, Proposal) else "nomination"
    lines = CouncilBallot.objects.filter(**{key: subject}, meeting__status=CouncilMeeting.Status.OPEN)
    if exclude_meeting is not None:
        lines = lines.exclude(meeting=exclude_meeting)
    return lines.select_related("meeting").first()


# --- Meetings and lines ------------------------------------------------------------------------


def _meeting_fields(meeting: CouncilMeeting, fields: dict) -> None:
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    if meeting.written_votes is None:
        meeting.written_votes = 0


@transaction.atomic
def meeting_create(*, by: User, **fields) -> CouncilMeeting:
    if not may_hold_councils(by):
        raise PermissionDenied(_("Vai trò của bạn không được ghi kết quả họp Hội đồng Thi đua - Khen thưởng."))
    meeting = CouncilMeeting(admin_unit_id=scope_of(by).admin_unit_id, created_by=by)
    _meeting_fields(meeting, fields)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: CouncilMeeting, by: User, version: int, **fields) -> CouncilMeeting:
    """Change the meeting's record; every line's outcome follows (and a line the new record
    no longer allows — a date before its receipt, more votes than voters — refuses it)."""
    _require_writer(by, meeting)
    locked = lock_meeting(meeting, version)
    _require_open(locked)
    _meeting_fields(locked, fields)
    locked.version += 1
    locked.full_clean()
    locked.save()
    resettle(locked)
    return locked


def resettle(meeting: CouncilMeeting) -> None:
    """Every line's outcome again, from the meeting as it is and the thresholds in force."""
    errors: list[str] = []
    for line in meeting.ballots.select_related("award_form", "nomination__unit", "proposal__awardee"):
        line.meeting = meeting
        try:
            _settle(line)
        except ValidationError as error:
            errors += error.messages
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class BallotRow:
    """The votes on one dossier (nomination) or one year-end proposal (proposal=, nomination None)."""

    nomination: Nomination | None
    votes_for: int
    votes_against: int
    votes_invalid: int = 0
    proposal: Proposal | None = None


def _new_line(meeting: CouncilMeeting, row: BallotRow, by: User) -> tuple[CouncilBallot | None, str | None]:
    """The unsaved line for the row, or why the row cannot be on the meeting."""
    if row.proposal is not None:
        proposal = row.proposal
        if reason := proposal_refusal(meeting, proposal):
            return None, reason
        if meeting.ballots.filter(proposal=proposal).exists():
            return None, _("Đề nghị “%(name)s” đã có trong cuộc họp.") % {"name": proposal.awardee.name}
        subject = {"proposal": proposal, "nominee_name": proposal.awardee.name[:255], "award_form": proposal.award_form}
    else:
        nomination = row.nomination
        if reason := nomination_refusal(meeting, nomination, by):
            return None, reason
        if meeting.ballots.filter(nomination=nomination).exists():
            return None, _("Hồ sơ “%(name)s” đã có trong cuộc họp.") % {"name": nomination.nominee_name}
        subject = {
            "nomination": nomination,
            "nominee_name": nomination.nominee_name[:255],
            "award_form": nomination.award_form,
        }
    votes = {"votes_for": row.votes_for, "votes_against": row.votes_against, "votes_invalid": row.votes_invalid or 0}
    return CouncilBallot(meeting=meeting, **subject, **votes), None


@transaction.atomic
def ballots_add(*, meeting: CouncilMeeting, by: User, rows: list[BallotRow]) -> list[CouncilBallot]:
    """Put dossiers (and year-end proposals) waiting for the council on the meeting's ballot,
    each with its votes; all or none (the refusals name each dossier)."""
    _require_writer(by, meeting)
    locked = lock_meeting(meeting)
    _require_open(locked)
    if not rows:
        raise ValidationError(_("Hãy ghi số phiếu cho ít nhất một hồ sơ."))
    errors: list[str] = []
    lines = []
    # The dossiers, read again and locked until the end: two meetings cannot take one at once.
    dossiers = Nomination.objects.select_for_update(of=("self",)).select_related("unit__admin_unit", "award_form")
    fresh = dossiers.in_bulk([row.nomination.pk for row in rows if row.nomination is not None])
    for row in rows:
        if row.nomination is not None:  # the dossier as read again under the lock
            row = dataclasses.replace(row, nomination=fresh[row.nomination.pk])
        line, reason = _new_line(locked, row, by)
        if reason:
            errors.append(reason)
            continue
        try:
            lines.append(_settle(line))
        except ValidationError as error:
            errors += error.messages
    if errors:
        raise ValidationError(errors)
    return lines


def _locked_line(ballot: CouncilBallot, by: User) -> CouncilBallot:
    _require_writer(by, ballot.meeting)
    meeting = lock_meeting(ballot.meeting)
    _require_open(meeting)
    line = CouncilBallot.objects.select_related("award_form", "nomination__unit", "proposal__awardee").get(pk=ballot.pk)
    line.meeting = meeting
    return line


@transaction.atomic
def ballot_update(
    *, ballot: CouncilBallot, by: User, votes_for: int, votes_against: int, votes_invalid: int = 0
) -> CouncilBallot:
    line = _locked_line(ballot, by)
    line.votes_for, line.votes_against, line.votes_invalid = votes_for, votes_against, votes_invalid or 0
    return _settle(line)


@transaction.atomic
def ballot_remove(*, ballot: CouncilBallot, by: User) -> None:
    _locked_line(ballot, by).delete()
