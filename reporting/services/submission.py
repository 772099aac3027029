"""The one submission workflow of every report sent up a level (reporting.models.Submission):
start or update the draft, submit (or resubmit after a return), return with a reason.

Every write locks the report row (`select_for_update(of=("self",))`), checks the transition
(Submission.TRANSITIONS) and the version the user's form was built from, so two tabs or two
people cannot apply the same change twice or silently overwrite each other. What differs
between a unit's report and a commune's report (who writes, who returns, the wording, what
"complete" means, what is frozen on submission) is a `Workflow`, declared beside each
report's own service (services.reports.ANNUAL, services.commune_reports.COMMUNE).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from accounts.scope import Scope, scope_of
from config import cache
from reporting.models import Submission, SubmissionEvent


class ReportLocked(ValidationError):
    """The report has been submitted: nothing changes until the receiver returns it."""


class ReportStale(ValidationError):
    """The form was built from an older version of the report (another tab, another person)."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, code="stale")
        self.current_version = current_version


class TransitionRefused(ValidationError):
    """The action is not allowed from the report's current status (e.g. submitting twice)."""


@dataclass(frozen=True)
class Workflow:
    """What one kind of report plugs into the shared workflow."""

    model: type[Submission]
    event_model: type[SubmissionEvent]
    owner: str  # the field naming who reports ("unit", "commune")
    related: tuple[str, ...]  # joined when the row is locked
    may_write: Callable[[Scope, Any], bool]  # (scope, owner) → may draft and submit
    may_return: Callable[[Scope, Any], bool]  # (scope, owner) → may send it back
    blank_items: Callable[[Submission], list[str]]  # what is still unwritten
    # The messages: write_denied, return_denied, locked (%(when)s), stale, already_returned,
    # not_submitted, reason_required, incomplete (%(count)d, %(items)s).
    texts: Mapping[str, Any]
    on_submit: Callable[[Submission], None] = field(default=lambda report: None)
    # What the sender must confirm before submitting (e.g. units still missing): "" for nothing.
    needs_confirmation: Callable[[Submission], str] = field(default=lambda report: "")

    def text(self, key: str, **params: Any) -> str:
        message = str(self.texts[key])
        return message % params if params else message

    def owner_of(self, report: Submission) -> Any:
        return getattr(report, self.owner)


def can_write(workflow: Workflow, user: User, owner: Any) -> bool:
    return workflow.may_write(scope_of(user), owner)


def can_return(workflow: Workflow, user: User, owner: Any) -> bool:
    return workflow.may_return(scope_of(user), owner)


def require_writer(workflow: Workflow, user: User, owner: Any) -> None:
    if not can_write(workflow, user, owner):
        raise PermissionDenied(workflow.text("write_denied"))


def require_returner(workflow: Workflow, user: User, owner: Any) -> None:
    if not can_return(workflow, user, owner):
        raise PermissionDenied(workflow.text("return_denied"))


def locked_message(workflow: Workflow, report: Submission) -> str:
    when = date_format(timezone.localtime(report.submitted_at), "d/m/Y H:i") if report.submitted_at else ""
    return workflow.text("locked", when=when)


def stale_error(workflow: Workflow, report: Submission) -> ReportStale:
    return ReportStale(workflow.text("stale"), current_version=report.version)


def lock(workflow: Workflow, report: Submission) -> Submission:
    return workflow.model.objects.select_for_update(of=("self",)).select_related(*workflow.related).get(pk=report.pk)


def _check_transition(workflow: Workflow, report: Submission, action: str) -> None:
    sources, _target = Submission.TRANSITIONS[action]
    if report.status in sources:
        return
    if report.status == Submission.Status.SUBMITTED:
        raise TransitionRefused(locked_message(workflow, report), code="already_submitted")
    if report.status == Submission.Status.RETURNED:
        raise TransitionRefused(workflow.text("already_returned"), code="already_returned")
    raise TransitionRefused(workflow.text("not_submitted"), code="not_submitted")


def _check_version(workflow: Workflow, report: Submission, version: int) -> None:
    if report.version != version:
        raise stale_error(workflow, report)


def draft_save(
    workflow: Workflow, *, by: User, version: int, key: Mapping[str, Any], values: Mapping[str, Any] | None = None
) -> Submission:
    """The locked draft for `key` (plan, year and owner), created on first save, with `values`
    set and its version bumped. Call inside a transaction; the caller saves the items.

    `version` is the one the form was built from (0 for a report not created yet)."""
    require_writer(workflow, by, key[workflow.owner])
    values = dict(values or {})
    report = workflow.model.objects.select_for_update(of=("self",)).filter(**key).first()
    if report is None:
        report = workflow.model(**key, **values)
        report.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # created meanwhile from another tab
            raise stale_error(workflow, workflow.model.objects.get(**key)) from None
        cache.changed(report.plan.issuer)  # a new draft: the counts move
        return report
    if not report.is_editable:
        raise ReportLocked(locked_message(workflow, report), code="locked")
    _check_version(workflow, report, version)
    for name, value in values.items():
        setattr(report, name, value)
    report.version += 1
    report.full_clean()
    report.save()
    return report


def require_editable(workflow: Workflow, report: Submission) -> Submission:
    """The locked row, or ReportLocked once it has been submitted (for changes that do not
    move the version, such as removing an evidence file)."""
    report = lock(workflow, report)
    if not report.is_editable:
        raise ReportLocked(locked_message(workflow, report), code="locked")
    return report


def _record(workflow: Workflow, report: Submission, *, action: str, by: User, at, comment: str = "") -> None:
    report.version += 1
    report.full_clean()
    report.save()
    cache.changed(report.plan.issuer)
    workflow.event_model.objects.create(report=report, action=action, by=by, at=at, comment=comment)


@transaction.atomic
def submit(workflow: Workflow, *, report: Submission, by: User, version: int, confirmed: bool = False) -> Submission:
    """Send the report up (after a return: resubmit). Refused twice over for a second tab:
    the status is no longer editable and the version moved. What the workflow asks to
    confirm (`needs_confirmation`) is refused unless `confirmed`."""
    require_writer(workflow, by, workflow.owner_of(report))
    report = lock(workflow, report)
    action = "resubmit" if report.status == Submission.Status.RETURNED else "submit"
    _check_transition(workflow, report, action)
    _check_version(workflow, report, version)
    blank = workflow.blank_items(report)
    if blank:
        raise ValidationError(
            workflow.text("incomplete", count=len(blank), items=", ".join(blank)),
            code="incomplete",
        )
    warning = workflow.needs_confirmation(report)
    if warning and not confirmed:
        raise ValidationError(warning, code="needs_confirmation")
    now = timezone.now()
    workflow.on_submit(report)
    report.status = Submission.TRANSITIONS[action][1]
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_by = by
    _record(workflow, report, action=action, by=by, at=now)
    return report


@transaction.atomic
def send_back(workflow: Workflow, *, report: Submission, by: User, reason: str, version: int) -> Submission:
    """The receiver returns a submitted report for corrections; the reason is required and
    shown to the sender, who can then edit and resubmit. Timeliness keeps the first date."""
    require_returner(workflow, by, workflow.owner_of(report))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": workflow.text("reason_required")})
    report = lock(workflow, report)
    _check_transition(workflow, report, "return")
    _check_version(workflow, report, version)
    report.status = Submission.TRANSITIONS["return"][1]
    report.returned_reason = reason
    report.returned_at = timezone.now()
    report.returned_by = by
    _record(workflow, report, action=SubmissionEvent.Action.RETURN, by=by, at=report.returned_at, comment=reason)
    return report
