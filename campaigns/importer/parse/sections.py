"""Splitting the body into its Roman-numbered sections and reading aims, contents, criteria and awards."""

import re

from django.utils.translation import gettext as _

from campaigns.importer.parse.rules import (
    AWARD_FORM_START,
    PORTAL_NOTE,
    QUOTA_RE,
    RECIPIENTS_RE,
    SIGNATURE_START_RE,
    Section,
    _is_sentence,
    _paragraph_text,
    _section_match,
    _section_roles,
    _sub_sections,
    _texts,
    award_code,
    forms_in_sentence,
    occasions_of,
    strip_item_end,
    subject_code,
)
from campaigns.importer.text import (
    Block,
    build_blocks,
    collapse,
    split_colon,
)


class SectionsMixin:
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
        if not roles & {"time", "organisation"}:
            self.outside_blocks.extend(blocks)  # where a dossier or report deadline may also be set
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
            self.outside_blocks.extend(time_blocks)
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
        parts = _sub_sections(blocks)
        if parts:
            self.parse_combined(parts)
            return
        intro: list[Block] = []
        items = list(blocks)
        if any(b.marked for b in blocks):
            while items and not items[0].marked:
                intro.append(items.pop(0))
        elif len(items) > 1 and items[0].text.endswith(":"):
            intro.append(items.pop(0))
        self.data["contents_intro"] = _paragraph_text(intro)
        self.data["contents"].extend(_texts(items))

    def parse_combined(self, parts: list[tuple[str, list[Block]]]) -> None:
        """A section that combines several ("NỘI DUNG THI ĐUA, PHƯƠNG ÁN TRIỂN KHAI, TIÊU CHÍ …"):
        each numbered sub-heading goes where its own words say; one that fits nowhere is left
        for the officer, with a warning."""
        for heading, part in parts:
            roles = _section_roles(heading.upper())
            if "contents" in roles or "aims" in roles and not roles - {"aims"}:
                self.parse_contents(part)
            elif "solutions" in roles:
                self.data["solutions"].extend(_texts(part))
            elif "criteria" in roles:
                self.parse_criteria(part)
                self.unsure("criteria", _("tiêu chí đọc từ một mục gộp; hãy đối chiếu văn bản"))
            elif "awards" in roles:
                self.parse_awards(part)
            else:
                self.warn(
                    _("Mục “%(heading)s” không thuộc phần nào của kế hoạch trong cổng; hãy đối chiếu văn bản gốc.")
                    % {"heading": heading}
                )
                self.unsure("contents", _("mục gộp có phần “%(heading)s” chưa đọc được") % {"heading": heading})

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
        group_heading, group_level = "", 0
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
                    group_heading, group_level, current = head, block.level, None
                    continue  # a heading that only groups the blocks below it
                if block.level <= group_level:
                    group_heading = ""  # the next heading at the group's own level
                in_group = current is not None and current["heading"] == group_heading
                if group_heading and ((not inline and _is_sentence(text)) or in_group):
                    # "a) Chủ tịch UBND tỉnh xem xét tặng Bằng khen …" under "1. Cấp tỉnh": a sentence, not a heading.
                    if current is None or current["heading"] != group_heading:
                        current = {"heading": group_heading, "occasions": occasions_of(group_heading), "forms": []}
                        current["standards"] = ""
                        sections.append(current)
                    self._read_award_sentence(current, text)
                    continue
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
            if re.fullmatch(r"(?i)hình thức( và danh hiệu)?( khen thưởng)?( gồm| bao gồm| có)?", head) and (
                block.marked or inline
            ):
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
            self._read_award_sentence(current, text)

    def _read_award_sentence(self, section: dict, text: str) -> None:
        """Standards text; the award forms a sentence grants ("… xem xét tặng Bằng khen cho …")
        and the quota it sets ("không quá 10% tập thể, 5% cá nhân") are read from it too."""
        section["standards"] = collapse(f"{section['standards']} {text}")
        quota = QUOTA_RE.search(text)
        names = forms_in_sentence(text)
        known = {form["award_form"] for form in section["forms"]}
        self._add_forms(
            section, [n for n in names if award_code(n) not in known], quota=quota.group(0) if quota else ""
        )
        if names:
            self.unsure("awards", _("hình thức khen thưởng đọc từ câu văn, không từ danh sách"))

    def _add_forms(self, section: dict, names: list[str], *, quota: str = "") -> None:
        for raw in names:
            name = strip_item_end(raw)
            code = award_code(name)
            if code is None:
                self.warn(
                    _("Không nhận ra hình thức khen thưởng “%(name)s”; hãy chọn lại hoặc xóa dòng đó.") % {"name": name}
                )
            form = {"award_form": code, "name": name}
            if quota:
                form["quota"] = quota
            section["forms"].append(form)

    # time and organisation -----------------------------------------------------------------
