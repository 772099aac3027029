"""Downloaded files are named so that every system saves them: one header for every download.

`Content-Disposition` carries an ASCII fallback (`filename=`: no diacritics, no spaces, only
letters, digits, "-", "_" and ".") for old clients, and the real name in `filename*` (RFC 5987,
UTF-8, percent-encoded) for the others: "Biên bản họp.pdf" is saved as "Biên bản họp.pdf" where
that works and as "Bien-ban-hop.pdf" elsewhere.
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_name(filename: str, default: str = "tai-ve") -> str:
    text = unicodedata.normalize("NFD", filename.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _UNSAFE.sub("-", text).strip("-.")
    return re.sub(r"-*\.-*", ".", text) or default


def content_disposition(filename: str, *, inline: bool = False) -> str:
    kind = "inline" if inline else "attachment"
    fallback = ascii_name(filename)
    value = f'{kind}; filename="{fallback}"'
    if fallback != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


def named(response: HttpResponse, filename: str, *, inline: bool = False) -> HttpResponse:
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def download(content, filename: str, *, content_type: str, inline: bool = False) -> HttpResponse:
    """A response for bytes (HttpResponse) or an open file (FileResponse, streamed)."""
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    return named(response, filename, inline=inline)
