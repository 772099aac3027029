"""Standards of titles and forms as data: a rule (per title or form, per kind of recipient,
per province or the default for every province, with its dates and source) made of checks
from a small vocabulary. What each kind of check means is code (awards.services.evaluation);
every number and title it reads (70 %, three years, the scope of an initiative) and which
checks a province applies are rows an administrator edits."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history import register

from awards.models.cycle import Discipline, InitiativeScope, TaskRating
from awards.models.money import DatedRule


class CheckType(models.TextChoices):
    HOLDS_TITLE_SAME_YEAR = "holds_title_same_year", _("Đạt danh hiệu, hình thức cùng năm")
    CONSECUTIVE_YEARS = "consecutive_years", _("Số năm liên tục đạt danh hiệu, hình thức")
    RATING_AT_LEAST = "rating_at_least", _("Xếp loại từ mức (trong số năm liên tục)")
    NOT_DISCIPLINED = "not_disciplined", _("Không bị kỷ luật từ mức")
    HAS_INITIATIVE = "has_initiative", _("Có sáng kiến từ phạm vi")
    SHARE_OF_MEMBERS_WITH = "share_of_members_with", _("Tỷ lệ thành viên đạt danh hiệu")
    COUNT_OF_MEMBERS_WITH = "count_of_members_with", _("Số thành viên đạt danh hiệu")
    NO_MEMBER_DISCIPLINED = "no_member_disciplined", _("Không thành viên nào bị kỷ luật từ mức")
    ALL_MEMBERS_RATING = "all_members_rating", _("Mọi thành viên xếp loại từ mức")
    ANY_OF = "any_of", _("Nhóm: đạt một trong các điều kiện con")
    ALL_OF = "all_of", _("Nhóm: đạt tất cả các điều kiện con")


GROUPS = (CheckType.ANY_OF, CheckType.ALL_OF)
# The parameters each kind of check reads (the others stay empty).
PARAMETERS: dict[str, tuple[str, ...]] = {
    CheckType.HOLDS_TITLE_SAME_YEAR: ("title_form",),
    CheckType.CONSECUTIVE_YEARS: ("title_form", "years"),
    CheckType.RATING_AT_LEAST: ("rating", "years"),
    CheckType.NOT_DISCIPLINED: ("discipline",),
    CheckType.HAS_INITIATIVE: ("scope", "count", "years"),
    CheckType.SHARE_OF_MEMBERS_WITH: ("title_form", "percent"),
    CheckType.COUNT_OF_MEMBERS_WITH: ("title_form", "count"),
    CheckType.NO_MEMBER_DISCIPLINED: ("discipline",),
    CheckType.ALL_MEMBERS_RATING: ("rating",),
    CheckType.ANY_OF: (),
    CheckType.ALL_OF: (),
}
PARAMETER_NAMES = ("title_form", "years", "percent", "count", "rating", "discipline", "scope")


class StandardRule(DatedRule):
    """The standard of one title or form: all its top-level checks must be met."""

    award_form = models.ForeignKey(
        "awards.AwardForm", verbose_name=_("danh hiệu, hình thức"), on_delete=models.CASCADE, related_name="standards"
    )
    recipient_kind = models.CharField(
        _("cho đối tượng"),
        max_length=12,
        blank=True,
        choices=[("individual", _("Cá nhân")), ("collective", _("Tập thể")), ("household", _("Hộ gia đình"))],
        help_text=_("Để trống: mọi đối tượng nhận hình thức này."),
    )
    province = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("áp dụng tại tỉnh"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standards",
        limit_choices_to={"kind__in": ("tinh", "thanh_pho")},
        help_text=_("Để trống: quy định chung cho mọi tỉnh. Tỉnh có quy định riêng thì dùng quy định của tỉnh."),
    )
    name = models.CharField(_("tên tiêu chuẩn"), max_length=255)
    note = models.TextField(_("ghi chú (những điều Hội đồng xét theo hồ sơ)"), blank=True)

    class Meta:
        verbose_name = _("tiêu chuẩn danh hiệu, hình thức")
        verbose_name_plural = _("tiêu chuẩn danh hiệu, hình thức")
        ordering = ["award_form__rank", "award_form__name", "recipient_kind", "province", "-valid_from"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def applying(rules, *, award_form_id: int, awardee_kind: str, province_id: int | None) -> list["StandardRule"]:
        """Of the rules in force (in their order), those for this form and kind of recipient:
        the province's own where it has any, else the default ones."""
        rules = [r for r in rules if r.award_form_id == award_form_id and r.recipient_kind in ("", awardee_kind)]
        own = [rule for rule in rules if rule.province_id and rule.province_id == province_id]
        return own or [rule for rule in rules if rule.province_id is None]

    def top_checks(self) -> list["StandardCheck"]:
        return [check for check in self.checks.all() if check.parent_id is None]


class StandardCheck(models.Model):
    """One check of a rule: a kind from the vocabulary and the numbers it reads. A group
    (any of / all of) holds its checks as children."""

    rule = models.ForeignKey(
        StandardRule, verbose_name=_("tiêu chuẩn"), on_delete=models.CASCADE, related_name="checks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc nhóm"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"check_type__in": GROUPS},
    )
    number = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    check_type = models.CharField(_("loại điều kiện"), max_length=30, choices=CheckType.choices)
    title_form = models.ForeignKey(
        "awards.AwardForm",
        verbose_name=_("danh hiệu, hình thức được xét"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    years = models.PositiveSmallIntegerField(_("số năm liên tục"), null=True, blank=True)
    percent = models.DecimalField(_("tỷ lệ tối thiểu (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("số lượng tối thiểu"), null=True, blank=True)
    rating = models.CharField(_("xếp loại tối thiểu"), max_length=10, choices=TaskRating.choices, blank=True)
    discipline = models.CharField(
        _("mức kỷ luật (từ mức này trở lên thì không đạt)"), max_length=10, choices=Discipline.choices, blank=True
    )
    scope = models.CharField(
        _("phạm vi sáng kiến tối thiểu"), max_length=10, choices=InitiativeScope.choices, blank=True
    )

    class Meta:
        verbose_name = _("điều kiện của tiêu chuẩn")
        verbose_name_plural = _("điều kiện của tiêu chuẩn")
        ordering = ["rule", "parent_id", "number", "pk"]

    def __str__(self) -> str:
        return self.requirement

    @property
    def is_group(self) -> bool:
        return self.check_type in GROUPS

    @property
    def span(self) -> int:
        """How many years the check looks back over (one when not set)."""
        return self.years or 1

    @property
    def requirement(self) -> str:
        """What the check asks for, in Vietnamese ("3 năm liên tục đạt CSTĐCS")."""
        words = {
            "title": self.title_form.label if self.title_form_id else "…",
            "years": self.span,
            "percent": number_vi(self.percent) if self.percent is not None else "…",
            "count": self.count or 1,
            "rating": self.get_rating_display() if self.rating else "…",
            "level": self.get_discipline_display() if self.discipline else "…",
            "scope": self.get_scope_display() if self.scope else "…",
        }
        template = REQUIREMENTS[self.check_type]
        if self.span == 1 and self.check_type in ONE_YEAR:
            template = ONE_YEAR[self.check_type]
        return template % words

    def clean(self) -> None:
        errors: dict[str, str] = {}
        needed = PARAMETERS.get(self.check_type, ())
        for name in PARAMETER_NAMES:
            value = getattr(self, f"{name}_id" if name == "title_form" else name)
            if name in needed and name not in ("years", "count") and value in (None, ""):
                errors[name] = gettext("Loại điều kiện này cần giá trị này.")
            if name not in needed and value not in (None, ""):
                errors[name] = gettext("Loại điều kiện này không dùng giá trị này; hãy để trống.")
        if self.percent is not None and not 0 < self.percent <= 100:
            errors["percent"] = gettext("Tỷ lệ phải lớn hơn 0 và không quá 100.")
        if self.parent_id and (self.parent.rule_id != self.rule_id or not self.parent.is_group):
            errors["parent"] = gettext("Nhóm phải là một nhóm điều kiện của cùng tiêu chuẩn.")
        if errors:
            raise ValidationError(errors)


REQUIREMENTS = {
    CheckType.HOLDS_TITLE_SAME_YEAR: _("Đạt %(title)s cùng năm"),
    CheckType.CONSECUTIVE_YEARS: _("%(years)d năm liên tục đạt %(title)s"),
    CheckType.RATING_AT_LEAST: _("%(years)d năm liên tục xếp loại từ “%(rating)s” trở lên"),
    CheckType.NOT_DISCIPLINED: _("Không bị kỷ luật từ mức “%(level)s” trở lên"),
    CheckType.HAS_INITIATIVE: _("Có %(count)d sáng kiến phạm vi từ “%(scope)s” trở lên trong %(years)d năm"),
    CheckType.SHARE_OF_MEMBERS_WITH: _("Ít nhất %(percent)s%% thành viên đạt %(title)s"),
    CheckType.COUNT_OF_MEMBERS_WITH: _("Ít nhất %(count)d thành viên đạt %(title)s"),
    CheckType.NO_MEMBER_DISCIPLINED: _("Không thành viên nào bị kỷ luật từ mức “%(level)s” trở lên"),
    CheckType.ALL_MEMBERS_RATING: _("Mọi thành viên xếp loại từ “%(rating)s” trở lên"),
    CheckType.ANY_OF: _("Đạt một trong các điều kiện sau"),
    CheckType.ALL_OF: _("Đạt tất cả các điều kiện sau"),
}

# The wording when a check looks at the one year only.
ONE_YEAR = {
    CheckType.RATING_AT_LEAST: _("Xếp loại từ “%(rating)s” trở lên"),
    CheckType.HAS_INITIATIVE: _("Có %(count)d sáng kiến phạm vi từ “%(scope)s” trở lên trong năm"),
}


def number_vi(value) -> str:
    """70 → "70", 66.67 → "66,67" (Vietnamese decimal comma)."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


register(StandardRule)
register(StandardCheck)
