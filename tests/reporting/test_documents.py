"""PDF documents: real WeasyPrint bytes read back with pypdf, rendered by a background task,
downloaded through a permission check."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.models import AwardForm, Nomination, NominationStage
from campaigns.models import AdministrativeUnit, ParticipatingUnit
from reporting.models import GeneratedDocument
from reporting.renderers import (
    render_commune_summary_pdf,
    render_nomination_list_pdf,
    render_province_summary_pdf,
)
from reporting.services import reports as services
from tests.reporting.conftest import save_complete

pytestmark = pytest.mark.django_db
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"


def read(data: bytes) -> tuple[str, int]:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), len(reader.pages)


@pytest.fixture
def decided(plan_co_le, commune_officer) -> Nomination:
    unit = ParticipatingUnit.objects.get(name="Thôn Trung Lễ")
    nomination = Nomination.objects.create(
        plan=plan_co_le,
        occasion="annual",
        award_form=AwardForm.objects.get(code="giay_khen"),
        nominee_kind="collective",
        unit=unit,
        achievements="Hoàn thành xuất sắc chuyển đổi số ở thôn; 100% hộ dùng dịch vụ công trực tuyến.",
        status="decided",
        created_by=commune_officer,
    )
    NominationStage.objects.create(
        nomination=nomination,
        level="commune",
        council_members_present=9,
        council_votes_for=9,
        council_votes_against=0,
        decision_number="125/QĐ-UBND",
        decision_date=datetime.date(2026, 12, 20),
        decision_signer="Vũ Mạnh Cường",
    )
    return nomination


def test_commune_summary_lists_units_results_and_decisions(plan_co_le, unit_reporter, decided):
    report = save_complete(plan_co_le, 2026, unit_reporter.participating_unit, unit_reporter, text="Kết quả nổi bật")
    services.report_submit(report=report, by=unit_reporter, version=report.version)
    text, pages = read(render_commune_summary_pdf(plan_co_le, 2026))
    assert pages == 2
    assert MOTTO in text
    assert "ỦY BAN NHÂN DÂN XÃ CỔ LỄ" in text
    assert "Kết quả thực hiện Phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” năm 2026" in text
    assert "Trường Trung học cơ sở Cổ Lễ" in text and "Kết quả nổi bật 1" in text
    assert "Hạn báo cáo: trước ngày 10/12/2026. Tổng số đơn vị: 6; đã nộp: 1" in text
    assert "Thôn Trung Lễ Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường" in text
    assert "125/QĐ-UBND ngày 20/12/2026" in text
    assert "Không rõ số" not in text and "Số: /BC-UBND" in text


def test_province_summary_covers_every_commune(decided):
    text, pages = read(render_province_summary_pdf(AdministrativeUnit.objects.get(name="Ninh Bình"), 2026))
    assert pages == 1
    assert MOTTO in text and "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH" in text
    assert "Tình hình thực hiện phong trào thi đua năm 2026 của các xã, phường thuộc tỉnh Ninh Bình" in text
    assert "1 xã Cổ Lễ chưa có số 0 0 6 6 1 1" in text and "Không rõ số" not in text
    assert "2 xã Xuân Trường 87/KH-UBND (15/05/2026) 0 0 5 5 0 0" in text


def test_nomination_list_for_a_decision(plan_co_le, decided):
    text, pages = read(render_nomination_list_pdf(plan_co_le, "annual"))
    assert pages == 1
    assert "DANH SÁCH Đề nghị khen thưởng – Khen thưởng hàng năm" in text
    assert "Thôn Trung Lễ" in text and "9/9 đồng ý" in text
    assert "Đã quyết định khen thưởng: QĐ 125/QĐ-" in text
    assert "Thôn Trung Lễ" not in read(render_nomination_list_pdf(plan_co_le, "final"))[0]


@pytest.fixture
def request_pdf(client, django_capture_on_commit_callbacks):
    def request(**data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("reporting:document_request"), data, HTTP_HX_REQUEST="true")

    return request


def test_officer_generates_and_downloads_the_commune_summary(client, commune_officer, plan_co_le, request_pdf):
    client.force_login(commune_officer)
    response = request_pdf(kind="commune_summary", plan=plan_co_le.pk, year=2026)
    assert response.status_code == 200
    document = GeneratedDocument.objects.get(kind="commune_summary")
    assert (document.status, document.progress, document.pages) == ("done", 100, 2)
    assert 'data-status="queued"' in response.content.decode()  # the page then polls
    status = client.get(reverse("reporting:document_status", args=[document.pk])).content.decode()
    assert 'data-testid="document-download"' in status and "2 trang" in status

    download = client.get(reverse("reporting:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    text, _ = read(b"".join(download.streaming_content))
    assert "Tổng số đơn vị: 6" in text

    first_file = document.file.name
    request_pdf(kind="commune_summary", plan=plan_co_le.pk, year=2026)  # regenerate
    document.refresh_from_db()
    assert GeneratedDocument.objects.count() == 1 and document.file.name != first_file
    assert not document.file.storage.exists(first_file)


def test_the_page_shows_progress_while_the_document_is_made(client, commune_officer, plan_co_le):
    client.force_login(commune_officer)
    # Without running the on-commit task: the document waits in the queue.
    response = client.post(
        reverse("reporting:document_request"),
        {"kind": "plan", "plan": plan_co_le.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and "Đang chờ 0%" in html
    document = GeneratedDocument.objects.get()
    status = client.get(reverse("reporting:document_status", args=[document.pk])).content.decode()
    assert 'data-status="queued"' in status


def test_plan_pdf_from_the_plan_page(client, unit_reporter, plan_co_le, request_pdf):
    """Anyone who may read the plan may have it as a PDF, a unit reporter included."""
    client.force_login(unit_reporter)
    page = client.get(plan_co_le.get_absolute_url()).content.decode()
    assert 'data-testid="document-plan"' in page
    request_pdf(kind="plan", plan=plan_co_le.pk)
    document = GeneratedDocument.objects.get(kind="plan")
    text, _ = read(b"".join(client.get(reverse("reporting:document_download", args=[document.pk])).streaming_content))
    assert (
        "Triển khai Phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” trên địa bàn xã Cổ Lễ"
        in text
    )


def test_province_reviewer_generates_the_province_summary(client, province_reviewer, request_pdf):
    client.force_login(province_reviewer)
    ninh_binh = province_reviewer.admin_unit
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="document-province_summary"' in home
    request_pdf(kind="province_summary", admin_unit=ninh_binh.pk, year=2026)
    assert GeneratedDocument.objects.get().status == "done"


def test_documents_need_login(client):
    response = client.post(reverse("reporting:document_request"), {"kind": "plan"})
    assert response.status_code == 302 and reverse("login") in response.url


def test_outsider_gets_404_for_requests_and_downloads(client, outsider, commune_officer, plan_co_le, request_pdf):
    client.force_login(commune_officer)
    request_pdf(kind="commune_summary", plan=plan_co_le.pk, year=2026)
    document = GeneratedDocument.objects.get()
    client.force_login(outsider)
    assert request_pdf(kind="commune_summary", plan=plan_co_le.pk, year=2026).status_code == 404
    assert client.get(reverse("reporting:document_download", args=[document.pk])).status_code == 404
    assert client.get(reverse("reporting:document_status", args=[document.pk])).status_code == 404


def test_roles_that_may_not_have_a_summary_get_403(client, unit_reporter, commune_officer, plan_co_le, request_pdf):
    client.force_login(unit_reporter)
    assert request_pdf(kind="commune_summary", plan=plan_co_le.pk, year=2026).status_code == 403
    client.force_login(commune_officer)  # a commune sees its province, but not the province summary
    province = commune_officer.admin_unit.province
    assert request_pdf(kind="province_summary", admin_unit=province.pk, year=2026).status_code == 403


def test_unknown_kind_is_404(client, commune_officer):
    client.force_login(commune_officer)
    assert client.post(reverse("reporting:document_request"), {"kind": "nope"}).status_code == 404


def test_a_failed_render_is_shown_not_a_500(client, commune_officer, plan_co_le, request_pdf, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("Pango không tải được phông chữ")

    monkeypatch.setattr("reporting.renderers.build_commune_summary", broken)
    client.force_login(commune_officer)
    with pytest.raises(RuntimeError):  # the task fails loudly for the worker's log…
        request_pdf(kind="commune_summary", plan=plan_co_le.pk, year=2026)
    document = GeneratedDocument.objects.get()
    assert document.status == "failed" and "Pango" in document.error
    status = client.get(reverse("reporting:document_status", args=[document.pk])).content.decode()
    assert "Không tạo được tài liệu" in status  # …and the page says so
    assert client.get(reverse("reporting:document_download", args=[document.pk])).status_code == 404
