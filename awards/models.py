"""Award forms (hình thức khen thưởng) and what each plan offers per occasion."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Level


class Occasion(models.TextChoices):
    ANNUAL = "annual", _("Khen thưởng hàng năm")
    PRELIMINARY = "preliminary", _("Khen thưởng sơ kết")
    FINAL = "final", _("Khen thưởng tổng kết")


class AwardForm(models.Model):
    """Reference data: who grants the form, at which level, to whom, and its rank in the ladder.

    Which level may decide which form is read from here, never hard-coded: a commune decides
    forms of level "commune" and proposes the others upward.
    """

    class Recipients(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")
        BOTH = "both", _("Tập thể và cá nhân")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên hình thức"), max_length=255, unique=True)
    granted_by = models.CharField(_("người/cơ quan quyết định"), max_length=255)
    level = models.CharField(_("cấp quyết định"), max_length=10, choices=Level.choices)
    recipients = models.CharField(_("đối tượng nhận"), max_length=12, choices=Recipients.choices)
    rank = models.PositiveSmallIntegerField(_("bậc"), help_text=_("1 là cao nhất"))
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class AwardSection(models.Model):
    """A block of the plan's commendation section: the occasions it covers, its forms and standards."""

    plan = models.ForeignKey("campaigns.Plan", on_delete=models.CASCADE, related_name="award_sections")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    heading = models.CharField(_("tiêu đề trong văn bản"), max_length=500)
    for_annual = models.BooleanField(_("hàng năm"), default=False)
    for_preliminary = models.BooleanField(_("sơ kết"), default=False)
    for_final = models.BooleanField(_("tổng kết"), default=False)
    standards = models.TextField(_("tiêu chuẩn khen thưởng"), blank=True)

    class Meta:
        verbose_name = _("mục khen thưởng")
        verbose_name_plural = _("hình thức và tiêu chuẩn khen thưởng")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="unique_award_section_number",
                violation_error_message=_("Hai mục khen thưởng không được trùng số thứ tự."),
            )
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def occasions(self) -> list[str]:
        flags = {
            Occasion.ANNUAL: self.for_annual,
            Occasion.PRELIMINARY: self.for_preliminary,
            Occasion.FINAL: self.for_final,
        }
        return [occasion for occasion, on in flags.items() if on]


class PlanAwardForm(models.Model):
    section = models.ForeignKey(AwardSection, on_delete=models.CASCADE, related_name="forms")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="plan_uses"
    )
    name_in_plan = models.CharField(
        _("cách ghi trong văn bản"),
        max_length=255,
        help_text=_("Ví dụ: Giấy khen của UBND xã"),
    )

    class Meta:
        verbose_name = _("hình thức khen thưởng của kế hoạch")
        verbose_name_plural = _("hình thức khen thưởng của kế hoạch")
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "award_form"],
                name="unique_award_form_in_section",
                violation_error_message=_("Hình thức này đã có trong mục."),
            ),
            models.UniqueConstraint(
                fields=["section", "number"],
                name="unique_award_form_number",
                violation_error_message=_("Hai hình thức không được trùng số thứ tự."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_in_plan
