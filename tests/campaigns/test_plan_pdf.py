"""The plan as a PDF (reporting.officialdoc): real bytes from WeasyPrint, read back with pypdf."""

import io

import pytest
from pypdf import PdfReader

from campaigns.models import Plan
from reporting.renderers import render_plan_pdf

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def test_plan_pdf_is_the_official_document_with_vietnamese_text():
    plan = Plan.objects.get(number="87/KH-UBND")
    data = render_plan_pdf(plan)
    assert data.startswith(b"%PDF-")
    text, pages = pdf_text(data)
    assert pages == 6
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 87/KH-UBND" in text
    assert "Xuân Trường, ngày 15 tháng 5 năm 2026" in text
    assert (
        "Triển khai Phong trào thi đua “Đổi mới sáng tạo, phát triển khoa học, công nghệ, chuyển đổi số, "
        "chuyển đổi xanh” trên địa bàn xã Xuân Trường" in text
    )
    assert "Thi đua chuyển đổi xanh, chống biến đổi khí hậu trong phát triển kinh tế nhanh và bền vững." in text
    assert "KT. CHỦ TỊCH" in text and "Phạm Ngọc Vinh" in text


def test_draft_plan_pdf_leaves_number_date_and_name_blank(plan_ninh_binh):
    text, pages = pdf_text(render_plan_pdf(plan_ninh_binh))
    assert pages >= 7
    assert "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH" in text
    assert "Số: /KH-UBND" in text and "Không rõ số" not in text
    assert "Ninh Bình, ngày tháng năm 2025" in text
    assert text.endswith("- Lưu: VT, VP1,6,7, TTTT-CB. TM. ỦY BAN NHÂN DÂN CHỦ TỊCH 9")
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh tỉnh" in text
