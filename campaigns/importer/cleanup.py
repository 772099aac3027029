"""A plan's text as an officer may hold it → the plain text the parser reads.

A copy taken from a legal-document website carries markup: markdown emphasis (`**KẾ HOẠCH**`,
`*Cần Thơ, ngày …*`), table cells as `|` (the header table flattened onto one line, "Số:
45/KH-UBND | Hà Tĩnh, ngày …"), rule lines of dashes under the issuing body and the motto,
and the site's own text before the header. None of it is text of the plan: it is removed,
and a `|` becomes a line break, so a web copy reads like the Word file.

Words split across lines are rejoined where the split cannot be a paragraph end: inside the
header ("…, ngày 05⏎tháng 3 năm 2026", the motto "CỘNG HÒA XÃ HỘI⏎CHỦ NGHĨA VIỆT NAM") and
inside a citation's number ("số 57⏎NQ/TW", "số⏎15/2025/TT-BNV").
"""

import re

RULE_LINE = re.compile(r"^\s*(?:[-_=*~—–]\s*){3,}$")
EMPHASIS = re.compile(r"\*{1,3}|_{2,3}")
BULLET_STAR = re.compile(r"^(\s*)\*\s+(?=\S)")
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^)\s]+)\)")
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
PLAN_WORD = re.compile(r"^\s*K[ẾE]\s*HO[ẠA]CH\s*$")
# Where the header of an administrative document starts: the issuing body or the motto.
HEADER_START = re.compile(
    r"^(?:(?:ỦY|UỶ) BAN NHÂN DÂN|UBND|HỘI ĐỒNG|SỞ |BAN |CỘNG HÒA|CỘNG HOÀ|ĐẢNG BỘ|TỈNH ỦY|HUYỆN ỦY|THÀNH ỦY)"
)
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC")
DATE_OPEN = re.compile(r",\s*ngày(?:\s+\d{1,2})?\s*$")
NUMBER_OPEN = re.compile(r"\bsố\s*:?(?:\s*\d[\w/.\-]*\d)?$|\bsố\s*:?\s*\d+$")
NUMBER_REST = re.compile(r"^(?:[A-ZĐ][\w.\-]*/|\d[\w/.\-]*[/-][A-ZĐ])")


def is_web_copy(text: str) -> bool:
    """Markdown emphasis around words, or `|` cells, on several lines."""
    lines = text.split("\n")
    marked = sum(1 for line in lines if re.search(r"\*\*\S|\S\*\*|^\s*\|", line))
    return marked >= 3


def clean_source(text: str) -> str:
    """The text without web markup, with words split across lines rejoined (see the module doc)."""
    lines = text.split("\n")
    if is_web_copy(text):
        lines = _unmark(lines)
        lines = _drop_site_text(lines)
    lines = [line.rstrip() for line in lines]
    lines = _rejoin_header(lines)
    return "\n".join(_rejoin_numbers(lines))


def _unmark(lines: list[str]) -> list[str]:
    out: list[str] = []
    for raw in lines:
        line = MD_HEADING.sub("", raw)
        line = MD_LINK.sub(r"\1", line)
        line = BULLET_STAR.sub(r"\1- ", line)
        line = EMPHASIS.sub("", line)
        line = MD_ESCAPE.sub(r"\1", line)
        if RULE_LINE.match(line):
            out.append("")
            continue
        if "|" in line:
            cells = [cell.strip() for cell in line.split("|")]
            if all(not cell or RULE_LINE.match(cell) or re.fullmatch(r":?-+:?", cell) for cell in cells):
                out.append("")  # a cell boundary, or a markdown table's |---|---| line
                continue
            for cell in cells:
                out.extend([cell, ""] if cell else [])
            continue
        out.append(line.strip() if not line.strip() else line.rstrip())
    return out


def _drop_site_text(lines: list[str]) -> list[str]:
    """The site's menus and notes before the document: everything before the header that
    precedes the "KẾ HOẠCH" line."""
    plan_word = next((i for i, line in enumerate(lines) if PLAN_WORD.match(line)), None)
    if plan_word is None:
        return lines
    start = next((i for i in range(plan_word) if HEADER_START.match(lines[i].strip())), None)
    if start is None:
        # No issuing body: the header starts at "Số:" or the place and date, if any.
        start = next(
            (i for i in range(plan_word) if re.match(r"^\s*Số\s*:", lines[i]) or DATE_OPEN.search(lines[i])),
            plan_word,
        )
    return lines[start:]


def _rejoin_header(lines: list[str]) -> list[str]:
    """Before "KẾ HOẠCH": the motto on one line (then dropped: it is not the issuer), and a date
    line continued by "tháng …" rejoined."""
    plan_word = next((i for i, line in enumerate(lines) if PLAN_WORD.match(line)), None)
    if plan_word is None or plan_word > 60:
        return lines
    head: list[str] = []
    for raw in lines[:plan_word]:
        line = raw.strip()
        previous = next((n for n in range(len(head) - 1, -1, -1) if head[n]), None)
        if line and previous is not None:
            before = head[previous]
            if DATE_OPEN.search(before) or (re.search(r",\s*ngày\b", before) and re.match(r"^(tháng|năm)\b", line)):
                head[previous] = f"{before} {line}"
                continue
        head.append(line)
    head = _without_motto(head)
    return head + lines[plan_word:]


def _without_motto(lines: list[str]) -> list[str]:
    """Lines that are the motto or a piece of it ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM")."""
    out = []
    for line in lines:
        upper = re.sub(r"\s+", " ", line.upper()).strip(" -–")
        if len(upper) >= 8 and any(upper in motto or upper.replace("–", "-") in motto for motto in MOTTO):
            out.append("")
            continue
        out.append(line)
    return out


def _rejoin_numbers(lines: list[str]) -> list[str]:
    """A citation's number split over two lines: "số 57" + "NQ/TW …" → "số 57-NQ/TW …"."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if out and stripped and NUMBER_REST.match(stripped) and NUMBER_OPEN.search(out[-1]):
            before = out[-1].rstrip()
            glue = "-" if re.search(r"\d$", before) and re.match(r"^[A-ZĐ]", stripped) else " "
            out[-1] = before + glue + stripped
            continue
        out.append(line)
    return out
