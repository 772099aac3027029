"""Writes of a unit's annual report: save the draft (with evidence), submit, return, delete
evidence. The workflow is services.submission's; `ANNUAL` says what is particular to it."""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.scope import Scope
from campaigns.models import ParticipatingUnit, Plan
from campaigns.uploads import AllowedType
from reporting.models import AnnualReport, ContentResult, CriterionResult, Evidence, ReportEvent
from reporting.selectors.reports import report_page
from reporting.services import submission
from reporting.services.submission import ReportLocked, ReportStale, TransitionRefused

__all__ = ["ANNUAL", "ReportLocked", "ReportStale", "TransitionRefused"]


def may_write(scope: Scope, unit: ParticipatingUnit) -> bool:
    """The unit's own reporter, or the officer of its commune writing on its behalf.
    Superusers get no portal write rights without a role (they use the admin)."""
    return (scope.is_reporter or scope.is_officer) and scope.writes_area(unit.admin_unit_id, unit.pk)


def may_return(scope: Scope, unit: ParticipatingUnit) -> bool:
    """The Culture-Social Office of the unit's commune sends a report back; for the
    province's own departments, the province's reviewers (Department of Home Affairs)."""
    return (scope.is_officer or scope.is_reviewer) and scope.writes_area(unit.admin_unit_id)


def _blank_items(report: AnnualReport) -> list[str]:
    return report_page(plan=report.plan, year=report.year, unit=report.unit).blank_items


ANNUAL = submission.Workflow(
    model=AnnualReport,
    event_model=ReportEvent,
    owner="unit",
    related=("plan__issuer", "unit__admin_unit"),
    may_write=may_write,
    may_return=may_return,
    blank_items=_blank_items,
    texts={
        "write_denied": gettext_lazy("Chỉ người báo cáo của đơn vị hoặc cán bộ Phòng Văn hóa - Xã hội mới được sửa."),
        "return_denied": gettext_lazy(
            "Chỉ cán bộ Phòng Văn hóa - Xã hội của xã (với báo cáo của các sở, ngành: Sở Nội vụ) "
            "mới được trả lại báo cáo."
        ),
        "locked": gettext_lazy(
            "Báo cáo đã nộp lúc %(when)s nên không sửa được nữa. Nếu cần sửa, đề nghị Phòng Văn hóa - Xã hội trả lại."
        ),
        "stale": gettext_lazy(
            "Báo cáo vừa được thay đổi ở nơi khác (một thẻ khác hoặc người khác) sau khi bạn mở trang. "
            "Nội dung bạn vừa nhập vẫn còn trên trang nhưng chưa được lưu: hãy tải lại trang để xem bản mới, "
            "hoặc bấm Lưu lần nữa để ghi đè bằng nội dung của bạn."
        ),
        "already_returned": gettext_lazy("Báo cáo đã được trả lại rồi."),
        "not_submitted": gettext_lazy("Báo cáo chưa nộp nên chưa thể trả lại."),
        "reason_required": gettext_lazy("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."),
        "incomplete": gettext_lazy(
            "Còn %(count)d mục chưa ghi kết quả (%(items)s). Ghi “Không có” nếu đơn vị không có kết quả ở mục đó."
        ),
    },
)


def require_report_writer(user: User, unit: ParticipatingUnit) -> None:
    submission.require_writer(ANNUAL, user, unit)


def locked_message(report: AnnualReport) -> str:
    return submission.locked_message(ANNUAL, report)


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
    page = report_page(plan=plan, year=year, unit=unit)
    report = submission.draft_save(ANNUAL, by=by, version=version, key={"plan": plan, "year": year, "unit": unit})
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
    submission.require_editable(ANNUAL, evidence.report)
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


def report_submit(*, report: AnnualReport, by: User, version: int) -> AnnualReport:
    """Send the report to the Culture-Social Office (a province department's: to the
    province); after a return this is a resubmission."""
    return submission.submit(ANNUAL, report=report, by=by, version=version)


def report_return(*, report: AnnualReport, by: User, reason: str, version: int) -> AnnualReport:
    """The office sends a submitted report back for corrections, with the reason."""
    return submission.send_back(ANNUAL, report=report, by=by, reason=reason, version=version)
