"""An OfficialDocument as a Word file (python-docx): Times New Roman, the sizes and margins
of the PDF, the header and the signature block as real (borderless) tables, so an office
opens it in Word and edits it before signing."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reporting.officialdoc.model import INDENT_CM, MARGINS, SIZES, Cell, Heading, OfficialDocument, Paragraph, Table

FONT = "Times New Roman"
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _run(paragraph, text: str, size: float, *, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _para(container, text="", size=SIZES["body"], *, align="center", after=0, before=0, **style):
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(before)
    if text:
        _run(paragraph, text, size, **style)
    return paragraph


def _rule(container, length: int, size: float) -> None:
    """A short centred rule: an underlined run of spaces as long as `length` letters."""
    paragraph = _para(container)
    paragraph.paragraph_format.line_spacing = Pt(size * 0.6)
    _run(paragraph, "\u00a0" * max(length, 4), size, underline=True)


def _cell(table, row: int, col: int):
    cell = table.cell(row, col)
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)  # start empty
    return cell


def _two_columns(doc, widths_mm: tuple[float, float], *, borders=False):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if borders:
        table.style = "Table Grid"
    for col, width in zip(table.columns, widths_mm, strict=True):
        for cell in col.cells:
            cell.width = Mm(width)
    return _cell(table, 0, 0), _cell(table, 0, 1)


def _header(doc: Document, d: OfficialDocument, width: float) -> None:
    left, right = _two_columns(doc, (width * 0.38, width * 0.62))
    for line in d.parent:
        _para(left, line.upper(), SIZES["parent"])
    for line in d.issuer:
        _para(left, line.upper(), SIZES["issuer"], bold=True)
    _rule(left, int(0.4 * max(len(line) for line in d.issuer)), SIZES["issuer"])
    if not d.header_missing:
        _para(left, d.number_line, SIZES["number"], before=6)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", SIZES["nation"], bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", SIZES["motto"], bold=True, underline=True)
    if not d.header_missing:
        _para(right, d.date_line, SIZES["date"], italic=True, before=6)


def _table(doc: Document, table: Table, width: float) -> None:
    columns = max(sum(c.colspan for c in row) for row in [*table.header[:1], *table.rows]) if table.header else 1
    rows = table.rows or [[Cell(table.empty, colspan=columns)]]
    grid = doc.add_table(rows=len(table.header) + len(rows), cols=columns)
    grid.style = "Table Grid"
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate([*table.header, *rows]):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            target = grid.cell(r, col)
            if cell.colspan > 1 or cell.rowspan > 1:
                target = target.merge(grid.cell(r + cell.rowspan - 1, col + cell.colspan - 1))
            taken.update((r + i, col + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            head = r < len(table.header)
            paragraph = target.paragraphs[0]
            paragraph.alignment = ALIGN["center" if head else cell.align]
            _run(paragraph, cell.text, SIZES["table"], bold=head or cell.bold)
            col += cell.colspan
    for row in grid.rows[: len(table.header)]:  # the header rows repeat on every page
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(header)
    if table.widths:
        total = sum(table.widths)
        for col, share in zip(grid.columns, table.widths, strict=False):
            for c in col.cells:
                c.width = Mm(width * share / total)
    _para(doc, after=0)


def _body(doc: Document, d: OfficialDocument, width: float) -> None:
    _blocks(doc, d.preamble, width)
    for basis in d.bases_lines:
        _indented(doc, basis, italic=True)
    _blocks(doc, d.body, width)


def _blocks(doc: Document, blocks: list, width: float) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            _indented(doc, block.text, bold=True, italic=block.level == 3)
        elif isinstance(block, Paragraph):
            paragraph = _indented(doc, "", indent=block.indent, align=block.align)
            if block.lead:
                _run(paragraph, block.lead, SIZES["body"], bold=True)
            _run(paragraph, block.text, SIZES["body"], bold=block.bold, italic=block.italic)
        else:
            _table(doc, block, width)


def _indented(doc, text, *, indent=True, align="justify", **style):
    paragraph = _para(doc, text, SIZES["body"], align=align, after=6, **style)
    paragraph.paragraph_format.first_line_indent = Cm(INDENT_CM) if indent else None
    return paragraph


def _footer(doc: Document, d: OfficialDocument, width: float) -> None:
    left, right = _two_columns(doc, (width * 0.45, width * 0.55))
    _para(left, "Nơi nhận:", SIZES["to_label"], align="left", bold=True, italic=True)
    for line in d.recipient_lines:
        _para(left, line, SIZES["to"], align="left")
    if d.signer:
        for line in d.signer.lines:
            _para(right, line, SIZES["signer"], bold=True)
        _para(right, d.signer.name or "\u00a0", SIZES["signer"], bold=True, before=64)
    else:
        _para(right)


def _page_numbers(section) -> None:
    """The page number centred at the top, from page 2 (the first page's header is empty)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(paragraph, "", SIZES["page_number"])
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def render_official_docx(d: OfficialDocument) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZES["body"])
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if d.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    section.header_distance = Mm(10)
    width = (297 if d.landscape else 210) - MARGINS["left"] - MARGINS["right"]
    _header(doc, d, width)
    _para(doc, d.type_name.upper(), SIZES["type"], bold=True, before=18)
    _para(doc, d.summary, SIZES["type"], bold=True)
    _rule(doc, int(0.35 * min(len(d.summary), 70)), SIZES["type"])
    _para(doc, after=6)
    _body(doc, d, width)
    _footer(doc, d, width)
    if d.annex:
        doc.add_page_break()
        _blocks(doc, d.annex, width)
    _page_numbers(section)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
