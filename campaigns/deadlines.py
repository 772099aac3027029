"""Yearly deadlines and their reminder offsets: pure checks, no models, usable by any app.

A plan's reporting deadline (reporting) and a commune's registration deadline (awards) are
both a day and a month that recur every year, reminded some days before; both are checked
here, with the same messages.
"""

import calendar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A non-leap year: a yearly deadline must exist every year, so 29/02 is refused.
_REFERENCE_YEAR = 2025


def check_day_month(day: int, month: int) -> None:
    """A month from 1 to 12 and a day that month has every year (31/02 and 29/02 are refused)."""
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("Tháng phải từ 1 đến 12.")})
    last_day = calendar.monthrange(_REFERENCE_YEAR, month)[1]
    if not 1 <= day <= last_day:
        raise ValidationError(
            {
                "day": _("Ngày %(day)02d/%(month)02d không có trong mọi năm; tháng %(month)d có %(last)d ngày.")
                % {"day": day, "month": month, "last": last_day}
            }
        )


def parse_offsets(text: str) -> list[int]:
    """ "14, 7, 3, 1, 0, -3" → [14, 7, 3, 1, 0, -3]: days before the deadline (negative: after)."""
    try:
        offsets = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()}, reverse=True)
    except ValueError as error:
        raise ValidationError(_("Nhập các số ngày, cách nhau bằng dấu phẩy, ví dụ: 14, 7, 3, 1, 0, -3.")) from error
    if not offsets:
        raise ValidationError(_("Cần ít nhất một mốc nhắc."))
    if any(not -30 <= offset <= 60 for offset in offsets):
        raise ValidationError(_("Mỗi mốc nhắc phải từ 60 ngày trước hạn đến 30 ngày sau hạn."))
    return offsets
