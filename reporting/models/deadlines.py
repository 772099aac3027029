"""Reporting deadlines of a plan (annual reports and reminders build on them)."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# A non-leap year: a yearly deadline must exist every year, so 29/02 is refused.
_REFERENCE_YEAR = 2025


class ReportingDeadline(models.Model):
    class Reporters(models.TextChoices):
        UNITS = "units", _("Các đơn vị tham gia của cấp ban hành")
        UNITS_AND_LOCALITIES = "units_and_localities", _("Các sở, ngành, đơn vị và các xã, phường")
        ISSUER = "issuer", _("Chính cấp ban hành báo cáo lên cấp trên")

    plan = models.ForeignKey("campaigns.Plan", on_delete=models.CASCADE, related_name="deadlines")
    day = models.PositiveSmallIntegerField(_("ngày"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    reporter = models.CharField(_("đơn vị báo cáo (như văn bản ghi)"), max_length=500)
    receiver = models.CharField(_("nơi nhận báo cáo"), max_length=255)
    via = models.CharField(_("qua cơ quan"), max_length=255, blank=True)
    reporters = models.CharField(_("ai phải báo cáo"), max_length=24, choices=Reporters.choices)

    class Meta:
        verbose_name = _("hạn báo cáo")
        verbose_name_plural = _("hạn báo cáo hằng năm")
        ordering = ["plan", "month", "day"]

    def __str__(self) -> str:
        return f"{self.day_month or _('hằng năm')} → {self.receiver}"

    def due_in(self, year: int) -> datetime.date | None:
        """The date this deadline falls on in `year`; None when the plan sets no date. The one
        place a (day, month) becomes a date: boards, the dashboard, chasing, reminders, the
        calendar all ask here."""
        return datetime.date(year, self.month, self.day) if self.day and self.month else None

    @property
    def day_month(self) -> str:
        if self.day and self.month:
            return f"{self.day:02d}/{self.month:02d}"
        return ""

    def clean(self) -> None:
        if (self.day is None) != (self.month is None):
            raise ValidationError(_("Hạn báo cáo cần cả ngày và tháng, hoặc để trống cả hai."))
        if self.day is None:
            return
        if not 1 <= self.month <= 12:
            raise ValidationError({"month": _("Tháng phải từ 1 đến 12.")})
        last_day = calendar.monthrange(_REFERENCE_YEAR, self.month)[1]
        if not 1 <= self.day <= last_day:
            raise ValidationError(
                {
                    "day": _("Ngày %(day)02d/%(month)02d không có trong mọi năm; tháng %(month)d có %(last)d ngày.")
                    % {"day": self.day, "month": self.month, "last": last_day}
                }
            )
