"""The decision (Quyết định khen thưởng): one document for many awardees.

States: draft → signed (locked: number, date and the signed scan required; money and
register numbers frozen) → revoked (only by another signed decision, with the reason; the
register keeps both). The rules live in awards/services/decisions.py.
"""

import os
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet


def _scan_upload_to(decision: "Decision", filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    return f"awards/decisions/{decision.admin_unit_id}/{uuid.uuid4().hex}{extension}"


class DecisionQuerySet(ScopedQuerySet):
    area_path = "admin_unit"
    unit_path = None  # a unit reporter sees no decisions list

    def with_lines(self) -> "DecisionQuerySet":
        return self.prefetch_related(
            models.Prefetch(
                "lines",
                queryset=DecisionLine.objects.select_related("awardee__unit", "award_form", "register_entry"),
            )
        )


class Decision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SIGNED = "signed", _("Đã ký ban hành")
        REVOKED = "revoked", _("Đã bị thu hồi, hủy bỏ")

    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    # The kind's code is the column's value (as when the kinds were a fixed list): a thematic
    # or sudden decision's awards never count toward a higher one (NĐ 152/2025 Art. 4.3).
    kind = models.ForeignKey(
        "awards.CommendationKind",
        verbose_name=_("loại khen thưởng"),
        to_field="code",
        db_column="kind",
        on_delete=models.PROTECT,
        default="campaign",
        limit_choices_to={"is_active": True},
        related_name="decisions",
    )
    title = models.CharField(
        _("trích yếu"),
        max_length=500,
        help_text=_("Ví dụ: Về việc khen thưởng thành tích xuất sắc trong phong trào thi đua năm 2025"),
    )
    number = models.CharField(_("số, ký hiệu"), max_length=50, blank=True, help_text=_("Ví dụ: 125/QĐ-UBND"))
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    decided_on = models.DateField(_("ngày ký"), null=True, blank=True)
    legal_bases = models.TextField(_("căn cứ ban hành"), blank=True, help_text=_("Mỗi căn cứ một dòng"))
    proposal_by = models.CharField(
        _("theo đề nghị của"), max_length=255, blank=True, help_text=_("Ví dụ: Trưởng phòng Văn hóa - Xã hội")
    )
    proposal_number = models.CharField(_("số tờ trình"), max_length=50, blank=True)
    proposal_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    executors = models.TextField(
        _("Điều 3: tổ chức, cá nhân thi hành"),
        blank=True,
        help_text=_("Ví dụ: Văn phòng HĐND và UBND xã, Phòng Văn hóa - Xã hội, các tập thể, cá nhân có tên tại Điều 1"),
    )
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng"))
    signer_capacity = models.CharField(_("thẩm quyền ký"), max_length=100, default="TM. ỦY BAN NHÂN DÂN")
    signer_delegation = models.CharField(_("ký thay"), max_length=100, blank=True, help_text=_("Ví dụ: KT. CHỦ TỊCH"))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField(_("họ tên người ký"), max_length=150, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    scan = models.FileField(_("bản quét đã ký"), upload_to=_scan_upload_to, max_length=255, blank=True)
    scan_name = models.CharField(_("tên tệp quét"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_by = models.ForeignKey(
        "self",
        verbose_name=_("bị thu hồi bởi quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revokes",
    )
    revoke_reason = models.TextField(_("lý do thu hồi"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number or _('(chưa có số)')} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("awards:decision_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def level(self) -> str:
        return self.admin_unit.level

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines.all())

    def lines_of(self, kind: str) -> list["DecisionLine"]:
        return [line for line in self.lines.all() if line.awardee.kind == kind]

    @property
    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class DecisionLineQuerySet(ScopedQuerySet):
    area_path = "decision__admin_unit"
    unit_path = None


class DecisionLine(models.Model):
    """One awardee of a decision: the form, the achievement line, the money (frozen at signing)."""

    decision = models.ForeignKey(Decision, verbose_name=_("quyết định"), on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveIntegerField(_("số thứ tự"))
    awardee = models.ForeignKey(
        "awards.Awardee", verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="decision_lines"
    )
    award_form = models.ForeignKey(
        "awards.AwardForm", verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="decision_lines"
    )
    achievement = models.CharField(_("thành tích"), max_length=500)
    nomination = models.OneToOneField(
        "awards.Nomination",
        verbose_name=_("hồ sơ đề nghị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_line",
    )
    multiple = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2, default=0)
    base_salary = models.PositiveIntegerField(_("lương cơ sở"), default=0)
    amount = models.PositiveIntegerField(_("tiền thưởng (đồng)"), default=0)

    objects = DecisionLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("người, tập thể được khen")
        verbose_name_plural = _("danh sách được khen")
        ordering = ["decision", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "awardee", "award_form"],
                name="unique_decision_line",
                violation_error_message=_("Đối tượng này đã có trong quyết định với hình thức này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.awardee} – {self.award_form}"
