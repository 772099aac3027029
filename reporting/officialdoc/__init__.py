"""One document layer for every official document the portal makes.

A builder turns a record into an `OfficialDocument` (model.py): the issuing body and its parent
body, number and symbol, place and date, type and summary (trích yếu), bases (căn cứ), body
(paragraphs, headings, tables), signer and recipients. Two renderers read only that description:

    render_official_pdf(doc)  -> bytes   WeasyPrint, Nghị định 30/2020/NĐ-CP Phụ lục I
    render_official_docx(doc) -> bytes   python-docx, Times New Roman, same sizes and margins

The builders of the documents made today live beside this package's renderers:
plan.py (the plan), summaries.py (the commune's and the province's summaries, the nomination
list), minutes.py (the council minutes), decision.py (the decision with its annex list, the
tờ trình). The registry reporting.renderers.DOCUMENTS offers the stored ones as PDF and DOCX
through `official(build, access)`; the decision and the tờ trình are rendered on request by
reporting.views.decisions, served under the awards URLs (config/urls.py).

Adding a document (a certificate, …): write `build_<document>(subject) -> OfficialDocument`
in a module here (it may read awards models; awards itself must not import reporting), then
one entry in reporting.renderers.DOCUMENTS, or a view that renders it:

    Kind.CERTIFICATE: official(lambda d: build_certificate(d.decision), access=staff_of_the_issuer),

What stands between the trích yếu and the bases (the decision's "CHỦ TỊCH ỦY BAN NHÂN DÂN …",
the tờ trình's "Kính gửi: …") is `preamble`. An annex ("Danh sách kèm theo") printed after
the signature, from a new page, is `annex`: a centred bold `Paragraph`, the italic "(Kèm theo
… số …)" and a `Table`, whose header rows repeat on every page in both formats. A document
whose page differs (a certificate on a pre-printed blank) keeps its own renderer and
registers it as `DocumentKind(formats={"pdf": render}, access=...)`.
"""

from reporting.officialdoc.model import (
    MARGINS,
    SIZES,
    Cell,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    format_date,
    format_number,
)
from reporting.officialdoc.pdf import render_official_pdf
from reporting.officialdoc.word import render_official_docx

__all__ = [
    "MARGINS",
    "SIZES",
    "Cell",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "Signer",
    "Table",
    "format_date",
    "format_number",
    "render_official_docx",
    "render_official_pdf",
]
