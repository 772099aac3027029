"""Reference data the law defines, each row with its dates and source, edited in the admin
with history: the emulation titles and forms of commendation (`AwardForm`), who decides each
of them in which period (`Authority`), and the kinds of commendation (`CommendationKind`).

Who decides a form is read from its authority rows on the day that matters (the decision's
date, or today), never from a name: since 01/07/2025 the commune chairman decides what the
district chairman decided before, and a decision made under the old rows keeps them.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register

from awards.models.money import DatedRule


class DecidingLevel(models.TextChoices):
    """The levels that decide awards, including the districts that did so until 30/06/2025."""

    NATIONAL = "national", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (đến 30/06/2025)")
    COMMUNE = "commune", _("Cấp xã")


# Which kinds of awardee (awards.Awardee.Kind values) a form's recipients take in.
RECIPIENT_KINDS = {
    "individual": {"individual"},
    "collective": {"collective"},
    "both": {"individual", "collective"},
    "household": {"household"},
    "all": {"individual", "collective", "household"},
    # A village or residential group, and a commune, are collectives on the portal.
    "village": {"collective"},
    "commune": {"collective"},
}


class AwardForm(models.Model):
    """An emulation title (danh hiệu thi đua) or a form of commendation (hình thức khen
    thưởng): to whom it goes and its rank in the ladder. Who decides it, and since when, is
    in its authority rows (`Authority`); `level` and `granted_by` say who decides it now, for
    the lists and the statistics."""

    class Kind(models.TextChoices):
        TITLE = "title", _("Danh hiệu thi đua")
        FORM = "form", _("Hình thức khen thưởng")

    class Recipients(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")
        BOTH = "both", _("Tập thể và cá nhân")
        HOUSEHOLD = "household", _("Hộ gia đình")
        ALL = "all", _("Cá nhân, tập thể và hộ gia đình")
        VILLAGE = "village", _("Thôn, tổ dân phố")
        COMMUNE = "commune", _("Xã, phường, đặc khu")

        @classmethod
        def suiting(cls, awardee_kind: str) -> list[str]:
            """The recipients values that take in this kind of awardee."""
            return [value for value, kinds in RECIPIENT_KINDS.items() if awardee_kind in kinds]

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên hình thức"), max_length=255, unique=True)
    short_name = models.CharField(
        _("tên viết tắt"), max_length=30, blank=True, help_text=_("Ví dụ: CSTĐCS; dùng trong lời giải thích")
    )
    kind = models.CharField(_("loại"), max_length=5, choices=Kind.choices, default=Kind.FORM)
    granted_by = models.CharField(
        _("người/cơ quan quyết định hiện nay"),
        max_length=255,
        help_text=_("Để hiển thị; thẩm quyền theo thời gian ghi ở các dòng “thẩm quyền quyết định”."),
    )
    level = models.CharField(
        _("cấp quyết định hiện nay"),
        max_length=10,
        choices=DecidingLevel.choices,
        help_text=_("Để hiển thị và thống kê; thẩm quyền theo thời gian ghi ở các dòng “thẩm quyền quyết định”."),
    )
    recipients = models.CharField(_("đối tượng nhận"), max_length=12, choices=Recipients.choices)
    rank = models.PositiveSmallIntegerField(_("bậc"), help_text=_("1 là cao nhất"))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    valid_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    source = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The short name where there is one: "CSTĐCS"."""
        return self.short_name or self.name

    @property
    def is_title(self) -> bool:
        return self.kind == self.Kind.TITLE

    def in_force_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def suits(self, awardee_kind: str) -> bool:
        return awardee_kind in RECIPIENT_KINDS.get(self.recipients, set())


class Authority(DatedRule):
    """Who decides one title or form in one period: the level and the office (NĐ 129/2025
    Art. 59 moved the district chairman's titles to the commune chairman from 01/07/2025)."""

    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("danh hiệu, hình thức"), on_delete=models.CASCADE, related_name="authorities"
    )
    level = models.CharField(_("cấp quyết định"), max_length=10, choices=DecidingLevel.choices)
    office = models.CharField(_("người/cơ quan quyết định"), max_length=255)

    class Meta:
        verbose_name = _("thẩm quyền quyết định")
        verbose_name_plural = _("thẩm quyền quyết định")
        ordering = ["award_form__rank", "award_form__name", "-valid_from"]

    def __str__(self) -> str:
        end = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else "…"
        return f"{self.award_form} · {self.office} ({self.valid_from:%d/%m/%Y} – {end})"

    def clean(self) -> None:
        super().clean()
        if not (self.award_form_id and self.valid_from):
            return
        others = Authority.objects.filter(award_form_id=self.award_form_id).exclude(pk=self.pk)
        end = self.valid_to or datetime.date.max
        overlapping = others.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=self.valid_from))
        overlapping = overlapping.filter(valid_from__lte=end).first()
        if overlapping is not None:
            raise ValidationError(
                _("Trùng thời gian với dòng thẩm quyền “%(other)s”: mỗi ngày chỉ một cấp quyết định một hình thức.")
                % {"other": overlapping}
            )

    @classmethod
    def on(cls, award_form: AwardForm, day: datetime.date) -> "Authority | None":
        """Who decides the form on that day; None when nobody does (not yet, or no longer)."""
        return authorities_on([award_form], day)[award_form.pk]


def authorities_on(award_forms, day: datetime.date) -> dict[int, Authority | None]:
    """Who decides each form on that day (form id → row, None when nobody does), read in one
    query. A form nobody wrote an authority row for (added by hand before these rows existed)
    is decided at its own `level`."""
    forms = {form.pk: form for form in award_forms}
    rows: dict[int, list[Authority]] = {pk: [] for pk in forms}
    for row in Authority.objects.filter(award_form_id__in=forms).order_by("-valid_from", "-pk"):
        rows[row.award_form_id].append(row)
    found: dict[int, Authority | None] = {}
    for pk, form in forms.items():
        if not rows[pk]:
            found[pk] = Authority(award_form=form, level=form.level, office=form.granted_by, valid_from=day)
            continue
        in_force = (r for r in rows[pk] if r.valid_from <= day and (r.valid_to is None or day <= r.valid_to))
        found[pk] = next(in_force, None)
    return found


def deciding_levels(award_forms, day: datetime.date) -> dict[int, str]:
    """The level that decides each form on that day (form id → level, "" when none does):
    the one lookup that routes titles and forms (decisions, dossiers, the yearly cycle)."""
    return {pk: row.level if row else "" for pk, row in authorities_on(award_forms, day).items()}


def deciding_level(award_form: AwardForm, day: datetime.date) -> str:
    """The level that decides the form on that day ("" when none does)."""
    return deciding_levels([award_form], day)[award_form.pk]


def forms_decided_at(level: str, day: datetime.date) -> models.QuerySet:
    """The active forms that `level` decides on that day."""
    ruled = AwardForm.objects.filter(authorities__isnull=False).distinct()
    by_rows = Authority.objects.in_force_on(day).filter(level=level).values("award_form")
    legacy = AwardForm.objects.exclude(pk__in=ruled.values("pk")).filter(level=level)
    return AwardForm.objects.filter(is_active=True).filter(
        models.Q(pk__in=by_rows) | models.Q(pk__in=legacy.values("pk"))
    )


class CommendationKind(models.Model):
    """A kind of commendation (Luật Thi đua, khen thưởng 2022, Art. 8). Results of thematic and
    sudden awards may not be the basis for proposing higher merit awards (NĐ 152/2025 Art. 4.3):
    their register entries are left out of the history the standards read."""

    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    counts_toward_higher = models.BooleanField(
        _("được tính làm căn cứ đề nghị khen thưởng cao hơn"),
        default=True,
        help_text=_("Bỏ chọn với khen thưởng chuyên đề, đột xuất (Nghị định 152/2025/NĐ-CP, Điều 4)."),
    )
    rank = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    source = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("loại khen thưởng")
        verbose_name_plural = _("loại khen thưởng")
        ordering = ["rank", "pk"]

    def __str__(self) -> str:
        return self.name


# An administrator's change to the law's rows is kept as a version (who, when, what).
register(AwardForm)
register(Authority)
register(CommendationKind)
