"""Award forms (hình thức khen thưởng) and what each plan offers per occasion."""

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history import register

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
    quota = models.CharField(
        _("tỷ lệ, số lượng khen thưởng"),
        max_length=255,
        blank=True,
        help_text=_("Như văn bản ghi, ví dụ: không quá 10% tập thể, 5% cá nhân; trống khi không quy định"),
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


# --- Nomination dossiers (hồ sơ đề nghị khen thưởng) -------------------------------------
# The workflow (who may move a dossier from which state to which) lives in awards/workflow.py;
# the models only hold the data and the checks that are true in every state.


def _nomination_upload_to(document: "NominationDocument", filename: str) -> str:
    # The stored name never reuses the uploaded one (kept in original_name instead).
    extension = os.path.splitext(filename)[1].lower()
    return f"awards/nominations/{document.nomination_id}/{uuid.uuid4().hex}{extension}"


class Nomination(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ tiếp nhận")
        RETURNED = "returned", _("Trả lại để bổ sung")
        RECEIVED = "received", _("Đã tiếp nhận")
        APPRAISED = "appraised", _("Đã thẩm định")
        COUNCIL_REVIEWED = "council_reviewed", _("Đã họp Hội đồng Thi đua - Khen thưởng")
        DECIDED = "decided", _("Đã quyết định khen thưởng")
        FORWARDED = "forwarded", _("Đã trình cấp tỉnh")
        # The province's part (Sở Nội vụ receives, appraises, takes to the province council,
        # then the province decides its own forms or proposes national ones upward).
        RECEIVED_BY_PROVINCE = "received_by_province", _("Tỉnh đã tiếp nhận")
        RETURNED_BY_PROVINCE = "returned_by_province", _("Tỉnh trả lại để bổ sung")
        APPRAISED_BY_PROVINCE = "appraised_by_province", _("Tỉnh đã thẩm định")
        PROVINCE_COUNCIL_REVIEWED = "province_council_reviewed", _("Đã họp Hội đồng Thi đua - Khen thưởng tỉnh")
        DECIDED_BY_PROVINCE = "decided_by_province", _("Tỉnh đã quyết định khen thưởng")
        FORWARDED_TO_NATIONAL = "forwarded_to_national", _("Đã trình cấp Trung ương")

    class NomineeKind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    plan = models.ForeignKey(
        "campaigns.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="nominations"
    )
    occasion = models.CharField(_("loại khen thưởng"), max_length=12, choices=Occasion.choices)
    award_form = models.ForeignKey(
        AwardForm, verbose_name=_("hình thức đề nghị"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominee_kind = models.CharField(_("đề nghị cho"), max_length=12, choices=NomineeKind.choices)
    unit = models.ForeignKey(
        "campaigns.ParticipatingUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="nominations",
        help_text=_("Tập thể được đề nghị, hoặc đơn vị công tác của cá nhân."),
    )
    individual_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    individual_position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=255, blank=True)
    achievements = models.TextField(_("tóm tắt thành tích"))
    status = models.CharField(_("trạng thái"), max_length=30, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="nominations_created",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Set by the workflow as the dossier moves on.
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    appraisal_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    council_meeting_date = models.DateField(_("ngày họp Hội đồng"), null=True, blank=True)
    council_members_present = models.PositiveSmallIntegerField(_("số thành viên dự họp"), null=True, blank=True)
    council_votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    council_votes_against = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_signer = models.CharField(_("người ký quyết định"), max_length=150, blank=True)
    forwarded_at = models.DateTimeField(_("trình cấp tỉnh lúc"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trình cấp tỉnh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations_forwarded",
    )
    # Set by the province's part of the workflow. A decision of the province is written in
    # decision_number/date/signer above: a dossier is decided at one level only.
    province_returned_reason = models.TextField(_("lý do tỉnh trả lại"), blank=True)
    province_appraisal_comment = models.TextField(_("ý kiến thẩm định của tỉnh"), blank=True)
    province_council_meeting_date = models.DateField(_("ngày họp Hội đồng tỉnh"), null=True, blank=True)
    province_council_members_present = models.PositiveSmallIntegerField(
        _("số thành viên Hội đồng tỉnh dự họp"), null=True, blank=True
    )
    province_council_votes_for = models.PositiveSmallIntegerField(
        _("số phiếu đồng ý (Hội đồng tỉnh)"), null=True, blank=True
    )
    province_council_votes_against = models.PositiveSmallIntegerField(
        _("số phiếu không đồng ý (Hội đồng tỉnh)"), null=True, blank=True
    )
    national_submission_number = models.CharField(_("số tờ trình của tỉnh"), max_length=50, blank=True)
    national_submission_date = models.DateField(_("ngày tờ trình của tỉnh"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["status"], name="awards_nomination_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(council_members_present__isnull=True) | models.Q(council_members_present__gte=1),
                name="nomination_council_members_positive",
                violation_error_message=_("Số thành viên dự họp phải ít nhất là 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(province_council_members_present__isnull=True)
                | models.Q(province_council_members_present__gte=1),
                name="nomination_province_council_members_positive",
                violation_error_message=_("Số thành viên Hội đồng tỉnh dự họp phải ít nhất là 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} – {self.award_form}"

    def get_absolute_url(self) -> str:
        return reverse("awards:nomination_detail", args=[self.pk])

    @property
    def status_style(self) -> str:
        """Bootstrap colour of the status badge."""
        return _STATUS_STYLES.get(self.status, "secondary")

    @property
    def nominee_name(self) -> str:
        if self.nominee_kind == self.NomineeKind.INDIVIDUAL:
            return self.individual_name
        return self.unit.name if self.unit_id else ""

    @property
    def council_approval_percent(self) -> float | None:
        """Share of the members present who voted for, in percent (one decimal)."""
        return _approval_percent(self.council_members_present, self.council_votes_for)

    @property
    def province_council_approval_percent(self) -> float | None:
        return _approval_percent(self.province_council_members_present, self.province_council_votes_for)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.plan_id and self.unit_id and self.unit.admin_unit_id != self.plan.issuer_id:
            errors["unit"] = _("Đơn vị phải thuộc đơn vị hành chính ban hành kế hoạch.")
        if self.nominee_kind == self.NomineeKind.INDIVIDUAL:
            if not self.individual_name.strip():
                errors["individual_name"] = _("Hãy nhập họ và tên cá nhân được đề nghị.")
            if not self.individual_position.strip():
                errors["individual_position"] = _("Hãy nhập chức vụ, đơn vị công tác của cá nhân.")
        elif self.nominee_kind == self.NomineeKind.COLLECTIVE and (
            self.individual_name.strip() or self.individual_position.strip()
        ):
            errors["individual_name"] = _("Đề nghị cho tập thể thì không ghi họ tên, chức vụ cá nhân.")
        if self.award_form_id and self.nominee_kind and not award_form_suits(self.award_form, self.nominee_kind):
            errors["award_form"] = _("Hình thức “%(form)s” không dành cho %(kind)s.") % {
                "form": self.award_form.name,
                "kind": self.NomineeKind(self.nominee_kind).label.lower(),
            }
        for prefix in ("council_", "province_council_"):
            errors.update(self._vote_errors(prefix))
        if errors:
            raise ValidationError(errors)

    def _vote_errors(self, prefix: str) -> dict[str, str]:
        """The same rules for the commune's council and the province's: at least one member
        present, and no more votes than members present."""
        present = getattr(self, f"{prefix}members_present")
        votes_for = getattr(self, f"{prefix}votes_for")
        against = getattr(self, f"{prefix}votes_against")
        if present is not None and present < 1:
            return {f"{prefix}members_present": _("Số thành viên dự họp phải ít nhất là 1.")}
        if present is not None and votes_for is not None and against is not None and votes_for + against > present:
            return {
                f"{prefix}votes_against": _(
                    "Số phiếu đồng ý (%(for)d) cộng số phiếu không đồng ý (%(against)d) vượt số thành viên dự họp "
                    "(%(present)d)."
                )
                % {"for": votes_for, "against": against, "present": present}
            }
        return {}


def _approval_percent(present: int | None, votes_for: int | None) -> float | None:
    if not present or votes_for is None:
        return None
    return round(100 * votes_for / present, 1)


_STATUS_STYLES = {
    Nomination.Status.DRAFT: "secondary",
    Nomination.Status.SUBMITTED: "primary",
    Nomination.Status.RETURNED: "warning",
    Nomination.Status.RECEIVED: "info",
    Nomination.Status.APPRAISED: "info",
    Nomination.Status.COUNCIL_REVIEWED: "dark",
    Nomination.Status.DECIDED: "success",
    Nomination.Status.FORWARDED: "success",
    Nomination.Status.RECEIVED_BY_PROVINCE: "info",
    Nomination.Status.RETURNED_BY_PROVINCE: "warning",
    Nomination.Status.APPRAISED_BY_PROVINCE: "info",
    Nomination.Status.PROVINCE_COUNCIL_REVIEWED: "dark",
    Nomination.Status.DECIDED_BY_PROVINCE: "success",
    Nomination.Status.FORWARDED_TO_NATIONAL: "success",
}


def award_form_suits(award_form: AwardForm, nominee_kind: str) -> bool:
    """A collective needs a form for collectives (or both), an individual one for individuals."""
    return award_form.recipients in (nominee_kind, AwardForm.Recipients.BOTH)


class NominationDocument(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Tờ trình")
        ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
        COUNCIL_MINUTES = "council_minutes", _("Biên bản họp Hội đồng Thi đua - Khen thưởng")
        OTHER = "other", _("Tài liệu khác")
        # Added by the province's reviewers (values fit the field's 20 characters).
        PROVINCE_COUNCIL_MINUTES = "province_minutes", _("Biên bản họp Hội đồng Thi đua - Khen thưởng tỉnh")
        PROVINCE_OTHER = "province_other", _("Tài liệu khác của tỉnh")

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to=_nomination_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="nomination_documents",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["nomination", "kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class NominationEvent(models.Model):
    """One step of a dossier's history: who moved it from which state to which, and why."""

    nomination = models.ForeignKey(Nomination, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=30, choices=Nomination.Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=30, choices=Nomination.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="nomination_events",
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    comment = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["nomination", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


# Every change to a dossier, its council result and its decision is kept as a version.
register(Nomination, excluded_fields=["version", "updated_at"])
