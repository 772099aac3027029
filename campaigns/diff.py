"""What a commune plan changed from the plan it implements, section by section: whole lines
added or removed, and, for a line that was reworded, the words changed inside it (<del>/<ins>).
Lines read as the plan does (labels, never stored codes such as "final")."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from awards.models import Occasion
from campaigns.exchange import plan_to_data
from campaigns.models import Plan, Review

# A removed and an added line at least this alike (by words) are one line reworded.
REWORDED = 0.5


def _label(choices, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def _phase(p: dict) -> str:
    text = f"{p['name']} ({p['start_year']} - {p['end_year']})"
    if p["review"]:
        text += f", {_label(Review, p['review']['kind']).lower()} {p['review']['year'] or ''}".rstrip()
    return text


def _deadline(x: dict) -> str:
    day = f"{x['day']}/{x['month']}" if x["day"] and x["month"] else str(_("không ghi ngày"))
    via = f" ({_('qua')} {x['via']})" if x["via"] else ""
    return f"{day}: {x['reporter']} → {x['receiver']}{via}"


# (label, how to turn the exported plan into a list of comparable lines)
COMPARED = [
    (_("Mục đích"), lambda d: d["purposes"]),
    (_("Yêu cầu"), lambda d: d["requirements"]),
    (_("Nội dung thi đua"), lambda d: d["contents"]),
    (_("Tiêu chí thi đua"), lambda d: [f"{st}: {c}" for st, items in d["criteria"].items() for c in items]),
    (
        _("Hình thức khen thưởng"),
        lambda d: [f"{_label(Occasion, f['occasion'])}: {f['name']}" for f in d["award_forms"]],
    ),
    (_("Giải pháp"), lambda d: d["solutions"]),
    (_("Giai đoạn"), lambda d: [_phase(p) for p in d["phases"]]),
    (_("Hạn báo cáo"), lambda d: [_deadline(x) for x in d["deadlines"]]),
    (_("Tổ chức thực hiện"), lambda d: [f"{r['body']}: {' '.join(r['duties'])}" for r in d["responsibilities"]]),
]


@dataclass
class Line:
    kind: str  # "same", "added", "removed", "changed" (reworded: `html` marks the words)
    text: str
    html: SafeString | None = None


def _words(text: str) -> list[str]:
    return re.findall(r"\S+|\s+", text)


def word_diff(old: str, new: str) -> SafeString:
    """`new` with the words it dropped from `old` in <del> and the words it added in <ins>."""
    a, b = _words(old), _words(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(b[j1:j2])))
            continue
        if i2 > i1 and "".join(a[i1:i2]).strip():
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1 and "".join(b[j1:j2]).strip():
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
        elif j2 > j1:
            out.append(escape("".join(b[j1:j2])))
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703 - every piece is escaped above


def _similarity(old: str, new: str) -> float:
    return difflib.SequenceMatcher(a=_words(old), b=_words(new), autojunk=False).ratio()


def _replaced(old: list[str], new: list[str]) -> list[Line]:
    """A block of lines replaced by another: each new line paired with the most alike old line
    left (a line reworded), the rest removed or added whole."""
    left = list(range(len(old)))
    removed, lines = [], []
    for text in new:
        best = max(left, key=lambda i: _similarity(old[i], text), default=None)
        if best is not None and _similarity(old[best], text) >= REWORDED:
            left.remove(best)
            lines.append(Line("changed", text, word_diff(old[best], text)))
        else:
            lines.append(Line("added", text))
    removed = [Line("removed", old[i]) for i in left]
    return removed + lines


@dataclass
class SectionDiff:
    label: str
    lines: list[Line]

    @property
    def changed(self) -> bool:
        return any(line.kind != "same" for line in self.lines)

    @property
    def counts(self) -> dict[str, int]:
        kinds = ("added", "removed", "changed", "same")
        return {kind: sum(1 for line in self.lines if line.kind == kind) for kind in kinds}


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
                lines += _replaced(old[i1:i2], new[j1:j2])
        result.append(SectionDiff(str(label), lines))
    return result
