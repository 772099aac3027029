"""Administrative units, participating units, campaigns and their plans.

A plan (Kế hoạch) is stored by its content, not by one document's numbering: the
sections below are what every real plan holds, in the order the portal renders them.
Criteria live in `criteria`, award forms in `awards`, reporting deadlines in `reporting`.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register

from accounts.scope import ScopedQuerySet, scope_of
from accounts.textcheck import validate_vietnamese_phone


class Level(models.TextChoices):
    """Levels of government since 1 July 2025 (no districts), plus the national level."""

    NATIONAL = "national", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class AdministrativeUnitQuerySet(ScopedQuerySet):
    area_path = ""

    def visible_to(self, user):
        """The user's own unit and, at a province, its communes; at a commune also its province
        (whose plans the commune implements)."""
        return self.filter(scope_of(user).plan_issuer_q(""))


class AdministrativeUnit(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Tỉnh")
        CITY = "thanh_pho", _("Thành phố trực thuộc Trung ương")
        COMMUNE = "xa", _("Xã")
        WARD = "phuong", _("Phường")
        SPECIAL_ZONE = "dac_khu", _("Đặc khu")

    PROVINCE_KINDS = (Kind.PROVINCE, Kind.CITY)
    # How the kind is written before the name: "tỉnh Ninh Bình", "xã Cổ Lễ".
    KIND_WORDS = {
        Kind.PROVINCE: "tỉnh",
        Kind.CITY: "thành phố",
        Kind.COMMUNE: "xã",
        Kind.WARD: "phường",
        Kind.SPECIAL_ZONE: "đặc khu",
    }

    name = models.CharField(_("tên"), max_length=100, help_text=_("Không kèm loại, ví dụ: Cổ Lễ"))
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(
        "self",
        verbose_name=_("thuộc tỉnh/thành phố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes",
        limit_choices_to={"kind__in": PROVINCE_KINDS},
    )
    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["province__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name", "province"],
                name="unique_commune_in_province",
                violation_error_message=_("Đơn vị hành chính này đã có."),
            ),
            models.UniqueConstraint(
                fields=["kind", "name"],
                condition=models.Q(province__isnull=True),
                name="unique_province_name",
                violation_error_message=_("Đơn vị hành chính này đã có."),
            ),
        ]

    def __str__(self) -> str:
        if self.province_id:
            return f"{self.full_name}, {self.province.full_name}"
        return self.full_name

    @property
    def level(self) -> str:
        return Level.PROVINCE if self.kind in self.PROVINCE_KINDS else Level.COMMUNE

    @property
    def is_province(self) -> bool:
        return self.level == Level.PROVINCE

    @property
    def full_name(self) -> str:
        return f"{self.KIND_WORDS[self.kind]} {self.name}"

    @property
    def committee_name(self) -> str:
        """The People's Committee that issues the unit's plans."""
        return f"Ủy ban nhân dân {self.full_name}"

    @property
    def province_unit(self) -> "AdministrativeUnit":
        return self if self.is_province else self.province

    def clean(self) -> None:
        if self.kind in self.PROVINCE_KINDS and self.province_id:
            raise ValidationError({"province": _("Đơn vị cấp tỉnh không thuộc tỉnh nào khác.")})
        if self.kind and self.kind not in self.PROVINCE_KINDS:
            if not self.province_id:
                raise ValidationError({"province": _("Xã, phường, đặc khu phải thuộc một tỉnh/thành phố.")})
            if self.province.kind not in self.PROVINCE_KINDS:
                raise ValidationError({"province": _("Chỉ chọn được đơn vị cấp tỉnh.")})


class ParticipatingUnitQuerySet(ScopedQuerySet):
    area_path = "admin_unit"
    unit_path = ""
    write_message = _("Chỉ cán bộ Phòng Văn hóa - Xã hội của xã, phường mới được thay đổi đơn vị tham gia.")

    def managed_here(self, user):
        """The units of the user's own administrative unit (the unit pages list these; a
        province's reviewers see their communes' units through the communes' pages)."""
        return self.visible_to(user).filter(admin_unit_id=scope_of(user).admin_unit_id)

    def writable_by(self, obj, user) -> bool:
        """Units are managed by the commune's Culture-Social Office."""
        return scope_of(user).is_officer and super().writable_by(obj, user)


class ParticipatingUnit(models.Model):
    """An office, school, village, enterprise, Front organisation… that takes part and reports."""

    admin_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        related_name="participating_units",
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    subject_type = models.ForeignKey(
        "criteria.SubjectType",
        verbose_name=_("đối tượng"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    contact_person = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True, validators=[validate_vietnamese_phone])
    is_active = models.BooleanField(_("đang tham gia"), default=True)

    objects = ParticipatingUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị tham gia")
        verbose_name_plural = _("đơn vị tham gia")
        ordering = ["admin_unit__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["admin_unit", "name"],
                name="unique_participating_unit_name",
                violation_error_message=_("Đơn vị hành chính này đã có một đơn vị cùng tên."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """An emulation campaign (phong trào thi đua) that plans at every level implement."""

    name = models.CharField(_("tên phong trào"), max_length=255, unique=True)
    launched_by = models.CharField(
        _("văn bản phát động"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Quyết định số 923/QĐ-TTg ngày 14/5/2025 của Thủ tướng Chính phủ"),
    )

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlanQuerySet(ScopedQuerySet):
    area_path = "issuer"
    write_message = _("Chỉ cán bộ của cơ quan ban hành được sửa kế hoạch này.")

    def visible_to(self, user):
        return self.filter(scope_of(user).plan_issuer_q("issuer"))


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    issuer = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    campaign = models.ForeignKey(Campaign, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="plans")
    other_campaigns = models.ManyToManyField(
        Campaign,
        verbose_name=_("phong trào khác cùng triển khai"),
        blank=True,
        related_name="co_plans",
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(
        _("số, ký hiệu"), max_length=50, blank=True, help_text=_("Ví dụ: 87/KH-UBND; để trống khi còn dự thảo")
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    header_missing = models.BooleanField(
        _("bản lưu không có số, ngày"),
        default=False,
        help_text=_("Đánh dấu khi văn bản đã ký ban hành nhưng bản lưu không còn phần số, ký hiệu và ngày tháng."),
    )
    title = models.TextField(_("trích yếu"), help_text=_("Phần tên sau chữ KẾ HOẠCH"))
    period_start = models.PositiveSmallIntegerField(_("từ năm"))
    period_end = models.PositiveSmallIntegerField(_("đến năm"))
    preamble = models.TextField(_("căn cứ ban hành"), blank=True, help_text=_("Mỗi đoạn một dòng"))
    contents_intro = models.TextField(_("đoạn mở đầu mục nội dung"), blank=True)
    award_subjects = models.TextField(_("đối tượng khen thưởng"), blank=True)
    phases_intro = models.TextField(_("đoạn mở đầu mục thời gian"), blank=True)
    closing = models.TextField(_("đoạn kết"), blank=True)
    signer_capacity = models.CharField(
        _("thẩm quyền ký"), max_length=100, blank=True, help_text=_("Ví dụ: TM. ỦY BAN NHÂN DÂN")
    )
    signer_delegation = models.CharField(
        _("ký thay"), max_length=100, blank=True, help_text=_("Ví dụ: KT. CHỦ TỊCH; trống khi ký trực tiếp")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-period_start", "issuer__name", "-issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.reference} – {self.issuer.full_name}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:plan_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """The number, or why there is none."""
        if self.number:
            return self.number
        if self.status == self.Status.DRAFT:
            return str(_("Dự thảo"))
        return str(_("Bản lưu không ghi số"))

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def document_type(self) -> str:
        return "KẾ HOẠCH"

    @property
    def first_report_year(self) -> int:
        """Units report from the year the plan was issued (not for years before it existed)."""
        return max(self.period_start, self.issued_on.year) if self.issued_on else self.period_start

    @property
    def preamble_paragraphs(self) -> list[str]:
        return [p for p in self.preamble.splitlines() if p.strip()]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Năm kết thúc không được trước năm bắt đầu.")
        if self.status == self.Status.ISSUED and not self.header_missing:
            if not self.number.strip():
                errors["number"] = _("Kế hoạch đã ban hành phải có số, ký hiệu.")
            if not self.issued_on:
                errors["issued_on"] = _("Kế hoạch đã ban hành phải có ngày ban hành.")
        if errors:
            raise ValidationError(errors)

    def ancestors(self) -> list["Plan"]:
        """Plans in the system this plan implements, nearest first (cycle-safe)."""
        seen: list[Plan] = []
        frontier = [self]
        while frontier:
            current = frontier.pop()
            for parent in Plan.objects.filter(implemented_by__plan=current):
                if parent not in seen and parent != self:
                    seen.append(parent)
                    frontier.append(parent)
        return seen


class PlanParent(models.Model):
    """A document the plan implements: another plan in the system, or an outside document.

    The citation (kind, number, date, issuer) is kept as written in the plan even when the
    cited plan is in the system, because the plan text cites it by number and date.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="parents", verbose_name=_("kế hoạch"))
    number_in_list = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    kind = models.CharField(_("loại văn bản"), max_length=50, help_text=_("Quyết định, Kế hoạch, Công văn…"))
    number = models.CharField(_("số, ký hiệu"), max_length=50, blank=True)
    date = models.DateField(_("ngày"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    summary = models.TextField(_("trích yếu"), blank=True)
    parent_plan = models.ForeignKey(
        Plan,
        verbose_name=_("kế hoạch trong hệ thống"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="implemented_by",
    )

    class Meta:
        verbose_name = _("văn bản căn cứ")
        verbose_name_plural = _("văn bản căn cứ")
        ordering = ["plan", "number_in_list"]

    def __str__(self) -> str:
        return self.citation

    @property
    def in_system(self) -> bool:
        return self.parent_plan_id is not None

    @property
    def citation(self) -> str:
        parts = [self.kind]
        if self.number:
            parts.append(f"số {self.number}")
        if self.date:
            parts.append(f"ngày {self.date:%d/%m/%Y}")
        parts.append(f"của {self.issuer}")
        return " ".join(parts)

    def clean(self) -> None:
        if not self.parent_plan_id or not self.plan_id:
            return
        if self.parent_plan_id == self.plan_id or self.plan in self.parent_plan.ancestors():
            raise ValidationError(
                {"parent_plan": _("Một kế hoạch không thể là căn cứ của chính nó, trực tiếp hay gián tiếp.")}
            )


class PlanItem(models.Model):
    """One numbered paragraph of a plan section; `number` orders it and is unique per plan."""

    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung"))

    class Meta:
        abstract = True
        ordering = ["plan", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


def _unique_number(message: str) -> list[models.UniqueConstraint]:
    return [
        models.UniqueConstraint(
            fields=["plan", "number"],
            name="%(app_label)s_%(class)s_unique_number",
            violation_error_message=message,
        )
    ]


class Purpose(PlanItem):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="purposes", verbose_name=_("kế hoạch"))

    class Meta(PlanItem.Meta):
        verbose_name = _("mục đích")
        verbose_name_plural = _("mục đích")
        constraints = _unique_number(_("Hai mục đích không được trùng số thứ tự."))


class Requirement(PlanItem):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("kế hoạch"))

    class Meta(PlanItem.Meta):
        verbose_name = _("yêu cầu")
        verbose_name_plural = _("yêu cầu")
        constraints = _unique_number(_("Hai yêu cầu không được trùng số thứ tự."))


class Content(PlanItem):
    """A campaign content item (nội dung thi đua); annual reports give results per content."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="contents", verbose_name=_("kế hoạch"))

    class Meta(PlanItem.Meta):
        verbose_name = _("nội dung thi đua")
        verbose_name_plural = _("nội dung thi đua")
        constraints = _unique_number(_("Hai nội dung thi đua không được trùng số thứ tự."))


class Solution(PlanItem):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="solutions", verbose_name=_("kế hoạch"))

    class Meta(PlanItem.Meta):
        verbose_name = _("giải pháp")
        verbose_name_plural = _("giải pháp")
        constraints = _unique_number(_("Hai giải pháp không được trùng số thứ tự."))


class Recipient(PlanItem):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("kế hoạch"))

    class Meta(PlanItem.Meta):
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        constraints = _unique_number(_("Hai nơi nhận không được trùng số thứ tự."))


class Review(models.TextChoices):
    PRELIMINARY = "preliminary", _("Sơ kết")
    FINAL = "final", _("Tổng kết")


class Phase(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="phases", verbose_name=_("kế hoạch"))
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên giai đoạn"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    review = models.CharField(_("sơ kết/tổng kết"), max_length=12, choices=Review.choices, blank=True)
    review_year = models.PositiveSmallIntegerField(_("năm sơ kết/tổng kết"), null=True, blank=True)
    description = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["plan", "number"]
        constraints = _unique_number(_("Hai giai đoạn không được trùng số thứ tự."))

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year} - {self.end_year})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("Giai đoạn không thể kết thúc trước khi bắt đầu.")
        if bool(self.review) != bool(self.review_year):
            errors["review_year"] = _("Sơ kết/tổng kết cần cả loại và năm tổ chức.")
        elif (
            self.review_year
            and self.start_year
            and self.end_year
            and not (self.start_year <= self.review_year <= self.end_year)
        ):
            errors["review_year"] = _("Năm sơ kết/tổng kết phải nằm trong giai đoạn.")
        if errors:
            raise ValidationError(errors)


class Responsibility(models.Model):
    """A body (office, department, organisation) and its duties under the plan."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="responsibilities", verbose_name=_("kế hoạch"))
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    body = models.CharField(_("cơ quan, đơn vị"), max_length=500)
    titled = models.BooleanField(
        _("có tiêu đề riêng"),
        default=True,
        help_text=_("Bỏ chọn khi văn bản viết nhiệm vụ thành một đoạn bắt đầu bằng tên cơ quan."),
    )
    duties = models.TextField(_("nhiệm vụ"), help_text=_("Mỗi nhiệm vụ một dòng"))

    class Meta:
        verbose_name = _("trách nhiệm")
        verbose_name_plural = _("tổ chức thực hiện")
        ordering = ["plan", "number"]
        constraints = _unique_number(_("Hai mục tổ chức thực hiện không được trùng số thứ tự."))

    def __str__(self) -> str:
        return self.body

    @property
    def duty_list(self) -> list[str]:
        return [d for d in self.duties.splitlines() if d.strip()]


class PlanAmendment(models.Model):
    """A change to a plan: every edit of a draft section is logged; once the plan is issued
    a change is an amendment (điều chỉnh, bổ sung) and needs a reason."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("kế hoạch"))
    section = models.CharField(_("phần"), max_length=40)
    reason = models.TextField(_("lý do"), blank=True)
    is_amendment = models.BooleanField(_("điều chỉnh sau ban hành"), default=False)
    before = models.JSONField(_("trước"), default=list, blank=True)
    after = models.JSONField(_("sau"), default=list, blank=True)
    by = models.ForeignKey(
        "accounts.User", verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử thay đổi kế hoạch")
        verbose_name_plural = _("lịch sử thay đổi kế hoạch")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} – {self.section} – {self.at:%d/%m/%Y %H:%M}"


# Every change to a plan is kept as a version (who, when, what changed); see campaigns/audit.py.
register(Plan, excluded_fields=["version", "updated_at"])


class PlanImportQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """An upload is seen only by the one who made it, and only while it is in their scope."""
        return super().visible_to(user).filter(uploaded_by=user.pk)


def plan_import_upload_to(instance: "PlanImport", filename: str) -> str:
    return f"plan_imports/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class PlanImport(models.Model):
    """A plan document uploaded to import, read in the background (a large file takes a while);
    the page polls `status`. The file is deleted once read; the result waits for the review."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang đọc")
        DONE = "done", _("Đã đọc xong")
        FAILED = "failed", _("Không đọc được")

    admin_unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("đơn vị hành chính"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    file = models.FileField(_("tệp"), upload_to=plan_import_upload_to, blank=True, max_length=255)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)  # the message shown to the officer
    result = models.JSONField(_("kết quả đọc"), null=True, blank=True)
    requested_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = PlanImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp kế hoạch đang nhập")
        verbose_name_plural = _("tệp kế hoạch đang nhập")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
