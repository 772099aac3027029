"""Writes of the commune's report to the province: save the draft, submit (the figures are
computed and frozen then), return with a reason (the province), resubmit. The workflow is
services.submission's; `COMMUNE` says what is particular to it."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.scope import Scope
from campaigns.models import AdministrativeUnit, Plan
from reporting.models import CommuneNarrative, CommuneReport, CommuneReportEvent
from reporting.selectors.commune_reports import commune_report_page, commune_snapshot
from reporting.services import submission
from reporting.services.submission import ReportLocked, ReportStale, TransitionRefused

__all__ = ["COMMUNE", "ReportLocked", "ReportStale", "TransitionRefused"]


def may_write(scope: Scope, commune: AdministrativeUnit) -> bool:
    """Only the commune's own Culture-Social Office writes and submits its report."""
    return scope.is_officer and scope.writes_area(commune.pk)


def may_return(scope: Scope, commune: AdministrativeUnit) -> bool:
    """The province's reviewers send a commune's report back (not its read-only viewers)."""
    return scope.reviews_area(commune)


def _blank_items(report: CommuneReport) -> list[str]:
    return commune_report_page(plan=report.plan, year=report.year, commune=report.commune).blank_items


def _freeze_figures(report: CommuneReport) -> None:
    report.snapshot = commune_snapshot(plan=report.plan, year=report.year, commune=report.commune)


def early_warning(*, plan: Plan, year: int, commune: AdministrativeUnit) -> str:
    """Why sending the commune's report now is early: units still missing, or the units'
    own deadline not reached yet ("" when neither)."""
    snapshot = commune_snapshot(plan=plan, year=year, commune=commune)
    missing = (snapshot.get("units") or {}).get("missing", 0)
    due = datetime.date.fromisoformat(snapshot["due"]) if snapshot.get("due") else None
    early = due is not None and timezone.localdate() < due
    if not (missing or early):
        return ""
    parts = []
    if missing:
        parts.append(_("còn %(count)d đơn vị chưa nộp báo cáo") % {"count": missing})
    if early:
        parts.append(_("chưa đến hạn các đơn vị nộp (%(due)s)") % {"due": due.strftime("%d/%m/%Y")})
    return _("Nộp sớm: %(why)s. Sau khi nộp, số liệu được chốt và chỉ Sở Nội vụ mới trả lại được.") % {
        "why": "; ".join(parts)
    }


COMMUNE = submission.Workflow(
    model=CommuneReport,
    event_model=CommuneReportEvent,
    owner="commune",
    related=("plan__issuer", "commune__province"),
    may_write=may_write,
    may_return=may_return,
    blank_items=_blank_items,
    on_submit=_freeze_figures,
    needs_confirmation=lambda report: early_warning(plan=report.plan, year=report.year, commune=report.commune),
    texts={
        "write_denied": gettext_lazy("Chỉ cán bộ Phòng Văn hóa - Xã hội của xã mới được lập và nộp báo cáo của xã."),
        "return_denied": gettext_lazy("Chỉ chuyên viên Sở Nội vụ của tỉnh mới được trả lại báo cáo của xã."),
        "locked": gettext_lazy(
            "Báo cáo của xã đã nộp lên tỉnh lúc %(when)s nên không sửa được nữa. "
            "Nếu cần sửa, đề nghị Sở Nội vụ trả lại báo cáo."
        ),
        "stale": gettext_lazy(
            "Báo cáo của xã vừa được thay đổi ở nơi khác (một thẻ khác hoặc người khác) sau khi bạn mở trang. "
            "Nội dung bạn vừa nhập vẫn còn trên trang nhưng chưa được lưu: hãy tải lại trang để xem bản mới, "
            "hoặc bấm Lưu lần nữa để ghi đè bằng nội dung của bạn."
        ),
        "already_returned": gettext_lazy("Báo cáo của xã đã được trả lại rồi."),
        "not_submitted": gettext_lazy("Báo cáo của xã chưa nộp nên chưa thể trả lại."),
        "reason_required": gettext_lazy("Hãy ghi lý do trả lại để xã biết cần sửa gì."),
        "incomplete": gettext_lazy(
            "Còn %(count)d mục chưa viết (%(items)s). Ghi “Không có” nếu xã không có kết quả ở mục đó."
        ),
    },
)


def locked_message(report: CommuneReport) -> str:
    return submission.locked_message(COMMUNE, report)


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
    submission.require_writer(COMMUNE, by, commune)
    contents = {c.pk: c for c in plan.contents.all()}
    if set(narratives) - set(contents):
        raise ValidationError(_("Báo cáo có nội dung không thuộc kế hoạch của tỉnh."))
    report = submission.draft_save(
        COMMUNE,
        by=by,
        version=version,
        key={"plan": plan, "year": year, "commune": commune},
        values={"general_assessment": general_assessment},
    )
    existing = {n.content_id: n for n in report.narratives.all()}
    for content_id, text in narratives.items():
        narrative = existing.get(content_id) or CommuneNarrative(report=report, content=contents[content_id])
        if narrative.pk and narrative.text == text:
            continue
        narrative.text = text
        narrative.full_clean(validate_constraints=False)
        narrative.save()
    return report


def commune_report_submit(*, report: CommuneReport, by: User, version: int, confirmed: bool = False) -> CommuneReport:
    """Send the commune's report to the province (or again after a return). The figures are
    computed now and frozen in the report. A late report is accepted; the dashboard shows it
    late."""
    return submission.submit(COMMUNE, report=report, by=by, version=version, confirmed=confirmed)


def commune_report_return(*, report: CommuneReport, by: User, reason: str, version: int) -> CommuneReport:
    """The province sends a submitted report back; the commune sees the reason, edits and
    resubmits. Timeliness keeps counting the first submission."""
    return submission.send_back(COMMUNE, report=report, by=by, reason=reason, version=version)
