"""An uploaded plan document (.docx, .txt, .pdf) → its text, or a clear refusal in Vietnamese.

The type is read from the bytes (through `campaigns.uploads.sniff_upload` for Word and PDF)
and must agree with the file name. Text files must be Unicode: UTF-8 (with or without a
BOM) or UTF-16 with a BOM. A legacy Vietnamese encoding (Windows-1258, TCVN3/ABC, VNI) is
refused with a message saying so, never guessed: a wrong guess would store garbled text.
"""

import io
import re
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from campaigns.importer.docx import docx_text
from campaigns.importer.text import normalise_source
from campaigns.uploads import sniff_upload

ACCEPTED = (".docx", ".txt", ".pdf")
MAX_TEXT_CHARS = 400_000  # a real plan is 15–30 thousand characters
MAX_PDF_PAGES = 300  # a plan with its appendices is 5–40 pages
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
        text = docx_text(name, content) if suffix == ".docx" else _pdf(name, content)
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


# --- .pdf ----------------------------------------------------------------------------------


def _pdf(name: str, content: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    broken = refuse(
        _("Tệp PDF “%(name)s” bị hỏng hoặc không đọc được; hãy xuất lại PDF từ Word.") % {"name": name}, "broken"
    )
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise refuse(
                _("Tệp PDF “%(name)s” có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.") % {"name": name}, "encrypted"
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise _pdf_too_big(name)
        pages: list[str] = []
        length = 0
        for page in reader.pages:
            _decode_streams(page)
            pages.append(page.extract_text() or "")
            length += len(pages[-1])
            if length > MAX_TEXT_CHARS:
                break  # refused as too long below, without reading the remaining pages
    except ValidationError:
        raise
    except LimitReachedError:
        # pypdf stops a stream that decompresses past its limits: filler, not a plan.
        raise _pdf_too_big(name) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError, MemoryError):
        raise broken from None
    except Exception:  # noqa: BLE001 - a hostile PDF can trip any corner of the reader; never a 500
        raise broken from None
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


def _decode_streams(page) -> None:
    """Decode the page's content streams and form objects ourselves first: `extract_text` drops a
    stream that hits pypdf's decompression limits silently, and the plan would look scanned."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    streams = list(contents) if isinstance(contents, list) else [contents] if contents is not None else []
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is not None:
        streams.extend(xobjects.get_object().values())
    for stream in streams:
        stream = stream.get_object()
        if hasattr(stream, "get_data"):
            stream.get_data()


def _pdf_too_big(name: str) -> ValidationError:
    return refuse(
        _(
            "Tệp PDF “%(name)s” chứa dữ liệu giải nén ra quá lớn (hoặc quá nhiều trang) để là một văn bản kế hoạch; "
            "hãy xuất lại PDF chỉ gồm văn bản kế hoạch từ Word."
        )
        % {"name": name},
        "unpacked_too_big",
    )
