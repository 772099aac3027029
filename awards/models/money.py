"""Reward money as data (Nghị định 152/2025/NĐ-CP, Art. 49–54): a multiple of the base salary
in force on the decision date, per form and recipient kind, rounded up to the next 10,000
đồng. Both tables have their dates and source; migrations seed them, the admin edits them.
"""

import datetime
import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

ROUND_TO = 10_000


def round_up(amount: Decimal) -> int:
    """Rounded up to the next 10,000 đồng (an exact multiple stays as it is)."""
    return int(math.ceil(Decimal(amount) / ROUND_TO)) * ROUND_TO


class RuleQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> "RuleQuerySet":
        return self.filter(models.Q(valid_from__lte=day), models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))


class DatedRule(models.Model):
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    source = models.CharField(_("căn cứ pháp lý"), max_length=255)

    objects = RuleQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})


class BaseSalary(DatedRule):
    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng/tháng)"))

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} đ từ {self.valid_from:%d/%m/%Y}".replace(",", ".")

    @classmethod
    def on(cls, day: datetime.date) -> "BaseSalary | None":
        return cls.objects.in_force_on(day).order_by("-valid_from").first()


class RewardMultiple(DatedRule):
    """How many base salaries one award of a form is worth, for one kind of recipient."""

    award_form = models.ForeignKey(
        "awards.AwardForm", verbose_name=_("hình thức"), on_delete=models.CASCADE, related_name="multiples"
    )
    recipient_kind = models.CharField(
        _("đối tượng nhận"),
        max_length=12,
        choices=[("individual", _("Cá nhân")), ("collective", _("Tập thể")), ("household", _("Hộ gia đình"))],
    )
    multiple = models.DecimalField(_("hệ số (lần lương cơ sở)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("hệ số tiền thưởng")
        verbose_name_plural = _("hệ số tiền thưởng")
        ordering = ["award_form__rank", "recipient_kind", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.award_form} · {self.get_recipient_kind_display()}: {self.multiple}"

    @classmethod
    def on(cls, award_form_id: int, recipient_kind: str, day: datetime.date) -> "RewardMultiple | None":
        rows = cls.objects.in_force_on(day).filter(award_form_id=award_form_id, recipient_kind=recipient_kind)
        return rows.order_by("-valid_from").first()


def reward_amount(*, award_form_id: int, recipient_kind: str, day: datetime.date) -> tuple[Decimal, int, int]:
    """(multiple, base salary, amount) on that day; zeros when no rule covers it."""
    multiple = RewardMultiple.on(award_form_id, recipient_kind, day)
    salary = BaseSalary.on(day)
    if multiple is None or salary is None:
        return Decimal(0), salary.amount if salary else 0, 0
    return multiple.multiple, salary.amount, round_up(multiple.multiple * salary.amount)
