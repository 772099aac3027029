"""The certificates' PDF (awards.certificate_pdf): what every page of a form prints alike is
laid out once and drawn from one Form XObject; WeasyPrint lays the awardees' own lines out
several pages to a sheet and the PDF cuts the sheets into pages again. Read back, each page is
one awardee's whole certificate, in reading order, on an A4 landscape page."""

import io

import pytest
from pypdf import PdfReader

from awards import certificate_pdf, documents
from tests.awards.decision_helpers import signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_to_a_sheet(monkeypatch):
    """Three awardees: a full sheet of two and a sheet of one."""
    monkeypatch.setattr(certificate_pdf, "TILES", 2)


@pytest.fixture
def decision(commune_officer, school):
    return signed(commune_officer, school)


def pages(data: bytes) -> list:
    return PdfReader(io.BytesIO(data)).pages


def in_order(text: str, parts: list[str]) -> bool:
    at = [text.index(part) for part in parts]
    return at == sorted(at)


def recipient(text: str) -> str:
    lines = text.splitlines()
    return lines[lines.index("GIẤY KHEN") + 1]


def names(decision) -> list[str]:
    return [line.awardee.certificate_name for line in documents._context(documents._decision(decision))["lines"]]


def test_each_page_is_one_awardees_whole_certificate_in_reading_order(decision, two_to_a_sheet):
    read = pages(documents.render_certificates_pdf(decision))
    everyone = names(decision)
    assert len(read) == len(everyone) == 3
    for page, name in zip(read, everyone, strict=True):
        text = page.extract_text()
        assert in_order(
            text,
            [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CỔ LỄ",
                "TẶNG",
                "GIẤY KHEN",
                name,
                "Đã có thành tích xuất sắc",
                "Cổ Lễ, ngày 20 tháng 12 năm 2025",
                "Quyết định số 125/QĐ-UBND",
                "Số sổ vàng: ",
            ],
        )
        assert recipient(text) == name
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 842, 595]  # A4 landscape, in points
        drawn = page.get_contents().get_data()
        assert drawn.index(b"/certificate-design-0 Do") < drawn.index(b"/certificate-design-1 Do")
    assert sorted(read[0]["/Resources"]["/XObject"]) == ["/certificate-design-0", "/certificate-design-1"]


def test_blank_pages_print_the_lines_alike_once_and_each_awardees_own(decision, two_to_a_sheet):
    read = pages(documents.render_certificates_pdf(decision, blank=True))
    everyone = names(decision)
    assert len(read) == 3
    for page, name in zip(read, everyone, strict=True):
        text = page.extract_text()
        assert "CỘNG HÒA" not in text and "TẶNG" not in text
        assert in_order(text, ["CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CỔ LỄ", "GIẤY KHEN", name, "Quyết định số", "Số sổ vàng: "])
        assert recipient(text) == name
    # The runs between the awardee's lines: authority and form; the decision; place, date and signer.
    assert len(read[0]["/Resources"]["/XObject"]) == 3
