"""An uploaded plan document (.docx, .txt, .pdf) → its text, or a clear refusal in Vietnamese.

The type is read from the bytes (through `campaigns.uploads.sniff_upload` for Word and PDF)
and must agree with the file name. Text files must be Unicode: UTF-8 (with or without a
BOM) or UTF-16 with a BOM. A legacy Vietnamese encoding (Windows-1258, TCVN3/ABC, VNI) is
refused with a message saying so, never guessed: a wrong guess would store garbled text.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

import filetype
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from campaigns.importer.text import normalise_source
from campaigns.uploads import sniff_upload

ACCEPTED = (".docx", ".txt", ".pdf")
MAX_TEXT_CHARS = 400_000  # a real plan is 15–30 thousand characters
MAX_DOCX_XML_BYTES = 40 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Letters of Unicode Vietnamese beyond Latin-1 (ă đ ơ ư and every tone-marked vowel like ạ ế ữ):
# text typed in Unicode has them on every line. Text typed with a TCVN3 (ABC) or VNI font and
# read as Latin-1 ("KÕ ho¹ch", "Keá hoaïch") has only Latin-1 letters and symbols instead.
VIETNAMESE_LETTERS = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9]")
LATIN1_LETTERS = re.compile("[\u00a1-\u00ff]")


@dataclass(frozen=True)
class ExtractedText:
    text: str
    kind: str  # "docx", "txt" or "pdf"


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def extract_text(*, name: str, content: bytes, max_bytes: int | None = None) -> ExtractedText:
    """The document's text (paragraphs on their own lines), or a ValidationError in Vietnamese."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if not content:
        raise refuse(_("Tệp “%(name)s” rỗng.") % {"name": name}, "empty")
    if len(content) > max_bytes:
        raise refuse(
            _("Tệp “%(name)s” nặng %(size)s, vượt giới hạn %(limit)s.")
            % {"name": name, "size": filesizeformat(len(content)), "limit": filesizeformat(max_bytes)},
            "too_big",
        )
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == ".doc":
        raise refuse(
            _("Tệp “%(name)s” là định dạng Word cũ (.doc). Hãy mở bằng Word, chọn Lưu thành .docx rồi tải lên lại.")
            % {"name": name},
            "old_word",
        )
    if suffix not in ACCEPTED:
        raise refuse(
            _("Tệp “%(name)s” không đọc được: chỉ nhận văn bản Word (.docx), văn bản thuần (.txt) hoặc PDF (.pdf).")
            % {"name": name},
            "bad_type",
        )
    if suffix == ".txt":
        text = _text_file(name, content)
        kind = "txt"
    else:
        _sniff(name, content, max_bytes)
        text = _docx(name, content) if suffix == ".docx" else _pdf(name, content)
        kind = suffix[1:]
    text = normalise_source(text)
    if not text.strip():
        raise refuse(_("Tệp “%(name)s” không có chữ nào.") % {"name": name}, "no_text")
    if len(text) > MAX_TEXT_CHARS:
        raise refuse(
            _("Tệp “%(name)s” quá dài (%(count)s ký tự) để là một kế hoạch; hãy tách riêng văn bản kế hoạch.")
            % {"name": name, "count": f"{len(text):,}".replace(",", ".")},
            "too_long",
        )
    return ExtractedText(text=text, kind=kind)


def _sniff(name: str, content: bytes, max_bytes: int) -> None:
    """Word and PDF go through the portal's upload check: the type is read from the bytes."""
    try:
        sniff_upload(SimpleUploadedFile(name, content), max_bytes=max_bytes)
    except ValidationError as error:
        if error.code != "bad_type":
            raise
        raise refuse(
            _("Tệp “%(name)s” không phải văn bản Word (.docx) hay PDF thật; hãy kiểm tra lại tệp.") % {"name": name},
            "bad_type",
        ) from None


# --- .txt ----------------------------------------------------------------------------------


def _text_file(name: str, content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return _decode(name, content[3:], "utf-8")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(name, content, "utf-16")
    kind = filetype.guess(content[:8192])
    if kind is not None or b"\x00" in content[:8192]:
        raise refuse(
            _("Tệp “%(name)s” mang đuôi .txt nhưng nội dung không phải văn bản thuần%(kind)s; hãy kiểm tra lại tệp.")
            % {"name": name, "kind": f" ({kind.extension})" if kind else ""},
            "disguised",
        )
    text = _decode(name, content, "utf-8")
    if len(LATIN1_LETTERS.findall(text)) >= 5 and not VIETNAMESE_LETTERS.search(text):
        raise refuse(_legacy_message(name), "legacy_encoding")
    return text


def _decode(name: str, content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        raise refuse(_legacy_message(name), "legacy_encoding") from None


def _legacy_message(name: str) -> str:
    return _(
        "Tệp “%(name)s” không dùng bảng mã Unicode (UTF-8) nên không đọc đúng được tiếng Việt; có thể tệp được "
        "lưu bằng bảng mã cũ như Windows-1258, TCVN3 (ABC) hoặc VNI. Hãy mở tệp bằng Word hoặc Notepad, chọn "
        "Lưu thành với bảng mã UTF-8 (hoặc chuyển mã bằng Unikey), rồi tải lên lại."
    ) % {"name": name}


# --- .docx ---------------------------------------------------------------------------------


def _docx(name: str, content: bytes) -> str:
    broken = refuse(
        _("Tệp Word “%(name)s” bị hỏng hoặc không phải văn bản Word (.docx); hãy mở bằng Word rồi lưu lại.")
        % {"name": name},
        "broken",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise broken
            document = archive.read(info)
            numbering = archive.read("word/numbering.xml") if "word/numbering.xml" in archive.namelist() else None
        # An uploaded .docx is untrusted XML: defusedxml refuses entities and DTD tricks.
        root = SafeElementTree.fromstring(document)
        numbers = _Numbering(SafeElementTree.fromstring(numbering) if numbering else None)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, DefusedXmlException, RuntimeError, EOFError):
        raise broken from None
    body = root.find(f"{W}body")
    if body is None:
        raise broken
    lines: list[str] = []
    _walk(body, lines, numbers)
    return "\n".join(lines)


def _walk(element, lines: list[str], numbers: "_Numbering") -> None:
    """Paragraphs in document order, table cells included; text boxes after their paragraph."""
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


# --- .pdf ----------------------------------------------------------------------------------


def _pdf(name: str, content: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise refuse(
                _("Tệp PDF “%(name)s” có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.") % {"name": name}, "encrypted"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise refuse(
            _("Tệp PDF “%(name)s” bị hỏng hoặc không đọc được; hãy xuất lại PDF từ Word.") % {"name": name}, "broken"
        ) from None
    text = "\n".join(pages)
    if not re.search(r"\w", text):
        raise refuse(
            _(
                "Tệp PDF “%(name)s” không có lớp chữ (có thể là bản scan hoặc ảnh chụp) nên không đọc được nội dung. "
                "Hãy tải lên bản Word (.docx) hoặc bản PDF xuất trực tiếp từ Word."
            )
            % {"name": name},
            "scanned",
        )
    return text
