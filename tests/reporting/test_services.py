"""The report workflow: draft → submitted → returned → resubmitted, each step checked."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.models import AnnualReport, ReportEvent
from reporting.services import reports as services

from .conftest import page_of, save_complete, submitted

pytestmark = pytest.mark.django_db


def test_first_save_creates_the_draft_with_every_result(plan_co_le, school, unit_reporter):
    report = save_complete(plan_co_le, 2026, school, unit_reporter)
    page = page_of(plan_co_le, 2026, school)
    assert report.status == AnnualReport.Status.DRAFT and report.version == 1
    assert len(page.content_results) == 4  # the four contents of the Cổ Lễ plan
    assert page.group.subject_type.code == "office"  # a school uses the office criteria
    assert len(page.criterion_results) == 4
    assert page.blank_items == []


def test_unit_without_criteria_reports_on_contents_only(plan_co_le, village, commune_officer):
    page = page_of(plan_co_le, 2026, village)
    assert page.group is None and page.criteria == []
    report = save_complete(plan_co_le, 2026, village, commune_officer)
    report = services.report_submit(report=report, by=commune_officer, version=report.version)
    assert report.status == AnnualReport.Status.SUBMITTED


def test_a_cooperative_falls_back_to_the_enterprise_criteria(plan_xuan_truong):
    from campaigns.models import ParticipatingUnit

    cooperative = ParticipatingUnit.objects.get(name="Hợp tác xã Nông nghiệp Xuân Trường")
    page = page_of(plan_xuan_truong, 2026, cooperative)
    assert page.group.subject_type.code == "enterprise"
    assert len(page.criteria) == 4


def test_submit_locks_the_report(plan_co_le, school, unit_reporter):
    report = submitted(plan_co_le, 2026, school, unit_reporter)
    assert report.status == AnnualReport.Status.SUBMITTED and report.submitted_by == unit_reporter
    with pytest.raises(services.ReportLocked):
        save_complete(plan_co_le, 2026, school, unit_reporter, text="Sửa sau khi nộp")
    page = page_of(plan_co_le, 2026, school)
    assert all(not r.text.startswith("Sửa") for r in page.content_results.values())


def test_submitting_twice_is_refused_and_logged_once(plan_co_le, school, unit_reporter):
    report = save_complete(plan_co_le, 2026, school, unit_reporter)
    version = report.version
    services.report_submit(report=report, by=unit_reporter, version=version)
    with pytest.raises(services.TransitionRefused) as excinfo:
        services.report_submit(report=report, by=unit_reporter, version=version)
    assert "Báo cáo đã nộp lúc" in excinfo.value.messages[0]
    assert ReportEvent.objects.filter(report=report).count() == 1


def test_stale_version_is_refused(plan_co_le, school, unit_reporter, commune_officer):
    report = save_complete(plan_co_le, 2026, school, unit_reporter)
    save_complete(plan_co_le, 2026, school, commune_officer, text="Cán bộ sửa")  # version 1 → 2
    page = page_of(plan_co_le, 2026, school)
    with pytest.raises(services.ReportStale) as excinfo:
        services.report_save(
            plan=plan_co_le,
            year=2026,
            unit=school,
            by=unit_reporter,
            version=report.version,
            contents={c.pk: "Bản cũ" for c in page.contents},
            criteria={},
        )
    assert excinfo.value.current_version == 2
    assert "vừa được thay đổi ở nơi khác" in excinfo.value.messages[0]
    assert all(r.text.startswith("Cán bộ sửa") for r in page_of(plan_co_le, 2026, school).content_results.values())


def test_incomplete_report_cannot_be_submitted(plan_co_le, school, unit_reporter):
    page = page_of(plan_co_le, 2026, school)
    report = services.report_save(
        plan=plan_co_le,
        year=2026,
        unit=school,
        by=unit_reporter,
        version=0,
        contents={page.contents[0].pk: "Chỉ một mục"},
        criteria={},
    )
    with pytest.raises(ValidationError) as excinfo:
        services.report_submit(report=report, by=unit_reporter, version=report.version)
    assert "Còn 7 mục chưa ghi kết quả" in excinfo.value.messages[0]
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_return_needs_a_reason_then_the_unit_resubmits(plan_co_le, school, unit_reporter, commune_officer):
    report = submitted(plan_co_le, 2026, school, unit_reporter)
    with pytest.raises(ValidationError) as excinfo:
        services.report_return(report=report, by=commune_officer, reason="   ", version=report.version)
    assert excinfo.value.message_dict["reason"] == ["Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."]

    report = services.report_return(
        report=report, by=commune_officer, reason="Thiếu số liệu nội dung 2", version=report.version
    )
    assert report.status == AnnualReport.Status.RETURNED and report.returned_reason == "Thiếu số liệu nội dung 2"
    report = save_complete(plan_co_le, 2026, school, unit_reporter, text="Đã bổ sung")
    report = services.report_submit(report=report, by=unit_reporter, version=report.version)
    assert report.status == AnnualReport.Status.SUBMITTED
    actions = list(report.events.values_list("action", "comment"))
    assert actions == [("submit", ""), ("return", "Thiếu số liệu nội dung 2"), ("resubmit", "")]


def test_only_a_submitted_report_can_be_returned(plan_co_le, school, unit_reporter, commune_officer):
    report = save_complete(plan_co_le, 2026, school, unit_reporter)
    with pytest.raises(services.TransitionRefused) as excinfo:
        services.report_return(report=report, by=commune_officer, reason="Sai", version=report.version)
    assert excinfo.value.messages == ["Báo cáo chưa nộp nên chưa thể trả lại."]


def test_only_the_commune_officer_returns(plan_co_le, school, unit_reporter, neighbour_officer):
    report = submitted(plan_co_le, 2026, school, unit_reporter)
    for user in (unit_reporter, neighbour_officer):
        with pytest.raises(PermissionDenied):
            services.report_return(report=report, by=user, reason="Sai", version=report.version)


def test_viewer_and_superuser_without_role_cannot_write(plan_co_le, school, commune_viewer, superuser):
    for user in (commune_viewer, superuser):
        with pytest.raises(PermissionDenied):
            save_complete(plan_co_le, 2026, school, user)
    assert not AnnualReport.objects.exists()
