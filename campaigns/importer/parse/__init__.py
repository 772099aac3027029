"""A plan's text → a dict in the export_plan / demo-file schema (README.md, "The plan as JSON").

Works on the family of real plans, not on five files: sections numbered I–VI or fewer,
merged ("THỜI GIAN VÀ TỔ CHỨC THỰC HIỆN"), missing (no criteria, no solutions); lists
marked "1.", "1.1.", "a)", "-", "+"; hard-wrapped or one line per paragraph; a header with
the issuing body, number, place and date, or none at all. Text is kept as written (typos
included); only derived fields (years, dates, codes) are computed.

Pure: no database. `campaigns.importer.linking` links cited plans to plans in the portal.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from campaigns.importer.cleanup import clean_source
from campaigns.importer.parse.appendix import appendix_criteria
from campaigns.importer.parse.head import HeadMixin
from campaigns.importer.parse.rules import (
    PAGE_NUMBER_RE,
    PLAN_WORD_RE,
    _section_match,
    _section_roles,
    award_code,
    empty_plan,
    parse_date,
    unit_in,
)
from campaigns.importer.parse.sections import SectionsMixin
from campaigns.importer.parse.timeorg import TimeOrgMixin
from campaigns.importer.text import (
    Block,
    Layout,
    collapse,
    normalise_source,
)

__all__ = ["ParsedPlan", "award_code", "empty_plan", "looks_like_plan", "parse_date", "parse_plan", "unit_in"]


@dataclass
class ParsedPlan:
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    # {section: reason} for each section the parser is unsure of (see SECTIONS); the rest are sure.
    unsure: dict[str, str] = field(default_factory=dict)


def looks_like_plan(text: str) -> bool:
    """A plan says "KẾ HOẠCH" or has at least one of the usual section headings."""
    lines = [collapse(line) for line in clean_source(normalise_source(text)).split("\n")]
    if any(PLAN_WORD_RE.match(line) for line in lines):
        return True
    return any(_section_roles(m.group("title")) for m in map(_section_match, lines) if m)


def parse_plan(text: str) -> ParsedPlan:
    parser = _Parser(clean_source(normalise_source(text)))
    return parser.run()


class _Parser(HeadMixin, SectionsMixin, TimeOrgMixin):
    def __init__(self, text: str):
        # Page numbers of a PDF ("2", "- 3 -", "Trang 4") are not text of the plan.
        self.raw_lines = [line.rstrip() for line in text.split("\n")]  # an appendix table's numbers are cells
        self.lines = ["" if PAGE_NUMBER_RE.match(line) else line for line in self.raw_lines]
        self.layout = Layout(self.lines)
        self.data = empty_plan()
        self.warnings: list[str] = []
        self.appendix: list[str] = []
        self.doubts: dict[str, list[str]] = {}
        self.last_blocks: list[Block] = []
        self.outside_blocks: list[Block] = []  # the blocks of every section but the responsibilities
        self.last_role: str | None = None
        # (responsibility, its source blocks, whether its heading carried a duty after ":")
        self.org_entries: list[tuple[dict, list[Block], bool]] = []

    def unsure(self, section: str, reason: str) -> None:
        """Mark a section as read with low confidence, and why (shown on the review screen)."""
        reasons = self.doubts.setdefault(section, [])
        if reason not in reasons:
            reasons.append(reason)

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
        if self.appendix:
            self.read_appendix_criteria(self.raw_lines[len(lines) - len(self.appendix) :])
        self.finish()
        unsure = {key: "; ".join(reasons) for key, reasons in self.doubts.items()}
        return ParsedPlan(data=self.data, warnings=self.warnings, unsure=unsure)

    def read_appendix_criteria(self, lines: list[str]) -> None:
        """Criteria from an appendix scoring table, when the body has none of its own (none at
        all, or only sentences that send the reader to the appendix)."""
        body = [c for group in self.data["criteria_groups"] for c in group["criteria"]]
        if body and not any(re.search(r"(?i)phụ lục", c) for c in body):
            return
        groups, empty = appendix_criteria(lines)
        if not groups:
            return
        self.data["criteria_groups"] = groups
        self.doubts.pop("criteria", None)
        self.warnings = [w for w in self.warnings if "không thuộc nhóm đối tượng nào" not in w]
        self.unsure("criteria", _("tiêu chí đọc từ bảng chấm điểm ở phụ lục; hãy đối chiếu nhóm đối tượng và điểm"))
        for heading in empty:
            reason = _("nhóm “%(heading)s” của phụ lục không có tiêu chí đánh số") % {"heading": heading}
            self.unsure("criteria", reason)

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
