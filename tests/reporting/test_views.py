"""Report pages: they work, need login, hide other communes (404), refuse read-only roles
(403), and keep what the user typed whenever a save is refused."""

import pytest
from django.urls import reverse

from campaigns.models import ParticipatingUnit
from reporting.models import AnnualReport, Evidence
from reporting.services import reports as services

from .conftest import PDF_BYTES, PNG_BYTES, filled, page_of, pdf, save_complete, submitted

pytestmark = pytest.mark.django_db


def report_url(plan, year, unit):
    return reverse("reporting:report", args=[plan.pk, year, unit.pk])


@pytest.fixture
def draft(plan_co_le, school, unit_reporter):
    return save_complete(plan_co_le, 2026, school, unit_reporter)


@pytest.fixture
def evidence(draft, unit_reporter):
    services.report_save(
        plan=draft.plan,
        year=2026,
        unit=draft.unit,
        by=unit_reporter,
        version=draft.version,
        contents={},
        criteria={},
        uploads=[(pdf(), services_pdf_kind())],
    )
    return Evidence.objects.get(report=draft)


def services_pdf_kind():
    from campaigns.uploads import ALLOWED_TYPES

    return ALLOWED_TYPES["application/pdf"]


def all_urls(draft, evidence_pk):
    return {
        "board": ("get", reverse("reporting:board")),
        "unit_reports": ("get", reverse("reporting:unit_reports", args=[draft.unit_id])),
        "report": ("get", draft.get_absolute_url()),
        "report_save": ("post", draft.get_absolute_url()),
        "report_submit": ("get", reverse("reporting:report_submit", args=[draft.pk])),
        "report_return": ("get", reverse("reporting:report_return", args=[draft.pk])),
        "evidence_download": ("get", reverse("reporting:evidence_download", args=[evidence_pk])),
        "evidence_delete": ("post", reverse("reporting:evidence_delete", args=[evidence_pk])),
    }


# --- the four checks every view gets -------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "board",
        "unit_reports",
        "report",
        "report_save",
        "report_submit",
        "report_return",
        "evidence_download",
        "evidence_delete",
    ],
)
def test_every_page_needs_login(client, evidence, name):
    method, url = all_urls(evidence.report, evidence.pk)[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name",
    ["unit_reports", "report", "report_save", "report_submit", "report_return", "evidence_download", "evidence_delete"],
)
@pytest.mark.parametrize("who", ["neighbour_officer", "outsider"])
def test_other_communes_get_404(client, request, evidence, name, who):
    client.force_login(request.getfixturevalue(who))
    method, url = all_urls(evidence.report, evidence.pk)[name]
    assert getattr(client, method)(url).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_board_of_another_commune_cannot_be_picked(client, neighbour_officer, plan_co_le):
    client.force_login(neighbour_officer)
    response = client.get(reverse("reporting:board"), {"plan": plan_co_le.pk, "year": 2026})
    assert response.status_code == 200
    assert response.context["plan"].issuer.name == "Xuân Trường"
    assert "Trường Trung học cơ sở Cổ Lễ" not in response.content.decode()


@pytest.mark.parametrize("name", ["report_save", "report_submit", "report_return", "evidence_delete"])
@pytest.mark.parametrize("who", ["commune_viewer", "province_reviewer", "superuser"])
def test_read_only_roles_get_403_on_writes(client, request, evidence, name, who):
    client.force_login(request.getfixturevalue(who))
    method, url = all_urls(evidence.report, evidence.pk)[name]
    assert getattr(client, method)(url).status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.parametrize("who", ["commune_viewer", "province_reviewer"])
def test_read_only_roles_read_reports(client, request, evidence, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(evidence.report.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã hoàn thành 1" in html and "bien-ban.pdf" in html
    assert 'data-testid="report-form"' not in html


def test_reporter_cannot_open_another_units_report(client, unit_reporter, plan_co_le, village, commune_officer):
    other = save_complete(plan_co_le, 2026, village, commune_officer)
    client.force_login(unit_reporter)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(report_url(plan_co_le, 2026, village)).status_code == 404
    assert client.get(reverse("reporting:report_submit", args=[other.pk])).status_code == 404
    assert client.get(reverse("reporting:unit_reports", args=[village.pk])).status_code == 404


def test_years_outside_the_plan_and_draft_plans_are_404(client, unit_reporter, plan_co_le, plan_ninh_binh, school):
    client.force_login(unit_reporter)
    assert client.get(report_url(plan_co_le, 2031, school)).status_code == 404
    assert client.get(report_url(plan_ninh_binh, 2026, school)).status_code == 404


# --- the board -----------------------------------------------------------------------


def test_reporter_is_sent_from_the_board_to_their_units_reports(client, unit_reporter, school):
    client.force_login(unit_reporter)
    response = client.get(reverse("reporting:board"))
    assert response.status_code == 302
    assert response.url == reverse("reporting:unit_reports", args=[school.pk])


def test_board_shows_status_dates_and_counts(client, commune_officer, plan_co_le, school, unit_reporter, time_machine):
    time_machine.move_to("2026-12-12 09:00 +07:00", tick=False)
    submitted(plan_co_le, 2026, school, unit_reporter)
    time_machine.move_to("2026-12-14 09:00 +07:00", tick=False)
    client.force_login(commune_officer)
    response = client.get(reverse("reporting:board"))
    assert (response.context["plan"], response.context["year"]) == (plan_co_le, 2026)
    html = response.content.decode()
    assert "Tình hình nộp báo cáo năm 2026" in html and "10/12/2026" in html
    assert 'data-testid="count-late">1<' in html and 'data-testid="count-missing">5<' in html
    assert 'data-testid="count-on-time">0<' in html and 'data-testid="count-returned">0<' in html
    assert "nộp muộn" in html and "12/12/2026" in html and "chưa nộp" in html
    assert "quá hạn 4 ngày" in html  # the units that have sent nothing yet
    assert html.count('data-testid="row-fill"') == 5  # the officer may fill in for the others


def test_board_filters_by_status_and_subject_type(client, commune_officer, plan_co_le, school, unit_reporter):
    submitted(plan_co_le, 2026, school, unit_reporter)
    client.force_login(commune_officer)
    url = reverse("reporting:board")
    rows = client.get(url, {"year": 2026, "status": "missing"}).context["rows"]
    assert len(rows) == 5 and school not in [r.unit for r in rows]
    front = ParticipatingUnit.objects.get(name="Thôn Trung Lễ").subject_type
    rows = client.get(url, {"year": 2026, "subject_type": front.pk}).context["rows"]
    assert [r.unit.name for r in rows] == ["Thôn Trung Lễ"]


def test_board_pages_are_kept_rendered_until_a_write(
    client, commune_officer, commune_viewer, unit_reporter, plan_co_le, school
):
    """Each page of the board is cached as rendered (a page, not every unit's row): page 2
    and a filtered page are their own, the viewer's has no buttons, a report shows at once."""
    units_of_cole = ParticipatingUnit.objects.filter(admin_unit=plan_co_le.issuer)
    template = units_of_cole.exclude(subject_type=school.subject_type)[0]
    ParticipatingUnit.objects.bulk_create(
        ParticipatingUnit(admin_unit=plan_co_le.issuer, name=f"Tổ dân phố {n:03d}", subject_type=template.subject_type)
        for n in range(120)
    )
    client.force_login(commune_officer)
    url = reverse("reporting:board")

    def units(response) -> list[str]:
        html = response.content.decode()
        return [part.split('"', 1)[0] for part in html.split('data-testid="board-row" data-unit="')[1:]]

    first = client.get(url, {"year": 2026})
    second = client.get(url, {"year": 2026, "page": 2})
    assert len(units(first)) == 100 and len(units(second)) == 26
    assert not set(units(first)) & set(units(second))
    assert units(client.get(url, {"year": 2026})) == units(first)  # from the cache, the same
    assert 'data-testid="row-fill"' in first.content.decode()
    client.force_login(commune_viewer)
    assert 'data-testid="row-fill"' not in client.get(url, {"year": 2026}).content.decode()

    client.force_login(commune_officer)
    missing = {"year": 2026, "status": "missing", "subject_type": school.subject_type_id}
    assert str(school.pk) in units(client.get(url, missing))
    submitted(plan_co_le, 2026, school, unit_reporter)  # bumps the province's version: pages built afresh
    assert str(school.pk) not in units(client.get(url, missing))
    assert units(client.get(url, {"year": 2026, "page": "abc"})) == units(client.get(url, {"year": 2026}))


def test_board_year_outside_the_plan_is_explained(client, commune_officer, time_machine):
    time_machine.move_to("2027-03-01 09:00 +07:00", tick=False)
    client.force_login(commune_officer)
    response = client.get(reverse("reporting:board"), {"year": 2040})
    assert response.context["year"] == 2027  # falls back to this year
    assert "Kế hoạch này thực hiện từ năm 2025 đến năm 2030." in response.content.decode()


def test_viewer_reads_the_board_but_cannot_fill(client, commune_viewer):
    client.force_login(commune_viewer)
    response = client.get(reverse("reporting:board"), {"year": 2026})
    assert response.status_code == 200 and len(response.context["rows"]) == 6
    assert 'data-testid="row-fill"' not in response.content.decode()


def test_plan_without_deadline_board(client, neighbour_officer):
    client.force_login(neighbour_officer)
    html = client.get(reverse("reporting:board"), {"year": 2026}).content.decode()
    assert "Kế hoạch không đặt ngày hạn nộp báo cáo của các đơn vị." in html
    assert 'data-testid="count-submitted">0<' in html and 'data-testid="count-on-time"' not in html


def test_unit_reports_lists_the_years_so_far(client, unit_reporter, school, time_machine):
    time_machine.move_to("2026-06-01 09:00 +07:00", tick=False)
    client.force_login(unit_reporter)
    rows = client.get(reverse("reporting:unit_reports", args=[school.pk])).context["rows"]
    assert [row["year"] for row in rows] == [2026, 2025]


# --- writing, submitting, returning ----------------------------------------------------


def test_reporter_saves_a_draft_with_points(client, unit_reporter, plan_co_le, school):
    client.force_login(unit_reporter)
    url = report_url(plan_co_le, 2026, school)
    page = page_of(plan_co_le, 2026, school)
    criterion = page.criteria[0]
    response = client.post(url, filled(page, text="Nhà trường", save="1", **{f"points_{criterion.pk}": "8,5"}))
    assert response.status_code == 302 and response.url == url
    report = AnnualReport.objects.get(plan=plan_co_le, year=2026, unit=school)
    assert report.status == "draft" and report.version == 1
    result = report.criterion_results.get(criterion=criterion)
    assert str(result.points) == "8.50" and result.text == "Nhà trường tiêu chí 1"
    html = client.get(url).content.decode()
    assert "Đã lưu bản nháp báo cáo." in html and "Nhà trường nội dung 4" in html


def test_officer_fills_in_for_a_unit_without_report(client, commune_officer, plan_co_le, village):
    client.force_login(commune_officer)
    url = report_url(plan_co_le, 2026, village)
    html = client.get(url).content.decode()
    assert "bạn đang nhập thay cho đơn vị" in html and 'data-testid="no-criteria"' in html
    client.post(url, filled(page_of(plan_co_le, 2026, village), save="1"))
    assert AnnualReport.objects.filter(unit=village, year=2026).exists()


def test_points_above_the_maximum_keep_the_typed_text(client, unit_reporter, plan_co_le, school):
    page = page_of(plan_co_le, 2026, school)
    criterion = page.criteria[0]
    criterion.max_points = 10
    criterion.save()
    client.force_login(unit_reporter)
    data = filled(page, text="Giữ lại", **{f"points_{criterion.pk}": "12"})
    response = client.post(report_url(plan_co_le, 2026, school), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giữ lại nội dung 1" in html and "Báo cáo chưa được lưu" in html
    assert "Điểm tự chấm không được vượt quá điểm tối đa 10." in html
    assert not AnnualReport.objects.exists()


def test_save_and_submit_goes_through_a_confirmation(client, unit_reporter, plan_co_le, school):
    client.force_login(unit_reporter)
    url = report_url(plan_co_le, 2026, school)
    response = client.post(url, filled(page_of(plan_co_le, 2026, school), submit="1"))
    report = AnnualReport.objects.get(unit=school, year=2026)
    confirm = reverse("reporting:report_submit", args=[report.pk])
    assert response.url == confirm and report.status == "draft"
    assert "Xác nhận nộp" in client.get(confirm).content.decode()
    response = client.post(confirm, {"version": report.version}, follow=True)
    assert "Đã nộp báo cáo cho Phòng Văn hóa - Xã hội." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


def test_confirmation_lists_blank_items(client, unit_reporter, plan_co_le, school):
    page = page_of(plan_co_le, 2026, school)
    client.force_login(unit_reporter)
    client.post(report_url(plan_co_le, 2026, school), {"version": 0, f"content_{page.contents[0].pk}": "Một mục"})
    report = AnnualReport.objects.get(unit=school, year=2026)
    html = client.get(reverse("reporting:report_submit", args=[report.pk])).content.decode()
    assert "Còn 7 mục chưa ghi kết quả" in html and 'data-testid="confirm-submit"' not in html
    response = client.post(reverse("reporting:report_submit", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.status == "draft" and response.status_code == 302


def test_double_submit_from_two_tabs_is_refused(client, unit_reporter, draft):
    client.force_login(unit_reporter)
    url = reverse("reporting:report_submit", args=[draft.pk])
    client.post(url, {"version": draft.version})
    response = client.post(url, {"version": draft.version}, follow=True)
    assert "Báo cáo đã nộp lúc" in response.content.decode()
    assert draft.events.count() == 1


def test_submitted_report_is_locked(client, unit_reporter, plan_co_le, school):
    report = submitted(plan_co_le, 2026, school, unit_reporter)
    client.force_login(unit_reporter)
    url = report.get_absolute_url()
    html = client.get(url).content.decode()
    assert 'data-testid="report-form"' not in html and "Báo cáo đã khóa" in html
    data = filled(page_of(plan_co_le, 2026, school), text="Sửa trộm", version=report.version)
    data["files"] = pdf()
    response = client.post(url, data)
    assert response.status_code == 403
    html = response.content.decode()
    assert "không sửa được nữa" in html and "Sửa trộm nội dung 1" in html  # what was typed stays on screen
    assert 'data-testid="save-draft"' not in html
    assert not report.content_results.filter(text__startswith="Sửa trộm").exists()
    assert not Evidence.objects.exists()


def test_stale_form_is_refused_and_keeps_the_text(client, unit_reporter, commune_officer, draft, plan_co_le, school):
    old_version = draft.version
    save_complete(plan_co_le, 2026, school, commune_officer, text="Cán bộ")
    client.force_login(unit_reporter)
    data = filled(page_of(plan_co_le, 2026, school), text="Tab cũ", version=old_version)
    response = client.post(draft.get_absolute_url(), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "vừa được thay đổi ở nơi khác" in html and "Tab cũ nội dung 2" in html
    assert draft.content_results.filter(text__startswith="Cán bộ").count() == 4
    # The page now carries the current version: saving again is a deliberate overwrite.
    assert response.context["form"]["version"].value() == str(old_version + 1)
    client.post(draft.get_absolute_url(), {**data, "version": old_version + 1})
    assert draft.content_results.filter(text__startswith="Tab cũ").count() == 4


def test_officer_returns_with_reason_and_reporter_resubmits(client, unit_reporter, commune_officer, plan_co_le, school):
    report = submitted(plan_co_le, 2026, school, unit_reporter)
    client.force_login(commune_officer)
    url = reverse("reporting:report_return", args=[report.pk])
    response = client.post(url, {"version": report.version, "reason": ""})
    assert response.status_code == 200 and "Hãy ghi lý do trả lại" in response.content.decode()
    client.post(url, {"version": report.version, "reason": "Nội dung 3 thiếu số liệu"})
    report.refresh_from_db()
    assert report.status == "returned"

    client.force_login(unit_reporter)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Nội dung 3 thiếu số liệu" in html and 'data-testid="save-and-submit"' in html
    client.post(report.get_absolute_url(), filled(page_of(plan_co_le, 2026, school), text="Đã bổ sung", submit="1"))
    report.refresh_from_db()
    client.post(reverse("reporting:report_submit", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.status == "submitted"
    assert list(report.events.values_list("action", flat=True)) == ["submit", "return", "resubmit"]


def test_reporter_cannot_return(client, unit_reporter, plan_co_le, school):
    report = submitted(plan_co_le, 2026, school, unit_reporter)
    client.force_login(unit_reporter)
    url = reverse("reporting:report_return", args=[report.pk])
    assert client.post(url, {"version": report.version, "reason": "x"}).status_code == 403


# --- evidence ------------------------------------------------------------------------


def test_upload_and_download_evidence(client, unit_reporter, plan_co_le, school, media_root):
    client.force_login(unit_reporter)
    data = filled(page_of(plan_co_le, 2026, school), save="1")
    data["files"] = [pdf("Biên bản họp.pdf"), pdf("anh.png", PNG_BYTES)]
    client.post(report_url(plan_co_le, 2026, school), data)
    first, second = Evidence.objects.order_by("pk")
    assert (first.original_name, first.content_type, first.size) == (
        "Biên bản họp.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert second.content_type == "image/png"
    assert first.file.name.startswith(f"reporting/reports/{first.report_id}/")
    assert (media_root / first.file.name).exists()
    response = client.get(reverse("reporting:evidence_download", args=[first.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", b"Day chi la mot tep van ban.\n" * 10, "không phải loại được chấp nhận"),
        ("anh.png", PDF_BYTES, "có nội dung PDF nhưng tên tệp lại mang đuôi khác"),
    ],
)
def test_disguised_upload_is_refused_and_keeps_the_text(
    client, unit_reporter, plan_co_le, school, name, content, message
):
    client.force_login(unit_reporter)
    data = filled(page_of(plan_co_le, 2026, school), text="Vẫn còn", files=pdf(name, content))
    response = client.post(report_url(plan_co_le, 2026, school), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "Vẫn còn nội dung 3" in html
    assert not AnnualReport.objects.exists() and not Evidence.objects.exists()


def test_oversized_upload_is_refused(client, settings, unit_reporter, plan_co_le, school):
    settings.UPLOAD_MAX_BYTES = 50
    client.force_login(unit_reporter)
    data = filled(page_of(plan_co_le, 2026, school), text="Vẫn còn", files=pdf())
    html = client.post(report_url(plan_co_le, 2026, school), data).content.decode()
    assert "vượt giới hạn 50" in html and "Vẫn còn nội dung 1" in html
    assert not Evidence.objects.exists()


def test_evidence_is_deleted_while_draft(
    client, unit_reporter, evidence, media_root, django_capture_on_commit_callbacks
):
    path = media_root / evidence.file.name
    client.force_login(unit_reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:evidence_delete", args=[evidence.pk]))
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists() and not path.exists()


def test_evidence_delete_with_htmx_removes_the_row(client, unit_reporter, evidence):
    client.force_login(unit_reporter)
    response = client.post(reverse("reporting:evidence_delete", args=[evidence.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_cannot_be_deleted_after_submit(client, unit_reporter, evidence):
    report = evidence.report
    report.refresh_from_db()
    services.report_submit(report=report, by=unit_reporter, version=report.version)
    client.force_login(unit_reporter)
    response = client.post(reverse("reporting:evidence_delete", args=[evidence.pk]), follow=True)
    assert "không sửa được nữa" in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()


# --- home -----------------------------------------------------------------------------


def test_home_cards(client, commune_officer, unit_reporter, plan_co_le, school, time_machine):
    time_machine.move_to("2026-12-07 09:00 +07:00", tick=False)
    submitted(plan_co_le, 2026, school, unit_reporter)
    client.force_login(commune_officer)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-received">1<' in html and 'data-testid="home-missing">5<' in html
    assert "còn 3 ngày" in html and reverse("reporting:board") in html
    client.force_login(unit_reporter)
    html = client.get(reverse("home")).content.decode()
    assert "đã nộp đúng hạn" in html and school.name in html


def test_two_tabs_starting_the_same_new_report(client, unit_reporter, commune_officer, plan_co_le, school):
    page = page_of(plan_co_le, 2026, school)
    client.force_login(commune_officer)
    client.post(report_url(plan_co_le, 2026, school), filled(page, text="Cán bộ"))
    client.force_login(unit_reporter)
    response = client.post(report_url(plan_co_le, 2026, school), filled(page, text="Đơn vị"))  # built at version 0
    html = response.content.decode()
    assert "vừa được thay đổi ở nơi khác" in html and "Đơn vị nội dung 1" in html
    assert AnnualReport.objects.get().content_results.filter(text__startswith="Cán bộ").count() == 4


def test_report_page_queries_do_not_grow_with_items(client, unit_reporter, evidence, django_assert_max_num_queries):
    client.force_login(unit_reporter)
    with django_assert_max_num_queries(25):  # 20 for the page + 5 for its version history
        assert client.get(evidence.report.get_absolute_url()).status_code == 200
