"""Lines and paragraphs of a plan's text, under the transcription rules of the demo files.

A source paragraph is hard-wrapped (a PDF, a text copy), sometimes with blank lines in the
middle of a sentence, or it is one line per paragraph (a Word document). Paragraphs are
rebuilt from the lines: a list marker starts a new one; otherwise a line continues the
paragraph unless the previous line visibly ends it (short, or a full stop followed by a
capital in running text). Joined lines are separated by one space, except after a line
ending in a hyphen glued to a word ("09-" + "NQ/TU" → "09-NQ/TU").
"""

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

WS = re.compile(r"\s+")
# "1.1. ", "2.1 " | "1. " | "a) " | "I. " | "- " "+ " "• "
MARKER = re.compile(
    r"^(?:(?P<numnum>\d{1,2}(?:\.\d{1,2})+\.?)|(?P<num>\d{1,2}\.)|(?P<alpha>[a-zđ]\))|(?P<paren>\d{1,2}\))"
    r"|(?P<plus>\+)|(?P<dash>[-–•·*]))\s+(?=\S)"
)
TERMINATORS = (".", ";", ":", "!", "?", "…")
QUOTES = "“”\"'‘’(«"
# Rank of each marker kind in a plan's outline (smaller is higher).
LEVELS = {"roman": 0, "num": 1, "numnum": 2, "alpha": 2, "paren": 3, "dash": 3, "plus": 4, None: 5}


def collapse(text: str) -> str:
    return WS.sub(" ", text).strip()


def normalise_source(text: str) -> str:
    """Composed Unicode (NFC), Unix line ends, no BOM or zero-width characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return re.sub("[\ufeff\u200b\u200c\u200d\u00ad]", "", text)


def join_lines(lines: list[str]) -> str:
    """Rule 2 of the transcription: one space between lines, none after a glued hyphen."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"\S-$", out):
            out += line
        else:
            out += " " + line
    return collapse(out)


def first_letter(text: str) -> str:
    for char in text:
        if char.isalnum():
            return char
        if char not in QUOTES and not char.isspace():
            return char
    return ""


def starts_lower(text: str) -> bool:
    char = first_letter(text)
    return char.isalpha() and char.islower()


def ends_sentence(text: str) -> bool:
    text = text.rstrip().rstrip('”"’)')
    return text.endswith(TERMINATORS) or text.endswith("./.")


def split_marker(line: str) -> tuple[str | None, str, str]:
    """(kind, marker, rest) of a stripped line; kind None when it carries no list marker."""
    match = MARKER.match(line)
    if not match:
        return None, "", line
    kind = match.lastgroup
    return kind, match.group(kind), line[match.end() :]


@dataclass
class Block:
    """One paragraph: its list marker (if any) and its source lines (marker removed)."""

    kind: str | None
    marker: str
    lines: list[str] = field(default_factory=list)
    first_width: int = 0  # length of the first source line, marker included

    @property
    def text(self) -> str:
        return join_lines(self.lines)

    @property
    def level(self) -> int:
        return LEVELS.get(self.kind, 5)

    @property
    def marked(self) -> bool:
        return self.kind is not None


class Layout:
    """How wide the document's lines are: hard-wrapped text has a typical width; a Word
    document (one line per paragraph) has none, and then every line ends a paragraph."""

    def __init__(self, lines: list[str]):
        lengths = sorted(len(line) for line in (ln.strip() for ln in lines) if len(line) >= 20)
        width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
        median = statistics.median(lengths) if lengths else 0
        self.wrapped = bool(lengths) and width <= 130 and median >= 0.6 * width
        self.width = width if self.wrapped else 10**9
        self.blank_paragraphs = self.wrapped and _blank_lines_end_paragraphs(lines)

    def short(self, line: str, ratio: float = 0.72) -> bool:
        return len(line.strip()) < ratio * self.width


def _blank_lines_end_paragraphs(lines: list[str]) -> bool:
    """Whether this text separates its paragraphs by blank lines (a copy saved from Word or a web
    page) rather than having them mid-sentence (a PDF's text): the evidence is that the lines
    before a blank end a sentence or a heading, and the lines inside a run mostly do not."""
    before_blank = inside = before_blank_ends = inside_ends = 0
    texts = [collapse(line) for line in lines]
    for n, text in enumerate(texts[:-1]):
        if not text:
            continue
        ends = ends_sentence(text) or text.endswith("./.")
        if not texts[n + 1]:
            before_blank += 1
            heading = len(text) < 60 or MARKER.match(text) is not None or text == text.upper()
            before_blank_ends += ends or heading
        else:
            inside += 1
            inside_ends += ends
    if before_blank < 10 or inside < 10:
        return False
    return before_blank_ends >= 0.97 * before_blank and inside_ends <= 0.35 * inside


def build_blocks(lines: list[str], layout: Layout) -> list[Block]:
    """Paragraphs of a run of lines. Blank lines end a paragraph only in a text that uses them
    so (`Layout.blank_paragraphs`); elsewhere they occur mid-sentence and carry no meaning."""
    blocks: list[Block] = []
    current: Block | None = None
    for raw in lines:
        line = collapse(raw)
        if not line:
            if layout.blank_paragraphs:
                current = None
            continue
        kind, marker, rest = split_marker(line)
        if kind is not None and current is not None and _glued_dash(kind, rest, current):
            kind, marker, rest = None, "", line
        if kind is not None or current is None or not _continues(current, line, layout):
            current = Block(kind=kind, marker=marker, lines=[rest], first_width=len(line))
            blocks.append(current)
        else:
            current.lines.append(line)
    return blocks


# Names written with a spaced hyphen; a line that wraps before the hyphen is not a new item.
HYPHEN_COMPOUNDS = (
    ("thi đua", "khen thưởng"), ("văn hóa", "xã hội"), ("văn hoá", "xã hội"), ("kinh tế", "xã hội"),
    ("chính trị", "xã hội"), ("phát thanh", "truyền hình"), ("lao động", "thương binh"),
    ("thương binh", "xã hội"), ("tài chính", "kế hoạch"), ("khoa học", "công nghệ"), ("văn hóa", "thông tin"),
    ("văn hoá", "thông tin"), ("thể dục", "thể thao"), ("độc lập", "tự do"), ("tự do", "hạnh phúc"),
    ("công nghiệp", "nông nghiệp"), ("nông nghiệp", "dịch vụ"), ("kinh tế", "hạ tầng"), ("kinh tế", "kỹ thuật"),
)  # fmt: skip


PARAGRAPH_OPENER = re.compile(
    r"^(Căn cứ|Thực hiện|Thi hành|Xét|Theo đề nghị|Trên cơ sở|(Ủy|Uỷ) ban nhân dân|UBND|Trên đây|Trong quá trình)\b"
)
# A line ending in one of these words cannot end a heading or a paragraph ("… của" / "Đảng, …").
DANGLING = re.compile(
    r"\s(của|và|các|những|với|trong|về|cho|tại|để|là|có|được|theo|từ|đến|như|hoặc|nhằm|thuộc|trên|bằng|do|mà"
    r"|sự|việc|cùng|giữa|qua|vào|(vào|trong|đến|từ|của) năm|(trước|sau|từ|đến) ngày"
    r"|(Kế hoạch|Quyết định|Công văn|Văn bản|Nghị quyết|Chỉ thị|Thông báo) số)\s*$"
)


def _glued_dash(kind: str, rest: str, current: Block) -> bool:
    """A line "chính trị" then "- xã hội, ..." is one phrase broken before its hyphen, not a new item."""
    if kind != "dash":
        return False
    last = current.lines[-1]
    if ends_sentence(last):
        return False
    if starts_lower(rest):
        return True
    before, after = collapse(last).lower(), collapse(rest).lower()
    return any(before.endswith(left) and after.startswith(right) for left, right in HYPHEN_COMPOUNDS)


def _continues(current: Block, line: str, layout: Layout) -> bool:
    if layout.blank_paragraphs:
        return True  # within a run of lines: only a blank line or a list marker ends a paragraph
    last = current.lines[-1]
    if starts_lower(line) or DANGLING.search(last):
        return True
    # A heading ("3. Phòng Kinh tế") is one line that stops short of the width.
    heading = current.marked and len(current.lines) == 1
    width = current.first_width if heading else len(last.strip())
    if width < (0.8 if heading else 0.72) * layout.width:
        return False  # a heading, or the last line of a paragraph
    if ends_sentence(last):
        if not current.marked:
            # Running text: a full line may end a sentence mid-paragraph ("… Nghệ An." / "Để …"),
            # but "…;" / "Căn cứ Nghị định …" or "… thi đua." / "Ủy ban nhân dân xã …" start anew.
            if PARAGRAPH_OPENER.match(line):
                return False
            return last.rstrip().endswith(";") or not layout.short(last, ratio=0.9)
        return not layout.short(last, ratio=0.86)
    return True


def split_colon(text: str, *, max_head: int = 160) -> tuple[str, str]:
    """Heading and inline text: "Phòng Kinh tế: Chủ trì, ..." → ("Phòng Kinh tế", "Chủ trì, ...").

    ("text", "") when there is no colon within `max_head` characters."""
    index = text.find(":")
    if index <= 0 or index > max_head:
        return text.rstrip(":").strip(), ""
    head, tail = text[:index].strip(), text[index + 1 :].strip()
    return head, tail
