"""The patterns and small pure helpers the plan parser is built from."""

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from campaigns.importer.text import (
    Block,
    collapse,
    ends_sentence,
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
CAMPAIGN_MAX = 255
THEME_RE = re.compile(
    r"\bChủ đề(?: của)?(?: phong trào| đợt)?(?: thi đua)?\s*:\s*(?P<name>“[^”]{3,300}”|[^.;]{3,300})", re.I
)
CAMPAIGN_IN_TITLE_RE = re.compile(
    r"(?:phong trào thi đua|đợt thi đua|phong trào)\s+(?P<name>.+?)(?=\s+trên địa bàn|\s+giai đoạn|\s+năm \d{4}|$)",
    re.I,
)
# "từ năm 2026 đến năm 2030", "từ tháng 6 năm 2026 đến hết tháng 12 năm 2027", "từ ngày 01/4/2026 đến ngày
# 30/9/2026", "từ ngày 08 đến ngày 10 tháng 12 năm 2025": the first and last years of the span.
PERIOD_SPAN_RE = re.compile(
    r"từ\s+(?:ngày|tháng|năm)\b[^.;:()]{0,25}?(?:(?P<y1>(?:19|20)\d{2})\s*)?đến\s+(?:hết\s+)?(?:ngày|tháng|năm)\b"
    r"[^.;:()]{0,25}?(?P<y2>(?:19|20)\d{2})",
    re.I,
)
OPEN_START_RE = re.compile(r"từ\s+(?:ngày\s+)?(?:ban hành|ký)\b", re.I)
AUTHORITY_WORDS = r"(?:Chủ tịch|Thủ tướng|Ủy ban|Uỷ ban|UBND|Hội đồng|Giám đốc|Bộ trưởng)"
GRANT_RE = re.compile(
    rf"(?P<by>{AUTHORITY_WORDS}[^,;.()]{{0,80}}?)\s+(?:xem xét\s+|quyết định\s+)?(?:tặng|khen thưởng bằng)\s+"
    r"(?P<form>Huân chương [^,;.()]+?|Cờ thi đua|Bằng khen|Giấy khen)(?=\s+(?:cho|đối với|để)\b|[,;.()]|$)"
)
FORM_NAME_RE = re.compile(
    r"(?:Huân chương|Cờ thi đua|Bằng khen|Giấy khen)(?:\s+(?:của|do)\s+[^,;.()]+?)?"
    r"(?=\s+(?:cho|đối với|để|về|theo|khi)\b|\s*[,;.()]|\s*$)"
)
QUOTA_RE = re.compile(
    r"(?:tỷ lệ\s+)?(?:không quá|tối đa|không vượt quá)\s+\d+(?:[.,]\d+)?\s*%[^);.]*|"
    r"(?:không quá|tối đa)\s+\d+\s+(?:tập thể|cá nhân|bằng khen|giấy khen)[^);.]*",
    re.I,
)
BODY_ENDINGS = ("NHÂN DÂN", "KHEN THƯỞNG", "THƯỜNG VỤ", "THƯỜNG TRỰC")
APPENDIX_RE = re.compile(r"^PH[ỤU] L[ỤU]C(?:\s+(?:[IVX]+|\d+|SỐ\s*\d+))?\s*:?$", re.IGNORECASE)
RECIPIENTS_RE = re.compile(r"^Nơi nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)


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
    if "GIẢI PHÁP" in upper or "PHƯƠNG ÁN" in upper or "NHIỆM VỤ" in upper and not roles:
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


PHASE_RE = re.compile(
    r"^(?P<word>Giai đoạn|Đợt)\s+(?P<n>\d+|[IVX]+)(?:\s+dự kiến)?\s*[:.]?\s*(?:\(\s*)?(?:từ\s+)?(?:năm\s+)?"
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
    date = DUE_RE.search(sentence)
    day, month = (int(date.group(1)), int(date.group(2))) if date else (None, None)
    return _deadline_row(day, month, reporter=reporter, receiver=receiver, via=via, issuer_level=issuer_level)


def _deadline_row(day, month, *, reporter: str, receiver: str, via: str, issuer_level: str) -> dict:
    if issuer_level == "province":
        reporters = "units_and_localities" if re.search(r"địa phương|xã|phường", reporter) else "units"
    elif re.search(r"\b(tỉnh|thành phố)\b", receiver) or re.match(r"^Sở\b", receiver):
        reporters = "issuer"
    else:
        reporters = "units"
    return {"day": day, "month": month, "reporter": reporter, "receiver": receiver, "via": via, "reporters": reporters}


# "… (gửi|nộp) (hồ sơ|báo cáo) về Sở Nội vụ (qua Ban Thi đua - Khen thưởng) trước ngày 15/4/2026",
# "Thời gian gửi báo cáo: trước ngày 10/12 hằng năm": a dossier or report due by a date, anywhere.
DUE_RE = re.compile(
    r"(?:trước|chậm nhất|hạn chót|hạn cuối)(?: là| vào)?\s+ngày\s+(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})\b"
)
SUBMIT_RE = re.compile(r"(?i)\b(?:gửi|nộp)\b|\bbáo cáo\s+(?:về|cho|kết quả)\b")
RECEIVER_RE = re.compile(
    r"(?i)\b(?:gửi|nộp|báo cáo)\b[^.;:]*?\s(?:về|cho|tới|đến)\s+(?!việc\b|ngày\b|trước\b)(?P<receiver>[^.;,()]+?)"
    r"(?:\s*\(qua\s+(?P<via>[^)]+)\))?(?=\s+(?:trước|chậm nhất|hạn|để|hàng năm|hằng năm|theo)\b|\s*[.;,(]|\s*$)"
)
REPORTER_RE = re.compile(  # "Các xã … gửi", "Hồ sơ của các sở, ngành gửi"
    r"(?:^|\bcủa\s+)(?P<who>(?:Các|các|Ủy ban|Uỷ ban|UBND|Sở|Phòng|Ban|Trường|Thôn|Tổ dân phố|Cơ quan|Đơn vị|"
    r"Hội|Mặt trận|Đoàn|Công an|Doanh nghiệp)\b[^.;:]{0,200}?)\s*,?\s*(?:gửi|nộp|báo cáo)\b"
)


def submission_deadline(
    sentence: str, *, issuer_level: str, default_reporter: str, default_receiver: str
) -> tuple[dict, list[str]] | None:
    """A dossier or report due by a date outside the responsibilities, and what was not
    written (the receiver, the reporter) so the officer can check it; None when it is not one."""
    due = DUE_RE.search(sentence)
    if not due or not SUBMIT_RE.search(sentence):
        return None
    missing = []
    receiver = RECEIVER_RE.search(sentence)
    who = REPORTER_RE.search(sentence)
    if receiver is None:
        missing.append("receiver")
    if who is None:
        missing.append("reporter")
    row = _deadline_row(
        int(due.group(1)),
        int(due.group(2)),
        reporter=who.group("who").strip() if who else default_reporter,
        receiver=receiver.group("receiver").strip() if receiver else default_receiver,
        via=(receiver.group("via") or "").strip() if receiver else "",
        issuer_level=issuer_level,
    )
    return row, missing


def _signer(lines: list[str]) -> dict | None:
    capacity = delegation = title = name = ""
    for text in lines:
        if re.match(r"^TM\.", text):
            capacity = text
        elif capacity and not delegation and not title and f"{capacity} {text}".endswith(BODY_ENDINGS):
            capacity = f"{capacity} {text}"  # "TM. ỦY BAN NHÂN" wrapped before "DÂN"
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


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at the last clause ("; " or ", ") or word that fits."""
    cut = text[:limit]
    for mark in ("; ", ", ", " "):
        if mark in cut:
            return cut[: cut.rindex(mark)].rstrip(" ,;")
    return cut


def recase(phrase: str, text: str) -> str:
    """A phrase written in capitals, in the casing the running text gives it: the same words
    found in the text, else each word as the text most often writes it (lower case if never)."""
    pattern = r"\s+".join(re.escape(word) for word in phrase.split())
    found = re.search(pattern, text, re.IGNORECASE)
    if found and found.group(0) != found.group(0).upper():
        return collapse(found.group(0))
    forms: dict[str, Counter] = {}
    for word in re.findall(r"\w+", text):
        if word != word.upper() or len(word) == 1:
            forms.setdefault(word.lower(), Counter())[word] += 1

    def cased(match: re.Match) -> str:
        word = match.group(0)
        if re.fullmatch(r"[IVXLC]+", word):
            return word  # a Roman numeral: "Đại hội XIV"
        known = forms.get(word.lower())
        return known.most_common(1)[0][0] if known else word.lower()

    return re.sub(r"\w+", cased, phrase)


def forms_in_sentence(text: str) -> list[str]:
    """Award forms a sentence names: "Chủ tịch UBND tỉnh xem xét tặng Bằng khen cho …" →
    "Bằng khen của Chủ tịch UBND tỉnh"; "gồm: Bằng khen của …; Giấy khen" → both."""
    grants = [f"{m.group('form')} của {m.group('by').strip()}" for m in GRANT_RE.finditer(text)]
    if grants:
        return grants
    head, inline = split_colon(text, max_head=80)
    if re.search(r"(?i)hình thức\b", head) and inline:
        return [m.group(0).strip() for m in FORM_NAME_RE.finditer(inline)]
    return []


def _is_sentence(text: str) -> bool:
    return len(text) > 60 and ends_sentence(text)


def following_level(blocks: list, n: int) -> int:
    return blocks[n + 1].level if n + 1 < len(blocks) else 0


def _sub_sections(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    """[(sub-heading, its blocks)] when the blocks are split by two or more numbered sub-headings
    ("1. Nội dung thi đua", "2. Phương án triển khai") that name different parts of a plan."""
    top = min((b.level for b in blocks if b.marked and b.kind != "dash"), default=None)
    heads = [
        n
        for n, b in enumerate(blocks)
        if b.level == top and b.marked and len(b.text) < 80 and not ends_sentence(b.text)
    ]
    named = {frozenset(_section_roles(blocks[n].text.upper())) for n in heads} - {frozenset()}
    if len(heads) < 2 or len(named) < 2 or heads[0] != 0:
        return []
    bounds = [*heads, len(blocks)]
    return [(blocks[n].text.rstrip(":"), blocks[n + 1 : bounds[i + 1]]) for i, n in enumerate(heads)]
