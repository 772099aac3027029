"""Writes of annual reports: save a draft (with evidence), submit, return, delete evidence.

Every write locks the report row, checks the workflow (AnnualReport.TRANSITIONS) and the
version the user's form was built from, so two tabs or two people cannot apply the same
change twice or silently overwrite each other.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.models import ParticipatingUnit, Plan
from campaigns.uploads import AllowedType
from reporting import selectors
from reporting.models import AnnualReport, ContentResult, CriterionResult, Evidence, ReportEvent


class ReportLocked(ValidationError):
    """The report has been submitted: nothing changes until the office returns it."""


class ReportStale(ValidationError):
    """The form was built from an older version of the report (another tab, another person)."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, code="stale")
        self.current_version = current_version


class TransitionRefused(ValidationError):
    """The action is not allowed from the report's current status (e.g. submitting twice)."""


def require_report_writer(user: User, unit: ParticipatingUnit) -> None:
    if not selectors.can_write_report(user, unit):
        raise PermissionDenied(_("Chỉ người báo cáo của đơn vị hoặc cán bộ Phòng Văn hóa - Xã hội mới được sửa."))


def require_report_returner(user: User, unit: ParticipatingUnit) -> None:
    if not selectors.can_return_report(user, unit):
        raise PermissionDenied(
            _(
                "Chỉ cán bộ Phòng Văn hóa - Xã hội của xã (với báo cáo của các sở, ngành: Sở Nội vụ) "
                "mới được trả lại báo cáo."
            )
        )


def locked_message(report: AnnualReport) -> str:
    when = date_format(timezone.localtime(report.submitted_at), "d/m/Y H:i") if report.submitted_at else ""
    return _(
        "Báo cáo đã nộp lúc %(when)s nên không sửa được nữa. Nếu cần sửa, đề nghị Phòng Văn hóa - Xã hội trả lại."
    ) % {"when": when}


def _stale(report: AnnualReport) -> ReportStale:
    return ReportStale(
        _(
            "Báo cáo vừa được thay đổi ở nơi khác (một thẻ khác hoặc người khác) sau khi bạn mở trang. "
            "Nội dung bạn vừa nhập vẫn còn trên trang nhưng chưa được lưu: hãy tải lại trang để xem bản mới, "
            "hoặc bấm Lưu lần nữa để ghi đè bằng nội dung của bạn."
        ),
        current_version=report.version,
    )


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update(of=("self",)).select_related("plan", "unit").get(pk=report.pk)


def _check_transition(report: AnnualReport, action: str) -> None:
    sources, _target = AnnualReport.TRANSITIONS[action]
    if report.status in sources:
        return
    if report.status == AnnualReport.Status.SUBMITTED:
        raise TransitionRefused(locked_message(report), code="already_submitted")
    if report.status == AnnualReport.Status.RETURNED:
        raise TransitionRefused(_("Báo cáo đã được trả lại rồi."), code="already_returned")
    raise TransitionRefused(_("Báo cáo chưa nộp nên chưa thể trả lại."), code="not_submitted")


@transaction.atomic
def report_save(
    *,
    plan: Plan,
    year: int,
    unit: ParticipatingUnit,
    by: User,
    version: int,
    contents: Mapping[int, str],
    criteria: Mapping[int, tuple[str, Decimal | None]],
    uploads: Sequence[tuple[UploadedFile, AllowedType]] = (),
) -> AnnualReport:
    """Save the draft of (plan, year, unit), creating it on first save, and attach evidence.

    `version` is the one the form was built from (0 for a report not created yet);
    `contents` maps content id → text, `criteria` criterion id → (text, points).
    """
    require_report_writer(by, unit)
    page = selectors.report_page(plan=plan, year=year, unit=unit)
    report = AnnualReport.objects.select_for_update().filter(plan=plan, year=year, unit=unit).first()
    if report is None:
        report = AnnualReport(plan=plan, year=year, unit=unit)
        report.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # created meanwhile from another tab
            raise _stale(AnnualReport.objects.get(plan=plan, year=year, unit=unit)) from None
    else:
        if not report.is_editable:
            raise ReportLocked(locked_message(report), code="locked")
        if report.version != version:
            raise _stale(report)
        report.version += 1
        report.full_clean()
        report.save()

    allowed_contents = {c.pk: c for c in page.contents}
    allowed_criteria = {c.pk: c for c in page.criteria}
    if set(contents) - set(allowed_contents) or set(criteria) - set(allowed_criteria):
        raise ValidationError(_("Báo cáo có mục không thuộc kế hoạch hoặc không áp dụng cho đơn vị."))
    for content_id, text in contents.items():
        result = page.content_results.get(content_id) or ContentResult(report=report)
        if result.pk and result.text == text:
            continue
        result.report, result.content, result.text = report, allowed_contents[content_id], text
        result.full_clean(validate_constraints=False)
        result.save()
    for criterion_id, (text, points) in criteria.items():
        result = page.criterion_results.get(criterion_id) or CriterionResult(report=report)
        if result.pk and result.text == text and result.points == points:
            continue
        result.report, result.criterion = report, allowed_criteria[criterion_id]
        result.text, result.points = text, points
        result.full_clean(validate_constraints=False)
        result.save()
    for upload, kind in uploads:
        evidence_add(report=report, upload=upload, kind=kind, by=by)
    return report


def evidence_add(*, report: AnnualReport, upload: UploadedFile, kind: AllowedType, by: User) -> Evidence:
    """Attach an already sniffed file (campaigns.uploads.sniff_upload) to an editable report."""
    if not report.is_editable:
        raise ReportLocked(locked_message(report), code="locked")
    evidence = Evidence(
        report=report,
        file=upload,
        original_name=upload.name[-255:],
        content_type=kind.mime,
        size=upload.size,
        uploaded_by=by,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by: User) -> None:
    """Remove a file while the report is still a draft (or returned); the stored file goes
    once the transaction commits. Does not bump the version: the typed form stays valid."""
    require_report_writer(by, evidence.report.unit)
    report = _lock(evidence.report)
    if not report.is_editable:
        raise ReportLocked(locked_message(report), code="locked")
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def report_submit(*, report: AnnualReport, by: User, version: int) -> AnnualReport:
    """Send the report to the Culture-Social Office; after a return this is a resubmission.
    Refused twice over for a second tab: the status is no longer draft and the version moved."""
    require_report_writer(by, report.unit)
    report = _lock(report)
    action = "resubmit" if report.status == AnnualReport.Status.RETURNED else "submit"
    _check_transition(report, action)
    if report.version != version:
        raise _stale(report)
    blank = selectors.report_page(plan=report.plan, year=report.year, unit=report.unit).blank_items
    if blank:
        raise ValidationError(
            _("Còn %(count)d mục chưa ghi kết quả (%(items)s). Ghi “Không có” nếu đơn vị không có kết quả ở mục đó.")
            % {"count": len(blank), "items": ", ".join(blank)},
            code="incomplete",
        )
    now = timezone.now()
    report.status = AnnualReport.TRANSITIONS[action][1]
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_by = by
    report.version += 1
    report.full_clean()
    report.save()
    ReportEvent.objects.create(report=report, action=action, by=by, at=now)
    return report


@transaction.atomic
def report_return(*, report: AnnualReport, by: User, reason: str, version: int) -> AnnualReport:
    """The office sends a submitted report back for corrections; the reason is required and
    shown to the unit, which can then edit and resubmit."""
    require_report_returner(by, report.unit)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.")})
    report = _lock(report)
    _check_transition(report, "return")
    if report.version != version:
        raise _stale(report)
    now = timezone.now()
    report.status = AnnualReport.TRANSITIONS["return"][1]
    report.returned_reason = reason
    report.returned_at = now
    report.returned_by = by
    report.version += 1
    report.full_clean()
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.RETURN, by=by, at=now, comment=reason)
    return report
