"""The province's pages and the commune's report pages: each works, needs login, is a 404 outside
the user's province or commune and a 403 for a role that may not use it; the Ninh Bình
reviewer opens nothing of Nghệ An or Hải Phòng; the drill-down into a commune is read-only."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from accounts.scope import scope_of
from campaigns.models import AdministrativeUnit, ParticipatingUnit, Plan
from reporting.models import AnnualReport, CommuneReport
from reporting.selectors import board as selectors
from reporting.selectors import commune_reports, province
from reporting.services import reports as services
from reporting.services import submission
from tests.reporting import test_province_helpers as helpers
from tests.reporting.conftest import page_of, submitted
from tests.reporting.test_province_helpers import form_data, submit, unit_named, write

# Fixtures shared by the test_province_* modules.
co_le = helpers.co_le
department_reporter = helpers.department_reporter
nghe_an_plan = helpers.nghe_an_plan
nghe_an_reviewer = helpers.nghe_an_reviewer
province_plan = helpers.province_plan
province_viewer = helpers.province_viewer
tay_hieu_report = helpers.tay_hieu_report
xuan_truong = helpers.xuan_truong

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_report(province_plan, co_le, commune_officer) -> CommuneReport:
    return write(province_plan, 2026, co_le, commune_officer)


@pytest.fixture
def sent_report(draft_report, commune_officer) -> CommuneReport:
    from reporting.services import commune_reports as province_services

    return province_services.commune_report_submit(
        report=draft_report, by=commune_officer, version=draft_report.version, confirmed=True
    )


def urls(report: CommuneReport) -> dict[str, tuple[str, str, dict]]:
    """name → (method, url, data) for every page of this area."""
    return {
        "province_dashboard": ("get", reverse("reporting:province_dashboard"), {}),
        "province_statistics": ("get", reverse("reporting:province_statistics"), {}),
        "province_statistics_export": ("get", reverse("reporting:province_statistics_export"), {}),
        "commune_reports": ("get", reverse("reporting:commune_reports"), {}),
        "commune_report": ("get", report.get_absolute_url(), {}),
        "commune_report_save": ("post", report.get_absolute_url(), {"version": report.version}),
        "commune_report_submit": (
            "post",
            reverse("reporting:commune_report_submit", args=[report.pk]),
            {"confirm_early": "1"},
        ),
        "commune_report_return": (
            "post",
            reverse("reporting:commune_report_return", args=[report.pk]),
            {"version": report.version, "reason": "Thiếu"},
        ),
    }


def call(client, spec):
    method, url, data = spec
    return getattr(client, method)(url, data)


# --- needs login -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "province_dashboard",
        "province_statistics",
        "province_statistics_export",
        "commune_reports",
        "commune_report",
        "commune_report_save",
        "commune_report_submit",
        "commune_report_return",
    ],
)
def test_every_page_needs_login(client, sent_report, name):
    response = call(client, urls(sent_report)[name])
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- works --------------------------------------------------------------------------------------


def test_dashboard_shows_every_commune_and_the_departments(
    client, province_plan, province_reviewer, co_le, commune_officer, plan_co_le, unit_reporter, time_machine
):
    time_machine.move_to("2026-12-14 10:00 +07:00", tick=False)
    submitted(plan_co_le, 2026, unit_reporter.participating_unit, unit_reporter)
    submit(province_plan, 2026, co_le, commune_officer)
    client.force_login(province_reviewer)
    response = client.get(reverse("reporting:province_dashboard"))
    assert response.status_code == 200
    overview = response.context["overview"]
    assert (overview.plan, overview.year, overview.due) == (province_plan, 2026, datetime.date(2026, 12, 15))
    rows = {row.commune.name: row for row in response.context["rows"]}
    assert set(rows) == {"Cổ Lễ", "Xuân Trường"}
    cole = rows["Cổ Lễ"]
    assert (cole.plan, cole.plan_state, cole.report_status, cole.submitted_on) == (
        plan_co_le,
        "issued",
        "on_time",
        datetime.date(2026, 12, 14),
    )
    assert (cole.unit_counts["total"], cole.unit_counts["submitted"], cole.unit_counts["missing"]) == (6, 1, 5)
    assert cole.unit_counts == selectors.report_board(plan=plan_co_le, year=2026, user=province_reviewer)["counts"]
    xt = rows["Xuân Trường"]
    assert (xt.plan.number, xt.report_status, xt.days_late) == ("87/KH-UBND", "missing", None)
    body = response.content.decode()
    assert plan_co_le.get_absolute_url() in body  # drill-down: the commune's plan
    assert f"{reverse('reporting:board')}?plan={plan_co_le.pk}&amp;year=2026" in body  # its board
    assert cole.report_url in body  # its report to the province
    departments = {row.unit.name: row.status for row in overview.departments["rows"]}
    assert departments == {
        "Báo và Đài Phát thanh - Truyền hình Ninh Bình": "missing",
        "Sở Khoa học và Công nghệ": "missing",
        "Sở Văn hóa và Thể thao": "missing",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Ninh Bình": "missing",
    }
    assert 'data-testid="nav-province-dashboard"' in body


def test_dashboard_of_the_draft_province_plan_says_so(client, plan_ninh_binh, province_reviewer):
    client.force_login(province_reviewer)
    response = client.get(reverse("reporting:province_dashboard"))
    body = response.content.decode()
    assert response.context["overview"].plan == plan_ninh_binh
    assert 'data-testid="plan-draft"' in body and 'data-testid="no-departments"' in body
    # The communes' own plans are still shown.
    assert {r.commune.name: r.plan_state for r in response.context["rows"]} == {
        "Cổ Lễ": "issued",
        "Xuân Trường": "issued",
    }


def test_dashboard_filters_and_sorts(
    client, province_plan, province_reviewer, co_le, xuan_truong, commune_officer, neighbour_officer, time_machine
):
    time_machine.move_to("2026-12-13 10:00 +07:00", tick=False)
    submit(province_plan, 2026, xuan_truong, neighbour_officer)
    time_machine.move_to("2026-12-20 10:00 +07:00", tick=False)  # Cổ Lễ still missing, 5 days overdue
    client.force_login(province_reviewer)
    url = reverse("reporting:province_dashboard")

    def names(**params):
        response = client.get(url, {"plan": province_plan.pk, "year": 2026, **params})
        return [row.commune.name for row in response.context["rows"]]

    assert names() == ["Cổ Lễ", "Xuân Trường"]
    assert names(report_status="missing") == ["Cổ Lễ"]
    assert names(report_status="on_time") == ["Xuân Trường"]
    assert names(report_status="late") == []
    assert names(plan_status="draft") == []
    assert names(plan_status="issued") == ["Cổ Lễ", "Xuân Trường"]
    Plan.objects.filter(issuer__name="Xuân Trường").update(status="draft")
    cache.clear()  # changed behind the services' back: the cached dashboard would show it within minutes
    assert names(plan_status="draft") == ["Xuân Trường"]
    # By lateness: the most overdue first.
    submit(province_plan, 2026, co_le, commune_officer)  # now 5 days late
    assert names(sort="lateness") == ["Cổ Lễ", "Xuân Trường"]
    assert names(sort="name") == ["Cổ Lễ", "Xuân Trường"]
    response = client.get(url, {"plan": province_plan.pk, "year": 2026, "report_status": "bogus"})
    assert response.status_code == 200 and 'data-testid="filter-errors"' in response.content.decode()


def test_dashboard_pages_count_every_commune_and_refresh_after_a_write(
    client, province_plan, province_reviewer, co_le, commune_officer
):
    """Each page is kept apart (a page of rows, not every commune's); the counts above it are
    the province's, on every page; a report sent shows at once."""
    AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(name=f"Thử {n:02d}", kind=AdministrativeUnit.Kind.COMMUNE, province=co_le.province)
        for n in range(30)
    )
    client.force_login(province_reviewer)
    url = reverse("reporting:province_dashboard")

    def shown(**params):
        response = client.get(url, {"plan": province_plan.pk, "year": 2026, **params})
        return [row.commune.name for row in response.context["rows"]], response.context["overview"].counts

    first, counts = shown()
    second, counts_on_second = shown(page=2)
    assert len(first) == 25 and len(second) == 7 and not set(first) & set(second)
    assert counts["total"] == counts_on_second["total"] == 32
    assert shown(page="abc")[0] == first and shown(page=99)[0] == second
    missing = counts["missing"]
    submit(province_plan, 2026, co_le, commune_officer)  # bumps the province's version
    assert shown(page=2)[1]["missing"] == missing - 1


def test_dashboard_counts_dossiers_forwarded_and_links_to_the_awards_list(
    client, province_plan, province_reviewer, plan_co_le, commune_officer
):
    from django.utils import timezone

    from awards.models import AwardForm, Nomination, NominationStage

    def dossier(status, forwarded):
        nomination = Nomination.objects.create(
            plan=plan_co_le,
            occasion="annual",
            award_form=AwardForm.objects.get(code="bang_khen_chu_tich_tinh"),
            nominee_kind="collective",
            unit=unit_named("Thôn Trung Lễ"),
            achievements="Thành tích",
            status=status,
            created_by=commune_officer,
        )
        if forwarded:  # sent to the province: it holds a stage row there
            NominationStage.objects.create(nomination=nomination, level="province", forwarded_at=timezone.now())
        return nomination

    dossier("forwarded", True)
    dossier("forwarded", True)
    dossier("decided_by_province", True)  # a state the province's part adds: forwarded, no longer waiting
    dossier("council_reviewed", False)  # still at the commune
    client.force_login(province_reviewer)
    response = client.get(reverse("reporting:province_dashboard"))
    row = next(r for r in response.context["rows"] if r.commune.name == "Cổ Lễ")
    assert (row.dossiers_forwarded, row.dossiers_waiting) == (3, 2)
    body = response.content.decode()
    assert f"{reverse('awards:nomination_list')}?plan={plan_co_le.pk}&amp;status=forwarded" in body


def test_dashboard_queries_do_not_grow_with_communes(province_plan, province_reviewer, django_assert_max_num_queries):
    # The units' counts take one query per distinct due date of the communes' plans (here 2).
    with django_assert_max_num_queries(13):
        province.province_overview(
            province=province_reviewer.admin_unit, plan=province_plan, year=2026, user=province_reviewer
        )


def test_province_viewer_reads_the_dashboard(client, province_plan, province_viewer):
    client.force_login(province_viewer)
    assert client.get(reverse("reporting:province_dashboard")).status_code == 200


def test_statistics_page_has_a_chart_per_table(client, province_reviewer):
    client.force_login(province_reviewer)
    response = client.get(reverse("reporting:province_statistics"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "vendor/chart.js-4.6.1/chart.umd.min.js" in body
    for key in ("by_award_form", "by_occasion", "by_subject_type", "by_commune", "commune_timeliness"):
        assert f'id="chart-{key}" type="application/json"' in body
        assert f'data-chart="chart-{key}"' in body


def test_commune_report_page_for_the_officer_and_the_reviewer(client, draft_report, commune_officer, province_reviewer):
    client.force_login(commune_officer)
    response = client.get(draft_report.get_absolute_url())
    assert response.status_code == 200 and response.context["form"] is not None
    assert 'data-testid="snapshot-live"' in response.content.decode()
    client.force_login(province_reviewer)
    response = client.get(draft_report.get_absolute_url())
    assert response.status_code == 200 and response.context["form"] is None
    assert "Đã thực hiện nội dung 1" in response.content.decode()


def test_officer_saves_a_draft_through_the_form(client, province_plan, co_le, commune_officer):
    client.force_login(commune_officer)
    page = commune_reports.commune_report_page(plan=province_plan, year=2026, commune=co_le)
    url = reverse("reporting:commune_report", args=[province_plan.pk, 2026, co_le.pk])
    response = client.post(url, form_data(page, text="Bản nháp"), follow=True)
    assert "Đã lưu bản nháp báo cáo của xã." in response.content.decode()
    report = CommuneReport.objects.get(plan=province_plan, year=2026, commune=co_le)
    assert (report.status, report.general_assessment) == ("draft", "Bản nháp: đánh giá chung")
    assert report.narratives.count() == 7


# --- outsiders: 404 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["commune_report", "commune_report_save", "commune_report_submit", "commune_report_return"]
)
@pytest.mark.parametrize("who", ["nghe_an_reviewer", "outsider", "neighbour_officer"])
def test_another_province_or_commune_gets_404(client, request, sent_report, name, who):
    client.force_login(request.getfixturevalue(who))
    assert call(client, urls(sent_report)[name]).status_code == 404
    sent_report.refresh_from_db()
    assert sent_report.status == "submitted"


def test_another_provinces_reviewer_sees_only_their_own_province(
    client, province_plan, nghe_an_reviewer, nghe_an_plan, tay_hieu_report
):
    client.force_login(nghe_an_reviewer)
    assert client.get(reverse("reporting:province_dashboard"), {"plan": province_plan.pk}).status_code == 404
    response = client.get(reverse("reporting:province_dashboard"))
    assert [row.commune.name for row in response.context["rows"]] == ["Tây Hiếu"]
    assert "Cổ Lễ" not in response.content.decode()
    stats = client.get(reverse("reporting:province_statistics")).context["tables"]
    by_commune = next(t for t in stats if t.key == "by_commune")
    assert [row[0] for row in by_commune.rows] == ["phường Tây Hiếu"]
    export = client.get(reverse("reporting:province_statistics_export"))
    sheet = load_workbook(io.BytesIO(export.content))["Theo xã, phường"]
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["phường Tây Hiếu"]


def test_ninh_binh_reviewer_opens_nothing_of_nghe_an_or_hai_phong(
    client, province_reviewer, nghe_an_plan, tay_hieu_report, plan_vinh_bao
):
    tay_hieu = Plan.objects.get(issuer__name="Tây Hiếu")
    client.force_login(province_reviewer)
    for plan in (nghe_an_plan, tay_hieu, plan_vinh_bao):
        assert client.get(plan.get_absolute_url()).status_code == 404
        board = client.get(reverse("reporting:board"), {"plan": plan.pk, "year": 2026})
        assert board.context["plan"] != plan  # not pickable: the reviewer's own default is shown
        assert plan.issuer.name not in board.content.decode()
        assert client.get(reverse("reporting:province_dashboard"), {"plan": plan.pk}).status_code == 404
        unit = plan.issuer.participating_units.first()
        if unit is None:  # the Nghệ An province plan has no departments in the demo data
            continue
        assert client.get(reverse("reporting:report", args=[plan.pk, 2026, unit.pk])).status_code == 404
        assert client.get(reverse("reporting:unit_reports", args=[unit.pk])).status_code == 404
    for name, spec in urls(tay_hieu_report).items():
        if name.startswith("commune_report") and name != "commune_reports":
            assert call(client, spec).status_code == 404, name
    assert "Tây Hiếu" not in client.get(reverse("reporting:province_dashboard")).content.decode()


# --- roles: 403 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["province_dashboard", "province_statistics", "province_statistics_export"])
@pytest.mark.parametrize("who", ["commune_officer", "unit_reporter", "commune_viewer", "superuser", "outsider"])
def test_province_pages_are_for_the_provinces_staff(client, request, sent_report, name, who):
    client.force_login(request.getfixturevalue(who))
    assert call(client, urls(sent_report)[name]).status_code == 403


@pytest.mark.parametrize("who", ["province_reviewer", "province_viewer", "commune_viewer", "superuser"])
def test_only_the_communes_officer_writes_and_submits(client, request, draft_report, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("commune_report_save", "commune_report_submit"):
        assert call(client, urls(draft_report)[name]).status_code == 403, name
    draft_report.refresh_from_db()
    assert (draft_report.status, draft_report.version) == ("draft", 1)


@pytest.mark.parametrize("who", ["commune_officer", "province_viewer", "commune_viewer", "superuser"])
def test_only_the_provinces_reviewer_returns(client, request, sent_report, who):
    client.force_login(request.getfixturevalue(who))
    assert call(client, urls(sent_report)["commune_report_return"]).status_code == 403
    sent_report.refresh_from_db()
    assert sent_report.status == "submitted"


def test_a_unit_reporter_has_no_commune_report(client, unit_reporter, sent_report):
    client.force_login(unit_reporter)
    assert client.get(sent_report.get_absolute_url()).status_code == 404
    assert client.get(reverse("reporting:commune_reports")).status_code == 404


# --- drill-down into a commune: read-only ------------------------------------------------------------


def test_reviewer_reads_a_communes_board_and_reports_without_writing(
    client, province_reviewer, plan_co_le, unit_reporter, school
):
    report = submitted(plan_co_le, 2026, school, unit_reporter)
    client.force_login(province_reviewer)
    board = client.get(reverse("reporting:board"), {"plan": plan_co_le.pk, "year": 2026})
    assert board.context["plan"] == plan_co_le and not board.context["board"]["can_fill"]
    body = board.content.decode()
    assert school.name in body and 'data-testid="row-fill"' not in body
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200 and page.context["form"] is None and not page.context["can_return"]
    data = {"version": report.version}
    assert client.post(report.get_absolute_url(), data).status_code == 403
    assert client.post(reverse("reporting:report_return", args=[report.pk]), data).status_code == 403
    assert client.get(plan_co_le.get_absolute_url()).status_code == 200


# --- the province's departments report through AnnualReport ---------------------------------------


def test_a_department_reports_to_the_province_and_the_reviewer_can_return_it(
    client, province_plan, department_reporter, province_reviewer, time_machine
):
    time_machine.move_to("2026-12-10 10:00 +07:00", tick=False)
    unit = department_reporter.participating_unit
    client.force_login(department_reporter)
    page = page_of(province_plan, 2026, unit)
    assert page.due == datetime.date(2026, 12, 15)
    data = {"version": 0, "submit": "1"}
    data.update({f"content_{c.pk}": f"Sở đã làm nội dung {c.number}" for c in page.contents})
    data.update({f"criterion_{c.pk}": f"Đạt tiêu chí {c.number}" for c in page.criteria})
    data.update({f"points_{c.pk}": "" for c in page.criteria})
    response = client.post(page.url, data)
    report = AnnualReport.objects.get(plan=province_plan, unit=unit, year=2026)
    response = client.post(response.url, {"version": report.version}, follow=True)
    assert "Đã nộp báo cáo cho Ủy ban nhân dân tỉnh (qua Sở Nội vụ)." in response.content.decode()

    client.force_login(province_reviewer)
    dashboard = client.get(reverse("reporting:province_dashboard"))
    departments = {row.unit.name: row for row in dashboard.context["overview"].departments["rows"]}
    assert departments["Sở Khoa học và Công nghệ"].status == "on_time"
    assert 'data-testid="department-open"' in dashboard.content.decode()
    board = client.get(reverse("reporting:board"), {"plan": province_plan.pk, "year": 2026})
    assert {r.unit.name: r.status for r in board.context["rows"]}["Sở Khoa học và Công nghệ"] == "on_time"
    report.refresh_from_db()
    client.post(
        reverse("reporting:report_return", args=[report.pk]), {"version": report.version, "reason": "Thiếu số liệu"}
    )
    report.refresh_from_db()
    assert (report.status, report.returned_reason) == ("returned", "Thiếu số liệu")
    client.force_login(department_reporter)
    assert "Sở Nội vụ đã trả lại báo cáo" in client.get(page.url).content.decode()


def test_a_commune_officer_cannot_return_a_departments_report(
    province_plan, department_reporter, commune_officer, province_reviewer
):
    report = submitted(province_plan, 2026, department_reporter.participating_unit, department_reporter)
    with pytest.raises(PermissionDenied):
        services.report_return(report=report, by=commune_officer, reason="x", version=report.version)
    assert submission.can_return(services.ANNUAL, province_reviewer, report.unit)


# --- the scope selectors ---------------------------------------------------------------------------


def test_scope_selectors(province_reviewer, province_viewer, nghe_an_reviewer, commune_officer, unit_reporter):
    def names(queryset):
        return sorted(str(item.name) for item in queryset)

    def departments(user):
        units = ParticipatingUnit.objects.visible_to(user)
        return units.filter(admin_unit__kind__in=AdministrativeUnit.PROVINCE_KINDS)

    assert names(province.communes_for(province_reviewer)) == ["Cổ Lễ", "Xuân Trường"]
    assert names(province.communes_for(province_viewer)) == ["Cổ Lễ", "Xuân Trường"]
    assert names(province.communes_for(nghe_an_reviewer)) == ["Tây Hiếu"]
    assert names(province.communes_for(commune_officer)) == ["Cổ Lễ"]
    assert names(province.communes_for(unit_reporter)) == []
    assert names(departments(province_reviewer)) == [
        "Báo và Đài Phát thanh - Truyền hình Ninh Bình",
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa và Thể thao",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Ninh Bình",
    ]
    assert names(departments(nghe_an_reviewer)) == []
    assert names(departments(commune_officer)) == []
    assert [p.issuer.name for p in province.province_plans_for(province_reviewer)] == ["Ninh Bình"]
    assert list(province.province_plans_for(commune_officer)) == []  # the province plan is still a draft
    assert list(province.province_plans_for(nghe_an_reviewer)) == []
    assert scope_of(province_reviewer).is_province_staff and scope_of(province_viewer).is_province_staff
    assert not scope_of(commune_officer).is_province_staff and not scope_of(unit_reporter).is_province_staff
