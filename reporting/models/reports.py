"""A participating unit's annual report to its commune (or, for a province department, to
the province): results per content and per criterion, evidence files, its history."""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet, part_paths
from reporting.models.submission import Submission, SubmissionEvent


def format_points(value: Decimal) -> str:
    """10.00 → "10", 7.50 → "7,5" (in Vietnamese): points as people write them."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text))


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    """Stored under the app and the report id, with a random name: the original name is kept
    in a field and never used as a path (it may hold anything)."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"reporting/reports/{instance.report_id}/{uuid.uuid4().hex}{suffix}"


class AnnualReportQuerySet(ScopedQuerySet):
    area_path = "unit__admin_unit"
    unit_path = "unit"


class AnnualReport(Submission):
    """A participating unit's yearly results under its commune's plan (báo cáo kết quả hằng năm).

    Workflow, timeliness and optimistic locking: see Submission. Each transition is logged
    as a ReportEvent.
    """

    plan = models.ForeignKey(
        "campaigns.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    unit = models.ForeignKey(
        "campaigns.ParticipatingUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo kết quả hằng năm")
        verbose_name_plural = _("báo cáo kết quả hằng năm")
        ordering = ["-year", "plan", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "unit"],
                name="unique_annual_report",
                violation_error_message=_("Đơn vị đã có báo cáo của năm này theo kế hoạch này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", args=[self.plan_id, self.year, self.unit_id])

    def owner_errors(self) -> dict[str, str]:
        if self.plan_id and self.unit_id and self.unit.admin_unit_id != self.plan.issuer_id:
            return {"unit": _("Đơn vị phải thuộc đơn vị hành chính ban hành kế hoạch.")}
        return {}


class ContentResult(models.Model):
    """What the unit did under one campaign content item of the plan."""

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.CASCADE,
        related_name="content_results",
        verbose_name=_("báo cáo"),
    )
    content = models.ForeignKey(
        "campaigns.Content", verbose_name=_("nội dung thi đua"), on_delete=models.PROTECT, related_name="results"
    )
    text = models.TextField(_("kết quả"), blank=True)

    class Meta:
        verbose_name = _("kết quả theo nội dung")
        verbose_name_plural = _("kết quả theo nội dung")
        ordering = ["report", "content__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "content"],
                name="unique_content_result",
                violation_error_message=_("Báo cáo đã có kết quả cho nội dung này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.content.number}. {self.text[:60]}"

    def clean(self) -> None:
        if self.report_id and self.content_id and self.content.plan_id != self.report.plan_id:
            raise ValidationError({"content": _("Nội dung thi đua không thuộc kế hoạch của báo cáo.")})


class CriterionResult(models.Model):
    """The unit's result against one criterion, with optional self-assessed points."""

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.CASCADE,
        related_name="criterion_results",
        verbose_name=_("báo cáo"),
    )
    criterion = models.ForeignKey(
        "criteria.Criterion", verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="results"
    )
    text = models.TextField(_("kết quả"), blank=True)
    points = models.DecimalField(_("điểm tự chấm"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả theo tiêu chí")
        verbose_name_plural = _("kết quả theo tiêu chí")
        ordering = ["report", "criterion__group__number", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "criterion"],
                name="unique_criterion_result",
                violation_error_message=_("Báo cáo đã có kết quả cho tiêu chí này."),
            ),
            models.CheckConstraint(
                condition=models.Q(points__isnull=True) | models.Q(points__gte=0),
                name="criterion_result_points_not_negative",
                violation_error_message=_("Điểm tự chấm không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.number}. {self.text[:60]}"

    def clean(self) -> None:
        if not self.criterion_id:
            return
        if self.report_id and self.criterion.group.plan_id != self.report.plan_id:
            raise ValidationError({"criterion": _("Tiêu chí không thuộc kế hoạch của báo cáo.")})
        max_points = self.criterion.max_points
        if self.points is not None and max_points is not None and self.points > max_points:
            raise ValidationError(
                {
                    "points": _("Điểm tự chấm không được vượt quá điểm tối đa %(max)s.")
                    % {"max": format_points(max_points)}
                }
            )


class EvidenceQuerySet(ScopedQuerySet):
    area_path, unit_path = part_paths(AnnualReportQuerySet, "report")


class Evidence(models.Model):
    """A file attached to a report (minh chứng). Downloaded only through a checked view."""

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("báo cáo"),
    )
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ReportEvent(SubmissionEvent):
    """One workflow transition of a unit's report."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("báo cáo"))

    class Meta(SubmissionEvent.Meta):
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = _("lịch sử báo cáo")
