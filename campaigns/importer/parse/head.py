"""Header (issuing body, number, place, date), title, campaign, preamble and citations."""

import re
from collections import Counter

from django.utils.translation import gettext as _

from campaigns.importer.parse.rules import (
    CAMPAIGN_IN_TITLE_RE,
    CAMPAIGN_MAX,
    CITATION_RE,
    CITATION_START_RE,
    NAME_RE,
    OPEN_START_RE,
    PERIOD_SPAN_RE,
    PLAN_WORD_RE,
    PREAMBLE_OPENERS,
    PROVINCE_KINDS,
    SUMMARY_START_RE,
    THEME_RE,
    UNIT_KINDS,
    _cut_outside_quotes,
    _iso,
    _texts,
    clean_number,
    parse_date,
    recase,
    shorten,
    strip_item_end,
    unit_in,
)
from campaigns.importer.text import (
    build_blocks,
    collapse,
    ends_sentence,
    join_lines,
)


class HeadMixin:
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
            self.data["campaign"] = self.unquoted_campaign(index)
            self.warn(_("Tên phong trào không nằm trong ngoặc kép ở tên kế hoạch; hãy kiểm tra ô Phong trào."))
            self.unsure("general", _("tên phong trào không nằm trong ngoặc kép, đã suy ra từ tên kế hoạch"))
        if len(self.data["campaign"]) > CAMPAIGN_MAX:
            self.data["campaign"] = shorten(self.data["campaign"], CAMPAIGN_MAX)
            self.warn(_("Tên phong trào dài quá 255 ký tự nên đã được rút gọn; hãy kiểm tra ô Phong trào."))
            self.unsure("general", _("tên phong trào quá dài, đã rút gọn"))
        return index

    def unquoted_campaign(self, body_start: int) -> str:
        """A campaign named without quotes: under a "Chủ đề thi đua" line, else what follows
        "phong trào thi đua" / "đợt thi đua" in the title; in the text's own casing when the
        title is in capitals."""
        body = " ".join(collapse(line) for line in self.lines[body_start:])
        theme = THEME_RE.search(body)
        if theme:
            return strip_item_end(theme.group("name").strip('“”" '))
        title = self.data["title"]
        match = CAMPAIGN_IN_TITLE_RE.search(title)
        name = match.group("name") if match else title
        if name == name.upper():
            name = recase(name, body)
        return name[:1].upper() + name[1:]

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
        full_text = " ".join(collapse(line) for line in self.lines)
        match = re.search(r"giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", data["title"], re.I) or re.search(
            r"từ năm (\d{4}) đến (?:hết )?năm (\d{4})", full_text
        )
        spans = [PERIOD_SPAN_RE.search(t) for t in (data["phases_intro"], *(p["description"] for p in data["phases"]))]
        span = next((m for m in spans if m), None)
        if match:
            data["period"] = {"start_year": int(match.group(1)), "end_year": int(match.group(2))}
        elif span:
            end = int(span.group("y2"))
            data["period"] = {"start_year": int(span.group("y1") or end), "end_year": end}
        elif OPEN_START_RE.search(data["phases_intro"]) and data["issued_on"]:
            # "từ ngày ban hành … đến khi kết thúc …": starts with the plan, ends with an event.
            data["period"] = {"start_year": int(data["issued_on"][:4]), "end_year": None}
            self.warn(_("Thời gian thực hiện kết thúc theo một sự kiện, không theo năm; hãy nhập năm kết thúc."))
            self.unsure("time", _("thời gian không có năm kết thúc"))
        elif data["phases"] and all(p["start_year"] for p in data["phases"]):
            data["period"] = {
                "start_year": min(p["start_year"] for p in data["phases"]),
                "end_year": max(p["end_year"] for p in data["phases"]),
            }
        else:
            years = re.findall(r"năm\s+(\d{4})", data["title"])
            if years:
                data["period"] = {"start_year": int(years[0]), "end_year": int(years[-1])}
