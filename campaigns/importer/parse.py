"""A plan's text → a dict in the export_plan / demo-file schema (README.md, "The plan as JSON").

Works on the family of real plans, not on five files: sections numbered I–VI or fewer,
merged ("THỜI GIAN VÀ TỔ CHỨC THỰC HIỆN"), missing (no criteria, no solutions); lists
marked "1.", "1.1.", "a)", "-", "+"; hard-wrapped or one line per paragraph; a header with
the issuing body, number, place and date, or none at all. Text is kept as written (typos
included); only derived fields (years, dates, codes) are computed.

Pure: no database. `campaigns.importer.linking` links cited plans to plans in the portal.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from campaigns.importer.text import (
    Block,
    Layout,
    build_blocks,
    collapse,
    ends_sentence,
    join_lines,
    normalise_source,
    split_colon,
)

SECTION_RE = re.compile(r"^(?P<roman>[IVX]{1,4})\s*[.\-–]\s*(?P<title>\S.*)$")
PLAN_WORD_RE = re.compile(r"^K[ẾE]\s*HO[ẠA]CH\b(?P<rest>.*)$")
UPPER_NAME = r"[A-ZÀ-ỸĐ0-9][^\s,;.:()“”\"]*"
NAME_RE = re.compile(rf"{UPPER_NAME}(?:\s+{UPPER_NAME})*")
UNIT_KINDS = ("thành phố", "tỉnh", "xã", "phường", "đặc khu")
PROVINCE_KINDS = ("thành phố", "tỉnh")
PREAMBLE_OPENERS = re.compile(
    r"^(Căn cứ|Thực hiện|Thi hành|Theo|Để|Nhằm|Trên cơ sở|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Chấp hành)\b"
)
CLOSING_OPENERS = re.compile(
    r"^(Trên đây|Trong quá trình|Yêu cầu (các|thủ trưởng)|Đề nghị các|Quá trình (tổ chức )?thực hiện"
    r"|(Ủy|Uỷ) ban nhân dân \S+ (yêu cầu|đề nghị)|UBND \S+ (yêu cầu|đề nghị))"
)
DATE_WORDS_RE = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
DATE_SLASH_RE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
DOC_KINDS = r"Quyết định|Kế hoạch|Công văn|Văn bản|Chỉ thị|Thông báo|Hướng dẫn|Nghị quyết|Chương trình|Thông tư"
CITATION_START_RE = re.compile(rf"\b(?:{DOC_KINDS})\s+số\b")
CITATION_RE = re.compile(
    rf"(?P<kind>{DOC_KINDS})\s+số\s*:?\s*(?P<number>\d[\w/.\-]*(?:(?<=[/-])\s+[\w/.\-]+|\s+[/-]\s*[\w/.\-]+)*)"
    r"(?:\s+(?:ngày\s+)?(?P<date>\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}))?"
    r"\s+của\s+(?P<rest>.+)"
)
SUMMARY_START_RE = re.compile(
    r"\s+(?=(?:về việc|về|ban hành|phê duyệt|hướng dẫn|triển khai|quy định|thực hiện|tổ chức)\b)"
)
AWARD_PATTERNS = (
    # (code, regex on the lower-cased form name), checked in order
    ("huan_chuong_lao_dong", re.compile(r"huân chương lao động")),
    ("co_thi_dua_chinh_phu", re.compile(r"cờ thi đua.*chính phủ")),
    ("bang_khen_thu_tuong", re.compile(r"bằng khen.*thủ tướng")),
    ("co_thi_dua_tinh", re.compile(r"cờ thi đua.*(tỉnh|thành phố|ubnd|ủy ban|uỷ ban)")),
    ("bang_khen_chu_tich_tinh", re.compile(r"bằng khen.*(tỉnh|thành phố|ubnd|ủy ban|uỷ ban|chủ tịch)")),
    ("giay_khen", re.compile(r"giấy khen")),
)
AWARD_FORM_START = re.compile(r"^(Huân chương|Huy chương|Cờ thi đua|Bằng khen|Giấy khen)", re.IGNORECASE)
SUBJECT_RULES = (
    ("front", re.compile(r"mặt trận|đoàn thể|chính trị\s*-\s*xã hội|ct-xh|hội đoàn thể", re.I)),
    ("cooperative", re.compile(r"hợp tác xã", re.I)),
    ("enterprise", re.compile(r"doanh nghiệp|doanh nhân", re.I)),
    ("school", re.compile(r"trường học|nhà trường|các trường|cơ sở giáo dục", re.I)),
    ("village", re.compile(r"thôn|khối phố|tổ dân phố|khu dân cư|bản\b|ấp\b", re.I)),
    ("individual", re.compile(r"cá nhân|cán bộ|công chức|người lao động", re.I)),
    ("office", re.compile(r"cơ quan|đơn vị|phòng|ban|ngành|sở\b|địa phương", re.I)),
)
# Verbs that end the subject of a duty written as one sentence ("Các doanh nghiệp chủ động …").
DUTY_VERBS = (
    "căn cứ", "chủ trì", "chủ động", "phân công", "tích cực", "phối hợp", "có trách nhiệm", "là đầu mối",
    "hướng dẫn", "tham mưu", "theo dõi", "đôn đốc", "tuyên truyền", "vận động", "bố trí", "quán triệt",
    "đẩy mạnh", "tăng cường", "nghiên cứu", "kiểm tra", "lựa chọn", "phát động", "xây dựng", "triển khai",
    "thực hiện", "báo cáo", "giám sát", "cung cấp", "đảm bảo", "bảo đảm", "tổng hợp", "rà soát",
)  # fmt: skip
SUBJECT_END_RE = re.compile(r"(?:,\s*|\s+)(?=(?:" + "|".join(DUTY_VERBS) + r")\b)")
AUTHORITY_RE = re.compile(r"^(Ủy ban|Uỷ ban|UBND|Sở|Bộ|Chủ tịch|Hội đồng|Ban|Thường trực)\b")
SIGNATURE_START_RE = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s*\S")
SIGNER_TITLE_RE = re.compile(r"^(PHÓ CHỦ TỊCH|CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|TRƯỞNG BAN|PHÓ TRƯỞNG BAN)$")
# The portal's own PDF adds a note of the reporting deadlines after the last section.
PORTAL_NOTE = "Hạn báo cáo hằng năm:"
PAGE_NUMBER_RE = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$")
RECIPIENTS_RE = re.compile(r"^Nơi nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)


@dataclass
class ParsedPlan:
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    lines: list[str]


def empty_plan() -> dict[str, Any]:
    return {
        "issuer": {"name": "", "level": ""},
        "status": "draft",
        "header_missing": True,
        "number": "",
        "issued_on": None,
        "place": "",
        "title": "",
        "campaign": "",
        "other_campaigns": [],
        "period": {"start_year": None, "end_year": None},
        "preamble": [],
        "parents": [],
        "purposes": [],
        "requirements": [],
        "contents_intro": "",
        "contents": [],
        "criteria_groups": [],
        "award_sections": [],
        "award_subjects": "",
        "solutions": [],
        "phases_intro": "",
        "phases": [],
        "deadlines": [],
        "responsibilities": [],
        "closing": "",
        "recipients": [],
        "signer": None,
    }


def looks_like_plan(text: str) -> bool:
    """A plan says "KẾ HOẠCH" or has at least one of the usual section headings."""
    lines = [collapse(line) for line in normalise_source(text).split("\n")]
    if any(PLAN_WORD_RE.match(line) for line in lines):
        return True
    return any(_section_roles(m.group("title")) for m in map(_section_match, lines) if m)


def parse_plan(text: str) -> ParsedPlan:
    parser = _Parser(normalise_source(text))
    return parser.run()


# --- small helpers -------------------------------------------------------------------------


def _section_match(line: str) -> re.Match | None:
    match = SECTION_RE.match(line)
    if not match:
        return None
    letters = [c for c in match.group("title") if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return None
    return match


def _section_roles(title: str) -> set[str]:
    upper = title.upper()
    roles = set()
    if "MỤC ĐÍCH" in upper or "YÊU CẦU" in upper:
        roles.add("aims")
    if "NỘI DUNG" in upper and not roles:
        roles.add("contents")
    if "TIÊU CHÍ" in upper:
        roles.add("criteria")
    if "KHEN THƯỞNG" in upper or "DANH HIỆU" in upper:
        roles.add("awards")
    if "GIẢI PHÁP" in upper or "NHIỆM VỤ" in upper and not roles:
        roles.add("solutions")
    if "THỜI GIAN" in upper or "TIẾN ĐỘ" in upper:
        roles.add("time")
    if "TỔ CHỨC THỰC HIỆN" in upper or "TRÁCH NHIỆM" in upper or "PHÂN CÔNG" in upper:
        roles.add("organisation")
    return roles


def parse_date(text: str) -> datetime.date | None:
    match = DATE_WORDS_RE.search(text) or DATE_SLASH_RE.search(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def clean_number(text: str) -> str:
    """Number as cited: "02 /KH-UBND" → "02/KH-UBND"; a blank draft number "   /KH-UBND" → ""."""
    number = re.sub(r"\s+", "", text).rstrip(".,;")
    return "" if not number or number.startswith("/") else number


def award_code(name: str) -> str | None:
    low = name.lower()
    for code, pattern in AWARD_PATTERNS:
        if pattern.search(low):
            return code
    return None


def subject_code(heading: str) -> str:
    for code, pattern in SUBJECT_RULES:
        if pattern.search(heading):
            return code
    return "other"


def occasions_of(heading: str) -> list[str]:
    low = heading.lower()
    found = []
    if "hàng năm" in low or "hằng năm" in low:
        found.append("annual")
    if "sơ kết" in low:
        found.append("preliminary")
    if "tổng kết" in low:
        found.append("final")
    return found


def strip_item_end(text: str) -> str:
    return text.rstrip().rstrip(";.").rstrip()


def unit_in(text: str, kinds: tuple[str, ...] = UNIT_KINDS) -> tuple[str, str] | None:
    """The first "<kind> <Capitalised Name>" in the text: ("xã", "Cổ Lễ")."""
    pattern = re.compile(r"\b(" + "|".join(kinds) + r")\s+(" + NAME_RE.pattern + ")")
    match = pattern.search(text)
    return (match.group(1), match.group(2)) if match else None


def _texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.text]


def _paragraph_text(blocks: list[Block]) -> str:
    return collapse(" ".join(_texts(blocks)))


# --- the parser ----------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str):
        # Page numbers of a PDF ("2", "- 3 -", "Trang 4") are not text of the plan.
        self.lines = ["" if PAGE_NUMBER_RE.match(line) else line.rstrip() for line in text.split("\n")]
        self.layout = Layout(self.lines)
        self.data = empty_plan()
        self.warnings: list[str] = []
        self.last_blocks: list[Block] = []
        self.last_role: str | None = None
        # (responsibility, its source blocks, whether its heading carried a duty after ":")
        self.org_entries: list[tuple[dict, list[Block], bool]] = []

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def run(self) -> ParsedPlan:
        lines = self.lines
        plan_word = next((i for i, line in enumerate(lines) if PLAN_WORD_RE.match(collapse(line))), None)
        heading_indexes = [i for i, line in enumerate(lines) if _section_match(collapse(line))]
        if plan_word is not None:
            heading_indexes = [i for i in heading_indexes if i > plan_word]
        first_section = heading_indexes[0] if heading_indexes else len(lines)
        if plan_word is not None and plan_word < first_section:
            self.parse_header(lines[:plan_word])
            body_start = self.parse_title(plan_word, first_section)
        else:
            self.parse_header(lines[: min(first_section, self._first_text_line())])
            body_start = self._first_text_line()
            self.warn(_("Không thấy dòng “KẾ HOẠCH” và tên kế hoạch; hãy nhập tên kế hoạch."))
        tail_start = self.find_tail(heading_indexes[-1] if heading_indexes else body_start)
        self.parse_preamble(lines[body_start : min(first_section, tail_start)])
        sections = self.split_sections(heading_indexes, tail_start)
        for section in sections:
            self.parse_section(section)
        if sections:
            self.extract_closing()
        self.parse_tail(lines[tail_start:])
        self.finish()
        return ParsedPlan(data=self.data, warnings=self.warnings)

    def _first_text_line(self) -> int:
        for i, line in enumerate(self.lines):
            text = collapse(line)
            if text and not self._is_header_line(text):
                return i
        return len(self.lines)

    @staticmethod
    def _is_header_line(text: str) -> bool:
        return bool(
            re.match(r"^Số\s*:", text)
            or (re.search(r",\s*ngày\s", text) and len(text) < 80)
            or (text == text.upper() and len(text) < 60)
            or text.startswith("Độc lập")
        )

    # header: issuing body, number, place and date ----------------------------------------

    def parse_header(self, lines: list[str]) -> None:
        texts = [collapse(line) for line in lines if collapse(line)]
        found_number = found_date = False
        issuer_lines: list[str] = []
        for text in texts:
            number = re.match(r"^Số\s*:?\s*(?P<value>.*)$", text)
            if number and "/" in number.group("value"):
                self.data["number"] = clean_number(number.group("value"))
                found_number = True
                continue
            date_line = re.match(r"^(?P<place>[^,(]{1,60}),\s*ngày\b(?P<rest>.*)$", text)
            if date_line and re.search(r"tháng|\d\s*/", date_line.group("rest")):
                self.data["place"] = date_line.group("place").strip()
                self.data["issued_on"] = _iso(parse_date("ngày" + date_line.group("rest")))
                if self.data["issued_on"] is None and re.search(r"\d{1,2}\s*(tháng|/)", date_line.group("rest")):
                    self.warn(_("Ngày ban hành trong văn bản không hợp lệ; hãy nhập lại."))
                found_date = True
                continue
            if text.startswith(("CỘNG HÒA", "CỘNG HOÀ", "Độc lập")):
                continue
            if text == text.upper():
                issuer_lines.append(text)
        self.data["header_missing"] = not (found_number or found_date)
        joined = " ".join(issuer_lines)
        match = re.search(r"(TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG|ĐẶC KHU)\s+([A-ZÀ-ỸĐ0-9 ]+?)(?=\s+(?:SỐ|CỘNG)\b|$)", joined)
        if match and re.search(r"(ỦY|UỶ) BAN NHÂN DÂN|UBND", joined):
            self.set_issuer(match.group(1).lower(), match.group(2).strip().title())

    def set_issuer(self, kind: str, name: str) -> None:
        self.data["issuer"] = {
            "name": f"{kind} {name}",
            "level": "province" if kind in PROVINCE_KINDS else "commune",
        }

    # title and preamble ------------------------------------------------------------------

    def parse_title(self, plan_word: int, first_section: int) -> int:
        lines = self.lines
        title_lines: list[str] = []
        rest = PLAN_WORD_RE.match(collapse(lines[plan_word])).group("rest").strip()
        if rest:
            title_lines.append(rest)
        index = plan_word + 1
        while index < first_section:
            text = collapse(lines[index])
            if text:
                if title_lines and (PREAMBLE_OPENERS.match(text) or ends_sentence(title_lines[-1])):
                    break
                if title_lines and len(title_lines) >= 6:
                    break
                title_lines.append(text)
            index += 1
        self.data["title"] = join_lines(title_lines)
        quoted = re.findall(r"“([^”]+)”", self.data["title"]) or re.findall(r"\"([^\"]+)\"", self.data["title"])
        quoted = [collapse(q) for q in quoted if collapse(q)]
        if quoted:
            self.data["campaign"] = quoted[0]
            self.data["other_campaigns"] = [q for q in quoted[1:] if q != quoted[0]]
        else:
            match = re.search(r"[Pp]hong trào thi đua\s+(.+?)(?:\s+trên địa bàn|\s+giai đoạn|$)", self.data["title"])
            self.data["campaign"] = match.group(1) if match else self.data["title"]
            self.warn(_("Tên phong trào không nằm trong ngoặc kép ở tên kế hoạch; hãy kiểm tra ô Phong trào."))
        return index

    def parse_preamble(self, lines: list[str]) -> None:
        blocks = build_blocks(lines, self.layout)
        self.data["preamble"] = _texts(blocks)
        parents = []
        for paragraph in self.data["preamble"]:
            parents.extend(self.citations(paragraph))
        self.data["parents"] = parents

    def citations(self, paragraph: str) -> list[dict]:
        """Each "<kind> số <number> ngày <date> của <issuer> <summary>" in a preamble paragraph."""
        starts = [m.start() for m in CITATION_START_RE.finditer(paragraph)]
        found = []
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(paragraph)
            match = CITATION_RE.match(paragraph[start:end])
            if not match:
                continue
            issuer, summary = self._issuer_and_summary(match.group("rest"))
            found.append(
                {
                    "kind": match.group("kind"),
                    "number": clean_number(match.group("number")),
                    "date": _iso(parse_date(match.group("date") or "")),
                    "issuer": issuer,
                    "summary": summary,
                    "in_system": False,
                }
            )
        return found

    def _issuer_and_summary(self, rest: str) -> tuple[str, str]:
        rest = _cut_outside_quotes(rest)
        match = SUMMARY_START_RE.search(rest)
        if match:
            issuer, summary = rest[: match.start()].strip(), rest[match.end() :].strip()
        else:
            issuer, summary = rest.strip(), ""
        issuer = issuer.rstrip(",;. ")
        summary = summary.rstrip(",;. ")
        bare = re.fullmatch(r"(.*?\b(?:Ủy|Uỷ) ban nhân dân|.*?\bUBND)\s+(tỉnh|thành phố)", issuer)
        if bare:
            province = self.province_name_in_text(bare.group(2))
            if province:
                issuer = f"{issuer} {province}"
        return issuer, summary

    def province_name_in_text(self, kind: str) -> str | None:
        """The name after "thành phố"/"TP" or "tỉnh" most often in the text ("TP Hải Phòng")."""
        words = r"(?:thành phố|TP\.?)" if kind == "thành phố" else r"tỉnh"
        pattern = re.compile(rf"\b{words}\s+({NAME_RE.pattern})")
        names = Counter(m.group(1) for line in self.lines for m in pattern.finditer(collapse(line)))
        return names.most_common(1)[0][0] if names else None

    # sections ----------------------------------------------------------------------------

    def find_tail(self, after: int) -> int:
        """Where "Nơi nhận" or the signature block starts (after the last section heading)."""
        for i in range(after + 1, len(self.lines)):
            text = collapse(self.lines[i])
            if RECIPIENTS_RE.match(text) or SIGNATURE_START_RE.match(text) or text.startswith(PORTAL_NOTE):
                return i
        return len(self.lines)

    def split_sections(self, heading_indexes: list[int], tail_start: int) -> list[Section]:
        sections = []
        bounds = [*heading_indexes, tail_start]
        for n, start in enumerate(heading_indexes):
            end = min(bounds[n + 1], tail_start)
            if start >= tail_start:
                break
            title = _section_match(collapse(self.lines[start])).group("title")
            body_start = start + 1
            # A long heading wrapped onto the next line(s), in capitals too.
            while body_start < end:
                text = collapse(self.lines[body_start])
                if not text:
                    body_start += 1
                    continue
                letters = [c for c in text if c.isalpha()]
                if letters and all(c.isupper() for c in letters) and not re.match(r"^\S+[.)]\s", text):
                    title = f"{title} {text}"
                    body_start += 1
                    continue
                break
            sections.append(Section(heading=collapse(title), lines=self.lines[body_start:end]))
        return sections

    def parse_section(self, section: Section) -> None:
        roles = _section_roles(section.heading)
        blocks = build_blocks(section.lines, self.layout)
        self.last_blocks = blocks
        self.last_role = None
        if "aims" in roles:
            self.parse_aims(section.heading, blocks)
        elif "contents" in roles:
            self.parse_contents(blocks)
        elif "criteria" in roles or "awards" in roles:
            self.parse_criteria_and_awards(roles, blocks)
        elif "solutions" in roles:
            self.data["solutions"].extend(_texts(blocks))
        elif "time" in roles:
            time_blocks, org_blocks = self.split_time_and_organisation(roles, blocks)
            self.parse_time(time_blocks)
            if org_blocks is not None:
                self.parse_organisation(org_blocks)
        elif "organisation" in roles:
            self.parse_organisation(blocks)
        else:
            self.warn(
                _("Mục “%(heading)s” không thuộc phần nào của kế hoạch trong cổng; hãy đối chiếu văn bản gốc.")
                % {"heading": section.heading}
            )

    def parse_aims(self, heading: str, blocks: list[Block]) -> None:
        upper = heading.upper()
        target = None
        if "MỤC ĐÍCH" in upper and "YÊU CẦU" not in upper:
            target = "purposes"
        elif "YÊU CẦU" in upper and "MỤC ĐÍCH" not in upper:
            target = "requirements"
        for block in blocks:
            head, inline = split_colon(block.text, max_head=40)
            if block.kind in ("num", "numnum", "alpha", None) and re.fullmatch(r"(?i)mục đích", head):
                target = "purposes"
            elif block.kind in ("num", "numnum", "alpha", None) and re.fullmatch(r"(?i)yêu cầu", head):
                target = "requirements"
            else:
                self.data[target or "purposes"].append(block.text)
                continue
            if inline:
                self.data[target].append(inline)

    def parse_contents(self, blocks: list[Block]) -> None:
        intro: list[Block] = []
        items = list(blocks)
        if any(b.marked for b in blocks):
            while items and not items[0].marked:
                intro.append(items.pop(0))
        elif len(items) > 1 and items[0].text.endswith(":"):
            intro.append(items.pop(0))
        self.data["contents_intro"] = _paragraph_text(intro)
        self.data["contents"].extend(_texts(items))

    # criteria and award forms --------------------------------------------------------------

    def parse_criteria_and_awards(self, roles: set[str], blocks: list[Block]) -> None:
        mode = "criteria" if "criteria" in roles else "awards"
        criteria_blocks: list[Block] = []
        award_blocks: list[Block] = []
        top = min((b.level for b in blocks if b.marked), default=None)
        for block in blocks:
            head, _inline = split_colon(block.text, max_head=80)
            low = head.lower()
            if block.marked and block.level == top and roles >= {"criteria", "awards"}:
                if "tiêu chí" in low and "khen thưởng" not in low:
                    mode = "criteria"
                    continue
                if "khen thưởng" in low or "danh hiệu" in low:
                    mode = "awards"
            (criteria_blocks if mode == "criteria" else award_blocks).append(block)
        if criteria_blocks:
            self.parse_criteria(criteria_blocks)
        if award_blocks:
            self.parse_awards(award_blocks)

    def parse_criteria(self, blocks: list[Block]) -> None:
        groups = self.data["criteria_groups"]
        group = None
        for block in blocks:
            head, _inline = split_colon(block.text, max_head=200)
            if block.kind in ("num", "numnum", "alpha", "paren") and re.match(r"(?i)^(đối với|tiêu chí đối với)", head):
                heading = block.text.rstrip(":").strip()
                group = {"subject_type": subject_code(heading), "heading": heading, "criteria": []}
                groups.append(group)
                continue
            if group is None:
                self.warn(_("Có tiêu chí không thuộc nhóm đối tượng nào; đã xếp vào nhóm “Đối tượng khác”."))
                group = {"subject_type": "other", "heading": _("Đối tượng khác"), "criteria": []}
                groups.append(group)
            group["criteria"].append(block.text)

    def parse_awards(self, blocks: list[Block]) -> None:
        sections = self.data["award_sections"]
        current = None
        part = "standards"
        subjects: list[str] | None = None
        for n, block in enumerate(blocks):
            text = block.text
            head, inline = split_colon(text, max_head=120)
            if re.match(r"(?i)^đối tượng (được )?(khen thưởng|áp dụng)", head) and (block.kind != "dash" or inline):
                subjects = [inline] if inline else []
                self.data["award_subjects"] = inline
                current = None
                continue
            if block.kind in ("num", "numnum", "alpha", "paren"):
                subjects = None
                following = blocks[n + 1] if n + 1 < len(blocks) else None
                if (
                    not inline
                    and following is not None
                    and following.kind in ("num", "numnum", "alpha", "paren")
                    and following.level > block.level
                ):
                    continue  # a heading that only groups the blocks below it
                current = {"heading": head, "occasions": occasions_of(head), "forms": [], "standards": ""}
                part = "standards"
                if inline:
                    current["standards"] = inline
                sections.append(current)
                continue
            if subjects is not None:
                subjects.append(text)
                self.data["award_subjects"] = collapse(" ".join(subjects))
                continue
            if current is None:
                current = {"heading": "", "occasions": [], "forms": [], "standards": ""}
                sections.append(current)
                self.warn(_("Có hình thức khen thưởng không nằm dưới tiêu đề nào; hãy nhập tiêu đề cho mục đó."))
            head, inline = split_colon(text, max_head=60)
            if block.marked and re.fullmatch(r"(?i)hình thức( và danh hiệu)?( khen thưởng)?", head):
                part = "forms"
                if inline:
                    self._add_forms(current, [s for s in re.split(r"[;,]\s*", inline) if s])
                continue
            if re.fullmatch(r"(?i)tiêu chuẩn( khen thưởng)?", head):
                part = "standards"
                if inline:
                    current["standards"] = collapse(f"{current['standards']} {inline}")
                continue
            if block.marked and AWARD_FORM_START.match(text):
                self._add_forms(current, [text])
                continue
            if part == "forms" and block.marked:
                self._add_forms(current, [text])
                continue
            current["standards"] = collapse(f"{current['standards']} {text}")

    def _add_forms(self, section: dict, names: list[str]) -> None:
        for raw in names:
            name = strip_item_end(raw)
            code = award_code(name)
            if code is None:
                self.warn(
                    _("Không nhận ra hình thức khen thưởng “%(name)s”; hãy chọn lại hoặc xóa dòng đó.") % {"name": name}
                )
            section["forms"].append({"award_form": code, "name": name})

    # time and organisation -----------------------------------------------------------------

    def split_time_and_organisation(
        self, roles: set[str], blocks: list[Block]
    ) -> tuple[list[Block], list[Block] | None]:
        if "organisation" not in roles:
            return blocks, None
        top = min((b.level for b in blocks if b.marked), default=None)
        time_blocks: list[Block] = []
        org_blocks: list[Block] | None = None
        for block in blocks:
            head = split_colon(block.text, max_head=60)[0].lower()
            if org_blocks is None and block.marked and block.level == top:
                if re.match(r"^(tổ chức thực hiện|trách nhiệm|phân công)", head):
                    org_blocks = []
                    continue
                if re.match(r"^(thời gian|tiến độ)", head):
                    continue
            (time_blocks if org_blocks is None else org_blocks).append(block)
        return time_blocks, org_blocks

    def parse_time(self, blocks: list[Block]) -> None:
        intro: list[str] = []
        phases = self.data["phases"]
        current = None
        for block in blocks:
            match = PHASE_RE.match(block.text)
            if match:
                current = self._phase(block.text, match)
                phases.append(current)
                continue
            if current is None:
                intro.append(block.text)
            else:
                current["description"] = collapse(f"{current['description']} {block.text}")
        self.data["phases_intro"] = collapse(" ".join(intro))
        for phase in phases:
            phase["review"] = _review(phase)
        match = re.search(r"từ năm (\d{4}) đến (?:hết )?năm (\d{4})", self.data["phases_intro"])
        if match:
            self.data["period"] = {"start_year": int(match.group(1)), "end_year": int(match.group(2))}

    def _phase(self, text: str, match: re.Match) -> dict:
        name = f"Giai đoạn {match.group('n')}"
        start = int(match.group("y1")) if match.group("y1") else None
        end = int(match.group("y2")) if match.group("y2") else start
        description = ""
        if match.group("y1"):
            # "(2025 - 2027), sơ kết năm 2027: …" — what follows the colon is the description.
            description = re.sub(r"^\s*,[^:]{0,60}:", "", match.group("rest")).strip().lstrip(":.").strip()
        if start is None:
            years = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", text[:80])]
            start, end = (years[0], years[-1]) if years else (None, None)
            description = split_colon(text[len(match.group(0)) :].strip(), max_head=0)[0]
        return {"name": name, "start_year": start, "end_year": end, "review": None, "description": description}

    def parse_organisation(self, blocks: list[Block]) -> None:
        responsibilities = self.data["responsibilities"]
        titled_kinds = [b.kind for b in blocks if b.kind in ("num", "numnum", "alpha", "paren")]
        body_kind = titled_kinds[0] if titled_kinds else None
        self.org_entries = []
        current = None
        for block in blocks:
            if body_kind and block.kind == body_kind:
                body, inline = split_colon(block.text, max_head=200)
                current = {"body": body, "titled": True, "duties": [inline] if inline else []}
                responsibilities.append(current)
                self.org_entries.append((current, [], bool(inline)))
                continue
            if current is None or not body_kind:
                entry = {"body": _subject_of(block.text), "titled": False, "duties": [block.text]}
                responsibilities.append(entry)
                self.org_entries.append((entry, [block], False))
                if body_kind:
                    current = None
                continue
            current["duties"].append(block.text)
            self.org_entries[-1][1].append(block)
        self.last_role = "organisation"

    def extract_closing(self) -> None:
        """The closing paragraph(s) after the last duty ("Trên đây là Kế hoạch …./."): the
        unmarked paragraphs that end the last section, from the first one that opens like a
        closing when there is one."""
        if self.last_role == "organisation" and self.org_entries:
            entry, blocks, has_inline = self.org_entries[-1]
            if entry["titled"]:
                first = len(blocks)
                while first > 0 and not blocks[first - 1].marked:
                    first -= 1
                if first == 0 and not has_inline:
                    first = 1  # the paragraph right under a body heading is its duty
                tail = _from_opener(blocks[first:], required=False)
                if tail:
                    entry["duties"] = entry["duties"][: -len(tail)]
                    self.data["closing"] = _paragraph_text(tail)
                return
            # Duties written as paragraphs ("- Các doanh nghiệp chủ động …"): trailing unmarked ones.
            untitled = [(e, b[0]) for e, b, _ in self.org_entries if not e["titled"] and b]
            first = len(untitled)
            while first > 0 and not untitled[first - 1][1].marked:
                first -= 1
            any_marked = any(block.marked for _, block in untitled)
            tail = _from_opener([block for _, block in untitled[first:]], required=not any_marked)
            if tail:
                for _ in tail:
                    self.data["responsibilities"].pop()
                self.data["closing"] = _paragraph_text(tail)
            return
        tail = []
        for block in reversed(self.last_blocks):
            if block.marked:
                break
            tail.insert(0, block)
        closing_blocks = _from_opener(tail, required=True)
        if closing_blocks:
            self.data["closing"] = _paragraph_text(closing_blocks)
            for key in ("solutions", "contents", "purposes", "requirements"):
                items = self.data[key]
                while items and closing_blocks and items[-1] == closing_blocks[-1].text:
                    items.pop()
                    closing_blocks = closing_blocks[:-1]

    # recipients and signature --------------------------------------------------------------

    def parse_tail(self, lines: list[str]) -> None:
        texts = [collapse(line) for line in lines]
        recipients: list[str] = []
        signature: list[str] = []
        state = None
        for text in texts:
            if not text or text.startswith(PORTAL_NOTE) or re.fullmatch(r"\(.*\)", text):
                continue
            match = RECIPIENTS_RE.match(text)
            if match:
                state = "recipients"
                if match.group("rest"):
                    recipients.append(match.group("rest"))
                continue
            if SIGNATURE_START_RE.match(text) or (state != "signature" and SIGNER_TITLE_RE.match(text)):
                state = "signature"
            if state == "recipients":
                recipients.append(text)
            elif state == "signature":
                signature.append(text)
        self.data["recipients"] = _texts(build_blocks(recipients, self.layout))
        self.data["signer"] = _signer(signature)
        self.data["status"] = "issued" if self.data["signer"] else "draft"

    # issuer, period, deadlines ----------------------------------------------------------

    def finish(self) -> None:
        data = self.data
        if not data["issuer"]["name"]:
            self.infer_issuer()
        if data["period"]["start_year"] is None:
            self.infer_period()
        data["deadlines"] = self.deadlines()
        if not data["title"]:
            self.warn(_("Chưa đọc được tên kế hoạch."))
        if not data["campaign"]:
            self.warn(_("Chưa đọc được tên phong trào thi đua."))
        if data["period"]["start_year"] is None:
            self.warn(_("Chưa đọc được thời gian thực hiện (từ năm … đến năm …)."))
        for key, label in (
            ("contents", _("Nội dung thi đua")),
            ("criteria_groups", _("Tiêu chí thi đua")),
            ("award_sections", _("Hình thức khen thưởng")),
            ("responsibilities", _("Tổ chức thực hiện")),
        ):
            if not data[key]:
                self.warn(_("Văn bản không có phần “%(section)s” (hoặc chưa đọc được).") % {"section": label})

    def infer_issuer(self) -> None:
        """No header: "trên địa bàn xã Cổ Lễ" in the title, or "Ủy ban nhân dân xã Cổ Lễ
        ban hành/xây dựng" in the preamble."""
        title_match = re.search(r"trên địa bàn\s+(.+)$", self.data["title"])
        unit = unit_in(title_match.group(1)) if title_match else None
        if unit is None:
            pattern = re.compile(
                r"(?:(?:Ủy|Uỷ) ban nhân dân|UBND)\s+(" + "|".join(UNIT_KINDS) + r")\s+(" + NAME_RE.pattern + r")"
                r"\s+(?:ban hành|xây dựng|triển khai|phát động)"
            )
            for paragraph in self.data["preamble"]:
                match = pattern.search(paragraph)
                if match:
                    unit = (match.group(1), match.group(2))
                    break
        if unit is None:
            self.warn(_("Không xác định được cơ quan ban hành từ văn bản."))
            return
        self.set_issuer(*unit)

    def infer_period(self) -> None:
        data = self.data
        match = re.search(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", data["title"]) or re.search(
            r"từ năm (\d{4}) đến (?:hết )?năm (\d{4})", " ".join(collapse(line) for line in self.lines)
        )
        if match:
            data["period"] = {"start_year": int(match.group(1)), "end_year": int(match.group(2))}
        elif data["phases"] and all(p["start_year"] for p in data["phases"]):
            data["period"] = {
                "start_year": min(p["start_year"] for p in data["phases"]),
                "end_year": max(p["end_year"] for p in data["phases"]),
            }
        else:
            years = re.findall(r"năm\s+(\d{4})", data["title"])
            if years:
                data["period"] = {"start_year": int(years[0]), "end_year": int(years[-1])}

    def deadlines(self) -> list[dict]:
        found = []
        level = self.data["issuer"]["level"]
        for entry in self.data["responsibilities"]:
            for duty in entry["duties"]:
                for sentence in re.split(r"(?<=[.;])\s+(?=[A-ZÀ-ỸĐ])", duty):
                    deadline = _deadline(sentence, body=entry["body"], issuer_level=level)
                    if deadline:
                        found.append(deadline)
        return found


PHASE_RE = re.compile(
    r"^Giai đoạn\s+(?P<n>\d+|[IVX]+)\s*[:.]?\s*(?:\(\s*)?(?:từ\s+)?(?:năm\s+)?"
    r"(?:(?P<y1>\d{4})\s*(?:[-–]|đến)\s*(?:hết\s+)?(?:năm\s+)?(?P<y2>\d{4})\s*\)?\s*[:.]?)?(?P<rest>.*)$"
)


def _review(phase: dict) -> dict | None:
    text = phase["description"]
    for keyword, kind in (("tổng kết", "final"), ("sơ kết", "preliminary")):
        position = text.lower().find(keyword)
        if position < 0:
            continue
        match = re.search(r"năm\s+(\d{4})", text[position:].split(".")[0])
        year = int(match.group(1)) if match else phase["end_year"]
        if phase["start_year"] and phase["end_year"] and not phase["start_year"] <= year <= phase["end_year"]:
            year = phase["end_year"]
        return {"kind": kind, "year": year}
    return None


def _from_opener(blocks: list[Block], *, required: bool) -> list[Block]:
    """The blocks from the first that opens like a closing; all of them when none does,
    unless an opener is `required`."""
    for n, block in enumerate(blocks):
        if CLOSING_OPENERS.match(block.text):
            return blocks[n:]
    return [] if required else blocks


def _subject_of(paragraph: str) -> str:
    """The subject of a one-sentence duty: "Các doanh nghiệp chủ động …" → "Các doanh nghiệp"."""
    match = SUBJECT_END_RE.search(paragraph[:300])
    if match and match.start() > 0:
        return paragraph[: match.start()].strip().rstrip(",")
    words = paragraph.split()
    return " ".join(words[:8]).rstrip(",;:")


DEADLINE_RE = re.compile(
    r"báo cáo\b.*?\svề\s+(?!việc\b)(?P<receiver>.+?)(?:\s*\(qua\s+(?P<via>[^)]+)\))?"
    r"(?=\s+trước\s+ngày|\s+để\s|\s+(?:hàng|hằng)\s+năm|\s+chậm nhất|\s*[.;,]|\s*$)"
)


def _deadline(sentence: str, *, body: str, issuer_level: str) -> dict | None:
    if not re.search(r"(?i)định kỳ|hàng năm|hằng năm", sentence) or "báo cáo" not in sentence:
        return None
    match = DEADLINE_RE.search(sentence)
    if not match:
        return None
    receiver, via = match.group("receiver").strip(), (match.group("via") or "").strip()
    upward = re.search(r"\s+để\s+tổng hợp,?\s+báo cáo\s+(?P<up>[^.;,]+)", sentence[match.end() :])
    if not via and upward and AUTHORITY_RE.match(upward.group("up").strip()):
        receiver, via = upward.group("up").strip(), receiver
    who = re.match(r"^(?:Định kỳ(?:\s+(?:hàng|hằng)\s+năm)?\s*,?\s*)?(?P<who>.*?)\s*,?\s*báo cáo\b", sentence)
    reporter = who.group("who").strip(" ,") if who else ""
    if not reporter:
        reporter = body
    day = month = None
    date = re.search(r"(?:trước|chậm nhất)(?: là)?\s+ngày\s+(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})", sentence)
    if date:
        day, month = int(date.group(1)), int(date.group(2))
    if issuer_level == "province":
        reporters = "units_and_localities" if re.search(r"địa phương|xã|phường", reporter) else "units"
    elif re.search(r"\b(tỉnh|thành phố)\b", receiver) or re.match(r"^Sở\b", receiver):
        reporters = "issuer"
    else:
        reporters = "units"
    return {"day": day, "month": month, "reporter": reporter, "receiver": receiver, "via": via, "reporters": reporters}


def _signer(lines: list[str]) -> dict | None:
    capacity = delegation = title = name = ""
    for text in lines:
        if re.match(r"^TM\.", text):
            capacity = text
        elif re.match(r"^(KT|TL|TUQ|Q)\.", text):
            delegation = text
        elif SIGNER_TITLE_RE.match(text) or (text == text.upper() and not name and not title and capacity):
            title = text
        elif text != text.upper() and not re.match(r"^\(.*\)$", text):
            name = text
    if not name:
        return None
    return {"capacity": capacity, "delegation": delegation, "title": title, "name": name}


def _cut_outside_quotes(text: str) -> str:
    """The citation ends at ";" or ". " followed by a capital, or at "(sau đây", outside quotes."""
    depth = 0
    for i, char in enumerate(text):
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(0, depth - 1)
        elif depth == 0:
            if char == ";":
                return text[:i]
            if char == "." and (i + 1 == len(text) or re.match(r"\s+[A-ZÀ-ỸĐ]", text[i + 1 :])):
                return text[:i]
            if text.startswith(" (sau đây", i) or text.startswith("(sau đây", i):
                return text[:i]
            if char == "," and re.match(r",\s+((Ủy|Uỷ) ban nhân dân|UBND)\b", text[i:]):
                return text[:i]
    return text


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None
