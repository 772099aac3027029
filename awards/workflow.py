"""The nomination workflow's rules in one place: the steps, which state each leaves and
reaches, who may do it, and what the dossier must hold first. The steps themselves (the
writes) are in awards/services/steps.py.

The same seven steps run at every level a dossier goes up through (commune, then province;
the states of each level are named in `awards.models.LEVEL_STATES`):

    submit ─→ waiting ─receive→ received ─appraise→ appraised ─record_council→ council_reviewed
    appraised ─record_council, the vote below the threshold→ council_rejected   (an end)
    waiting | received | appraised ─return (reason)→ returned   (fixed by the level below, then:)
    returned ─submit→ waiting
    council_reviewed ─decide→ decided     (the award form is decided at this level)
    council_reviewed ─forward→ the next level's waiting state  (decided higher up)

At the commune the unit (or the officer) writes and submits the dossier and the commune's
Culture-Social Office runs the steps; at the province the commune officer resubmits a
dossier the province returned and the reviewers of the province's Department of Home Affairs
run the steps. Each step writes what happened in the dossier's stage row for its level
(`NominationStage`). The council's vote is recorded in a meeting (awards.models.council): its
ballot line's outcome, computed from the thresholds as data, picks council_reviewed or
council_rejected; the portal prints the meeting's minutes, so no uploaded paper is asked for.
Which level decides a form is data (its `Authority` rows, on the day), never a name: a level
decides the forms of its own level and proposes the higher ones upward.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scope import Scope, scope_of
from awards.models import (
    EDITABLE_STATES,
    LEVEL_STATES,
    PROVINCE_STATES,
    STATES_OF,
    Authority,
    LevelStates,
    Nomination,
    NominationDocument,
)
from campaigns.models import Level

Status = Nomination.Status
DocKind = NominationDocument.Kind

# Actors: who may perform a transition.
EDITOR = "editor"  # the reporter of the nominee's unit, or the commune officer
OFFICER = "officer"  # the commune officer (Culture-Social Office) only
REVIEWER = "reviewer"  # a reviewer of the Department of Home Affairs of the commune's province
# Who runs a level's steps.
OFFICE = {Level.COMMUNE: OFFICER, Level.PROVINCE: REVIEWER}

# What a step does with the award, read against the award form's level.
DECIDE = "decide"  # records the decision at the step's level: only forms of that level
PROPOSE = "propose"  # sends the dossier above the step's level: only forms decided higher up


class Step:
    """The seven steps, the same at every level."""

    SUBMIT = "submit"
    RECEIVE = "receive"
    APPRAISE = "appraise"
    RECORD_COUNCIL = "record_council"
    DECIDE = "decide"
    FORWARD = "forward"
    RETURN = "return"


# Each level's name for each step (the action posted by the dossier page) and its button label.
ACTIONS: dict[str, dict[str, tuple[str, Promise]]] = {
    Level.COMMUNE: {
        Step.SUBMIT: ("submit", _("Gửi hồ sơ")),
        Step.RECEIVE: ("receive", _("Tiếp nhận hồ sơ")),
        Step.APPRAISE: ("appraise", _("Thẩm định")),
        Step.RECORD_COUNCIL: ("record_council", _("Ghi kết quả họp Hội đồng Thi đua - Khen thưởng")),
        Step.DECIDE: ("decide", _("Ghi quyết định khen thưởng")),
        Step.FORWARD: ("forward", _("Trình cấp tỉnh")),
        Step.RETURN: ("return", _("Trả lại để bổ sung")),
    },
    Level.PROVINCE: {
        Step.RECEIVE: ("province_receive", _("Tỉnh tiếp nhận hồ sơ")),
        Step.APPRAISE: ("province_appraise", _("Thẩm định (cấp tỉnh)")),
        Step.RECORD_COUNCIL: ("province_record_council", _("Ghi kết quả họp Hội đồng Thi đua - Khen thưởng tỉnh")),
        Step.DECIDE: ("province_decide", _("Ghi quyết định khen thưởng của tỉnh")),
        Step.FORWARD: ("forward_to_national", _("Trình cấp Trung ương")),
        Step.RETURN: ("province_return", _("Trả lại xã để bổ sung")),
        Step.SUBMIT: ("resubmit_to_province", _("Gửi lại cấp tỉnh")),
    },
}
# Levels whose forward carries the level's submission (tờ trình số …, ngày …).
FORWARD_NEEDS_SUBMISSION = (Level.PROVINCE,)

# The documents each level's office adds while it works on the dossier (received, appraised).
OFFICE_DOCUMENTS = {
    Level.COMMUNE: (DocKind.COUNCIL_MINUTES, DocKind.OTHER),
    Level.PROVINCE: (DocKind.PROVINCE_COUNCIL_MINUTES, DocKind.PROVINCE_OTHER),
}
# The documents the commune writes; the province adds its own kinds.
COMMUNE_DOCUMENT_KINDS = (DocKind.PROPOSAL, DocKind.ACHIEVEMENT_REPORT, DocKind.COUNCIL_MINUTES, DocKind.OTHER)
# States in which the commune officer fixes a dossier a higher level sent back.
COMMUNE_FIX_STATES = tuple(states.returned for states in LEVEL_STATES[1:] if states.returned)
# States in which the dossier waits for the commune office, with what it waits for.
OFFICER_QUEUE: dict[str, Promise] = {
    Status.SUBMITTED: _("Chờ tiếp nhận"),
    Status.RECEIVED: _("Chờ thẩm định"),
    Status.APPRAISED: _("Chờ họp Hội đồng"),
    Status.COUNCIL_REVIEWED: _("Chờ quyết định hoặc trình cấp tỉnh"),
}
# States in which the dossier waits for the province's reviewers, with what it waits for.
PROVINCE_QUEUE: dict[str, Promise] = {
    Status.FORWARDED: _("Chờ tiếp nhận"),
    Status.RECEIVED_BY_PROVINCE: _("Chờ thẩm định"),
    Status.APPRAISED_BY_PROVINCE: _("Chờ họp Hội đồng tỉnh"),
    Status.PROVINCE_COUNCIL_REVIEWED: _("Chờ quyết định hoặc trình cấp Trung ương"),
}
# Dossiers the commune's council has voted on, wherever they are now (what a commune's list
# for a decision, "danh sách đề nghị khen thưởng", shows).
PAST_COMMUNE_COUNCIL_STATES = (Status.COUNCIL_REVIEWED, Status.DECIDED, *PROVINCE_STATES)

# Documents a dossier needs before a step, in checklist order. The council's minutes are not
# among them: the council's vote is a meeting record the portal prints (a signed scan may
# still be attached as COUNCIL_MINUTES).
REQUIRED_DOCUMENTS: list[tuple[str, str]] = [
    (DocKind.PROPOSAL, "submit"),
    (DocKind.ACHIEVEMENT_REPORT, "submit"),
]
# A dossier sent back by the province goes up again complete (the commune may have replaced
# any of its papers meanwhile).
ALSO_REQUIRED: dict[str, tuple[str, ...]] = {
    "resubmit_to_province": (DocKind.PROPOSAL, DocKind.ACHIEVEMENT_REPORT),
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
    step: str
    level: str  # the level whose stage row the step writes
    sources: tuple[str, ...]
    target: str
    actor: str
    style: str = "primary"
    outcome: str = ""  # DECIDE or PROPOSE: checked against the award form's level
    judged_at: str = ""  # the level the outcome is judged at; empty: the level of the plan's issuer
    rejected_target: str = ""  # where the council step goes when the vote does not reach the threshold
    # One of two ways out of a state chosen by the form's level: not offered when ruled out.
    alternative: bool = False
    sent_from: str = ""  # the level whose stage row records that the dossier was sent up
    arrives_at: str = ""  # the level the dossier reaches (its stage row is made if need be)


def _judged(states: LevelStates) -> str:
    return "" if states is LEVEL_STATES[0] else states.level


def _level_transitions(states: LevelStates, below: LevelStates | None, above: LevelStates) -> list[Transition]:
    """The seven steps at one level. The first level's own outcome is judged at the level of
    the plan's issuer; a resubmission is judged where the level below proposes it from."""
    level, first = states.level, below is None
    office = OFFICE[level]
    shape = {
        Step.SUBMIT: {
            "sources": ((Status.DRAFT,) if first else ()) + (states.returned,),
            "target": states.waiting,
            "actor": EDITOR if first else OFFICE[below.level],
            "style": "primary" if first else "success",
            "outcome": "" if first else PROPOSE,
            "judged_at": "" if first else _judged(below),
            "sent_from": "" if first else below.level,
            "arrives_at": level,
        },
        Step.RECEIVE: {"sources": (states.waiting,), "target": states.received},
        Step.APPRAISE: {"sources": (states.received,), "target": states.appraised},
        Step.RECORD_COUNCIL: {
            "sources": (states.appraised,),
            "target": states.council_reviewed,
            "rejected_target": states.council_rejected,
        },
        Step.DECIDE: {
            "sources": (states.council_reviewed,),
            "target": states.decided,
            "style": "success",
            "outcome": DECIDE,
            "judged_at": _judged(states),
            "alternative": True,
        },
        Step.FORWARD: {
            "sources": (states.council_reviewed,),
            "target": above.waiting,
            "style": "success",
            "outcome": PROPOSE,
            "judged_at": _judged(states),
            "alternative": True,
            "sent_from": level,
            "arrives_at": above.level,
        },
        Step.RETURN: {
            "sources": (states.waiting, states.received, states.appraised),
            "target": states.returned,
            "style": "outline-danger",
        },
    }
    return [
        Transition(action, label, step, level, **{"actor": office, **shape[step]})
        for step, (action, label) in ACTIONS[level].items()
    ]


TRANSITIONS: dict[str, Transition] = {
    transition.action: transition
    for index, states in enumerate(LEVEL_STATES[:-1])
    for transition in _level_transitions(states, LEVEL_STATES[index - 1] if index else None, LEVEL_STATES[index + 1])
}


# --- Who may act ---------------------------------------------------------------------------
# Superusers get no write rights here unless they also hold a role (they use the admin).


def creates_dossiers(scope: Scope) -> bool:
    """Officers create dossiers for any unit of their commune, reporters for their own unit."""
    return scope.is_officer or scope.is_reporter


def is_officer_for(user: User, nomination: Nomination) -> bool:
    scope = scope_of(user)
    return scope.is_officer and scope.writes_area(nomination.unit.admin_unit_id)


def is_reporter_for(user: User, nomination: Nomination) -> bool:
    scope = scope_of(user)
    return scope.is_reporter and scope.writes_area(nomination.unit.admin_unit_id, nomination.unit_id)


def is_editor_for(user: User, nomination: Nomination) -> bool:
    return is_officer_for(user, nomination) or is_reporter_for(user, nomination)


def is_reviewer_for(user: User, nomination: Nomination) -> bool:
    """A reviewer of the Department of Home Affairs of the dossier's province."""
    return scope_of(user).reviews_area(nomination.unit.admin_unit)


ACTOR_CHECKS = {EDITOR: is_editor_for, OFFICER: is_officer_for, REVIEWER: is_reviewer_for}


def has_role_for(user: User, nomination: Nomination, transition: Transition) -> bool:
    """Whether the user's role allows the step at all (else 403), whatever the state."""
    return ACTOR_CHECKS[transition.actor](user, nomination)


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


def issuer_level(nomination: Nomination) -> str:
    """The level of the unit that runs this dossier (the plan's issuer, a commune)."""
    return nomination.plan.issuer.level


def step_level(nomination: Nomination, transition: Transition) -> str:
    return transition.judged_at or issuer_level(nomination)


def form_authority(nomination: Nomination) -> Authority | None:
    """Who decides the dossier's award form today: the form's authority rows
    (awards.models.reference), read once per dossier and day however many steps ask."""
    key = (nomination.award_form_id, timezone.localdate())
    cached = getattr(nomination, "_form_authority", None)
    if cached is None or cached[0] != key:
        cached = (key, Authority.on(nomination.award_form, key[1]))
        nomination._form_authority = cached
    return cached[1]


def form_level(nomination: Nomination) -> str:
    """The level that decides the dossier's award form today ("" when none does)."""
    authority = form_authority(nomination)
    return authority.level if authority else ""


def may_decide_here(nomination: Nomination) -> bool:
    """A unit decides the forms whose deciding level is its own; it proposes the others upward."""
    return form_level(nomination) == issuer_level(nomination)


def decided_above(nomination: Nomination, level: str) -> bool:
    """Whether the dossier's award form is decided by a level higher than `level`."""
    return LEVEL_RANK.get(form_level(nomination), -1) > LEVEL_RANK.get(level, 99)


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
    return [
        {
            "kind": kind,
            "label": DocKind(kind).label,
            "present": kind in kinds,
            "needed_for": TRANSITIONS[needed_for].label,
        }
        for kind, needed_for in REQUIRED_DOCUMENTS
        if nomination.is_at_province or TRANSITIONS[needed_for].actor != REVIEWER
    ]


def _level_refusal(nomination: Nomination, transition: Transition) -> str | None:
    """Why the form's level rules the step out: a level decides only its own forms, and
    proposes upward only the forms decided higher up."""
    level = step_level(nomination, transition)
    form, authority = nomination.award_form, form_authority(nomination)
    words = {
        "form": form.name,
        "granted_by": authority.office if authority else form.granted_by,
        "level": LEVEL_WORDS.get(level, level),
        "upper": LEVEL_WORDS.get(UPPER_LEVEL.get(level, ""), ""),
        "here": DECIDE_HERE_WORDS.get(level, ""),
    }
    if transition.outcome == DECIDE and form_level(nomination) != level:
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
    level = nomination.current_level
    states = STATES_OF.get(level)
    office_states = (states.received, states.appraised) if states else ()
    if nomination.status in office_states and ACTOR_CHECKS[OFFICE[level]](user, nomination):
        return list(OFFICE_DOCUMENTS[level])
    return []


def document_refusal(user: User, nomination: Nomination, kind: str) -> str | None:
    if kind in upload_kinds(user, nomination):
        return None
    return gettext("Không thể thêm hoặc xóa “%(kind)s” khi hồ sơ đang ở trạng thái “%(status)s”.") % {
        "kind": DocKind(kind).label if kind in DocKind.values else kind,
        "status": nomination.get_status_display(),
    }
