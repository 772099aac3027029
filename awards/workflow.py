"""The nomination workflow in one place: states, allowed transitions, who may do each, the
checks each needs, and the service functions that perform them.

    draft ─submit→ submitted ─receive→ received ─appraise→ appraised ─record_council→ council_reviewed
    submitted | received | appraised ─return (reason)→ returned   (edited like a draft, then:)
    returned ─submit→ submitted
    council_reviewed ─decide→ decided     (the award form is decided at the commune's own level)
    council_reviewed ─forward→ forwarded  (the award form is decided higher up: sent to the province)

The province's part (received_by_province, returned_by_province, decided_by_province,
forwarded_to_national) is added by extending `Nomination.Status`, appending `Transition`s
below with a province actor (`REVIEWER`) and writing their service functions on `_perform`.

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
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from awards.models import Nomination, NominationDocument, NominationEvent

Status = Nomination.Status
DocKind = NominationDocument.Kind

# Actors: who may perform a transition.
EDITOR = "editor"  # the reporter of the nominee's unit, or the commune officer
OFFICER = "officer"  # the commune officer (Culture-Social Office) only

# States in which the unit (or the officer on its behalf) writes the dossier.
EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)
# States in which the officer works on the dossier and may add the council's papers.
OFFICE_STATES = (Status.RECEIVED, Status.APPRAISED)
OFFICE_DOCUMENT_KINDS = (DocKind.COUNCIL_MINUTES, DocKind.OTHER)
# States in which the dossier waits for the commune office, with what it waits for.
OFFICER_QUEUE: dict[str, Promise] = {
    Status.SUBMITTED: _("Chờ tiếp nhận"),
    Status.RECEIVED: _("Chờ thẩm định"),
    Status.APPRAISED: _("Chờ họp Hội đồng"),
    Status.COUNCIL_REVIEWED: _("Chờ quyết định hoặc trình cấp tỉnh"),
}
# States the province sees (it only receives dossiers forwarded to it).
PROVINCE_STATES = (Status.FORWARDED,)

# Documents a dossier needs before a step, in checklist order.
REQUIRED_DOCUMENTS: list[tuple[str, str]] = [
    (DocKind.PROPOSAL, "submit"),
    (DocKind.ACHIEVEMENT_REPORT, "submit"),
    (DocKind.COUNCIL_MINUTES, "record_council"),
]


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
            "decide", _("Ghi quyết định khen thưởng"), (Status.COUNCIL_REVIEWED,), Status.DECIDED, OFFICER, "success"
        ),
        Transition("forward", _("Trình cấp tỉnh"), (Status.COUNCIL_REVIEWED,), Status.FORWARDED, OFFICER, "success"),
        Transition(
            "return",
            _("Trả lại để bổ sung"),
            (Status.SUBMITTED, Status.RECEIVED, Status.APPRAISED),
            Status.RETURNED,
            OFFICER,
            "outline-danger",
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


def may_create(user: User) -> bool:
    """Officers create dossiers for any unit of their commune, reporters for their own unit."""
    if not user.is_authenticated or user.admin_unit_id is None:
        return False
    return user.role == User.Role.OFFICER or (
        user.role == User.Role.REPORTER and user.participating_unit_id is not None
    )


def has_role_for(user: User, nomination: Nomination, transition: Transition) -> bool:
    """Whether the user's role allows the step at all (else 403), whatever the state."""
    if transition.actor == OFFICER:
        return is_officer_for(user, nomination)
    return is_editor_for(user, nomination)


def require_role_for(user: User, nomination: Nomination, transition: Transition) -> None:
    if not has_role_for(user, nomination, transition):
        raise PermissionDenied(_t("Vai trò của bạn không được thực hiện thao tác này."))


def require_editor(user: User, nomination: Nomination) -> None:
    if not is_editor_for(user, nomination):
        raise PermissionDenied(_t("Vai trò của bạn không được sửa hồ sơ này."))


# --- What the state and the data allow -----------------------------------------------------


def deciding_level(nomination: Nomination) -> str:
    """The level of the unit that runs this dossier (the plan's issuer, a commune)."""
    return nomination.plan.issuer.level


def may_decide_here(nomination: Nomination) -> bool:
    """A unit decides the forms whose deciding level is its own; it proposes the others upward."""
    return nomination.award_form.level == deciding_level(nomination)


def _present_kinds(nomination: Nomination, *, fresh: bool = False) -> set[str]:
    if fresh:
        return set(nomination.documents.values_list("kind", flat=True))
    # Uses the prefetched documents on the dossier page.
    return {document.kind for document in nomination.documents.all()}


def _missing(nomination: Nomination, action: str, kinds: set[str]) -> list[str]:
    return [
        str(DocKind(kind).label)
        for kind, needed_for in REQUIRED_DOCUMENTS
        if needed_for == action and kind not in kinds
    ]


def checklist(nomination: Nomination) -> list[dict]:
    """The required documents with a tick when the dossier has one."""
    kinds = _present_kinds(nomination)
    return [
        {
            "kind": kind,
            "label": DocKind(kind).label,
            "present": kind in kinds,
            "needed_for": TRANSITIONS[needed_for].label,
        }
        for kind, needed_for in REQUIRED_DOCUMENTS
    ]


def refusal(nomination: Nomination, transition: Transition, *, fresh: bool = False) -> str | None:
    """Why the step cannot be done on the dossier as it is now, or None when it can."""
    if nomination.status not in transition.sources:
        return _t("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.") % {
            "action": transition.label,
            "status": nomination.get_status_display(),
        }
    missing = _missing(nomination, transition.action, _present_kinds(nomination, fresh=fresh))
    if missing:
        return _t("Chưa thể “%(action)s”: hồ sơ còn thiếu %(missing)s.") % {
            "action": transition.label,
            "missing": ", ".join(missing),
        }
    form = nomination.award_form
    if transition.action == "decide" and not may_decide_here(nomination):
        return _t(
            "Không thể ghi quyết định ở cấp xã: “%(form)s” do %(granted_by)s quyết định. "
            "Hồ sơ này cần được trình cấp tỉnh."
        ) % {"form": form.name, "granted_by": form.granted_by}
    if transition.action == "forward" and may_decide_here(nomination):
        return _t(
            "Không trình cấp tỉnh hình thức “%(form)s”: hình thức này do %(granted_by)s quyết định, "
            "hãy ghi quyết định khen thưởng tại xã."
        ) % {"form": form.name, "granted_by": form.granted_by}
    return None


def available_transitions(user: User, nomination: Nomination) -> list[Transition]:
    """The steps this user may do now, for the buttons on the dossier page."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if nomination.status in transition.sources
        and has_role_for(user, nomination, transition)
        and (transition.action not in ("decide", "forward") or refusal(nomination, transition) is None)
    ]


def is_editable(nomination: Nomination) -> bool:
    return nomination.status in EDITABLE_STATES


def may_edit(user: User, nomination: Nomination) -> bool:
    return is_editable(nomination) and is_editor_for(user, nomination)


def upload_kinds(user: User, nomination: Nomination) -> list[str]:
    """Document kinds this user may add now: any while the dossier is written, the council's
    papers while the office works on it."""
    if is_editable(nomination) and is_editor_for(user, nomination):
        return list(DocKind.values)
    if nomination.status in OFFICE_STATES and is_officer_for(user, nomination):
        return list(OFFICE_DOCUMENT_KINDS)
    return []


def document_refusal(user: User, nomination: Nomination, kind: str) -> str | None:
    if kind in upload_kinds(user, nomination):
        return None
    return _t("Không thể thêm hoặc xóa “%(kind)s” khi hồ sơ đang ở trạng thái “%(status)s”.") % {
        "kind": DocKind(kind).label if kind in DocKind.values else kind,
        "status": nomination.get_status_display(),
    }


# --- The services -------------------------------------------------------------------------


def lock_nomination(nomination: Nomination) -> Nomination:
    """The row, locked until the transaction ends (only the nomination's own row)."""
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("plan__issuer", "award_form", "unit")
        .get(pk=nomination.pk)
    )


def check_version(nomination: Nomination, version: int | None) -> None:
    if version != nomination.version:
        raise TransitionRefused(
            _t(
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


def nomination_submit(*, nomination: Nomination, by: User, version: int, comment: str = "") -> Nomination:
    return _perform("submit", nomination=nomination, by=by, version=version, comment=comment)


def nomination_receive(*, nomination: Nomination, by: User, version: int, comment: str = "") -> Nomination:
    return _perform("receive", nomination=nomination, by=by, version=version, comment=comment)


def nomination_return(*, nomination: Nomination, by: User, version: int, reason: str) -> Nomination:
    if not reason.strip():
        raise TransitionRefused(_t("Hãy ghi lý do trả lại hồ sơ."))

    def apply(n: Nomination) -> None:
        n.returned_reason = reason.strip()

    return _perform("return", nomination=nomination, by=by, version=version, comment=reason, apply=apply)


def nomination_appraise(*, nomination: Nomination, by: User, version: int, comment: str) -> Nomination:
    if not comment.strip():
        raise TransitionRefused(_t("Hãy ghi ý kiến thẩm định."))

    def apply(n: Nomination) -> None:
        n.appraisal_comment = comment.strip()

    return _perform("appraise", nomination=nomination, by=by, version=version, comment=comment, apply=apply)


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
    # The model's clean() refuses votes that do not add up (ValidationError on the fields).
    def apply(n: Nomination) -> None:
        n.council_meeting_date = meeting_date
        n.council_members_present = members_present
        n.council_votes_for = votes_for
        n.council_votes_against = votes_against

    return _perform("record_council", nomination=nomination, by=by, version=version, comment=comment, apply=apply)


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
    if not (decision_number.strip() and decision_date and decision_signer.strip()):
        raise TransitionRefused(_t("Quyết định khen thưởng cần số, ngày và người ký."))

    def apply(n: Nomination) -> None:
        n.decision_number = decision_number.strip()
        n.decision_date = decision_date
        n.decision_signer = decision_signer.strip()

    return _perform("decide", nomination=nomination, by=by, version=version, comment=comment, apply=apply)


def nomination_forward(*, nomination: Nomination, by: User, version: int, comment: str = "") -> Nomination:
    def apply(n: Nomination) -> None:
        n.forwarded_at = timezone.now()
        n.forwarded_by = by

    return _perform("forward", nomination=nomination, by=by, version=version, comment=comment, apply=apply)


SERVICES: dict[str, Callable[..., Nomination]] = {
    "submit": nomination_submit,
    "receive": nomination_receive,
    "return": nomination_return,
    "appraise": nomination_appraise,
    "record_council": nomination_record_council,
    "decide": nomination_decide,
    "forward": nomination_forward,
}
