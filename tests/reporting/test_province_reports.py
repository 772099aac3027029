"""The commune's report to the province: written by the commune's officer, figures frozen at
submission, on time or late against 15/12 (Ninh Bình), returned with a reason and resubmitted;
and the reminders that stop once it is submitted."""

import datetime

import pytest
from django.urls import reverse

from reporting.models import CommuneReport, ReportingDeadline
from reporting.selectors import commune_reports as province
from reporting.services import commune_reports as province_services
from reporting.services.reminders import due_reminders, localities_reported
from tests.reporting import test_province_helpers as helpers
from tests.reporting.conftest import submitted
from tests.reporting.test_province_helpers import form_data, submit, unit_named, write

# Fixtures shared by the test_province_* modules.
co_le = helpers.co_le
department_reporter = helpers.department_reporter
nghe_an_plan = helpers.nghe_an_plan
nghe_an_reviewer = helpers.nghe_an_reviewer
province_plan = helpers.province_plan
province_viewer = helpers.province_viewer
xuan_truong = helpers.xuan_truong

pytestmark = pytest.mark.django_db


def report_url(plan, year, commune):
    return reverse("reporting:commune_report", args=[plan.pk, year, commune.pk])


# --- the service ---------------------------------------------------------------------------


def test_figures_are_computed_at_submission_and_frozen(
    province_plan, co_le, commune_officer, unit_reporter, plan_co_le, time_machine
):
    time_machine.move_to("2026-12-09 10:00 +07:00", tick=False)
    submitted(plan_co_le, 2026, unit_reporter.participating_unit, unit_reporter)  # the school, on time (10/12)
    time_machine.move_to("2026-12-14 10:00 +07:00", tick=False)
    report = submit(province_plan, 2026, co_le, commune_officer)

    assert report.status == "submitted"
    snapshot = report.snapshot
    assert snapshot["commune_plan"]["id"] == plan_co_le.pk
    assert snapshot["due"] == "2026-12-10"
    assert snapshot["units"] == {
        "total": 6,
        "on_time": 1,
        "late": 0,
        "submitted": 1,
        "returned": 0,
        "missing": 5,
        "draft": 0,
    }
    school = next(row for row in snapshot["unit_rows"] if row["unit"] == "Trường Trung học cơ sở Cổ Lễ")
    assert (school["status"], school["submitted_on"]) == ("on_time", "2026-12-09")
    first = snapshot["contents"][0]
    assert first["number"] == 1
    assert first["results"] == [{"unit": "Trường Trung học cơ sở Cổ Lễ", "text": "Đã hoàn thành 1"}]

    # A unit reporting afterwards changes the live board, not the report already sent.
    submitted(plan_co_le, 2026, unit_named("Thôn Trung Lễ"), commune_officer)
    report.refresh_from_db()
    assert report.snapshot["units"]["submitted"] == 1
    assert province.commune_snapshot(plan=province_plan, year=2026, commune=co_le)["units"]["submitted"] == 2


def test_snapshot_counts_dossiers_by_award_form_and_status(province_plan, co_le, commune_officer, plan_co_le):
    from awards.models import AwardForm, Nomination

    def dossier(form_code, status, unit_name="Thôn Trung Lễ"):
        return Nomination.objects.create(
            plan=plan_co_le,
            occasion="annual",
            award_form=AwardForm.objects.get(code=form_code),
            nominee_kind="collective",
            unit=unit_named(unit_name),
            achievements="Thành tích",
            status=status,
            created_by=commune_officer,
        )

    dossier("giay_khen", "decided")
    dossier("giay_khen", "decided", "Phòng Kinh tế xã Cổ Lễ")
    dossier("giay_khen", "submitted")
    dossier("bang_khen_chu_tich_tinh", "forwarded")
    dossier("giay_khen", "draft")  # still the unit's own work: not counted
    dossiers = submit(province_plan, 2026, co_le, commune_officer).snapshot["dossiers"]
    assert [code for code, _label in dossiers["statuses"]] == ["submitted", "decided", "forwarded"]
    assert dossiers["rows"] == [
        {"award_form": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh, thành phố", "counts": [0, 0, 1], "total": 1},
        {"award_form": "Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường", "counts": [1, 2, 0], "total": 3},
    ]
    assert dossiers["total"] == 4


def test_a_commune_without_an_issued_plan_reports_without_unit_figures(province_plan, xuan_truong, neighbour_officer):
    # Xuân Trường's own plan starts in 2026: for 2025 it has no plan its units report against.
    report = submit(province_plan, 2025, xuan_truong, neighbour_officer)
    assert report.snapshot["commune_plan"] is None and report.snapshot["units"] is None


def test_an_incomplete_report_is_not_submitted(province_plan, co_le, commune_officer):
    report = write(province_plan, 2026, co_le, commune_officer)
    report.narratives.filter(content__number=3).update(text="  ")
    with pytest.raises(province_services.ValidationError, match="Nội dung 3"):
        province_services.commune_report_submit(
            report=report, by=commune_officer, version=report.version, confirmed=True
        )
    report.refresh_from_db()
    assert report.status == "draft"


def test_only_an_issued_province_plan_takes_commune_reports(client, plan_ninh_binh, co_le, commune_officer):
    client.force_login(commune_officer)
    assert client.get(report_url(plan_ninh_binh, 2026, co_le)).status_code == 404  # still a draft


def test_a_year_outside_the_plan_is_404(client, province_plan, co_le, commune_officer):
    client.force_login(commune_officer)
    assert client.get(report_url(province_plan, 2031, co_le)).status_code == 404


# --- submitting twice, late, returned --------------------------------------------------------


def test_submitting_twice_from_two_tabs_is_refused_and_nothing_is_lost(client, province_plan, co_le, commune_officer):
    report = write(province_plan, 2026, co_le, commune_officer)
    confirm = reverse("reporting:commune_report_submit", args=[report.pk])
    client.force_login(commune_officer)
    # Both tabs show the confirmation built from the same version.
    assert client.get(confirm).status_code == 200
    first = client.post(confirm, {"version": report.version, "confirm_early": "1"}, follow=True)
    assert "Đã nộp báo cáo của xã lên tỉnh." in first.content.decode()
    second = client.post(confirm, {"version": report.version, "confirm_early": "1"}, follow=True)
    assert "đã nộp lên tỉnh lúc" in second.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted" and report.events.count() == 1

    # The stale tab's form (text typed, old version) is not saved but is shown again.
    page = province.commune_report_page(plan=province_plan, year=2026, commune=co_le)
    data = form_data(page, text="Bản sửa trong thẻ cũ", version=report.version - 1)
    response = client.post(report_url(province_plan, 2026, co_le), data)
    assert response.status_code == 403
    assert "Bản sửa trong thẻ cũ nội dung 1" in response.content.decode()
    report.refresh_from_db()
    assert report.narratives.get(content__number=1).text == "Đã thực hiện nội dung 1"


def test_a_stale_draft_save_is_refused_with_what_was_typed(client, province_plan, co_le, commune_officer):
    report = write(province_plan, 2026, co_le, commune_officer)
    page = province.commune_report_page(plan=province_plan, year=2026, commune=co_le)
    client.force_login(commune_officer)
    write(province_plan, 2026, co_le, commune_officer, text="Bản của thẻ kia")  # the other tab saved first
    response = client.post(report_url(province_plan, 2026, co_le), form_data(page, text="Bản của tôi"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "vừa được thay đổi ở nơi khác" in body and "Bản của tôi nội dung 2" in body
    report.refresh_from_db()
    assert report.narratives.get(content__number=2).text == "Bản của thẻ kia nội dung 2"


def test_late_submission_is_accepted_and_marked_late(
    client, province_plan, co_le, commune_officer, province_reviewer, time_machine
):
    time_machine.move_to("2026-12-17 09:00 +07:00", tick=False)  # two days after 15/12
    report = write(province_plan, 2026, co_le, commune_officer)
    client.force_login(commune_officer)
    confirm = reverse("reporting:commune_report_submit", args=[report.pk])
    assert "Đã quá hạn 2 ngày" in client.get(confirm).content.decode()
    response = client.post(confirm, {"version": report.version, "confirm_early": "1"}, follow=True)
    assert "được ghi nhận là nộp muộn" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"

    client.force_login(province_reviewer)
    dashboard = client.get(reverse("reporting:province_dashboard"), {"plan": province_plan.pk, "year": 2026})
    row = next(r for r in dashboard.context["rows"] if r.commune == co_le)
    assert (row.report_status, row.days_late, row.submitted_on) == ("late", 2, datetime.date(2026, 12, 17))
    page = client.get(report_url(province_plan, 2026, co_le)).content.decode()
    assert "nộp muộn 2 ngày" in page


def test_a_report_sent_just_before_midnight_local_time_is_on_time(province_plan, co_le, commune_officer, time_machine):
    time_machine.move_to("2026-12-15 23:30 +07:00", tick=False)  # 16:30 UTC
    report = submit(province_plan, 2026, co_le, commune_officer)
    assert province.report_status(report, datetime.date(2026, 12, 15), datetime.date(2026, 12, 20))[0] == "on_time"


def test_without_a_dated_deadline_there_is_no_on_time_or_late(province_plan, co_le, commune_officer, time_machine):
    ReportingDeadline.objects.filter(plan=province_plan).update(day=None, month=None)
    time_machine.move_to("2027-01-20 09:00 +07:00", tick=False)
    submit(province_plan, 2026, co_le, commune_officer)
    page = province.commune_report_page(plan=province_plan, year=2026, commune=co_le)
    assert page.due is None and page.status == ("submitted", None)


def test_return_with_reason_then_resubmit(
    client, province_plan, co_le, commune_officer, province_reviewer, time_machine
):
    time_machine.move_to("2026-12-12 09:00 +07:00", tick=False)
    report = submit(province_plan, 2026, co_le, commune_officer)
    return_url = reverse("reporting:commune_report_return", args=[report.pk])

    client.force_login(province_reviewer)
    assert "return-link" in client.get(report_url(province_plan, 2026, co_le)).content.decode()
    blank = client.post(return_url, {"version": report.version, "reason": ""})
    assert "Hãy ghi lý do trả lại" in blank.content.decode()
    time_machine.move_to("2026-12-16 09:00 +07:00", tick=False)
    client.force_login(province_reviewer)  # sessions last a working day
    client.post(return_url, {"version": report.version, "reason": "Bổ sung số liệu nội dung 2"})
    report.refresh_from_db()
    assert (report.status, report.returned_by, report.returned_reason) == (
        "returned",
        province_reviewer,
        "Bổ sung số liệu nội dung 2",
    )
    # Returning a second time (another tab) changes nothing.
    again = client.post(return_url, {"version": report.version - 1, "reason": "Lần nữa"}, follow=True)
    assert "đã được trả lại rồi" in again.content.decode()

    client.force_login(commune_officer)
    page = client.get(report_url(province_plan, 2026, co_le))
    assert "Bổ sung số liệu nội dung 2" in page.content.decode()
    assert page.context["form"] is not None  # editable again
    data = form_data(page.context["page"], text="Đã bổ sung", submit="1")
    response = client.post(report_url(province_plan, 2026, co_le), data)
    assert response.url == reverse("reporting:commune_report_submit", args=[report.pk])
    report.refresh_from_db()
    client.post(response.url, {"version": report.version, "confirm_early": "1"})
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.narratives.get(content__number=2).text == "Đã bổ sung nội dung 2"
    assert [e.action for e in report.events.all()] == ["submit", "return", "resubmit"]
    # Resubmitted after the deadline, but the first submission was on time.
    assert province.commune_report_page(plan=province_plan, year=2026, commune=co_le).status == ("on_time", None)


def test_a_draft_cannot_be_returned(province_plan, co_le, commune_officer, province_reviewer):
    report = write(province_plan, 2026, co_le, commune_officer)
    with pytest.raises(province_services.TransitionRefused, match="chưa nộp"):
        province_services.commune_report_return(
            report=report, by=province_reviewer, reason="Thiếu", version=report.version
        )


# --- reminders ------------------------------------------------------------------------------


def test_communes_that_submitted_are_no_longer_reminded(province_plan, co_le, commune_officer):
    def officers_reminded(day):
        return {r.email for r in due_reminders(datetime.date.fromisoformat(day)) if r.email.startswith("vhxh@")}

    assert officers_reminded("2026-12-12") == {"vhxh@cole.ninhbinh.example", "vhxh@xuantruong.ninhbinh.example"}
    report = write(province_plan, 2026, co_le, commune_officer)
    assert localities_reported(province_plan, 2026) == set()  # a draft is not a report
    report = province_services.commune_report_submit(
        report=report, by=commune_officer, version=report.version, confirmed=True
    )
    assert localities_reported(province_plan, 2026) == {co_le.pk}
    assert localities_reported(province_plan, 2027) == set()
    assert officers_reminded("2026-12-12") == {"vhxh@xuantruong.ninhbinh.example"}


def test_a_returned_report_is_reminded_again(province_plan, co_le, commune_officer, province_reviewer):
    report = submit(province_plan, 2026, co_le, commune_officer)
    province_services.commune_report_return(report=report, by=province_reviewer, reason="Sửa", version=report.version)
    assert localities_reported(province_plan, 2026) == set()
    assert CommuneReport.objects.get(pk=report.pk).status == "returned"


# --- the commune's list of its reports -------------------------------------------------------


def test_officer_lists_the_communes_reports_to_the_province(
    client, province_plan, co_le, commune_officer, time_machine
):
    time_machine.move_to("2026-12-20 09:00 +07:00", tick=False)
    submit(province_plan, 2026, co_le, commune_officer)
    client.force_login(commune_officer)
    response = client.get(reverse("reporting:commune_reports"))
    rows = {(row["year"], row["status"], row["days_late"]) for row in response.context["rows"]}
    assert rows == {(2026, "late", 5), (2025, "missing", 370)}
    assert report_url(province_plan, 2026, co_le) in response.content.decode()
    # The board and the home page lead there.
    assert reverse("reporting:commune_reports") in client.get(reverse("reporting:board")).content.decode()
    assert reverse("reporting:commune_reports") in client.get(reverse("home")).content.decode()


# --- submitting early: units still missing, the units' deadline not reached -------------------


def test_submitting_with_units_missing_asks_for_confirmation(
    client, time_machine, province_plan, co_le, commune_officer
):
    time_machine.move_to("2026-12-02 09:00 +07:00", tick=False)  # the units' deadline is 10/12
    report = write(province_plan, 2026, co_le, commune_officer)
    confirm = reverse("reporting:commune_report_submit", args=[report.pk])
    client.force_login(commune_officer)
    page = client.get(confirm).content.decode()
    assert 'data-testid="early-warning"' in page and "đơn vị chưa nộp báo cáo" in page and "10/12/2026" in page
    client.post(confirm, {"version": report.version})  # not confirmed: refused
    report.refresh_from_db()
    assert report.status == "draft"
    with pytest.raises(province_services.ValidationError, match="Nộp sớm"):
        province_services.commune_report_submit(report=report, by=commune_officer, version=report.version)
    client.post(confirm, {"version": report.version, "confirm_early": "1"})
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_warning_counts_the_missing_units(time_machine, province_plan, co_le):
    time_machine.move_to("2026-12-20 09:00 +07:00", tick=False)  # after the units' deadline
    units = co_le.participating_units.filter(is_active=True).count()
    warning = province_services.early_warning(plan=province_plan, year=2026, commune=co_le)
    assert f"còn {units} đơn vị chưa nộp" in warning and "chưa đến hạn" not in warning
