"""Users belong to one administrative unit and act in one role there."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Role(models.TextChoices):
        OFFICER = "officer", _("Cán bộ Phòng Văn hóa - Xã hội (cấp xã)")
        REVIEWER = "reviewer", _("Chuyên viên Sở Nội vụ (cấp tỉnh)")
        REPORTER = "reporter", _("Người báo cáo của đơn vị")
        VIEWER = "viewer", _("Chỉ xem")

    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, blank=True)
    participating_unit = models.ForeignKey(
        "campaigns.ParticipatingUnit",
        verbose_name=_("đơn vị tham gia"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporters",
    )

    calendar_token = models.CharField(
        _("mã lịch"),
        max_length=43,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Khóa bí mật của đường dẫn lịch (.ics) các hạn báo cáo của người dùng."),
    )

    language = models.CharField(
        _("ngôn ngữ giao diện"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Giao diện luôn bắt đầu bằng tiếng Việt; lựa chọn khác của người dùng được nhớ ở đây."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names first ("Nguyễn Thị Hạnh")."""
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    def clean(self) -> None:
        super().clean()
        if not self.role:
            return
        if not self.admin_unit_id:
            raise ValidationError({"admin_unit": _("Người dùng có vai trò phải thuộc một đơn vị hành chính.")})
        if self.role == self.Role.OFFICER and self.admin_unit.is_province:
            raise ValidationError({"role": _("Cán bộ Phòng Văn hóa - Xã hội thuộc cấp xã.")})
        if self.role == self.Role.REVIEWER and not self.admin_unit.is_province:
            raise ValidationError({"role": _("Chuyên viên Sở Nội vụ thuộc cấp tỉnh.")})
        if self.role == self.Role.REPORTER:
            if not self.participating_unit_id:
                raise ValidationError({"participating_unit": _("Người báo cáo phải thuộc một đơn vị tham gia.")})
            if self.participating_unit.admin_unit_id != self.admin_unit_id:
                raise ValidationError(
                    {"participating_unit": _("Đơn vị tham gia phải thuộc đơn vị hành chính của người dùng.")}
                )
        elif self.participating_unit_id:
            raise ValidationError({"participating_unit": _("Chỉ người báo cáo mới gắn với một đơn vị tham gia.")})
