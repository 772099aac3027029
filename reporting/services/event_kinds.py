"""The workflow events the portal tells people about, declared in the one registry
(reporting.events). A decision or a registration (other apps) plugs in the same way: one
`register(EventKind(...), on_event=publish)` naming its event model, who acts next and what
they read. Loaded by ReportingConfig.ready, so every process knows every kind."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.scope import scope_of
from awards.models import NominationEvent, RegistrationEvent
from awards.workflow import available_transitions, is_editor_for
from reporting.events import EventKind, Message, register
from reporting.models import CommuneReportEvent, ReportEvent, SubmissionEvent
from reporting.services.notices import publish


def _active(**filters) -> list[User]:
    return list(User.objects.filter(is_active=True, **filters).select_related("admin_unit").order_by("username"))


def _officers(admin_unit_id: int) -> list[User]:
    return [u for u in _active(admin_unit_id=admin_unit_id) if scope_of(u).is_officer]


def _reviewers(province_id: int) -> list[User]:
    return [u for u in _active(admin_unit_id=province_id) if scope_of(u).is_reviewer]


def _report_recipients(event: ReportEvent) -> list[User]:
    unit = event.report.unit
    if event.action == SubmissionEvent.Action.RETURN:
        return [u for u in _active(participating_unit=unit) if scope_of(u).is_reporter]
    return _officers(unit.admin_unit_id)


def _commune_report_recipients(event: CommuneReportEvent) -> list[User]:
    commune = event.report.commune
    if event.action == SubmissionEvent.Action.RETURN:
        return _officers(commune.pk)
    return _reviewers(commune.province_id)


def _submission_message(event, owner_name: str) -> Message:
    report = event.report
    titles = {
        SubmissionEvent.Action.SUBMIT: _("%(owner)s đã nộp báo cáo năm %(year)d"),
        SubmissionEvent.Action.RESUBMIT: _("%(owner)s đã nộp lại báo cáo năm %(year)d"),
        SubmissionEvent.Action.RETURN: _("Báo cáo năm %(year)d của %(owner)s bị trả lại"),
    }
    title = titles[event.action] % {"owner": owner_name, "year": report.year}
    body = _("Lý do trả lại: %(reason)s") % {"reason": event.comment} if event.comment else ""
    return Message(title=title, body=body, url=report.get_absolute_url())


def _nomination_recipients(event: NominationEvent) -> list[User]:
    nomination = event.nomination
    area = nomination.unit.admin_unit
    candidates = _active(admin_unit_id__in=[area.pk, area.province_id])
    acting = [u for u in candidates if available_transitions(u, nomination)]
    return acting or [u for u in candidates if is_editor_for(u, nomination)]


def _nomination_message(event: NominationEvent) -> Message:
    nomination = event.nomination
    title = _("Hồ sơ khen thưởng %(nominee)s: %(status)s") % {
        "nominee": nomination.nominee_name,
        "status": event.get_to_status_display(),
    }
    body = _("Ghi chú: %(comment)s") % {"comment": event.comment} if event.comment else ""
    return Message(title=title, body=body, url=nomination.get_absolute_url())


KINDS = (
    EventKind(
        "report",
        gettext_lazy("Báo cáo của đơn vị (nộp, trả lại)"),
        ReportEvent,
        _report_recipients,
        lambda event: _submission_message(event, event.report.unit.name),
        related=("report__unit__admin_unit",),
    ),
    EventKind(
        "commune_report",
        gettext_lazy("Báo cáo của xã gửi tỉnh (nộp, trả lại)"),
        CommuneReportEvent,
        _commune_report_recipients,
        lambda event: _submission_message(event, event.report.commune.full_name),
        related=("report__commune",),
    ),
    EventKind(
        name="nomination",
        label=gettext_lazy("Hồ sơ khen thưởng (gửi, tiếp nhận, thẩm định, họp Hội đồng, quyết định, trình)"),
        model=NominationEvent,
        recipients=_nomination_recipients,
        message=_nomination_message,
        related=("nomination__unit__admin_unit", "nomination__plan__issuer", "nomination__award_form"),
    ),
)
for kind in KINDS:
    register(kind, on_event=publish)


def _registration_recipients(event: RegistrationEvent) -> list[User]:
    """Submitted: the commune's officers consolidate it; returned or consolidated: the unit's
    reporters, who wrote it."""
    unit = event.registration.unit
    if event.action in (RegistrationEvent.Action.SUBMIT, RegistrationEvent.Action.RESUBMIT):
        return _officers(unit.admin_unit_id)
    return [u for u in _active(participating_unit=unit) if scope_of(u).is_reporter]


def _registration_message(event: RegistrationEvent) -> Message:
    registration = event.registration
    Action = RegistrationEvent.Action
    titles = {
        Action.SUBMIT: _("%(unit)s đã nộp đăng ký thi đua năm %(year)d"),
        Action.RESUBMIT: _("%(unit)s đã nộp lại đăng ký thi đua năm %(year)d"),
        Action.RETURN: _("Đăng ký thi đua năm %(year)d của %(unit)s bị trả lại"),
        Action.CONSOLIDATE: _("Đăng ký thi đua năm %(year)d của %(unit)s đã được tổng hợp"),
    }
    title = titles[event.action] % {"unit": registration.unit.name, "year": registration.year}
    if event.action == Action.SUBMIT and event.late:
        title += _(" (nộp muộn)")
    body = _("Lý do trả lại: %(reason)s") % {"reason": event.comment} if event.comment else ""
    return Message(title=title, body=body, url=registration.get_absolute_url())


register(
    EventKind(
        name="registration",
        label=gettext_lazy("Đăng ký thi đua của đơn vị (nộp, trả lại, tổng hợp)"),
        model=RegistrationEvent,
        recipients=_registration_recipients,
        message=_registration_message,
        related=("registration__unit__admin_unit",),
    ),
    on_event=publish,
)
