"""The nomination workflow in one place: states, allowed transitions, who may do each, the
checks each needs, and the service functions that perform them.

At the commune (Culture-Social Office):

    draft ─submit→ submitted ─receive→ received ─appraise→ appraised ─record_council→ council_reviewed
    submitted | received | appraised ─return (reason)→ returned   (edited like a draft, then:)
    returned ─submit→ submitted
    council_reviewed ─decide→ decided     (the award form is decided at the commune's own level)
    council_reviewed ─forward→ forwarded  (the award form is decided higher up: sent to the province)

At the province (reviewers of the Department of Home Affairs of the commune's province):

    forwarded ─province_receive→ received_by_province ─province_appraise→ appraised_by_province
    appraised_by_province ─province_record_council→ province_council_reviewed
    forwarded | received_by_province | appraised_by_province
        ─province_return (reason)→ returned_by_province   (the commune officer fixes it, then:)
    returned_by_province ─resubmit_to_province→ forwarded
    province_council_reviewed ─province_decide→ decided_by_province      (a form of level "province")
    province_council_reviewed ─forward_to_national→ forwarded_to_national  (a form decided higher up)

Which level decides a form is data (`AwardForm.level`), never a name: a level decides the
forms of its own level and proposes the higher ones upward.

Every transition runs in a transaction on the row locked with `select_for_update`, checks
the posted `version` and the current state, bumps the version and records a
`NominationEvent`. A transition that is no longer allowed raises `TransitionRefused`, whose
message is shown to the user; nothing is changed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import is_province_reviewer
from accounts.models import User
from awards.models import Nomination, NominationDocument, NominationEvent
from campaigns.models import Level

Status = Nomination.Status
DocKind = NominationDocument.Kind

# Actors: who may perform a transition.
EDITOR = "editor"  # the reporter of the nominee's unit, or the commune officer
OFFICER = "officer"  # the commune officer (Culture-Social Office) only
REVIEWER = "reviewer"  # a reviewer of the Department of Home Affairs of the commune's province

# What a step does with the award, read against the award form's level.
DECIDE = "decide"  # records the decision at the step's level: only forms of that level
PROPOSE = "propose"  # sends the dossier above the step's level: only forms decided higher up

# States in which the unit (or the officer on its behalf) writes the dossier.
EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)
# States in which the commune officer fixes a dossier the province sent back.
COMMUNE_FIX_STATES = (Status.RETURNED_BY_PROVINCE,)
# States in which the officer works on the dossier and may add the council's papers.
OFFICE_STATES = (Status.RECEIVED, Status.APPRAISED)
OFFICE_DOCUMENT_KINDS = (DocKind.COUNCIL_MINUTES, DocKind.OTHER)
# The documents the commune writes; the province adds its own kinds.
COMMUNE_DOCUMENT_KINDS = (DocKind.PROPOSAL, DocKind.ACHIEVEMENT_REPORT, DocKind.COUNCIL_MINUTES, DocKind.OTHER)
PROVINCE_OFFICE_STATES = (Status.RECEIVED_BY_PROVINCE, Status.APPRAISED_BY_PROVINCE)
PROVINCE_DOCUMENT_KINDS = (DocKind.PROVINCE_COUNCIL_MINUTES, DocKind.PROVINCE_OTHER)
# States in which the dossier waits for the commune office, with what it waits for.
OFFICER_QUEUE: dict[str, Promise] = {
    Status.SUBMITTED: _("Chờ tiếp nhận"),
    Status.RECEIVED: _("Chờ thẩm định"),
    Status.APPRAISED: _("Chờ họp Hội đồng"),
    Status.COUNCIL_REVIEWED: _("Chờ quyết định hoặc trình cấp tỉnh"),
}
# States the province sees (it only receives dossiers forwarded to it), in workflow order.
PROVINCE_STATES = (
    Status.FORWARDED,
    Status.RECEIVED_BY_PROVINCE,
    Status.RETURNED_BY_PROVINCE,
    Status.APPRAISED_BY_PROVINCE,
    Status.PROVINCE_COUNCIL_REVIEWED,
    Status.DECIDED_BY_PROVINCE,
    Status.FORWARDED_TO_NATIONAL,
)
# States in which the dossier waits for the province's reviewers, with what it waits for.
PROVINCE_QUEUE: dict[str, Promise] = {
    Status.FORWARDED: _("Chờ tiếp nhận"),
    Status.RECEIVED_BY_PROVINCE: _("Chờ thẩm định"),
    Status.APPRAISED_BY_PROVINCE: _("Chờ họp Hội đồng tỉnh"),
    Status.PROVINCE_COUNCIL_REVIEWED: _("Chờ quyết định hoặc trình cấp Trung ương"),
}
# Dossiers whose award has been decided, at whichever level.
DECIDED_STATES = (Status.DECIDED, Status.DECIDED_BY_PROVINCE)
# Dossiers the commune's council has voted on, wherever they are now (what a commune's list
# for a decision, "danh sách đề nghị khen thưởng", shows).
PAST_COMMUNE_COUNCIL_STATES = (Status.COUNCIL_REVIEWED, Status.DECIDED, *PROVINCE_STATES)

# Documents a dossier needs before a step, in checklist order.
REQUIRED_DOCUMENTS: list[tuple[str, str]] = [
    (DocKind.PROPOSAL, "submit"),
    (DocKind.ACHIEVEMENT_REPORT, "submit"),
    (DocKind.COUNCIL_MINUTES, "record_council"),
    (DocKind.PROVINCE_COUNCIL_MINUTES, "province_record_council"),
]
# A dossier sent back by the province goes up again complete (the commune may have replaced
# any of its papers meanwhile).
ALSO_REQUIRED: dict[str, tuple[str, ...]] = {
    "resubmit_to_province": (DocKind.PROPOSAL, DocKind.ACHIEVEMENT_REPORT, DocKind.COUNCIL_MINUTES),
}

# How a level is named in messages, the level above it, and what "decide here" means there.
LEVEL_RANK = {Level.COMMUNE: 0, Level.PROVINCE: 1, Level.NATIONAL: 2}
LEVEL_WORDS = {Level.COMMUNE: _("cấp xã"), Level.PROVINCE: _("cấp tỉnh"), Level.NATIONAL: _("cấp Trung ương")}
UPPER_LEVEL = {Level.COMMUNE: Level.PROVINCE, Level.PROVINCE: Level.NATIONAL}
DECIDE_HERE_WORDS = {Level.COMMUNE: _("tại xã"), Level.PROVINCE: _("của tỉnh")}


class TransitionRefused(Exception):
    """The step is not (or no longer) allowed; `message` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise
    sources: tuple[str, ...]
    target: str
    actor: str
    style: str = "primary"
    outcome: str = ""  # DECIDE or PROPOSE: checked against the award form's level
    level: str = ""  # the level the step acts at; empty: the level of the plan's issuer
    # One of two ways out of a state chosen by the form's level: not offered when ruled out.
    alternative: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("submit", _("Gửi hồ sơ"), (Status.DRAFT, Status.RETURNED), Status.SUBMITTED, EDITOR),
        Transition("receive", _("Tiếp nhận hồ sơ"), (Status.SUBMITTED,), Status.RECEIVED, OFFICER),
        Transition("appraise", _("Thẩm định"), (Status.RECEIVED,), Status.APPRAISED, OFFICER),
        Transition(
            "record_council",
            _("Ghi kết quả họp Hội đồng Thi đua - Khen thưởng"),
            (Status.APPRAISED,),
            Status.COUNCIL_REVIEWED,
            OFFICER,
        ),
        Transition(
            "decide",
            _("Ghi quyết định khen thưởng"),
            (Status.COUNCIL_REVIEWED,),
            Status.DECIDED,
            OFFICER,
            "success",
            outcome=DECIDE,
            alternative=True,
        ),
        Transition(
            "forward",
            _("Trình cấp tỉnh"),
            (Status.COUNCIL_REVIEWED,),
            Status.FORWARDED,
            OFFICER,
            "success",
            outcome=PROPOSE,
            alternative=True,
        ),
        Transition(
            "return",
            _("Trả lại để bổ sung"),
            (Status.SUBMITTED, Status.RECEIVED, Status.APPRAISED),
            Status.RETURNED,
            OFFICER,
            "outline-danger",
        ),
        # --- The province -------------------------------------------------------------------
        Transition(
            "province_receive",
            _("Tỉnh tiếp nhận hồ sơ"),
            (Status.FORWARDED,),
            Status.RECEIVED_BY_PROVINCE,
            REVIEWER,
        ),
        Transition(
            "province_appraise",
            _("Thẩm định (cấp tỉnh)"),
            (Status.RECEIVED_BY_PROVINCE,),
            Status.APPRAISED_BY_PROVINCE,
            REVIEWER,
        ),
        Transition(
            "province_record_council",
            _("Ghi kết quả họp Hội đồng Thi đua - Khen thưởng tỉnh"),
            (Status.APPRAISED_BY_PROVINCE,),
            Status.PROVINCE_COUNCIL_REVIEWED,
            REVIEWER,
        ),
        Transition(
            "province_decide",
            _("Ghi quyết định khen thưởng của tỉnh"),
            (Status.PROVINCE_COUNCIL_REVIEWED,),
            Status.DECIDED_BY_PROVINCE,
            REVIEWER,
            "success",
            outcome=DECIDE,
            level=Level.PROVINCE,
            alternative=True,
        ),
        Transition(
            "forward_to_national",
            _("Trình cấp Trung ương"),
            (Status.PROVINCE_COUNCIL_REVIEWED,),
            Status.FORWARDED_TO_NATIONAL,
            REVIEWER,
            "success",
            outcome=PROPOSE,
            level=Level.PROVINCE,
            alternative=True,
        ),
        Transition(
            "province_return",
            _("Trả lại xã để bổ sung"),
            (Status.FORWARDED, Status.RECEIVED_BY_PROVINCE, Status.APPRAISED_BY_PROVINCE),
            Status.RETURNED_BY_PROVINCE,
            REVIEWER,
            "outline-danger",
        ),
        Transition(
            "resubmit_to_province",
            _("Gửi lại cấp tỉnh"),
            (Status.RETURNED_BY_PROVINCE,),
            Status.FORWARDED,
            OFFICER,
            "success",
            outcome=PROPOSE,
        ),
    ]
}


# --- Who may act ---------------------------------------------------------------------------
# Superusers get no write rights here unless they also hold a role (they use the admin).


def is_officer_for(user: User, nomination: Nomination) -> bool:
    return (
        user.is_authenticated
        and user.role == User.Role.OFFICER
        and user.admin_unit_id is not None
        and user.admin_unit_id == nomination.unit.admin_unit_id
    )


def is_reporter_for(user: User, nomination: Nomination) -> bool:
    return (
        user.is_authenticated
        and user.role == User.Role.REPORTER
        and user.participating_unit_id is not None
        and user.participating_unit_id == nomination.unit_id
    )


def is_editor_for(user: User, nomination: Nomination) -> bool:
    return is_officer_for(user, nomination) or is_reporter_for(user, nomination)


def province_id_of(nomination: Nomination) -> int | None:
    """The province the dossier goes up to: the province of the nominee's commune (or the
    province itself for one of the province's own units)."""
    admin_unit = nomination.unit.admin_unit
    return admin_unit.pk if admin_unit.is_province else admin_unit.province_id


def is_reviewer_for(user: User, nomination: Nomination) -> bool:
    """A reviewer of the Department of Home Affairs of the dossier's province."""
    return is_province_reviewer(user) and user.admin_unit_id == province_id_of(nomination)


def is_province_staff(user: User) -> bool:
    """Reviewers and read-only accounts of a province: they work from the province queue."""
    return (
        user.is_authenticated
        and user.role in (User.Role.REVIEWER, User.Role.VIEWER)
        and user.admin_unit_id is not None
        and user.admin_unit.is_province
    )


def may_create(user: User) -> bool:
    """Officers create dossiers for any unit of their commune, reporters for their own unit."""
    if not user.is_authenticated or user.admin_unit_id is None:
        return False
    return user.role == User.Role.OFFICER or (
        user.role == User.Role.REPORTER and user.participating_unit_id is not None
    )


def has_role_for(user: User, nomination: Nomination, transition: Transition) -> bool:
    """Whether the user's role allows the step at all (else 403), whatever the state."""
    if transition.actor == REVIEWER:
        return is_reviewer_for(user, nomination)
    if transition.actor == OFFICER:
        return is_officer_for(user, nomination)
    return is_editor_for(user, nomination)


def require_role_for(user: User, nomination: Nomination, transition: Transition) -> None:
    if not has_role_for(user, nomination, transition):
        raise PermissionDenied(gettext("Vai trò của bạn không được thực hiện thao tác này."))


def require_editor(user: User, nomination: Nomination) -> None:
    if not is_editor_for(user, nomination):
        raise PermissionDenied(gettext("Vai trò của bạn không được sửa hồ sơ này."))


def require_document_role(user: User, nomination: Nomination) -> None:
    """Documents are added by the commune (the unit, the officer) and by the province's reviewers."""
    if not (is_editor_for(user, nomination) or is_reviewer_for(user, nomination)):
        raise PermissionDenied(gettext("Vai trò của bạn không được thêm hoặc xóa tài liệu của hồ sơ này."))


# --- What the state and the data allow -----------------------------------------------------


def deciding_level(nomination: Nomination) -> str:
    """The level of the unit that runs this dossier (the plan's issuer, a commune)."""
    return nomination.plan.issuer.level


def step_level(nomination: Nomination, transition: Transition) -> str:
    return transition.level or deciding_level(nomination)


def may_decide_here(nomination: Nomination) -> bool:
    """A unit decides the forms whose deciding level is its own; it proposes the others upward."""
    return nomination.award_form.level == deciding_level(nomination)


def decided_above(nomination: Nomination, level: str) -> bool:
    """Whether the dossier's award form is decided by a level higher than `level`."""
    return LEVEL_RANK.get(nomination.award_form.level, -1) > LEVEL_RANK.get(level, 99)


def _present_kinds(nomination: Nomination, *, fresh: bool = False) -> set[str]:
    if fresh:
        return set(nomination.documents.values_list("kind", flat=True))
    # Uses the prefetched documents on the dossier page.
    return {document.kind for document in nomination.documents.all()}


def _missing(nomination: Nomination, action: str, kinds: set[str]) -> list[str]:
    needed = [kind for kind, needed_for in REQUIRED_DOCUMENTS if needed_for == action]
    needed += [kind for kind in ALSO_REQUIRED.get(action, ()) if kind not in needed]
    return [str(DocKind(kind).label) for kind in needed if kind not in kinds]


def checklist(nomination: Nomination) -> list[dict]:
    """The required documents with a tick when the dossier has one; the province's papers
    once the dossier is at the province."""
    kinds = _present_kinds(nomination)
    at_province = nomination.status in PROVINCE_STATES
    return [
        {
            "kind": kind,
            "label": DocKind(kind).label,
            "present": kind in kinds,
            "needed_for": TRANSITIONS[needed_for].label,
        }
        for kind, needed_for in REQUIRED_DOCUMENTS
        if at_province or TRANSITIONS[needed_for].actor != REVIEWER
    ]


def _level_refusal(nomination: Nomination, transition: Transition) -> str | None:
    """Why the form's level rules the step out: a level decides only its own forms, and
    proposes upward only the forms decided higher up."""
    level = step_level(nomination, transition)
    form = nomination.award_form
    words = {
        "form": form.name,
        "granted_by": form.granted_by,
        "level": LEVEL_WORDS.get(level, level),
        "upper": LEVEL_WORDS.get(UPPER_LEVEL.get(level, ""), ""),
        "here": DECIDE_HERE_WORDS.get(level, ""),
    }
    if transition.outcome == DECIDE and form.level != level:
        if decided_above(nomination, level):
            return (
                gettext(
                    "Không thể ghi quyết định ở %(level)s: “%(form)s” do %(granted_by)s quyết định. "
                    "Hồ sơ này cần được trình %(upper)s."
                )
                % words
            )
        return gettext("Không thể ghi quyết định ở %(level)s: “%(form)s” do %(granted_by)s quyết định.") % words
    if transition.outcome == PROPOSE and not decided_above(nomination, level):
        return (
            gettext(
                "Không trình %(upper)s hình thức “%(form)s”: hình thức này do %(granted_by)s quyết định, "
                "hãy ghi quyết định khen thưởng %(here)s."
            )
            % words
        )
    return None


def refusal(nomination: Nomination, transition: Transition, *, fresh: bool = False) -> str | None:
    """Why the step cannot be done on the dossier as it is now, or None when it can."""
    if nomination.status not in transition.sources:
        return gettext("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.") % {
            "action": transition.label,
            "status": nomination.get_status_display(),
        }
    missing = _missing(nomination, transition.action, _present_kinds(nomination, fresh=fresh))
    if missing:
        return gettext("Chưa thể “%(action)s”: hồ sơ còn thiếu %(missing)s.") % {
            "action": transition.label,
            "missing": ", ".join(missing),
        }
    if transition.outcome:
        return _level_refusal(nomination, transition)
    return None


def available_transitions(user: User, nomination: Nomination) -> list[Transition]:
    """The steps this user may do now, for the buttons on the dossier page."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if nomination.status in transition.sources
        and has_role_for(user, nomination, transition)
        and (not transition.alternative or refusal(nomination, transition) is None)
    ]


def is_editable(nomination: Nomination) -> bool:
    """Whether the dossier is open for changes at all (by whom: `may_edit`)."""
    return nomination.status in EDITABLE_STATES or nomination.status in COMMUNE_FIX_STATES


def may_edit(user: User, nomination: Nomination) -> bool:
    """The unit (or the officer) writes a draft or a dossier the commune returned; a dossier the
    province returned is the commune's submission, fixed by the commune officer."""
    if nomination.status in EDITABLE_STATES:
        return is_editor_for(user, nomination)
    if nomination.status in COMMUNE_FIX_STATES:
        return is_officer_for(user, nomination)
    return False


def upload_kinds(user: User, nomination: Nomination) -> list[str]:
    """Document kinds this user may add (and remove) now: the commune's papers while the
    dossier is written or fixed, the council's papers while the office works on it, the
    province's papers while the province works on it."""
    if may_edit(user, nomination):
        return list(COMMUNE_DOCUMENT_KINDS)
    if nomination.status in OFFICE_STATES and is_officer_for(user, nomination):
        return list(OFFICE_DOCUMENT_KINDS)
    if nomination.status in PROVINCE_OFFICE_STATES and is_reviewer_for(user, nomination):
        return list(PROVINCE_DOCUMENT_KINDS)
    return []


def document_refusal(user: User, nomination: Nomination, kind: str) -> str | None:
    if kind in upload_kinds(user, nomination):
        return None
    return gettext("Không thể thêm hoặc xóa “%(kind)s” khi hồ sơ đang ở trạng thái “%(status)s”.") % {
        "kind": DocKind(kind).label if kind in DocKind.values else kind,
        "status": nomination.get_status_display(),
    }


# --- The services -------------------------------------------------------------------------


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


def _perform(
    action: str,
    *,
    nomination: Nomination,
    by: User,
    version: int,
    comment: str = "",
    apply: Callable[[Nomination], None] | None = None,
) -> Nomination:
    transition = TRANSITIONS[action]
    with transaction.atomic():
        locked = lock_nomination(nomination)
        require_role_for(by, locked, transition)
        check_version(locked, version)
        reason = refusal(locked, transition, fresh=True)
        if reason:
            raise TransitionRefused(reason)
        from_status = locked.status
        if apply:
            apply(locked)
        locked.status = transition.target
        locked.version += 1
        locked.full_clean()
        locked.save()
        record_event(nomination=locked, from_status=from_status, to_status=locked.status, by=by, comment=comment)
    return locked


def _return(action: str, field: str, *, nomination: Nomination, by: User, version: int, reason: str) -> Nomination:
    if not reason.strip():
        raise TransitionRefused(gettext("Hãy ghi lý do trả lại hồ sơ."))

    def apply(n: Nomination) -> None:
        setattr(n, field, reason.strip())

    return _perform(action, nomination=nomination, by=by, version=version, comment=reason, apply=apply)


def _appraise(action: str, field: str, *, nomination: Nomination, by: User, version: int, comment: str) -> Nomination:
    if not comment.strip():
        raise TransitionRefused(gettext("Hãy ghi ý kiến thẩm định."))

    def apply(n: Nomination) -> None:
        setattr(n, field, comment.strip())

    return _perform(action, nomination=nomination, by=by, version=version, comment=comment, apply=apply)


def _record_council(
    action: str,
    prefix: str,
    *,
    nomination: Nomination,
    by: User,
    version: int,
    meeting_date: date,
    members_present: int,
    votes_for: int,
    votes_against: int,
    comment: str,
) -> Nomination:
    # The model's clean() refuses votes that do not add up (ValidationError on the fields).
    if meeting_date is None or None in (members_present, votes_for, votes_against):
        raise TransitionRefused(gettext("Kết quả họp Hội đồng cần ngày họp, số thành viên dự họp và số phiếu."))

    def apply(n: Nomination) -> None:
        setattr(n, f"{prefix}meeting_date", meeting_date)
        setattr(n, f"{prefix}members_present", members_present)
        setattr(n, f"{prefix}votes_for", votes_for)
        setattr(n, f"{prefix}votes_against", votes_against)

    return _perform(action, nomination=nomination, by=by, version=version, comment=comment, apply=apply)


def _decide(
    action: str,
    *,
    nomination: Nomination,
    by: User,
    version: int,
    decision_number: str,
    decision_date: date,
    decision_signer: str,
    comment: str,
) -> Nomination:
    if not (decision_number.strip() and decision_date and decision_signer.strip()):
        raise TransitionRefused(gettext("Quyết định khen thưởng cần số, ngày và người ký."))

    def apply(n: Nomination) -> None:
        n.decision_number = decision_number.strip()
        n.decision_date = decision_date
        n.decision_signer = decision_signer.strip()

    return _perform(action, nomination=nomination, by=by, version=version, comment=comment, apply=apply)


def _mark_forwarded(by: User) -> Callable[[Nomination], None]:
    def apply(n: Nomination) -> None:
        n.forwarded_at = timezone.now()
        n.forwarded_by = by

    return apply


def nomination_submit(*, nomination: Nomination, by: User, version: int, comment: str = "") -> Nomination:
    return _perform("submit", nomination=nomination, by=by, version=version, comment=comment)


def nomination_receive(*, nomination: Nomination, by: User, version: int, comment: str = "") -> Nomination:
    return _perform("receive", nomination=nomination, by=by, version=version, comment=comment)


def nomination_return(*, nomination: Nomination, by: User, version: int, reason: str) -> Nomination:
    return _return("return", "returned_reason", nomination=nomination, by=by, version=version, reason=reason)


def nomination_appraise(*, nomination: Nomination, by: User, version: int, comment: str) -> Nomination:
    return _appraise("appraise", "appraisal_comment", nomination=nomination, by=by, version=version, comment=comment)


def nomination_record_council(
    *,
    nomination: Nomination,
    by: User,
    version: int,
    meeting_date: date,
    members_present: int,
    votes_for: int,
    votes_against: int,
    comment: str = "",
) -> Nomination:
    return _record_council(
        "record_council",
        "council_",
        nomination=nomination,
        by=by,
        version=version,
        meeting_date=meeting_date,
        members_present=members_present,
        votes_for=votes_for,
        votes_against=votes_against,
        comment=comment,
    )


def nomination_decide(
    *,
    nomination: Nomination,
    by: User,
    version: int,
    decision_number: str,
    decision_date: date,
    decision_signer: str,
    comment: str = "",
) -> Nomination:
    return _decide(
        "decide",
        nomination=nomination,
        by=by,
        version=version,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_signer=decision_signer,
        comment=comment,
    )


def nomination_forward(*, nomination: Nomination, by: User, version: int, comment: str = "") -> Nomination:
    return _perform(
        "forward", nomination=nomination, by=by, version=version, comment=comment, apply=_mark_forwarded(by)
    )


# --- The province's services ---------------------------------------------------------------


def nomination_province_receive(*, nomination: Nomination, by: User, version: int, comment: str = "") -> Nomination:
    return _perform("province_receive", nomination=nomination, by=by, version=version, comment=comment)


def nomination_province_return(*, nomination: Nomination, by: User, version: int, reason: str) -> Nomination:
    """Send the dossier back to the commune; the commune sees the reason, fixes and resubmits."""
    return _return(
        "province_return", "province_returned_reason", nomination=nomination, by=by, version=version, reason=reason
    )


def nomination_resubmit_to_province(*, nomination: Nomination, by: User, version: int, comment: str = "") -> Nomination:
    return _perform(
        "resubmit_to_province",
        nomination=nomination,
        by=by,
        version=version,
        comment=comment,
        apply=_mark_forwarded(by),
    )


def nomination_province_appraise(*, nomination: Nomination, by: User, version: int, comment: str) -> Nomination:
    return _appraise(
        "province_appraise",
        "province_appraisal_comment",
        nomination=nomination,
        by=by,
        version=version,
        comment=comment,
    )


def nomination_province_record_council(
    *,
    nomination: Nomination,
    by: User,
    version: int,
    meeting_date: date,
    members_present: int,
    votes_for: int,
    votes_against: int,
    comment: str = "",
) -> Nomination:
    return _record_council(
        "province_record_council",
        "province_council_",
        nomination=nomination,
        by=by,
        version=version,
        meeting_date=meeting_date,
        members_present=members_present,
        votes_for=votes_for,
        votes_against=votes_against,
        comment=comment,
    )


def nomination_province_decide(
    *,
    nomination: Nomination,
    by: User,
    version: int,
    decision_number: str,
    decision_date: date,
    decision_signer: str,
    comment: str = "",
) -> Nomination:
    """The province's decision, for a form whose deciding level is the province."""
    return _decide(
        "province_decide",
        nomination=nomination,
        by=by,
        version=version,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_signer=decision_signer,
        comment=comment,
    )


def nomination_forward_to_national(
    *,
    nomination: Nomination,
    by: User,
    version: int,
    submission_number: str,
    submission_date: date,
    comment: str = "",
) -> Nomination:
    """The province proposes a national form upward with its submission (tờ trình số …)."""
    if not (submission_number.strip() and submission_date):
        raise TransitionRefused(gettext("Trình cấp Trung ương cần số và ngày tờ trình của tỉnh."))

    def apply(n: Nomination) -> None:
        n.national_submission_number = submission_number.strip()
        n.national_submission_date = submission_date

    return _perform("forward_to_national", nomination=nomination, by=by, version=version, comment=comment, apply=apply)


SERVICES: dict[str, Callable[..., Nomination]] = {
    "submit": nomination_submit,
    "receive": nomination_receive,
    "return": nomination_return,
    "appraise": nomination_appraise,
    "record_council": nomination_record_council,
    "decide": nomination_decide,
    "forward": nomination_forward,
    "province_receive": nomination_province_receive,
    "province_return": nomination_province_return,
    "resubmit_to_province": nomination_resubmit_to_province,
    "province_appraise": nomination_province_appraise,
    "province_record_council": nomination_province_record_council,
    "province_decide": nomination_province_decide,
    "forward_to_national": nomination_forward_to_national,
}
