"""Who is awarded: individuals, collectives and households, as records that nominations,
decision lines and the register point at.

An individual keeps their history when they move between units (one `AwardeePosting` per
unit and position). A collective is a participating unit (a school, a village…) or the
administrative unit itself (the commune, a province department). `search_key` is the name
folded (no case, no diacritics, đ → d), kept on save, so "pham van thang" finds "Phạm Văn
Thắng" on SQLite and PostgreSQL alike.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from campaigns.excel import clean_text, fold


class AwardeeQuerySet(ScopedQuerySet):
    area_path = "admin_unit"
    unit_path = "unit"

    def search(self, text: str) -> "AwardeeQuerySet":
        key = fold(text or "")
        return self.filter(search_key__contains=key) if key else self


def mask_national_id(value: str) -> str:
    """Only the last 4 digits are shown: 0360******1234 → ********1234."""
    value = (value or "").strip()
    if not value:
        return ""
    return "*" * max(len(value) - 4, 0) + value[-4:]


class Awardee(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")
        HOUSEHOLD = "household", _("Hộ gia đình")

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    kind = models.CharField(_("loại đối tượng"), max_length=12, choices=Kind.choices)
    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("đơn vị hành chính quản lý"),
        on_delete=models.PROTECT,
        related_name="awardees",
    )
    name = models.CharField(_("tên"), max_length=255, help_text=_("Họ và tên cá nhân, tên tập thể, hoặc họ tên chủ hộ"))
    # Individuals
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    national_id = models.CharField(
        _("số định danh cá nhân"), max_length=12, blank=True, help_text=_("Không bắt buộc; chỉ hiện 4 số cuối")
    )
    # The unit an individual works in now, or the participating unit that is the collective.
    unit = models.ForeignKey(
        "campaigns.ParticipatingUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awardees",
    )
    # A collective that is an administrative unit itself (the commune, a province department).
    is_admin_unit = models.BooleanField(_("là chính đơn vị hành chính"), default=False)
    # Households
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    village = models.CharField(_("thôn, tổ dân phố"), max_length=150, blank=True)
    search_key = models.CharField(max_length=255, editable=False, db_index=True, verbose_name=_("khóa tìm kiếm"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = AwardeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("đối tượng khen thưởng")
        verbose_name_plural = _("đối tượng khen thưởng")
        ordering = ["search_key", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = clean_text(self.name)
        self.search_key = fold(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key", "name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("awards:awardee_detail", args=[self.pk])

    @property
    def masked_national_id(self) -> str:
        return mask_national_id(self.national_id)

    @property
    def description(self) -> str:
        """Position and unit, or address: the line under the name on a certificate."""
        if self.kind == self.Kind.INDIVIDUAL:
            parts = [self.position, self.unit.name if self.unit_id else ""]
            return ", ".join(p for p in parts if p)
        if self.kind == self.Kind.HOUSEHOLD:
            return ", ".join(p for p in (self.address, self.village) if p)
        return ""

    @property
    def certificate_name(self) -> str:
        if self.kind == self.Kind.INDIVIDUAL:
            prefix = {self.Gender.MALE: "Ông ", self.Gender.FEMALE: "Bà "}.get(self.gender, "")
            return f"{prefix}{self.name}"
        if self.kind == self.Kind.HOUSEHOLD:
            return f"Hộ gia đình ông (bà) {self.name}"
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not clean_text(self.name or ""):
            errors["name"] = _("Hãy nhập tên.")
        if self.national_id and not (self.national_id.isdigit() and len(self.national_id) == 12):
            errors["national_id"] = _("Số định danh cá nhân gồm đúng 12 chữ số.")
        if self.unit_id and self.admin_unit_id and self.unit.admin_unit_id != self.admin_unit_id:
            errors["unit"] = _("Đơn vị phải thuộc đơn vị hành chính quản lý đối tượng.")
        if self.kind == self.Kind.COLLECTIVE and not (self.unit_id or self.is_admin_unit):
            errors["unit"] = _("Tập thể là một đơn vị tham gia, hoặc chính đơn vị hành chính.")
        if self.kind == self.Kind.HOUSEHOLD and not self.address.strip() and not self.village.strip():
            errors["address"] = _("Hãy nhập địa chỉ hoặc thôn, tổ dân phố của hộ gia đình.")
        if self.kind != self.Kind.INDIVIDUAL and (self.national_id or self.date_of_birth or self.gender):
            errors["kind"] = _("Ngày sinh, giới tính, số định danh chỉ ghi cho cá nhân.")
        if errors:
            raise ValidationError(errors)


class AwardeePostingQuerySet(ScopedQuerySet):
    area_path = "awardee__admin_unit"
    unit_path = "unit"


class AwardeePosting(models.Model):
    """Where an individual worked and as what, from when to when: the history a move keeps."""

    awardee = models.ForeignKey(Awardee, verbose_name=_("cá nhân"), on_delete=models.CASCADE, related_name="postings")
    unit = models.ForeignKey(
        "campaigns.ParticipatingUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, null=True, blank=True
    )
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    started_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = AwardeePostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["awardee", "started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.position} – {self.unit}"
