"""Writes of the commune's report to the province: save the draft, submit (the figures are
computed and frozen then), return with a reason (the province), resubmit.

As for the units' reports, every write locks the row, checks the workflow
(CommuneReport.TRANSITIONS) and the version the user's form was built from.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.models import AdministrativeUnit, Plan
from reporting import province
from reporting.models import CommuneNarrative, CommuneReport, CommuneReportEvent
from reporting.services import ReportLocked, ReportStale, TransitionRefused

__all__ = [
    "ReportLocked",
    "ReportStale",
    "TransitionRefused",
    "commune_report_return",
    "commune_report_save",
    "commune_report_submit",
]


def require_commune_writer(user: User, commune: AdministrativeUnit) -> None:
    if not province.can_write_commune_report(user, commune):
        raise PermissionDenied(_("Chỉ cán bộ Phòng Văn hóa - Xã hội của xã mới được lập và nộp báo cáo của xã."))


def require_commune_returner(user: User, commune: AdministrativeUnit) -> None:
    if not province.can_return_commune_report(user, commune):
        raise PermissionDenied(_("Chỉ chuyên viên Sở Nội vụ của tỉnh mới được trả lại báo cáo của xã."))


def locked_message(report: CommuneReport) -> str:
    when = date_format(timezone.localtime(report.submitted_at), "d/m/Y H:i") if report.submitted_at else ""
    return _(
        "Báo cáo của xã đã nộp lên tỉnh lúc %(when)s nên không sửa được nữa. "
        "Nếu cần sửa, đề nghị Sở Nội vụ trả lại báo cáo."
    ) % {"when": when}


def _stale(report: CommuneReport) -> ReportStale:
    return ReportStale(
        _(
            "Báo cáo của xã vừa được thay đổi ở nơi khác (một thẻ khác hoặc người khác) sau khi bạn mở trang. "
            "Nội dung bạn vừa nhập vẫn còn trên trang nhưng chưa được lưu: hãy tải lại trang để xem bản mới, "
            "hoặc bấm Lưu lần nữa để ghi đè bằng nội dung của bạn."
        ),
        current_version=report.version,
    )


def _lock(report: CommuneReport) -> CommuneReport:
    return (
        CommuneReport.objects.select_for_update(of=("self",))
        .select_related("plan__issuer", "commune__province")
        .get(pk=report.pk)
    )


def _check_transition(report: CommuneReport, action: str) -> None:
    sources, _target = CommuneReport.TRANSITIONS[action]
    if report.status in sources:
        return
    if report.status == CommuneReport.Status.SUBMITTED:
        raise TransitionRefused(locked_message(report), code="already_submitted")
    if report.status == CommuneReport.Status.RETURNED:
        raise TransitionRefused(_("Báo cáo của xã đã được trả lại rồi."), code="already_returned")
    raise TransitionRefused(_("Báo cáo của xã chưa nộp nên chưa thể trả lại."), code="not_submitted")


@transaction.atomic
def commune_report_save(
    *,
    plan: Plan,
    year: int,
    commune: AdministrativeUnit,
    by: User,
    version: int,
    narratives: Mapping[int, str],
    general_assessment: str,
) -> CommuneReport:
    """Save the draft of (province plan, year, commune), creating it on first save.

    `version` is the one the form was built from (0 for a report not created yet);
    `narratives` maps a content id of the province plan → text.
    """
    require_commune_writer(by, commune)
    contents = {c.pk: c for c in plan.contents.all()}
    if set(narratives) - set(contents):
        raise ValidationError(_("Báo cáo có nội dung không thuộc kế hoạch của tỉnh."))
    report = CommuneReport.objects.select_for_update().filter(plan=plan, year=year, commune=commune).first()
    if report is None:
        report = CommuneReport(plan=plan, year=year, commune=commune, general_assessment=general_assessment)
        report.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # created meanwhile from another tab
            raise _stale(CommuneReport.objects.get(plan=plan, year=year, commune=commune)) from None
    else:
        if not report.is_editable:
            raise ReportLocked(locked_message(report), code="locked")
        if report.version != version:
            raise _stale(report)
        report.general_assessment = general_assessment
        report.version += 1
        report.full_clean()
        report.save()
    existing = {n.content_id: n for n in report.narratives.all()}
    for content_id, text in narratives.items():
        narrative = existing.get(content_id) or CommuneNarrative(report=report, content=contents[content_id])
        if narrative.pk and narrative.text == text:
            continue
        narrative.text = text
        narrative.full_clean(validate_constraints=False)
        narrative.save()
    return report


@transaction.atomic
def commune_report_submit(*, report: CommuneReport, by: User, version: int) -> CommuneReport:
    """Send the commune's report to the province (or again after a return). The figures are
    computed now and frozen in the report. A late report is accepted; the dashboard shows it
    late. A second tab is refused: the status is no longer editable and the version moved."""
    require_commune_writer(by, report.commune)
    report = _lock(report)
    action = "resubmit" if report.status == CommuneReport.Status.RETURNED else "submit"
    _check_transition(report, action)
    if report.version != version:
        raise _stale(report)
    page = province.commune_report_page(plan=report.plan, year=report.year, commune=report.commune)
    blank = page.blank_items
    if blank:
        raise ValidationError(
            _("Còn %(count)d mục chưa viết (%(items)s). Ghi “Không có” nếu xã không có kết quả ở mục đó.")
            % {"count": len(blank), "items": ", ".join(blank)},
            code="incomplete",
        )
    now = timezone.now()
    report.snapshot = province.commune_snapshot(plan=report.plan, year=report.year, commune=report.commune)
    report.status = CommuneReport.TRANSITIONS[action][1]
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_by = by
    report.version += 1
    report.full_clean()
    report.save()
    CommuneReportEvent.objects.create(report=report, action=action, by=by, at=now)
    return report


@transaction.atomic
def commune_report_return(*, report: CommuneReport, by: User, reason: str, version: int) -> CommuneReport:
    """The province sends a submitted report back; the commune sees the reason, edits and
    resubmits. Timeliness keeps counting the first submission."""
    require_commune_returner(by, report.commune)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để xã biết cần sửa gì.")})
    report = _lock(report)
    _check_transition(report, "return")
    if report.version != version:
        raise _stale(report)
    now = timezone.now()
    report.status = CommuneReport.TRANSITIONS["return"][1]
    report.returned_reason = reason
    report.returned_at = now
    report.returned_by = by
    report.version += 1
    report.full_clean()
    report.save()
    CommuneReportEvent.objects.create(
        report=report, action=CommuneReportEvent.Action.RETURN, by=by, at=now, comment=reason
    )
    return report
