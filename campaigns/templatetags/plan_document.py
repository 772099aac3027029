import datetime

from django import template

from campaigns.document import VI_LETTERS, plan_sections

register = template.Library()


@register.filter
def vi_letter(counter: int) -> str:
    """1 → a, 5 → đ: the lettering of points in Vietnamese documents."""
    return VI_LETTERS[(int(counter) - 1) % len(VI_LETTERS)]


@register.filter
def document_date(value: datetime.date | None) -> str:
    """The date line of an official document: "ngày 15 tháng 5 năm 2026"."""
    if not value:
        return "ngày … tháng … năm …"
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


@register.simple_tag
def sections_of(plan):
    return plan_sections(plan)
