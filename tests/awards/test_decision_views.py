"""The decision, register and awardee pages: each works, needs a login, is a 404 to an
outsider and a 403 to a read-only role; the PDFs read back with their Vietnamese text."""

import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from awards.models import Decision, RegisterEntry
from awards.services.register import COLUMNS
from campaigns.excel import write_sheet
from tests.awards.decision_helpers import document_file, draft, last_number, people, scan, signed

pytestmark = pytest.mark.django_db


def pdf_text(response) -> tuple[int, str]:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def docx_text(response) -> tuple[Document, str]:
    """The Word file's text: its paragraphs, then every table's cells, row by row."""
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    word = Document(io.BytesIO(response.content))
    texts = [p.text for p in word.paragraphs]
    texts += [c.text for t in word.tables for row in t.rows for c in row.cells]
    return word, " ".join(" ".join(texts).split())


def repeated_header_rows(table) -> int:
    return sum(1 for row in table.rows if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None)


@pytest.fixture
def decision(commune_officer, school):
    return signed(commune_officer, school)


GET_PAGES = [
    ("awards:decision_list", None),
    ("awards:decision_detail", "decision"),
    ("awards:decision_pdf", "decision"),
    ("awards:decision_docx", "decision"),
    ("awards:decision_certificates", "decision"),
    ("awards:decision_scan", "decision"),
    ("awards:register_list", None),
    ("awards:register_export", None),
    ("awards:awardee_detail", "awardee"),
    ("awards:certificate_calibration", None),
]


def _url(name, what, decision):
    if what == "decision":
        return reverse(name, args=[decision.pk])
    if what == "awardee":
        return reverse(name, args=[decision.lines.first().awardee_id])
    return reverse(name)


@pytest.mark.parametrize(("name", "what"), GET_PAGES)
def test_reading_pages(client, decision, commune_officer, commune_viewer, outsider, name, what):
    url = _url(name, what, decision)
    assert client.get(url).status_code == 302  # needs login
    client.force_login(commune_officer)
    assert client.get(url).status_code == 200
    client.force_login(commune_viewer)  # read-only: reads
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    response = client.get(url)
    if what is None:  # a list: the outsider's own, nothing of Cổ Lễ
        assert response.status_code == 200
        assert b"125/Q" not in response.content and "Thắng".encode() not in response.content
    else:
        assert response.status_code == 404


def test_a_unit_reporter_gets_no_decisions(client, decision, unit_reporter):
    client.force_login(unit_reporter)
    assert client.get(reverse("awards:decision_list")).status_code == 403
    assert client.get(reverse("awards:decision_detail", args=[decision.pk])).status_code == 403


def test_province_reads_its_communes_decisions_but_does_not_write_them(client, decision, province_reviewer):
    client.force_login(province_reviewer)
    assert client.get(reverse("awards:decision_detail", args=[decision.pk])).status_code == 200
    response = client.post(reverse("awards:decision_sign", args=[decision.pk]), {"version": decision.version})
    assert response.status_code == 403


WRITES = [
    "awards:decision_update",
    "awards:decision_add_nominations",
    "awards:decision_add_line",
    "awards:decision_sign",
    "awards:decision_revoke",
]


@pytest.mark.parametrize("name", WRITES)
def test_writing_needs_the_office(client, commune_officer, commune_viewer, outsider, name):
    decision = draft(commune_officer)
    url = reverse(name, args=[decision.pk])
    assert client.post(url).status_code == 302
    client.force_login(commune_viewer)
    assert client.post(url).status_code == 403
    client.force_login(outsider)
    assert client.post(url).status_code in (403, 404)
    assert Decision.objects.get(pk=decision.pk).version == decision.version


def test_officer_builds_signs_and_prints(client, commune_officer, school):
    base = last_number(2025)
    client.force_login(commune_officer)
    response = client.post(
        reverse("awards:decision_create"),
        {
            "kind": "campaign",
            "title": "Về việc khen thưởng năm 2025",
            "place": "Cổ Lễ",
            "signer_capacity": "TM. ỦY BAN NHÂN DÂN",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Vũ Mạnh Cường",
        },
    )
    decision = Decision.objects.get(title="Về việc khen thưởng năm 2025")
    assert response.status_code == 302
    awardees = people(commune_officer, school)
    from awards.models import AwardForm

    giay_khen = AwardForm.objects.get(code="giay_khen")
    for awardee in awardees.values():
        r = client.post(
            reverse("awards:decision_add_line", args=[decision.pk]),
            {"awardee": awardee.pk, "award_form": giay_khen.pk, "achievement": "Hoàn thành xuất sắc nhiệm vụ năm 2025"},
        )
        assert r.status_code == 302
    # Signing without number and date: refused, with the reasons, what was typed kept.
    r = client.post(
        reverse("awards:decision_sign", args=[decision.pk]),
        {"version": decision.version + 0, "number": "", "decided_on": "31/02/2025"},
    )
    assert r.status_code == 400 and "Ngày ký" in r.content.decode()
    decision.refresh_from_db()
    r = client.post(
        reverse("awards:decision_sign", args=[decision.pk]),
        {"version": decision.version, "number": "125/QĐ-UBND", "decided_on": "20/12/2025", "scan": scan()},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    decision.refresh_from_db()
    assert decision.status == Decision.Status.SIGNED
    # Editing a signed decision: a message, nothing changed.
    r = client.post(reverse("awards:decision_update", args=[decision.pk]), {"title": "Khác"}, follow=True)
    assert "không sửa được" in r.content.decode()
    expected_texts = (
        "QUYẾT ĐỊNH",
        "Số: 125/QĐ-UBND",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CỔ LỄ",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "Nơi nhận",
        "Vũ Mạnh Cường",
        "DANH SÁCH KHEN THƯỞNG",
        "(Kèm theo Quyết định số 125/QĐ-UBND ngày 20 tháng 12 năm 2025",
        "Phạm Văn Thắng",
        "Hộ gia đình ông (bà) Trần Thị Hoa",
        "3.180.000",
        f"{base + 1:03d}/2025",
        f"{base + 3:03d}/2025",
    )
    page = client.get(reverse("awards:decision_pdf", args=[decision.pk])).content.decode()
    assert 'data-testid="document-decision"' in page and 'data-testid="document-certificates_blank"' in page
    response = document_file(client, "decision", decision=decision.pk)
    pages, text = pdf_text(response)
    for expected in expected_texts:
        assert expected in text, expected
    first_page = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert pages >= 2 and "DANH SÁCH KHEN THƯỞNG" not in first_page  # the annex starts a page
    word, text = docx_text(document_file(client, "decision", "docx", decision=decision.pk))
    for expected in expected_texts:
        assert expected in text, expected
    annex = word.tables[-1]
    assert annex.rows[0].cells[0].text == "STT" and repeated_header_rows(annex) == 1
    pages, text = pdf_text(document_file(client, "certificates", decision=decision.pk))
    assert pages == 3
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CỔ LỄ",
        "TẶNG",
        "GIẤY KHEN",
        "Ông Phạm Văn Thắng",
        "Giáo viên, Trường Trung học cơ sở Cổ Lễ",
        "Số sổ vàng: 00",
        "Cổ Lễ, ngày 20 tháng 12 năm 2025",
    ):
        assert expected in text, expected
    pages, text = pdf_text(document_file(client, "certificates_blank", decision=decision.pk))
    assert pages == 3 and "Ông Phạm Văn Thắng" in text and "CỘNG HÒA" not in text and "TẶNG" not in text
    pages, text = pdf_text(client.get(reverse("awards:certificate_calibration")))
    assert pages == 1 and "Trang căn chỉnh" in text and "290" in text


def test_register_search_without_diacritics_filters_and_export(client, decision, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("awards:register_list"), {"q": "pham van thang"})
    assert "Phạm Văn Thắng" in response.content.decode()
    assert "Trần Thị Hoa" not in response.content.decode()
    assert "Phạm Văn Thắng" not in client.get(reverse("awards:register_list"), {"year": 2019}).content.decode()
    sheet = load_workbook(io.BytesIO(client.get(reverse("awards:register_export"), {"q": "hoa"}).content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Trần Thị Hoa"]


def _sheet(rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = write_sheet(title="So vang", columns=COLUMNS, rows=rows)
    return SimpleUploadedFile("so-vang.xlsx", data, content_type="application/octet-stream")


def lan(school, *, day: str) -> tuple:
    return ("Nguyễn Thị Lan", "Cá nhân", "01/01/1990", school.name, "Lao động tiên tiến", "10/QĐ-UBND", day, "", "")


def test_register_import_refuses_bad_rows_and_saves_nothing(client, decision, commune_officer, school):
    client.force_login(commune_officer)
    people(commune_officer, school)  # a second Phạm Văn Thắng (same name, no birth date match)
    rows = [
        lan(school, day="31/02/2023"),
        ("Nguyễn Văn Bảy", "Cá nhân", "", "", "Huân chương Sao Vàng", "11/QĐ-UBND", "10/12/2023", "", ""),
        (
            "Phạm Văn Thắng",
            "Cá nhân",
            "",
            "",
            "Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường",
            "12/QĐ-UBND",
            "10/12/2023",
            "",
            "",
        ),
        ("Lê Văn Tư", "Cá nhân", "", school.name, "Lao động tiên tiến", "13/QĐ-UBND", "10/12/2023", "", ""),
        ("Lê Văn Tư", "Cá nhân", "", school.name, "Lao động tiên tiến", "13/QĐ-UBND", "10/12/2023", "", ""),
    ]
    before = RegisterEntry.objects.count()
    response = client.post(reverse("awards:register_import"), {"file": _sheet(rows)})
    text = response.content.decode()
    assert "31/02/2023" in text and "không có thật" in text
    assert "Không có hình thức “Huân chương Sao Vàng”" in text
    assert "trùng với nhiều người" in text and "Trùng với dòng 5" in text
    assert 'data-testid="import-confirm"' not in text
    assert RegisterEntry.objects.count() == before


def test_register_import_with_a_preview_then_all_rows(client, commune_officer, school):
    client.force_login(commune_officer)
    rows = [
        lan(school, day="10/12/2023"),
        (school.name, "Tập thể", "", school.name, "Tập thể lao động tiên tiến", "10/QĐ-UBND", "10/12/2023", "", ""),
    ]
    response = client.post(reverse("awards:register_import"), {"file": _sheet(rows)})
    assert "Tạo hồ sơ đối tượng mới" in response.content.decode()
    assert RegisterEntry.objects.filter(source="import").count() == 0
    response = client.post(reverse("awards:register_import"), {"confirm": "1"})
    assert response.status_code == 302
    assert RegisterEntry.objects.filter(year=2023, source="import").count() == 2


def test_awardee_pages(client, commune_officer, commune_viewer, outsider, school):
    url = reverse("awards:awardee_create")
    assert client.get(url).status_code == 302
    client.force_login(commune_viewer)
    assert client.get(url).status_code == 403
    client.force_login(commune_officer)
    response = client.post(url, {"kind": "individual", "name": "  Hoàng   Văn Nam ", "date_of_birth": "31/02/1990"})
    assert response.status_code == 200 and "Hoàng" in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "individual",
            "name": "Hoàng Văn Nam",
            "unit": school.pk,
            "position": "Giáo viên",
            "national_id": "036090004321",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "********4321" in page and "036090004321" not in page
    client.force_login(outsider)
    assert client.get(response["Location"]).status_code == 404
    assert client.get(response["Location"] + "sua/").status_code == 404


def test_the_submission_lists_the_dossiers_sent_under_its_number(
    client, commune_officer, make_nomination, bang_khen_tinh
):
    import datetime

    from awards import services as nomination_services
    from tests.awards.helpers import advance

    names = ("Vũ Thị Mai", "Hoàng Văn Đức")
    for name in names:
        nomination = make_nomination(
            award_form=bang_khen_tinh, nominee_kind="individual", individual_name=name, individual_position="Giáo viên"
        )
        nomination = advance(nomination, commune_officer, to="council_reviewed", council_day=datetime.date(2026, 12, 1))
        nomination_services.nomination_forward(
            nomination=nomination,
            by=commune_officer,
            version=nomination.version,
            submission_number="12/TTr-UBND",
            submission_date=datetime.date(2026, 12, 8),
        )
    url = reverse("awards:submission_pdf")
    assert client.get(url, {"so": "12/TTr-UBND"}).status_code == 302  # login first
    client.force_login(commune_officer)
    expected_texts = (
        "TỜ TRÌNH",
        "Về việc đề nghị khen thưởng",
        "Số: 12/TTr-UBND",
        "ngày 08 tháng 12 năm 2026",
        "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Ninh Bình",
        "0 tập thể và 2 cá nhân",
        *names,
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh, thành phố",
    )
    page = client.get(url, {"so": "12/TTr-UBND"}).content.decode()
    assert 'data-testid="document-submission"' in page and all(name in page for name in names)
    subject = {"admin_unit": commune_officer.admin_unit_id, "reference": "12/TTr-UBND"}
    pages, text = pdf_text(document_file(client, "submission", **subject))
    for expected in expected_texts:
        assert expected in text, expected
    word, text = docx_text(document_file(client, "submission", "docx", **subject))
    for expected in expected_texts:
        assert expected in text, expected
    assert repeated_header_rows(word.tables[1]) == 1  # the dossiers' table, after the header
    response = client.get(url, {"so": "99/TTr-UBND"}, follow=True)
    assert "Không có hồ sơ nào được trình tỉnh theo tờ trình số “99/TTr-UBND”" in response.content.decode()


def test_a_forwarded_dossier_links_its_submission_in_pdf_and_word(
    client, commune_officer, commune_viewer, make_nomination, bang_khen_tinh
):
    import datetime

    from awards import services as nomination_services
    from tests.awards.helpers import advance

    nomination = advance(
        make_nomination(award_form=bang_khen_tinh),
        commune_officer,
        to="council_reviewed",
        council_day=datetime.date(2026, 12, 1),
    )
    nomination = nomination_services.nomination_forward(
        nomination=nomination,
        by=commune_officer,
        version=nomination.version,
        submission_number="15/TTr-UBND",
        submission_date=datetime.date(2026, 12, 9),
    )
    client.force_login(commune_officer)
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert f"{reverse('awards:submission_pdf')}?so=15/TTr-UBND" in page
    assert f"{reverse('awards:submission_docx')}?so=15/TTr-UBND" in page
    client.force_login(commune_viewer)
    assert 'data-testid="submission-links"' not in client.get(nomination.get_absolute_url()).content.decode()


def test_a_scan_missing_from_disk_is_a_clear_404_not_an_error(client, decision, commune_officer):
    decision.scan.storage.delete(decision.scan.name)
    client.force_login(commune_officer)
    response = client.get(reverse("awards:decision_scan", args=[decision.pk]))
    assert response.status_code == 404
    assert "Không tìm thấy tệp bản quét" in response.content.decode()


def test_the_register_finds_a_renamed_awardee_by_the_new_name(client, decision, commune_officer):
    from awards.models import RegisterEntry
    from awards.services.awardees import awardee_save

    entry = RegisterEntry.objects.filter(awardee__name="Phạm Văn Thắng").first()
    awardee_save(by=commune_officer, awardee=entry.awardee, name="Phạm Văn Thắng Long")
    client.force_login(commune_officer)
    page = client.get(reverse("awards:register_list"), {"q": "pham van thang long"}).content.decode()
    assert "Phạm Văn Thắng Long" in page


def test_register_import_preview_refuses_blank_names_and_numbers(client, commune_officer, school):
    client.force_login(commune_officer)
    row = list(lan(school, day="10/12/2023"))
    no_name, no_number = row.copy(), row.copy()
    no_name[0], no_number[5] = "", "  "
    response = client.post(reverse("awards:register_import"), {"file": _sheet([tuple(no_name), tuple(no_number)])})
    text = response.content.decode()
    assert "Thiếu họ tên hoặc tên tập thể, hộ gia đình." in text and "Thiếu số quyết định." in text
    assert 'data-testid="import-confirm"' not in text
