"""Every official document read back: the PDF's text, font sizes and positions (pdfplumber's
character boxes) against Nghị định 30/2020/NĐ-CP Phụ lục I, the DOCX through python-docx, and
a visual check of the first page against a reviewed reference image (tests/reporting/reference).

Set REGENERATE_REFERENCE_IMAGES=1 to write new references after a reviewed layout change.
"""

import datetime
import io
import os
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.shared import Pt
from PIL import Image, ImageChops, ImageStat

from campaigns.models import AdministrativeUnit, Plan
from campaigns.selectors import plan_document_queryset
from reporting.officialdoc import Signer, render_official_docx, render_official_pdf
from reporting.officialdoc.minutes import build_council_minutes
from reporting.officialdoc.plan import build_plan
from reporting.officialdoc.summaries import Issue, build_commune_summary, build_nomination_list, build_province_summary
from reporting.statistics_tt02 import build_statistics
from tests.reporting.test_documents import decided  # noqa: F401 - a decided dossier of Cổ Lễ

pytestmark = pytest.mark.django_db
MM = 72 / 25.4
REFERENCE = Path(__file__).parent / "reference"
DATE = datetime.date(2026, 2, 5)
SIGNER = Signer("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Vũ Mạnh Cường")
ISSUE = Issue(number="7/BC-UBND", signer=SIGNER, date=DATE)


def _plan():
    return build_plan(plan_document_queryset().get(number="87/KH-UBND"))


def _commune(plan_co_le):
    return build_commune_summary(plan_document_queryset().get(pk=plan_co_le.pk), 2026, ISSUE)


BUILDERS = {
    "plan": lambda plan: _plan(),
    "commune_summary": _commune,
    "province_summary": lambda plan: build_province_summary(plan.issuer.province, 2026, Issue(date=DATE)),
    "nomination_list": lambda plan: build_nomination_list(plan, "annual", Issue(date=DATE)),
    "council_minutes": lambda plan: build_council_minutes(plan, "annual", Issue(date=DATE)),
    "ministry_stats": lambda plan: build_statistics(plan.issuer.province, 2026, DATE),
}
# The header, number line, date line, signer and Nơi nhận each document must print exactly.
EXPECTED = {
    "plan": (
        "ỦY BAN NHÂN DÂN XÃ XUÂN TRƯỜNG",
        "Số: 87/KH-UBND",
        "Xuân Trường, ngày 15 tháng 5 năm 2026",
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "- Lưu: VT, BCĐ, VHXH.",
    ),
    "commune_summary": (
        "ỦY BAN NHÂN DÂN XÃ CỔ LỄ",
        "Số: 07/BC-UBND",
        "Cổ Lễ, ngày 05 tháng 02 năm 2026",
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "- Lưu: VT, VHXH.",
    ),
    "province_summary": (
        "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
        "Số: /BC-UBND",
        "Ninh Bình, ngày 05 tháng 02 năm 2026",
        "TM. ỦY BAN NHÂN DÂN",
        "- Lưu: VT, SNV.",
    ),
    "nomination_list": (
        "ỦY BAN NHÂN DÂN XÃ CỔ LỄ",
        "Số: /DS-UBND",
        "Cổ Lễ, ngày 05 tháng 02 năm 2026",
        "TM. ỦY BAN NHÂN DÂN",
        "- Lưu: VT, VHXH.",
    ),
    "council_minutes": (
        "ỦY BAN NHÂN DÂN XÃ CỔ LỄ HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "Số: /BB-HĐTĐKT",
        "Cổ Lễ, ngày 05 tháng 02 năm 2026",
        "TM. HỘI ĐỒNG CHỦ TỊCH",
        "- Lưu: VT, VHXH.",
    ),
    "ministry_stats": (
        "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
        "Số: /BC-UBND",
        "Ninh Bình, ngày 05 tháng 02 năm 2026",
        "TM. ỦY BAN NHÂN DÂN",
        "- Lưu: VT, SNV.",
    ),
}
KINDS = list(BUILDERS)


@pytest.fixture(params=KINDS)
def rendered(request, plan_co_le, decided):  # noqa: F811
    doc = BUILDERS[request.param](plan_co_le)
    return request.param, doc, render_official_pdf(doc)


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def pdftotext(data: bytes, *options: str) -> str:
    result = subprocess.run(["pdftotext", *options, "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603,S607
    return flat(result.stdout.decode())


def line_chars(page, text: str, *, start: bool = False) -> list[dict]:
    """The characters of the first text line that holds (or starts with) `text`."""
    for line in page.extract_text_lines():
        if flat(line["text"]).startswith(text) if start else text in flat(line["text"]):
            return [c for c in line["chars"] if c["text"].strip()]
    raise AssertionError(f"no line holds {text!r}")


def sizes(chars) -> set[float]:
    return {round(c["size"], 1) for c in chars}


def styled(chars, *words: str) -> bool:
    return all(word in c["fontname"] for c in chars for word in words)


def test_pdf_text_holds_the_header_number_date_signer_and_recipients(rendered):
    kind, doc, data = rendered
    text = pdftotext(data)
    layout = pdftotext(data, "-layout")  # the blank number: "Số:      /BC-UBND" keeps its columns here
    issuer, number, date, signer, archive = EXPECTED[kind]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    for item in (signer, "Nơi nhận:", archive):
        assert item in text or item in layout, item
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the header's two columns, each on its own
        page = pdf.pages[0]
        below = next(line["top"] for line in page.extract_text_lines() if flat(line["text"]) == doc.type_name)
        head = page.crop((0, 0, page.width, below - 1))
        split = 30 * MM + 0.38 * (page.width - 45 * MM)  # the header table's left column is 38 %
        left = flat(head.crop((0, 0, split, head.height)).extract_text())
        right = flat(head.crop((split, 0, page.width, head.height)).extract_text())
    assert left == f"{issuer} {number}"
    assert right == f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc {date}"
    assert "Không rõ số" not in text and "Kế hoạch Không" not in text


def test_pdf_sizes_styles_and_positions_follow_nghi_dinh_30(rendered):
    kind, doc, data = rendered
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        width, height = (842, 595) if doc.landscape else (595, 842)
        assert (round(page.width), round(page.height)) == (width, height)  # A4
        width, height = page.width, page.height
        chars = [c for c in page.chars if c["text"].strip()]
        assert min(c["x0"] for c in chars) >= 30 * MM - 0.5 and min(c["x0"] for c in chars) <= 35 * MM
        assert max(c["x1"] for c in chars) <= width - 15 * MM + 0.5
        assert min(c["top"] for c in chars) >= 20 * MM - 0.5
        assert max(c["bottom"] for c in chars) <= height - 20 * MM + 0.5

        split = 30 * MM + 0.38 * (width - 45 * MM)  # the header's left column is 38 %
        nation = [c for c in line_chars(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") if c["x0"] > split]
        assert sizes(nation) <= {12.0, 13.0} and styled(nation, "Bold")
        motto = [c for c in line_chars(page, "Độc lập - Tự do - Hạnh phúc") if c["x0"] > split]
        assert sizes(motto) <= {13.0, 14.0} and styled(motto, "Bold")
        motto_x0, motto_x1 = min(c["x0"] for c in motto), max(c["x1"] for c in motto)
        rules = [r for r in page.rects + page.lines if r["bottom"] > max(c["bottom"] for c in motto)]
        assert any(abs(r["x0"] - motto_x0) < 3 and abs(r["x1"] - motto_x1) < 3 for r in rules)  # as long as the motto

        issuer = [c for c in line_chars(page, doc.issuer[-1]) if c["x1"] < split]
        assert sizes(issuer) <= {12.0, 13.0} and styled(issuer, "Bold")
        lines = [[c for c in line_chars(page, text) if c["x1"] < split] for text in doc.issuer]
        issuer_width = max(max(c["x1"] for c in cs) - min(c["x0"] for c in cs) for cs in lines)
        under = [r for r in rules if r["x1"] < split and r["bottom"] > max(c["bottom"] for c in issuer)]
        ratios = [(r["x1"] - r["x0"]) / issuer_width for r in under]
        assert any(1 / 3 <= ratio <= 1 / 2 for ratio in ratios), (kind, ratios)

        number = [c for c in line_chars(page, "Số:") if c["x1"] < split]
        assert sizes(number) == {13.0} and not any("Bold" in c["fontname"] for c in number)
        date = [c for c in line_chars(page, "ngày") if c["x0"] > split]
        assert sizes(date) <= {13.0, 14.0} and styled(date, "Italic")
        type_name = line_chars(page, doc.type_name, start=True)
        assert sizes(type_name) <= {13.0, 14.0} and styled(type_name, "Bold")
        summary = line_chars(page, " ".join(doc.summary.split()[:3]), start=True)
        assert sizes(summary) <= {13.0, 14.0} and styled(summary, "Bold")
        if doc.bases:
            basis = line_chars(page, "Căn cứ", start=True)
            assert sizes(basis) <= {13.0, 14.0} and styled(basis, "Italic")
            assert basis[0]["x0"] - 30 * MM == pytest.approx(1.27 / 2.54 * 72, abs=1)  # first-line indent

        last = pdf.pages[-1]
        label = line_chars(last, "Nơi nhận:", start=True)
        label = [c for c in label if c["x1"] < width / 2]
        assert sizes(label) == {12.0} and styled(label, "Bold", "Italic")
        archive = line_chars(last, "- Lưu:", start=True)
        assert sizes([c for c in archive if c["x1"] < width / 2]) == {11.0}
        signer = [c for c in line_chars(last, doc.signer.lines[0]) if c["x0"] > width / 2]
        assert sizes(signer) <= {13.0, 14.0} and styled(signer, "Bold")
        if len(pdf.pages) > 1:  # the page number, centred at the top, from page 2
            assert not [c for c in page.chars if c["top"] < 20 * MM]
            top = [c for c in pdf.pages[1].chars if c["top"] < 20 * MM]
            assert "".join(c["text"] for c in top) == "2" and sizes(top) <= {13.0, 14.0}
            centre = 30 * MM + (width - 45 * MM) / 2
            assert abs((top[0]["x0"] + top[-1]["x1"]) / 2 - centre) < 2


def test_body_paragraphs_are_justified_with_indent_and_spacing(plan_co_le):
    data = render_official_pdf(_plan())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        lines = pdf.pages[1].extract_text_lines()
    body = [line for line in lines if {round(c["size"]) for c in line["chars"]} == {14} and line["top"] > 20 * MM]
    right = 595.28 - 15 * MM
    full = [line for line in body if line["x1"] > right - 1]
    assert len(full) > len(body) / 2  # justified: most lines reach the right margin
    indented = [line for line in body if abs(line["x0"] - (30 * MM + 1.27 / 2.54 * 72)) < 1]
    assert indented  # first lines of paragraphs, 1.27 cm in
    gaps = [b["top"] - a["bottom"] for a, b in zip(body, body[1:], strict=False) if b in indented]
    lines_gap = min(b["top"] - a["bottom"] for a, b in zip(body, body[1:], strict=False))
    assert max(gaps) - lines_gap >= 6 - 0.5  # at least 6 pt between paragraphs


def test_docx_holds_the_same_text_font_sizes_and_margins(rendered):
    kind, doc, _ = rendered
    word = Document(io.BytesIO(render_official_docx(doc)))
    section = word.sections[0]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [20, 20, 30, 15]
    assert round(section.page_width.mm) == (297 if doc.landscape else 210)
    header = word.tables[0].rows[0].cells
    left, right = (flat(" ".join(p.text for p in c.paragraphs)) for c in header)
    issuer, number, date, signer, archive = EXPECTED[kind]
    assert issuer in left and number in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc") and date in right
    footer = word.tables[-1].rows[0].cells
    to, sign = (flat(" ".join(p.text for p in c.paragraphs)) for c in footer)
    assert to.startswith("Nơi nhận:") and to.endswith(archive) and signer in sign
    runs = {
        flat(r.text): r
        for t in (word.tables[0], word.tables[-1])
        for c in t.rows[0].cells
        for p in c.paragraphs
        for r in p.runs
        if r.text.strip()
    }
    assert all(r.font.name == "Times New Roman" for r in runs.values())
    assert runs["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].font.size == Pt(13) and runs["Độc lập - Tự do - Hạnh phúc"].bold
    assert runs[flat(doc.number_line)].font.size == Pt(13)
    assert runs[flat(doc.date_line)].italic and runs[flat(doc.date_line)].font.size == Pt(14)
    assert runs["Nơi nhận:"].bold and runs["Nơi nhận:"].italic and runs["Nơi nhận:"].font.size == Pt(12)
    assert runs[archive].font.size == Pt(11)
    texts = [flat(p.text) for p in word.paragraphs]
    assert doc.type_name in texts and flat(doc.summary) in texts
    assert section.different_first_page_header_footer and "PAGE" in section.header._element.xml


def first_page_png(data: bytes, folder: Path) -> Image.Image:
    (folder / "doc.pdf").write_bytes(data)
    command = ["pdftoppm", "-png", "-r", "40", "-singlefile", "-f", "1", "-l", "1", "doc.pdf", "page"]
    subprocess.run(command, cwd=folder, check=True)  # noqa: S603
    return Image.open(folder / "page.png").convert("L")


def test_first_page_looks_like_the_reviewed_reference(rendered, tmp_path):
    """Downscaled and slightly blurred, the page may differ from the reference by a little on
    average (fonts' hinting, a changed count) but not by a moved block or a lost rule."""
    kind, _, data = rendered
    image = first_page_png(data, tmp_path)
    reference = REFERENCE / f"{kind}.png"
    if os.environ.get("REGENERATE_REFERENCE_IMAGES"):
        image.save(reference)
    expected = Image.open(reference).convert("L")
    assert image.size == expected.size
    small = (image.width // 2, image.height // 2)
    diff = ImageChops.difference(image.resize(small), expected.resize(small))
    assert ImageStat.Stat(diff).mean[0] < 2.0, f"{kind} differs from its reference image"


def test_ministry_statistics_excel_equals_counts_from_the_demo_data(plan_co_le, decided):  # noqa: F811
    from openpyxl import load_workbook

    from awards.models import Nomination
    from reporting.statistics_tt02 import HEADER_ROW, render_statistics_xlsx

    ninh_binh = AdministrativeUnit.objects.get(name="Ninh Bình")
    book = load_workbook(io.BytesIO(render_statistics_xlsx(ninh_binh, 2026)))
    assert book.sheetnames == ["0601.N", "0602.N", "0603.N"]

    def row(sheet, label):
        for values in book[sheet].iter_rows(min_row=HEADER_ROW + 2, values_only=True):
            if values[0] == label:
                return values
        raise AssertionError(label)

    area = [ninh_binh.pk, *ninh_binh.communes.values_list("pk", flat=True)]
    plans = Plan.objects.filter(issuer__in=area, status="issued")
    issued = [p for p in plans if p.issued_on and p.issued_on.year == 2026]
    assert row("0601.N", "Tổng số")[2] == len(issued) > 0
    communes = sum(1 for p in issued if not p.issuer.is_province)
    assert row("0601.N", "Cấp xã (phạm vi trên địa bàn xã)")[2] == communes
    assert row("0601.N", "Tổng số")[3] == "—"  # regular vs thematic: not held
    assert row("0602.N", "Tổng số")[2] == 0

    # The decided Giấy khen is a commune award: not in 0603.N for the province…
    assert row("0603.N", "Tổng số")[2] == 0
    # …but the commune's own statistics list it.
    commune = plan_co_le.issuer
    own = load_workbook(io.BytesIO(render_statistics_xlsx(commune, 2026)))["0603.N"]
    giay_khen = next(v for v in own.iter_rows(values_only=True) if v[0] and str(v[0]).startswith("Giấy khen"))
    expected = Nomination.objects.filter(
        plan__issuer=commune, status="decided", stages__decision_date__year=2026, award_form__code="giay_khen"
    ).distinct()
    assert giay_khen[2] == expected.count() == 1 and giay_khen[3] == 1  # one collective


def test_an_annex_starts_a_page_after_the_signature_and_repeats_its_header_row():
    """The decision's "Danh sách kèm theo": a long list keeps its header row on every page."""
    from reporting.officialdoc import Cell, OfficialDocument, Paragraph, Table

    rows = [[Cell(str(i)), Cell(f"Người thứ {i}")] for i in range(1, 121)]
    doc = OfficialDocument(
        issuer=["ỦY BAN NHÂN DÂN", "XÃ CỔ LỄ"],
        symbol="QĐ-UBND",
        type_name="QUYẾT ĐỊNH",
        summary="Về việc khen thưởng",
        place="Cổ Lễ",
        date=datetime.date(2026, 12, 20),
        body=[Paragraph("Điều 1. Tặng Giấy khen.")],
        signer=Signer("TM. ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", "Vũ Mạnh Cường"),
        annex=[
            Paragraph("DANH SÁCH KHEN THƯỞNG", indent=False, bold=True, align="center"),
            Table(header=[[Cell("STT"), Cell("Họ và tên")]], rows=rows, widths=[1, 5]),
        ],
    )
    with pdfplumber.open(io.BytesIO(render_official_pdf(doc))) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    assert "Vũ Mạnh Cường" in pages[0] and "DANH SÁCH KHEN THƯỞNG" not in pages[0]
    annex = pages[1:]
    assert len(annex) >= 3 and all("STT Họ và tên" in page for page in annex)
    word = Document(io.BytesIO(render_official_docx(doc)))
    table = word.tables[-1]
    assert table.rows[0].cells[1].text == "Họ và tên"
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    assert all(row._tr.trPr is None or "tblHeader" not in row._tr.trPr.xml for row in table.rows[1:])
