"""An OfficialDocument as a PDF (WeasyPrint), in the shipped Times-metric font."""

from campaigns.pdf import render_pdf
from reporting.officialdoc.model import INDENT_CM, MARGINS, SIZES, Heading, OfficialDocument, Paragraph


def _block(block) -> dict:
    if isinstance(block, Heading):
        return {"kind": "heading", "item": block}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "item": block}
    total = sum(block.widths) or 1
    columns = sum(cell.colspan for cell in block.header[-1]) if block.header else len(block.widths)
    columns = max(columns, sum(c.colspan for c in block.header[0])) if block.header else columns
    return {
        "kind": "table",
        "item": block,
        "widths": [round(100 * w / total, 2) for w in block.widths],
        "columns": columns,
    }


def render_official_pdf(doc: OfficialDocument) -> bytes:
    context = {
        "doc": doc,
        "preamble": [_block(b) for b in doc.preamble],
        "blocks": [_block(b) for b in doc.body],
        "annex": [_block(b) for b in doc.annex],
        "s": SIZES,
        "m": MARGINS,
        "indent": INDENT_CM,
    }
    return render_pdf("officialdoc/document.html", context)
