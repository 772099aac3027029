"""Dates as official documents write them (Nghị định 30/2020/NĐ-CP, Phụ lục I): one formatter
for the documents layer (reporting.officialdoc) and the certificates (awards.documents), so a
decision and its certificates print the same date."""

import datetime


def format_date(date: datetime.date | None, year_hint: int | None = None) -> str:
    """ "ngày 05 tháng 02 năm 2026": leading zeros for days below 10 and months 1 and 2."""
    if date is None:
        blank = "\u00a0" * 5
        return f"ngày{blank}tháng{blank}năm {year_hint or ''}".rstrip()
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {day} tháng {month} năm {date.year}"
