"""The yearly emulation cycle: initiatives (sáng kiến) and their recognising decisions, each
person's or collective's rating of the year, and the proposals (đề nghị) evaluated against
the standards (awards.models.standards) and decided.

A proposal belongs to the administrative unit that evaluates it (the commune, or the
province once the commune has sent it up in a tờ trình); its outcome is set by
`awards.services.cycle.record_outcome` (the council's vote).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history import register

from accounts.scope import ScopedQuerySet, part_paths
from awards.models.events import StepRecord


class InitiativeScope(models.TextChoices):
    """Where an initiative was recognised to have effect, from the narrowest."""

    UNIT = "unit", _("Cơ quan, đơn vị")
    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")


SCOPE_RANK = {InitiativeScope.UNIT: 0, InitiativeScope.COMMUNE: 1, InitiativeScope.PROVINCE: 2}


class InitiativeQuerySet(ScopedQuerySet):
    area_path = "admin_unit"
    unit_path = None


class Initiative(models.Model):
    """An initiative (or research) recognised by a decision: the CSTĐ titles depend on them."""

    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("đơn vị hành chính quản lý"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    title = models.CharField(_("tên sáng kiến"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung, hiệu quả"), blank=True)
    authors = models.ManyToManyField(
        "awards.Awardee", verbose_name=_("tác giả"), related_name="initiatives", limit_choices_to={"kind": "individual"}
    )
    year = models.PositiveSmallIntegerField(_("năm áp dụng"))
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=10, choices=InitiativeScope.choices)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định công nhận"))
    decision_body = models.CharField(
        _("cơ quan công nhận"), max_length=255, help_text=_("Ví dụ: Hội đồng sáng kiến của xã")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:initiative_update", args=[self.pk])

    @property
    def scope_rank(self) -> int:
        return SCOPE_RANK.get(self.scope, -1)

    @property
    def decision_label(self) -> str:
        return f"{self.decision_number} ngày {self.decision_date:%d/%m/%Y} của {self.decision_body}"

    def author_names(self) -> str:
        return ", ".join(author.name for author in self.authors.all())


register(Initiative, m2m_fields=["authors"])


# --- How each person and collective did in the year: the inputs the standards read ------------


class TaskRating(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    DONE = "done", _("Hoàn thành nhiệm vụ")
    FAILED = "failed", _("Không hoàn thành nhiệm vụ")


RATING_RANK = {TaskRating.FAILED: 0, TaskRating.DONE: 1, TaskRating.GOOD: 2, TaskRating.EXCELLENT: 3}


class Discipline(models.TextChoices):
    NONE = "none", _("Không bị kỷ luật")
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    HIGHER = "higher", _("Hình thức cao hơn cảnh cáo")


DISCIPLINE_RANK = {Discipline.NONE: 0, Discipline.REPRIMAND: 1, Discipline.WARNING: 2, Discipline.HIGHER: 3}


class YearRatingQuerySet(ScopedQuerySet):
    area_path = "awardee__admin_unit"
    unit_path = "awardee__unit"


class YearRating(models.Model):
    """A person's or a collective's year: the task rating and any discipline. One row per
    awardee and year, shared by all their proposals of the year and read for the members of
    a collective."""

    awardee = models.ForeignKey(
        "awards.Awardee", verbose_name=_("đối tượng"), on_delete=models.CASCADE, related_name="year_ratings"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại mức độ hoàn thành nhiệm vụ"), max_length=10, choices=TaskRating.choices)
    discipline = models.CharField(
        _("kỷ luật trong năm"), max_length=10, choices=Discipline.choices, default=Discipline.NONE
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = YearRatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("xếp loại, kỷ luật trong năm")
        verbose_name_plural = _("xếp loại, kỷ luật trong năm")
        ordering = ["-year", "awardee"]
        constraints = [
            models.UniqueConstraint(
                fields=["awardee", "year"],
                name="unique_year_rating",
                violation_error_message=_("Đối tượng này đã có xếp loại của năm."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.awardee} · {self.year}: {self.get_rating_display()}"


# --- Proposals (đề nghị danh hiệu, hình thức) -------------------------------------------------


class ProposalQuerySet(ScopedQuerySet):
    area_path = "admin_unit"
    unit_path = None  # a unit reporter has no evaluation pages

    def page_rows(self) -> "ProposalQuerySet":
        return self.select_related(
            "awardee__unit", "award_form", "admin_unit__province", "decision_line__decision", "forwarded_from"
        ).prefetch_related("initiatives", "overrides__by", "forwarded_to")


class Proposal(models.Model):
    """Someone proposed for a title or form of a year, at the unit that evaluates it. Open
    while it is neither in a decision nor sent up; its outcome is the council's."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Chờ Hội đồng xét")
        APPROVED = "approved", _("Được thông qua")
        REJECTED = "rejected", _("Không được thông qua")

    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("đơn vị bình xét"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    awardee = models.ForeignKey(
        "awards.Awardee", verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="proposals"
    )
    award_form = models.ForeignKey(
        "awards.AwardForm", verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="proposals"
    )
    achievement = models.CharField(_("thành tích (ghi trong quyết định)"), max_length=500, blank=True)
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("sáng kiến làm căn cứ"), blank=True, related_name="proposals"
    )
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(_("ghi chú kết quả"), blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi kết quả"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome_at = models.DateTimeField(_("ghi kết quả lúc"), null=True, blank=True)
    # Where the proposal came from (a registration line, a tờ trình): free text for now.
    origin = models.CharField(_("nguồn đề nghị"), max_length=255, blank=True)
    # Sent up: the commune's proposal keeps the tờ trình; the province's names where it came from.
    forwarded_from = models.OneToOneField(
        "self",
        verbose_name=_("đề nghị của cấp dưới"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_to",
    )
    forwarded_at = models.DateTimeField(_("trình cấp trên lúc"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trình cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submission_number = models.CharField(_("số tờ trình"), max_length=50, blank=True)
    submission_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    decision_line = models.OneToOneField(
        "awards.DecisionLine",
        verbose_name=_("dòng quyết định"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị danh hiệu, hình thức")
        verbose_name_plural = _("đề nghị danh hiệu, hình thức")
        ordering = ["-year", "award_form__rank", "awardee__search_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["admin_unit", "year", "awardee", "award_form"],
                name="unique_proposal",
                violation_error_message=_("Đối tượng này đã được đề nghị danh hiệu, hình thức này trong năm."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.awardee} – {self.award_form} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("awards:proposal_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.decision_line_id is not None

    @property
    def is_forwarded(self) -> bool:
        return self.forwarded_at is not None

    @property
    def is_open(self) -> bool:
        return not (self.is_decided or self.is_forwarded)

    @property
    def outcome_style(self) -> str:
        return {"approved": "success", "rejected": "danger"}.get(self.outcome, "secondary")


class ProposalPartQuerySet(ScopedQuerySet):
    area_path, unit_path = part_paths(ProposalQuerySet, "proposal")


class ProposalOverride(StepRecord):
    """A failed check the council let pass, with the reason written: kept, shown in the
    proposal's history and printed on the decision's annex."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("đề nghị"), on_delete=models.CASCADE, related_name="overrides"
    )
    check_row = models.ForeignKey(
        "awards.StandardCheck",
        verbose_name=_("tiêu chuẩn"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="overrides",
    )
    requirement = models.CharField(_("tiêu chuẩn chưa đạt"), max_length=500)
    reason = models.TextField(_("lý do vẫn xét"))

    objects = ProposalPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiêu chuẩn được xét vượt qua")
        verbose_name_plural = _("tiêu chuẩn được xét vượt qua")
        ordering = ["proposal", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.reason}"


class ProposalEvent(StepRecord):
    """One step of a proposal's history: who did what, when, and why."""

    class Action(models.TextChoices):
        CREATED = "created", _("Lập đề nghị")
        UPDATED = "updated", _("Sửa thông tin xét")
        OVERRIDDEN = "overridden", _("Xét vượt qua tiêu chuẩn chưa đạt")
        OUTCOME = "outcome", _("Ghi kết quả")
        DECIDED = "decided", _("Đưa vào quyết định")
        FORWARDED = "forwarded", _("Trình cấp trên")
        RECEIVED = "received", _("Nhận từ cấp dưới")

    proposal = models.ForeignKey(Proposal, verbose_name=_("đề nghị"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("việc"), max_length=12, choices=Action.choices)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = ProposalPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("diễn biến đề nghị")
        verbose_name_plural = _("diễn biến đề nghị")
        ordering = ["proposal", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.note[:60]}"


register(YearRating)
register(Proposal, excluded_fields=["version"], m2m_fields=["initiatives"])
