"""The section layout of a plan document, computed from what the plan holds.

Real plans number their sections differently (001 merges time and organisation, 003 has no
criteria or solutions); the portal renders the sections a plan has, numbered in order.
"""

from dataclasses import dataclass

from campaigns.models import Plan

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
# Vietnamese administrative documents letter their points a, b, c, d, đ, e, g, h, i, k…
VI_LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u"]


@dataclass(frozen=True)
class Section:
    key: str
    roman: str
    heading: str


def plan_sections(plan: Plan) -> list[Section]:
    has_criteria = bool(plan.criterion_groups.all())
    has_awards = bool(plan.award_sections.all()) or bool(plan.award_subjects)
    candidates = [
        ("aims", "MỤC ĐÍCH, YÊU CẦU", bool(plan.purposes.all()) or bool(plan.requirements.all())),
        ("contents", "NỘI DUNG PHONG TRÀO THI ĐUA", bool(plan.contents.all()) or bool(plan.contents_intro)),
        (
            "criteria_awards",
            "TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG" if has_criteria else "HÌNH THỨC KHEN THƯỞNG",
            has_criteria or has_awards,
        ),
        ("solutions", "GIẢI PHÁP THỰC HIỆN", bool(plan.solutions.all())),
        ("time", "THỜI GIAN THỰC HIỆN", bool(plan.phases.all()) or bool(plan.phases_intro)),
        ("organisation", "TỔ CHỨC THỰC HIỆN", bool(plan.responsibilities.all()) or bool(plan.closing)),
    ]
    present = [(key, heading) for key, heading, shown in candidates if shown]
    return [Section(key, ROMAN[i], heading) for i, (key, heading) in enumerate(present)]
