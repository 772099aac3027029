"""The award register (sổ vàng): every award of every person, collective and household, with
its register number, sequential per issuing body and year without gaps (one counter row per
body and year, locked while a number is taken). Also the certificate layouts for printing
onto pre-printed blanks.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from campaigns.excel import fold


class RegisterCounter(models.Model):
    admin_unit = models.ForeignKey("campaigns.AdministrativeUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số sổ vàng")
        verbose_name_plural = _("bộ đếm số sổ vàng")
        constraints = [models.UniqueConstraint(fields=["admin_unit", "year"], name="unique_register_counter")]

    def __str__(self) -> str:
        return f"{self.admin_unit_id}/{self.year}: {self.last}"


class RegisterEntryQuerySet(ScopedQuerySet):
    """A commune reads its own register; a province its own and its communes'."""

    area_path = "admin_unit"
    unit_path = None


class RegisterEntry(models.Model):
    class Source(models.TextChoices):
        DECISION = "decision", _("Quyết định trên cổng")
        MANUAL = "manual", _("Nhập tay")
        IMPORT = "import", _("Nhập từ Excel")

    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("sổ của đơn vị"),
        on_delete=models.PROTECT,
        related_name="register_entries",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    register_number = models.PositiveIntegerField(_("số sổ vàng"))
    awardee = models.ForeignKey(
        "awards.Awardee", verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="register_entries"
    )
    award_form = models.ForeignKey(
        "awards.AwardForm", verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="register_entries"
    )
    level = models.CharField(_("cấp khen"), max_length=10)
    issuer_name = models.CharField(_("cơ quan quyết định"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    achievement = models.CharField(_("thành tích"), max_length=500, blank=True)
    decision_line = models.OneToOneField(
        "awards.DecisionLine", on_delete=models.PROTECT, null=True, blank=True, related_name="register_entry"
    )
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    # The kind of commendation (the decision's, for an entry from a signed decision); none
    # is a regular award. Thematic and sudden ones are left out of the standards' history.
    kind = models.ForeignKey(
        "awards.CommendationKind",
        verbose_name=_("loại khen thưởng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="register_entries",
    )
    revoked = models.BooleanField(_("đã bị thu hồi"), default=False)
    revoked_note = models.CharField(_("ghi chú thu hồi"), max_length=500, blank=True)
    search_key = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegisterEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục sổ vàng")
        verbose_name_plural = _("sổ vàng khen thưởng")
        ordering = ["-year", "-register_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["admin_unit", "year", "register_number"],
                name="unique_register_number",
                violation_error_message=_("Số sổ vàng này đã dùng trong năm."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.register_number}/{self.year} – {self.awardee}"

    def save(self, *args, **kwargs) -> None:
        self.search_key = fold(self.awardee.name)
        super().save(*args, **kwargs)

    @property
    def register_label(self) -> str:
        return f"{self.register_number:03d}/{self.year}"


# --- Printing onto pre-printed blanks -------------------------------------------------------

# The variable text of a certificate, in the order it is printed.
CERTIFICATE_FIELDS = (
    ("authority", _("Cơ quan (chữ đỏ)")),
    ("form", _("Hình thức")),
    ("recipient", _("Người, tập thể được tặng")),
    ("description", _("Chức vụ, đơn vị / địa chỉ")),
    ("achievement", _("Thành tích")),
    ("decision", _("Số, ngày quyết định")),
    ("register", _("Số sổ vàng")),
    ("place_date", _("Địa danh, ngày tháng")),
    ("signer", _("Người ký")),
)
# A4 landscape (297 × 210 mm): where each line goes on the usual blank, in mm from the top left.
DEFAULT_POSITIONS = {
    "authority": {"x": 20, "y": 40, "size": 16},
    "form": {"x": 20, "y": 62, "size": 26},
    "recipient": {"x": 20, "y": 88, "size": 20},
    "description": {"x": 20, "y": 100, "size": 14},
    "achievement": {"x": 20, "y": 112, "size": 14},
    "decision": {"x": 20, "y": 175, "size": 11},
    "register": {"x": 20, "y": 182, "size": 11},
    "place_date": {"x": 170, "y": 140, "size": 13},
    "signer": {"x": 170, "y": 185, "size": 14},
}


def default_positions() -> dict:
    return {key: dict(value) for key, value in DEFAULT_POSITIONS.items()}


class CertificateLayout(models.Model):
    """Where the variable text goes on a pre-printed blank of one form (or every form when
    `award_form` is empty). Edited by an administrator; measured with the calibration page."""

    name = models.CharField(_("tên mẫu phôi"), max_length=150)
    award_form = models.OneToOneField(
        "awards.AwardForm",
        verbose_name=_("hình thức"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certificate_layout",
    )
    positions = models.JSONField(
        _("vị trí (mm)"),
        default=default_positions,
        help_text=_("Với mỗi dòng: x, y (mm tính từ góc trên bên trái), size (cỡ chữ, pt)."),
    )

    class Meta:
        verbose_name = _("mẫu in phôi giấy khen")
        verbose_name_plural = _("mẫu in phôi giấy khen")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        positions = self.positions if isinstance(self.positions, dict) else None
        if positions is None:
            raise ValidationError({"positions": _("Vị trí phải là một bảng tên dòng → {x, y, size}.")})
        for key, _label in CERTIFICATE_FIELDS:
            spot = positions.get(key)
            if not isinstance(spot, dict) or not all(isinstance(spot.get(k), int | float) for k in ("x", "y", "size")):
                raise ValidationError({"positions": _("Thiếu x, y, size bằng số cho dòng “%(key)s”.") % {"key": key}})
            if not (0 <= spot["x"] <= 297 and 0 <= spot["y"] <= 210 and 6 <= spot["size"] <= 48):
                raise ValidationError(
                    {"positions": _("Dòng “%(key)s” nằm ngoài khổ A4 ngang hoặc cỡ chữ không hợp lý.") % {"key": key}}
                )
