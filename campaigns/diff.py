"""What a commune plan changed from the plan it implements, section by section."""

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from campaigns.exchange import plan_to_data
from campaigns.models import Plan

# (label, how to turn the exported plan into a list of comparable lines)
COMPARED = [
    (_("Mục đích"), lambda d: d["purposes"]),
    (_("Yêu cầu"), lambda d: d["requirements"]),
    (_("Nội dung thi đua"), lambda d: d["contents"]),
    (_("Tiêu chí thi đua"), lambda d: [f"{st}: {c}" for st, items in d["criteria"].items() for c in items]),
    (_("Hình thức khen thưởng"), lambda d: [f"{f['occasion']}: {f['name']}" for f in d["award_forms"]]),
    (_("Giải pháp"), lambda d: d["solutions"]),
    (
        _("Giai đoạn"),
        lambda d: [
            f"{p['name']} ({p['start_year']} - {p['end_year']})"
            + (f", {p['review']['kind']} {p['review']['year']}" if p["review"] else "")
            for p in d["phases"]
        ],
    ),
    (
        _("Hạn báo cáo"),
        lambda d: [
            f"{x['day'] or '?'}/{x['month'] or '?'}: {x['reporter']} → {x['receiver']} ({x['via']})"
            for x in d["deadlines"]
        ],
    ),
    (_("Tổ chức thực hiện"), lambda d: [f"{r['body']}: {' '.join(r['duties'])}" for r in d["responsibilities"]]),
]


@dataclass
class Line:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass
class SectionDiff:
    label: str
    lines: list[Line]

    @property
    def changed(self) -> bool:
        return any(line.kind != "same" for line in self.lines)

    @property
    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for line in self.lines if line.kind == kind) for kind in ("added", "removed", "same")}


def plan_diff_sections(plan: Plan, parent: Plan) -> list[SectionDiff]:
    """Both plans must come from `plan_document_queryset` (everything prefetched)."""
    mine, theirs = plan_to_data(plan), plan_to_data(parent)
    result = []
    for label, lines_of in COMPARED:
        old, new = lines_of(theirs), lines_of(mine)
        lines: list[Line] = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if op == "equal":
                lines += [Line("same", text) for text in new[j1:j2]]
            else:
                lines += [Line("removed", text) for text in old[i1:i2]]
                lines += [Line("added", text) for text in new[j1:j2]]
        result.append(SectionDiff(str(label), lines))
    return result
