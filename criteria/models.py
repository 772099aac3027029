"""Subject types (đối tượng) and the criteria (tiêu chí thi đua) a plan sets for each."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectType(models.Model):
    """Reference data an administrator can extend (offices, the Front, enterprises, villages…)."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=150, unique=True)
    kind = models.CharField(_("tập thể/cá nhân"), max_length=12, choices=Kind.choices, default=Kind.COLLECTIVE)
    broader = models.ForeignKey(
        "self",
        verbose_name=_("thuộc nhóm đối tượng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
        help_text=_(
            "Khi kế hoạch không có tiêu chí riêng cho loại này thì áp dụng tiêu chí của nhóm "
            "(ví dụ: trường học áp dụng tiêu chí của cơ quan, đơn vị)."
        ),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự hiển thị"), default=0)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("đối tượng thi đua")
        verbose_name_plural = _("đối tượng thi đua")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class CriterionGroup(models.Model):
    """The criteria a plan sets for one subject type, under the plan's own heading."""

    plan = models.ForeignKey(
        "campaigns.Plan",
        on_delete=models.CASCADE,
        related_name="criterion_groups",
        verbose_name=_("kế hoạch"),
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    subject_type = models.ForeignKey(
        SubjectType, verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="criterion_groups"
    )
    heading = models.CharField(
        _("tiêu đề trong văn bản"),
        max_length=500,
        help_text=_("Ví dụ: Đối với các phòng, ban, đơn vị"),
    )

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("tiêu chí theo đối tượng")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "subject_type"],
                name="unique_criterion_group_subject",
                violation_error_message=_("Kế hoạch đã có nhóm tiêu chí cho đối tượng này."),
            ),
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="unique_criterion_group_number",
                violation_error_message=_("Hai nhóm tiêu chí không được trùng số thứ tự."),
            ),
        ]

    def __str__(self) -> str:
        return self.heading


class Criterion(models.Model):
    group = models.ForeignKey(
        CriterionGroup,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("nhóm tiêu chí"),
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung tiêu chí"))
    max_points = models.DecimalField(
        _("điểm tối đa"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Để trống nếu tiêu chí chưa chấm điểm."),
    )

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"],
                name="unique_criterion_number",
                violation_error_message=_("Hai tiêu chí trong một nhóm không được trùng số thứ tự."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_points__isnull=True) | models.Q(max_points__gt=0),
                name="criterion_max_points_positive",
                violation_error_message=_("Điểm tối đa phải lớn hơn 0."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
