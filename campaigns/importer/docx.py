"""The text of an uploaded Word file (.docx), read defensively.

A .docx is a zip of XML parts written by someone else. Before anything is parsed, the zip's
directory is checked: the document part must exist, be of a plan's size once unpacked, and
not unpack out of all proportion to its packed size (a "zip bomb"). The XML is then parsed
incrementally (defusedxml refuses entities and DTD tricks) with a cap on nesting depth, so
a file of thousands of nested tables is refused while it is read, never walked recursively.
"""

import io
import re
import zipfile
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A real plan's document.xml is 30 KB – 2 MB; numbering.xml a few KB.
MAX_DOCX_XML_BYTES = 8 * 1024 * 1024
MAX_DOCX_UNPACKED_BYTES = 32 * 1024 * 1024  # every part together (styles, images, …)
MAX_PACKING_RATIO = 200  # XML packs 5–30 times; hundreds of times is filler
MAX_XML_DEPTH = 96  # body/tbl/tr/tc/p/r/t nest about 10 deep; tables in tables a few more
PARTS = ("word/document.xml", "word/numbering.xml")


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def docx_text(name: str, content: bytes) -> str:
    """The paragraphs of the document in order (table cells included), one per line."""
    broken = _refuse(
        _("Tệp Word “%(name)s” bị hỏng hoặc không phải văn bản Word (.docx); hãy mở bằng Word rồi lưu lại.")
        % {"name": name},
        "broken",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_sizes(name, archive)
            info = archive.getinfo("word/document.xml")
            root = _parse(name, archive, info)
            numbering = archive.getinfo(PARTS[1]) if PARTS[1] in archive.namelist() else None
            numbers = _Numbering(_parse(name, archive, numbering) if numbering else None)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, DefusedXmlException, RuntimeError, EOFError):
        raise broken from None
    except (zipfile.LargeZipFile, NotImplementedError, ValueError, OSError):
        raise broken from None
    body = root.find(f"{W}body")
    if body is None:
        raise broken
    lines: list[str] = []
    _walk(body, lines, numbers)
    return "\n".join(lines)


def _too_big(name: str, size: int) -> ValidationError:
    return _refuse(
        _(
            "Tệp Word “%(name)s” khi giải nén ra nặng %(size)s, quá lớn để là một văn bản kế hoạch (tối đa "
            "%(limit)s); có thể tệp chứa dữ liệu độn hoặc nhiều hình ảnh. Hãy lưu riêng văn bản kế hoạch "
            "rồi tải lên lại."
        )
        % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(MAX_DOCX_XML_BYTES)},
        "unpacked_too_big",
    )


def _check_sizes(name: str, archive: zipfile.ZipFile) -> None:
    """From the zip's directory only: nothing is unpacked before the sizes are known to be sane."""
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > MAX_DOCX_UNPACKED_BYTES:
        raise _too_big(name, total)
    for info in infos:
        if info.filename not in PARTS:
            continue
        if info.file_size > MAX_DOCX_XML_BYTES:
            raise _too_big(name, info.file_size)
        if info.file_size > 1024 * 1024 and info.file_size > MAX_PACKING_RATIO * max(info.compress_size, 1):
            raise _too_big(name, info.file_size)


def _parse(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """Parse one part incrementally, refusing it as soon as it nests deeper than a document can."""
    depth = 0
    root = None
    with archive.open(info) as stream:
        # The zip reader never returns more than the size declared (and checked) above.
        for event, element in SafeElementTree.iterparse(stream, events=("start", "end")):
            if event == "end":
                depth -= 1
                continue
            depth += 1
            if root is None:
                root = element
            if depth > MAX_XML_DEPTH:
                raise _refuse(
                    _(
                        "Tệp Word “%(name)s” có cấu trúc lồng nhau quá sâu (bảng trong bảng quá %(limit)s tầng) nên "
                        "không đọc được; hãy sao chép văn bản sang một tệp Word mới rồi tải lên lại."
                    )
                    % {"name": name, "limit": MAX_XML_DEPTH},
                    "too_deep",
                )
    if root is None:
        raise ElementTree.ParseError("empty part")
    return root


def _walk(element, lines: list[str], numbers: "_Numbering") -> None:
    """Paragraphs in document order, table cells included; text boxes after their paragraph.

    Recursive, but bounded: the parse refused anything deeper than MAX_XML_DEPTH."""
    for child in element:
        if child.tag == f"{W}p":
            nested: list = []
            text = _paragraph_text(child, nested)
            prefix = numbers.label(child)
            lines.extend((prefix + text).split("\n"))
            for box in nested:
                _walk(box, lines, numbers)
        elif child.tag in (f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            _walk(child, lines, numbers)


def _paragraph_text(paragraph, nested: list) -> str:
    parts: list[str] = []

    def visit(element):
        for child in element:
            tag = child.tag
            if tag == f"{W}txbxContent":
                nested.append(child)
            elif tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag in (f"{W}del", f"{W}instrText", f"{W}delText", f"{W}pPr", f"{W}rPr"):
                continue
            else:
                visit(child)

    visit(paragraph)
    return "".join(parts)


class _Numbering:
    """Automatic list numbers ("1.", "a)", "-") are not in the text of a Word paragraph:
    rebuild them from numbering.xml so the outline survives."""

    ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40),
             ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))  # fmt: skip
    VI_LETTERS = "abcdđeghiklmnopqrstuvxy"

    def __init__(self, root):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract = {}
        for node in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None and ref.get(f"{W}val") in abstract:
                self.levels[num.get(f"{W}numId")] = abstract[ref.get(f"{W}val")]

    def label(self, paragraph) -> str:
        props = paragraph.find(f"{W}pPr/{W}numPr")
        if props is None:
            return ""
        num_id = props.find(f"{W}numId")
        ilvl = props.find(f"{W}ilvl")
        num = num_id.get(f"{W}val") if num_id is not None else None
        level = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
        levels = self.levels.get(num)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(num, {})
        fmt, pattern, start = levels[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [lv for lv in counters if lv > level]:
            del counters[deeper]
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return ""

        def formatted(match):
            lv = int(match.group(1)) - 1
            value = counters.get(lv, levels.get(lv, ("decimal", "", 1))[2])
            return self._format(levels.get(lv, ("decimal", "", 1))[0], value)

        label = re.sub(r"%(\d)", formatted, pattern).strip()
        return f"{label} " if label else ""

    def _format(self, fmt: str, value: int) -> str:
        if fmt in ("lowerLetter", "upperLetter"):
            letter = self.VI_LETTERS[(value - 1) % len(self.VI_LETTERS)]
            return letter if fmt == "lowerLetter" else letter.upper()
        if fmt in ("lowerRoman", "upperRoman"):
            roman = ""
            for symbol, amount in self.ROMAN:
                while value >= amount:
                    roman += symbol
                    value -= amount
            return roman if fmt == "upperRoman" else roman.lower()
        return str(value)
