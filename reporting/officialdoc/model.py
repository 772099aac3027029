"""The structured description of an official document (Nghị định 30/2020/NĐ-CP, Phụ lục I):
what is on the page, not how it is drawn. The PDF and DOCX renderers read only this."""

import datetime
import re
from dataclasses import dataclass, field

from campaigns.dates import format_date  # noqa: F401 - the documents' formatter, re-exported

# The blank an office leaves for the number until the document is registered: "Số:      /BC-UBND".
NUMBER_BLANK = "\u00a0" * 6


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    align: str = "left"  # left, center, right


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: justified, first line indented, unless told otherwise."""

    text: str
    indent: bool = True
    bold: bool = False
    italic: bool = False
    align: str = "justify"
    lead: str = ""  # a bold lead-in before the text ("- Thôn Trung Lễ: ")


@dataclass(frozen=True)
class Heading:
    """1: "I. MỤC ĐÍCH, YÊU CẦU" (bold); 2: "1. Mục đích" (bold); 3: "a) …" (bold italic)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Table:
    header: list[list[Cell]]
    rows: list[list[Cell]]
    widths: list[float] = field(default_factory=list)  # relative column widths
    empty: str = ""  # the one row shown when there are no rows


Block = Paragraph | Heading | Table


@dataclass(frozen=True)
class Signer:
    """The signature block: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / name.
    A document not signed yet keeps the capacity and title and leaves the name blank."""

    capacity: str = ""  # TM. ỦY BAN NHÂN DÂN, TM. HỘI ĐỒNG
    delegation: str = ""  # KT. CHỦ TỊCH, Q. CHỦ TỊCH, TL. CHỦ TỊCH
    title: str = ""  # CHỦ TỊCH, PHÓ CHỦ TỊCH
    name: str = ""

    @property
    def lines(self) -> list[str]:
        return [line.upper() for line in (self.capacity, self.delegation, self.title) if line.strip()]


@dataclass(frozen=True)
class OfficialDocument:
    issuer: list[str]  # the issuing body, one line each: ["ỦY BAN NHÂN DÂN", "XÃ CỔ LỄ"]
    symbol: str  # the symbol after the number: "BC-UBND"
    type_name: str  # "BÁO CÁO", "KẾ HOẠCH", "BIÊN BẢN", "DANH SÁCH"
    summary: str  # trích yếu
    place: str
    date: datetime.date | None
    parent: list[str] = field(default_factory=list)  # the body above the issuer, not bold
    number: str = ""  # "87/KH-UBND" or "87"; blank until registered
    preamble: list[Block] = field(default_factory=list)  # between the summary and the bases
    bases: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    archive: str = "VT"  # "Lưu: VT, VHXH."
    annex: list[Block] = field(default_factory=list)  # after the signature, from a new page
    landscape: bool = False
    year_hint: int | None = None  # the year printed in a blank date line
    header_missing: bool = False  # a stored copy that lost its number and date

    @property
    def number_line(self) -> str:
        return f"Số: {format_number(self.number, self.symbol)}"

    @property
    def date_line(self) -> str:
        return f"{self.place}, {format_date(self.date, self.year_hint)}"

    @property
    def bases_lines(self) -> list[str]:
        """Each basis ends ";" and the last "." (Phụ lục I, mục II.6)."""
        bases = [b.strip().rstrip(";.,: ") for b in self.bases if b.strip()]
        return [f"{b};" if i < len(bases) - 1 else f"{b}." for i, b in enumerate(bases)]

    @property
    def recipient_lines(self) -> list[str]:
        """ "- Như trên;" … "- Lưu: VT, VHXH.": every line ends ";", the archive line last."""
        lines = [r.strip().lstrip("-+ ").rstrip(";.,: ") for r in self.recipients if r.strip()]
        lines = [line for line in lines if not line.startswith("Lưu")]
        return [f"- {line};" for line in lines] + [f"- Lưu: {self.archive}."]


def format_number(number: str, symbol: str) -> str:
    """ "2/KH-UBND" → "02/KH-UBND" (a leading zero below 10), the symbol in capitals; no
    number yet → the blank before the symbol, never "Không rõ số"."""
    number = number.strip()
    if not number:
        return f"{NUMBER_BLANK}/{_symbol(symbol)}"
    head, _, tail = number.partition("/")
    tail = tail or symbol
    if re.fullmatch(r"\d+", head) and int(head) < 10:
        head = f"{int(head):02d}"
    return f"{head}/{_symbol(tail)}"


def _symbol(symbol: str) -> str:
    """Capitals, but the tờ trình keeps its "TTr" (Nghị định 30/2020, Phụ lục III)."""
    return re.sub(r"^TTR(?=-|$)", "TTr", symbol.upper())


# Sizes (pt) and margins (mm) both renderers use, inside the ranges of Phụ lục I.
SIZES = {
    "parent": 13,  # cơ quan chủ quản: 12–13, upper case, regular
    "issuer": 13,  # cơ quan ban hành: 12–13, upper case, bold
    "number": 13,  # "Số:": 13
    "nation": 13,  # Quốc hiệu: 12–13, upper case, bold
    "motto": 14,  # Tiêu ngữ: 13–14, bold
    "date": 14,  # địa danh, ngày tháng: 13–14, italic
    "type": 14,  # tên loại and trích yếu: 13–14, bold
    "body": 14,  # nội dung: 13–14
    "table": 12,
    "signer": 14,  # quyền hạn, chức vụ, họ tên người ký: 13–14, bold
    "to_label": 12,  # "Nơi nhận:": 12, bold italic
    "to": 11,  # the list: 11
    "page_number": 13,
}
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}
INDENT_CM = 1.27
