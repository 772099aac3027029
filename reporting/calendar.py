"""An iCalendar (.ics) feed of a user's reporting deadlines, for their phone or Outlook.

The feed URL carries a per-user secret token (calendar apps cannot log in); regenerating the
token revokes the old URL.
"""

import datetime
import re
import secrets

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from campaigns.models import Plan
from reporting.models import ReportingDeadline


def calendar_token_for(user: User, *, renew: bool = False) -> str:
    if renew or not user.calendar_token:
        user.calendar_token = secrets.token_urlsafe(32)
        user.save(update_fields=["calendar_token"])
    return user.calendar_token


def deadlines_for(user: User) -> list[ReportingDeadline]:
    """The deadlines that concern the user: those of their own unit's issued plans, and those
    of their province's issued plans that their unit reports against."""
    unit = user.admin_unit
    if unit is None:
        return []
    own = Q(plan__issuer=unit)
    upward = Q(plan__issuer_id=unit.province_id, reporters=ReportingDeadline.Reporters.UNITS_AND_LOCALITIES)
    return list(
        ReportingDeadline.objects.filter(own | upward if unit.province_id else own)
        .filter(plan__status=Plan.Status.ISSUED, day__isnull=False)
        .select_related("plan__issuer")
        .order_by("month", "day")
    )


_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
# RFC 5545 TEXT allows no control character but tab (line breaks are escaped before this).
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _escape(text: str) -> str:
    """A TEXT value on one content line: a CR on its own must not end the line either (a
    calendar app would read what follows as a property of its own, e.g. a forged event)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\\\\n", text))


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 75:
            out.append(current.decode())
            current = b" "
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


def render_calendar(user: User, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cong thi dua khen thuong//VI",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + _escape("Hạn báo cáo thi đua"),
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    base = settings.PORTAL_BASE_URL.rstrip("/")
    for deadline in deadlines_for(user):
        plan = deadline.plan
        for year in (today.year, today.year + 1):
            if not plan.period_start <= year <= plan.period_end:
                continue
            due = deadline.due_in(year)
            summary = f"Hạn báo cáo thi đua: {deadline.reporter} → {deadline.receiver}"
            description = f"{plan.reference} – {plan.issuer.committee_name}\n{plan.title}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:deadline-{deadline.pk}-{year}@thidua",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
                f"DTEND;VALUE=DATE:{due + datetime.timedelta(days=1):%Y%m%d}",
                "SUMMARY:" + _escape(summary),
                "DESCRIPTION:" + _escape(description),
                "URL:" + base + reverse("campaigns:plan_detail", args=[plan.pk]),
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:" + _escape(summary),
                "TRIGGER:-P3D",
                "END:VALARM",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
