"""Reporting deadlines of a plan (annual reports and reminders build on them)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.deadlines import check_day_month


class ReportingDeadline(models.Model):
    class Reporters(models.TextChoices):
        UNITS = "units", _("Các đơn vị tham gia của cấp ban hành")
        UNITS_AND_LOCALITIES = "units_and_localities", _("Các sở, ngành, đơn vị và các xã, phường")
        ISSUER = "issuer", _("Chính cấp ban hành báo cáo lên cấp trên")

    plan = models.ForeignKey(
        "campaigns.Plan",
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("kế hoạch"),
    )
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
        if self.day is not None:
            check_day_month(self.day, self.month)
