"""What each plan offers per occasion (the award forms themselves are in `reference`), and
nomination dossiers."""

import os
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history import register

from accounts.scope import ScopedQuerySet, part_paths, scope_of
from awards.models.events import StepRecord
from awards.models.reference import AwardForm
from awards.models.stage_dates import date_order_errors
from campaigns.models import AdministrativeUnit, Level, ParticipatingUnit


class Occasion(models.TextChoices):
    ANNUAL = "annual", _("Khen thưởng hàng năm")
    PRELIMINARY = "preliminary", _("Khen thưởng sơ kết")
    FINAL = "final", _("Khen thưởng tổng kết")


class AwardSection(models.Model):
    """A block of the plan's commendation section: the occasions it covers, its forms and standards."""

    plan = models.ForeignKey(
        "campaigns.Plan",
        on_delete=models.CASCADE,
        related_name="award_sections",
        verbose_name=_("kế hoạch"),
    )
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
    section = models.ForeignKey(
        AwardSection,
        on_delete=models.CASCADE,
        related_name="forms",
        verbose_name=_("mục khen thưởng"),
    )
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


class NominationQuerySet(ScopedQuerySet):
    area_path = "unit__admin_unit"
    unit_path = "unit"

    def visible_to(self, user: Any) -> "NominationQuerySet":
        """A commune's officer and viewers see its dossiers, a reporter its unit's. A province
        sees its communes' dossiers once they reached the province, and its own units'
        dossiers once they are sent; nobody sees another commune's."""
        scope = scope_of(user)
        if scope.at_province and not scope.is_reporter:
            return self.filter(_province_q(scope.admin_unit_id))
        return super().visible_to(user)

    def forwarded_to_province(self) -> "NominationQuerySet":
        """Dossiers ever sent up to the province (it holds a stage row for them)."""
        return self.filter(stages__level=Level.PROVINCE)

    def with_stages(self) -> "NominationQuerySet":
        return self.prefetch_related(
            models.Prefetch(
                "stages",
                queryset=NominationStage.objects.select_related(
                    "received_by", "forwarded_by", "council_ballot__meeting"
                ),
            )
        )


def _province_q(province_id: int) -> models.Q:
    """Written on the dossier's own columns (unit ids from subqueries): an OR across joined
    tables made PostgreSQL join every dossier and unit of the country (≈100 ms at national
    scale, on every count of the province queue)."""
    communes = AdministrativeUnit.objects.filter(province_id=province_id).values("pk")
    commune_units = ParticipatingUnit.objects.filter(admin_unit__in=communes).values("pk")
    own = ParticipatingUnit.objects.filter(admin_unit_id=province_id).values("pk")
    from_communes = models.Q(unit__in=commune_units, status__in=PROVINCE_STATES)
    own_units = models.Q(unit__in=own) & ~models.Q(status__in=EDITABLE_STATES)
    return from_communes | own_units


class Nomination(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ tiếp nhận")
        RETURNED = "returned", _("Trả lại để bổ sung")
        RECEIVED = "received", _("Đã tiếp nhận")
        APPRAISED = "appraised", _("Đã thẩm định")
        COUNCIL_REVIEWED = "council_reviewed", _("Đã họp Hội đồng Thi đua - Khen thưởng")
        COUNCIL_REJECTED = "council_rejected", _("Hội đồng Thi đua - Khen thưởng không thông qua")
        DECIDED = "decided", _("Đã quyết định khen thưởng")
        FORWARDED = "forwarded", _("Đã trình cấp tỉnh")
        # The province's part (Sở Nội vụ receives, appraises, takes to the province council,
        # then the province decides its own forms or proposes national ones upward).
        RECEIVED_BY_PROVINCE = "received_by_province", _("Tỉnh đã tiếp nhận")
        RETURNED_BY_PROVINCE = "returned_by_province", _("Tỉnh trả lại để bổ sung")
        APPRAISED_BY_PROVINCE = "appraised_by_province", _("Tỉnh đã thẩm định")
        PROVINCE_COUNCIL_REVIEWED = "province_council_reviewed", _("Đã họp Hội đồng Thi đua - Khen thưởng tỉnh")
        PROVINCE_COUNCIL_REJECTED = (
            "province_council_rejected",
            _("Hội đồng Thi đua - Khen thưởng tỉnh không thông qua"),
        )
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
    # The record of who is nominated (kept in step with the unit and name above on save).
    awardee = models.ForeignKey(
        "awards.Awardee",
        verbose_name=_("đối tượng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    # What happened at each level is in the dossier's stage rows; the status says where it is.
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
    # When the commune sent it up (its commune stage's forwarded_at, copied by the step that
    # sends it): the province queue's order, an index instead of a subquery per row.
    sent_up_at = models.DateTimeField(_("trình tỉnh lúc"), null=True, blank=True, editable=False)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["status"], name="awards_nomination_status_idx"),
            models.Index(fields=["sent_up_at", "id"], name="awards_nomination_sent_up_idx"),
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

    # --- Where the dossier is, and what happened at each level ------------------------------

    def stage(self, level: str) -> "NominationStage | None":
        """The dossier's row for `level` (uses prefetched stages: `with_stages()`)."""
        return next((stage for stage in self.stages.all() if stage.level == level), None)

    @property
    def current_level(self) -> str:
        """The level the dossier is at ("" for a draft)."""
        return STATUS_LEVEL.get(self.status, "")

    @property
    def current_stage(self) -> "NominationStage | None":
        return self.stage(self.current_level) if self.current_level else None

    @property
    def commune_stage(self) -> "NominationStage | None":
        return self.stage(Level.COMMUNE)

    @property
    def province_stage(self) -> "NominationStage | None":
        return self.stage(Level.PROVINCE)

    @property
    def decision(self) -> "NominationStage | None":
        """The stage whose level decided the award (a dossier is decided at one level only)."""
        return self.current_stage if self.is_decided else None

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATES

    @property
    def is_returned(self) -> bool:
        return self.status in RETURNED_STATES

    @property
    def is_at_province(self) -> bool:
        """Sent to the province (wherever it is there, or beyond)."""
        return self.status in PROVINCE_STATES

    @property
    def is_at_national(self) -> bool:
        return self.current_level == Level.NATIONAL

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
        if errors:
            raise ValidationError(errors)


Status = Nomination.Status


@dataclass(frozen=True)
class LevelStates:
    """The states a dossier passes through at one level. The same seven steps run at every
    level (awards/workflow.py); a level only names its states. A level without a state for
    a step (the national one, for now) does not run that step in the portal."""

    level: str
    waiting: str  # sent to this level, waiting to be received
    received: str = ""
    returned: str = ""
    appraised: str = ""
    council_reviewed: str = ""
    council_rejected: str = ""  # an end: the council voted the dossier down at this level
    decided: str = ""

    @property
    def states(self) -> tuple[str, ...]:
        named = (self.waiting, self.received, self.returned, self.appraised, self.council_reviewed)
        return tuple(state for state in (*named, self.council_rejected, self.decided) if state)


# The levels a dossier goes up through, in order.
LEVEL_STATES: tuple[LevelStates, ...] = (
    LevelStates(
        Level.COMMUNE,
        waiting=Status.SUBMITTED,
        received=Status.RECEIVED,
        returned=Status.RETURNED,
        appraised=Status.APPRAISED,
        council_reviewed=Status.COUNCIL_REVIEWED,
        council_rejected=Status.COUNCIL_REJECTED,
        decided=Status.DECIDED,
    ),
    LevelStates(
        Level.PROVINCE,
        waiting=Status.FORWARDED,
        received=Status.RECEIVED_BY_PROVINCE,
        returned=Status.RETURNED_BY_PROVINCE,
        appraised=Status.APPRAISED_BY_PROVINCE,
        council_reviewed=Status.PROVINCE_COUNCIL_REVIEWED,
        council_rejected=Status.PROVINCE_COUNCIL_REJECTED,
        decided=Status.DECIDED_BY_PROVINCE,
    ),
    LevelStates(Level.NATIONAL, waiting=Status.FORWARDED_TO_NATIONAL),
)
STATES_OF: dict[str, LevelStates] = {states.level: states for states in LEVEL_STATES}
STATUS_LEVEL: dict[str, str] = {state: states.level for states in LEVEL_STATES for state in states.states}
# States in which the unit (or the officer on its behalf) writes the dossier.
EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)
RETURNED_STATES = tuple(states.returned for states in LEVEL_STATES if states.returned)
DECIDED_STATES = tuple(states.decided for states in LEVEL_STATES if states.decided)
# States the province sees (it only receives dossiers sent to it), in workflow order.
PROVINCE_STATES = STATES_OF[Level.PROVINCE].states + STATES_OF[Level.NATIONAL].states


_STATUS_STYLES = {
    Status.DRAFT: "secondary",
    Status.SUBMITTED: "primary",
    Status.RETURNED: "warning",
    Status.RECEIVED: "info",
    Status.APPRAISED: "info",
    Status.COUNCIL_REVIEWED: "dark",
    Status.COUNCIL_REJECTED: "danger",
    Status.DECIDED: "success",
    Status.FORWARDED: "success",
    Status.RECEIVED_BY_PROVINCE: "info",
    Status.RETURNED_BY_PROVINCE: "warning",
    Status.APPRAISED_BY_PROVINCE: "info",
    Status.PROVINCE_COUNCIL_REVIEWED: "dark",
    Status.PROVINCE_COUNCIL_REJECTED: "danger",
    Status.DECIDED_BY_PROVINCE: "success",
    Status.FORWARDED_TO_NATIONAL: "success",
}


class NominationPartQuerySet(ScopedQuerySet):
    """Rows that belong to a dossier: seen by whoever sees the dossier."""

    area_path, unit_path = part_paths(NominationQuerySet, "nomination")

    def visible_to(self, user: Any) -> "NominationPartQuerySet":
        return self.filter(nomination__in=Nomination.objects.visible_to(user))


class NominationStage(models.Model):
    """What happened to a dossier at one level (commune, province, national): received,
    returned, appraised, the council's vote, the decision, the submission upward. One row per
    level the dossier reached; the same workflow steps fill it at every level."""

    nomination = models.ForeignKey(Nomination, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="stages")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nomination_stages_received",
    )
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    appraisal_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    council_meeting_date = models.DateField(_("ngày họp Hội đồng"), null=True, blank=True)
    council_members_present = models.PositiveSmallIntegerField(_("số thành viên dự họp"), null=True, blank=True)
    council_votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    council_votes_against = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"), null=True, blank=True)
    # The council's columns above copy this ballot when its meeting closes (then locked).
    council_ballot = models.OneToOneField(
        "awards.CouncilBallot",
        verbose_name=_("kết quả bỏ phiếu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stage",
    )
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_signer = models.CharField(_("người ký quyết định"), max_length=150, blank=True)
    # Sent up to the next level: when, by whom, under which submission (tờ trình).
    forwarded_at = models.DateTimeField(_("trình cấp trên lúc"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trình cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nomination_stages_forwarded",
    )
    submission_number = models.CharField(_("số tờ trình"), max_length=50, blank=True)
    submission_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)

    objects = NominationPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("bước xét hồ sơ theo cấp")
        verbose_name_plural = _("bước xét hồ sơ theo cấp")
        ordering = ["nomination", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "level"],
                name="unique_nomination_stage_level",
                violation_error_message=_("Hồ sơ đã có bước xét ở cấp này."),
            ),
            models.CheckConstraint(
                condition=models.Q(council_members_present__isnull=True) | models.Q(council_members_present__gte=1),
                name="nomination_stage_council_members_positive",
                violation_error_message=_("Số thành viên dự họp phải ít nhất là 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id} · {self.get_level_display()}"

    @property
    def council_approval_percent(self) -> float | None:
        """Share of votes for, in percent (one decimal): of the base the threshold counted
        (all members, or the members who voted); of the members present for older rows."""
        if self.council_ballot_id:
            return float(self.council_ballot.percent)
        if not self.council_members_present or self.council_votes_for is None:
            return None
        return round(100 * self.council_votes_for / self.council_members_present, 1)

    def clean(self) -> None:
        """The votes are checked on the council's ballot (awards.models.council); the dates
        follow the order of the work (`date_order_errors`)."""
        if errors := date_order_errors(self):
            raise ValidationError(errors)


def award_form_suits(award_form: AwardForm, nominee_kind: str) -> bool:
    """A collective needs a form for collectives (or for a village, a commune), an individual
    one for individuals; a household takes forms for households and those for everyone
    (Giấy khen, Bằng khen)."""
    return award_form.suits(nominee_kind)


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

    objects = NominationPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["nomination", "kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class NominationEvent(StepRecord):
    """One step of a dossier's history: who moved it from which state to which, and why."""

    nomination = models.ForeignKey(Nomination, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=30, choices=Nomination.Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=30, choices=Nomination.Status.choices)
    comment = models.TextField(_("ghi chú"), blank=True)

    objects = NominationPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["nomination", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


# Every change to a dossier, its council result and its decision is kept as a version.
register(Nomination, excluded_fields=["version", "updated_at"])
register(NominationStage)
