"""A commune's (or ward's) annual report to the province, and what it writes per content."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from reporting.models.submission import Submission, SubmissionEvent


class CommuneReportQuerySet(ScopedQuerySet):
    area_path = "commune"


class CommuneReport(Submission):
    """A commune's (or ward's) annual report to the province under the province plan (báo cáo
    của xã gửi tỉnh): the officer's narrative per content of the province plan and a general
    assessment, plus the figures (units that reported, results per content of the commune's
    own plan, dossiers) computed when it is submitted and frozen in `snapshot`.

    Workflow, timeliness and optimistic locking as for AnnualReport: see Submission.
    """

    plan = models.ForeignKey(
        "campaigns.Plan",
        verbose_name=_("kế hoạch cấp tỉnh"),
        on_delete=models.PROTECT,
        related_name="commune_reports",
    )
    commune = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="commune_reports",
    )
    general_assessment = models.TextField(_("đánh giá chung"), blank=True)
    snapshot = models.JSONField(
        _("số liệu tổng hợp"),
        default=dict,
        blank=True,
        help_text=_("Số liệu được tính và chốt lại lúc nộp báo cáo."),
    )

    objects = CommuneReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của xã gửi tỉnh")
        verbose_name_plural = _("báo cáo của xã gửi tỉnh")
        ordering = ["-year", "plan", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "commune", "year"],
                name="unique_commune_report",
                violation_error_message=_("Xã đã có báo cáo của năm này theo kế hoạch này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:commune_report", args=[self.plan_id, self.year, self.commune_id])

    def owner_errors(self) -> dict[str, str]:
        if self.plan_id and not self.plan.issuer.is_province:
            return {"plan": _("Xã báo cáo theo kế hoạch của cấp tỉnh.")}
        if self.plan_id and self.commune_id and self.commune.province_id != self.plan.issuer_id:
            return {"commune": _("Xã, phường phải thuộc tỉnh ban hành kế hoạch.")}
        return {}


class CommuneNarrative(models.Model):
    """What the commune writes about one content of the province plan."""

    report = models.ForeignKey(
        CommuneReport,
        on_delete=models.CASCADE,
        related_name="narratives",
        verbose_name=_("báo cáo"),
    )
    content = models.ForeignKey(
        "campaigns.Content",
        verbose_name=_("nội dung thi đua"),
        on_delete=models.PROTECT,
        related_name="commune_narratives",
    )
    text = models.TextField(_("kết quả, đánh giá"), blank=True)

    class Meta:
        verbose_name = _("kết quả theo nội dung (báo cáo của xã)")
        verbose_name_plural = _("kết quả theo nội dung (báo cáo của xã)")
        ordering = ["report", "content__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "content"],
                name="unique_commune_narrative",
                violation_error_message=_("Báo cáo đã có phần viết cho nội dung này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.content.number}. {self.text[:60]}"

    def clean(self) -> None:
        if self.report_id and self.content_id and self.content.plan_id != self.report.plan_id:
            raise ValidationError({"content": _("Nội dung thi đua không thuộc kế hoạch của báo cáo.")})


class CommuneReportEvent(SubmissionEvent):
    """One workflow transition of a commune's report."""

    report = models.ForeignKey(
        CommuneReport,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("báo cáo"),
    )

    class Meta(SubmissionEvent.Meta):
        verbose_name = _("lịch sử báo cáo của xã")
        verbose_name_plural = _("lịch sử báo cáo của xã")
