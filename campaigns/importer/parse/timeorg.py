"""Time and phases, responsibilities, the closing paragraph, recipients, signature and deadlines."""

import re

from django.utils.translation import gettext as _

from campaigns.importer.parse.rules import (
    APPENDIX_RE,
    PHASE_RE,
    PORTAL_NOTE,
    RECIPIENTS_RE,
    SIGNATURE_START_RE,
    SIGNER_TITLE_RE,
    _deadline,
    _from_opener,
    _paragraph_text,
    _review,
    _signer,
    _subject_of,
    _texts,
    submission_deadline,
)
from campaigns.importer.text import (
    Block,
    build_blocks,
    collapse,
    split_colon,
)


class TimeOrgMixin:
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
        phase_level = 0
        for block in blocks:
            match = PHASE_RE.match(block.text)
            if match:
                current = self._phase(block.text, match)
                phases.append(current)
                phase_level = block.level
                continue
            if current is not None and block.marked and block.level < phase_level:
                current = None  # "b) Thời gian kiểm tra …" after "- Đợt 02 …": back to the section's text
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
        name = f"{match.group('word')} {match.group('n')}"
        start = int(match.group("y1")) if match.group("y1") else None
        end = int(match.group("y2")) if match.group("y2") else start
        description = ""
        if match.group("y1"):
            # "(2025 - 2027), sơ kết năm 2027: …" — what follows the colon is the description.
            description = re.sub(r"^\s*,[^:]{0,60}:", "", match.group("rest")).strip().lstrip(":.").strip()
        if start is None:
            years = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", text[:80])] or [
                int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", text)
            ]
            start, end = (years[0], years[-1]) if years else (None, None)
            description = (
                match.group("rest").strip().lstrip(":.").strip()
                if match.group("word") == "Đợt"
                else split_colon(text[len(match.group(0)) :].strip(), max_head=0)[0]
            )
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
                for _block in tail:
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
            if APPENDIX_RE.match(text):
                # An appendix after the signature (a scoring table) is neither the signer nor recipients.
                self.appendix = texts[texts.index(text) :]
                break
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

    def deadlines(self) -> list[dict]:
        found = []
        level = self.data["issuer"]["level"]
        for entry in self.data["responsibilities"]:
            for duty in entry["duties"]:
                for sentence in _sentences(duty):
                    deadline = _deadline(sentence, body=entry["body"], issuer_level=level)
                    if deadline:
                        found.append(deadline)
        for block in self.outside_blocks:
            for sentence in _sentences(block.text):
                self._submission_deadline(sentence, found)
        return found

    def _submission_deadline(self, sentence: str, found: list[dict]) -> None:
        """A dossier or report deadline written outside the responsibilities ("Hồ sơ … gửi về
        Sở Nội vụ … trước ngày 15/4/2026"); what the sentence leaves unsaid is marked for review."""
        issuer = self.data["issuer"]["name"]
        read = submission_deadline(
            sentence,
            issuer_level=self.data["issuer"]["level"],
            default_reporter=_("Các cơ quan, đơn vị, địa phương"),
            default_receiver=_("Ủy ban nhân dân %(unit)s") % {"unit": issuer} if issuer else _("Cơ quan ban hành"),
        )
        if read is None:
            return
        deadline, missing = read
        same = ("day", "month", "receiver")
        if any(all(d[key] == deadline[key] for key in same) for d in found):
            return
        found.append(deadline)
        unsaid = {"receiver": _("nơi nhận"), "reporter": _("đơn vị gửi")}
        if missing:
            self.unsure(
                "organisation",
                _("hạn ngày %(day)s/%(month)s đọc ngoài mục tổ chức thực hiện, văn bản không ghi %(what)s")
                % {"day": deadline["day"], "month": deadline["month"], "what": ", ".join(unsaid[m] for m in missing)},
            )


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.;])\s+(?=[A-ZÀ-ỸĐ])", text)
