"""Reporting deadlines of a plan (annual reports and reminders build on them)."""

import calendar
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register

from accounts.scope import ScopedQuerySet, scope_of
from campaigns.models import Plan

# A non-leap year: a yearly deadline must exist every year, so 29/02 is refused.
_REFERENCE_YEAR = 2025


class ReportingDeadline(models.Model):
    class Reporters(models.TextChoices):
        UNITS = "units", _("Các đơn vị tham gia của cấp ban hành")
        UNITS_AND_LOCALITIES = "units_and_localities", _("Các sở, ngành, đơn vị và các xã, phường")
        ISSUER = "issuer", _("Chính cấp ban hành báo cáo lên cấp trên")

    plan = models.ForeignKey("campaigns.Plan", on_delete=models.CASCADE, related_name="deadlines")
    day = models.PositiveSmallIntegerField(_("ngày"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    reporter = models.CharField(_("đơn vị báo cáo (như văn bản ghi)"), max_length=500)
    receiver = models.CharField(_("nơi nhận báo cáo"), max_length=255)
    via = models.CharField(_("qua cơ quan"), max_length=255, blank=True)
    reporters = models.CharField(_("ai phải báo cáo"), max_length=24, choices=Reporters.choices)

    class Meta:
        verbose_name = _("hạn báo cáo")
        verbose_name_plural = _("hạn báo cáo hằng năm")
        ordering = ["plan", "month", "day"]

    def __str__(self) -> str:
        return f"{self.day_month or _('hằng năm')} → {self.receiver}"

    @property
    def day_month(self) -> str:
        if self.day and self.month:
            return f"{self.day:02d}/{self.month:02d}"
        return ""

    def clean(self) -> None:
        if (self.day is None) != (self.month is None):
            raise ValidationError(_("Hạn báo cáo cần cả ngày và tháng, hoặc để trống cả hai."))
        if self.day is None:
            return
        if not 1 <= self.month <= 12:
            raise ValidationError({"month": _("Tháng phải từ 1 đến 12.")})
        last_day = calendar.monthrange(_REFERENCE_YEAR, self.month)[1]
        if not 1 <= self.day <= last_day:
            raise ValidationError(
                {
                    "day": _("Ngày %(day)02d/%(month)02d không có trong mọi năm; tháng %(month)d có %(last)d ngày.")
                    % {"day": self.day, "month": self.month, "last": last_day}
                }
            )


def format_points(value: Decimal) -> str:
    """10.00 → "10", 7.50 → "7,5" (in Vietnamese): points as people write them."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text))


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    """Stored under the app and the report id, with a random name: the original name is kept
    in a field and never used as a path (it may hold anything)."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"reporting/reports/{instance.report_id}/{uuid.uuid4().hex}{suffix}"


class AnnualReportQuerySet(ScopedQuerySet):
    area_path = "unit__admin_unit"
    unit_path = "unit"


class AnnualReport(models.Model):
    """A participating unit's yearly results under its commune's plan (báo cáo kết quả hằng năm).

    Workflow: draft → submitted → (returned → submitted)*. The allowed transitions live in
    `TRANSITIONS`; every transition is logged as a ReportEvent. `version` is bumped on every
    write so a stale form (two tabs) is refused instead of overwriting.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Đã trả lại")

    # action → (statuses it may start from, status it leads to)
    TRANSITIONS = {
        "submit": ((Status.DRAFT,), Status.SUBMITTED),
        "resubmit": ((Status.RETURNED,), Status.SUBMITTED),
        "return": ((Status.SUBMITTED,), Status.RETURNED),
    }
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    plan = models.ForeignKey(
        "campaigns.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(
        "campaigns.ParticipatingUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        _("nộp lần đầu lúc"),
        null=True,
        blank=True,
        help_text=_("Đúng hạn hay muộn tính theo lần nộp đầu tiên; nộp lại sau khi bị trả lại không làm muộn."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lại"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo kết quả hằng năm")
        verbose_name_plural = _("báo cáo kết quả hằng năm")
        ordering = ["-year", "plan", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "unit"],
                name="unique_annual_report",
                violation_error_message=_("Đơn vị đã có báo cáo của năm này theo kế hoạch này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", args=[self.plan_id, self.year, self.unit_id])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.plan_id and self.unit_id and self.unit.admin_unit_id != self.plan.issuer_id:
            errors["unit"] = _("Đơn vị phải thuộc đơn vị hành chính ban hành kế hoạch.")
        if self.plan_id and self.year and not (self.plan.period_start <= self.year <= self.plan.period_end):
            errors["year"] = _("Năm %(year)d không thuộc thời gian thực hiện kế hoạch (%(start)d - %(end)d).") % {
                "year": self.year,
                "start": self.plan.period_start,
                "end": self.plan.period_end,
            }
        if errors:
            raise ValidationError(errors)


class ContentResult(models.Model):
    """What the unit did under one campaign content item of the plan."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="content_results")
    content = models.ForeignKey(
        "campaigns.Content", verbose_name=_("nội dung thi đua"), on_delete=models.PROTECT, related_name="results"
    )
    text = models.TextField(_("kết quả"), blank=True)

    class Meta:
        verbose_name = _("kết quả theo nội dung")
        verbose_name_plural = _("kết quả theo nội dung")
        ordering = ["report", "content__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "content"],
                name="unique_content_result",
                violation_error_message=_("Báo cáo đã có kết quả cho nội dung này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.content.number}. {self.text[:60]}"

    def clean(self) -> None:
        if self.report_id and self.content_id and self.content.plan_id != self.report.plan_id:
            raise ValidationError({"content": _("Nội dung thi đua không thuộc kế hoạch của báo cáo.")})


class CriterionResult(models.Model):
    """The unit's result against one criterion, with optional self-assessed points."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="criterion_results")
    criterion = models.ForeignKey(
        "criteria.Criterion", verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="results"
    )
    text = models.TextField(_("kết quả"), blank=True)
    points = models.DecimalField(_("điểm tự chấm"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả theo tiêu chí")
        verbose_name_plural = _("kết quả theo tiêu chí")
        ordering = ["report", "criterion__group__number", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "criterion"],
                name="unique_criterion_result",
                violation_error_message=_("Báo cáo đã có kết quả cho tiêu chí này."),
            ),
            models.CheckConstraint(
                condition=models.Q(points__isnull=True) | models.Q(points__gte=0),
                name="criterion_result_points_not_negative",
                violation_error_message=_("Điểm tự chấm không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.number}. {self.text[:60]}"

    def clean(self) -> None:
        if not self.criterion_id:
            return
        if self.report_id and self.criterion.group.plan_id != self.report.plan_id:
            raise ValidationError({"criterion": _("Tiêu chí không thuộc kế hoạch của báo cáo.")})
        max_points = self.criterion.max_points
        if self.points is not None and max_points is not None and self.points > max_points:
            raise ValidationError(
                {
                    "points": _("Điểm tự chấm không được vượt quá điểm tối đa %(max)s.")
                    % {"max": format_points(max_points)}
                }
            )


class EvidenceQuerySet(ScopedQuerySet):
    area_path = "report__unit__admin_unit"
    unit_path = "report__unit"


class Evidence(models.Model):
    """A file attached to a report (minh chứng). Downloaded only through a checked view."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ReportEvent(models.Model):
    """One workflow transition of a report: who, when, and the comment (the return reason)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Nộp báo cáo")
        RETURN = "return", _("Trả lại")
        RESUBMIT = "resubmit", _("Nộp lại")

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    comment = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = _("lịch sử báo cáo")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.at:%d/%m/%Y %H:%M}"


def parse_offsets(text: str) -> list[int]:
    """ "14, 7, 3, 1, 0, -3" → [14, 7, 3, 1, 0, -3]: days before the deadline (negative: after)."""
    try:
        offsets = sorted({int(part) for part in text.replace(";", ",").split(",") if part.strip()}, reverse=True)
    except ValueError as error:
        raise ValidationError(_("Nhập các số ngày, cách nhau bằng dấu phẩy, ví dụ: 14, 7, 3, 1, 0, -3.")) from error
    if not offsets:
        raise ValidationError(_("Cần ít nhất một mốc nhắc."))
    if any(not -30 <= offset <= 60 for offset in offsets):
        raise ValidationError(_("Mỗi mốc nhắc phải từ 60 ngày trước hạn đến 30 ngày sau hạn."))
    return offsets


class ReminderPolicy(models.Model):
    """When a plan's deadlines are reminded: days before the deadline (0: on the day,
    negative: after it, while the report is still missing). Without a policy a plan uses
    settings.REMINDER_OFFSETS."""

    plan = models.OneToOneField("campaigns.Plan", on_delete=models.CASCADE, related_name="reminder_policy")
    offsets = models.CharField(
        _("các mốc nhắc (số ngày trước hạn)"),
        max_length=100,
        help_text=_("Ví dụ: 14, 7, 3, 1, 0, -3 (0 là đúng ngày hạn, số âm là sau hạn nếu chưa nộp)."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lịch nhắc hạn")
        verbose_name_plural = _("lịch nhắc hạn")

    def __str__(self) -> str:
        return f"{self.plan}: {self.offsets}"

    @property
    def offset_list(self) -> list[int]:
        return parse_offsets(self.offsets)

    def clean(self) -> None:
        self.offsets = ", ".join(str(o) for o in parse_offsets(self.offsets))


class Reminder(models.Model):
    """One reminder: (deadline, year, recipient, offset) is claimed once, by inserting this
    row, before anything is sent; the unique constraint makes a second run, a second worker
    or a retry after a crash skip it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    deadline = models.ForeignKey(ReportingDeadline, on_delete=models.CASCADE, related_name="reminders")
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    due = models.DateField(_("hạn"))
    offset = models.SmallIntegerField(_("số ngày trước hạn"))
    email = models.EmailField(_("địa chỉ nhận"))
    recipient_name = models.CharField(_("người nhận"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders"
    )
    unit = models.ForeignKey(
        "campaigns.ParticipatingUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders"
    )
    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    claim = models.CharField(_("lượt chạy đã nhận"), max_length=32, blank=True, db_index=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư nhắc hạn")
        verbose_name_plural = _("thư nhắc hạn")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "year", "email", "offset"], name="reminder_sent_once_per_recipient_and_offset"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.email} – {self.due:%d/%m/%Y} ({self.offset:+d})"


class NotificationQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Notifications are personal: each user sees only their own."""
        return self.filter(user_id=user.pk) if user.is_authenticated else self.none()

    def writable_by(self, obj, user) -> bool:
        return obj.user_id == user.pk


class Notification(models.Model):
    """An in-app message for one user (unread until opened)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    reminder = models.OneToOneField(
        Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


def document_upload_to(instance: "GeneratedDocument", filename: str) -> str:
    return f"reporting/documents/{instance.kind}/{uuid.uuid4().hex}.pdf"


class GeneratedDocumentQuerySet(ScopedQuerySet):
    """A document about a plan is seen with the plan; one about an administrative unit (the
    province summary) by those who read that unit's data."""

    def visible_to(self, user):
        from_plans = models.Q(plan__in=Plan.objects.visible_to(user))
        scope = scope_of(user)
        of_areas = models.Q(plan__isnull=True) & scope.area_q("admin_unit")
        return self.filter(from_plans | of_areas) if not scope.is_reporter else self.filter(from_plans)


class GeneratedDocument(models.Model):
    """A PDF rendered in the background. One row per document (kind + its subject), so
    regenerating replaces the stored file; the page polls `status` and `progress`."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Kế hoạch (văn bản)")
        COMMUNE_SUMMARY = "commune_summary", _("Báo cáo tổng hợp của xã")
        PROVINCE_SUMMARY = "province_summary", _("Báo cáo tổng hợp toàn tỉnh")
        NOMINATION_LIST = "nomination_list", _("Danh sách đề nghị khen thưởng")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    key = models.CharField(max_length=120, unique=True, editable=False)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    plan = models.ForeignKey(
        "campaigns.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    occasion = models.CharField(_("loại khen thưởng"), max_length=12, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(_("tệp"), upload_to=document_upload_to, blank=True, max_length=255)
    pages = models.PositiveSmallIntegerField(_("số trang"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = GeneratedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu PDF")
        verbose_name_plural = _("tài liệu PDF")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.key})"

    @staticmethod
    def make_key(kind: str, plan_id=None, admin_unit_id=None, year=None, occasion: str = "") -> str:
        return ":".join(str(part) for part in (kind, plan_id or "", admin_unit_id or "", year or "", occasion))

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class CommuneReportQuerySet(ScopedQuerySet):
    area_path = "commune"


class CommuneReport(models.Model):
    """A commune's (or ward's) annual report to the province under the province plan (báo cáo
    của xã gửi tỉnh): the officer's narrative per content of the province plan and a general
    assessment, plus the figures (units that reported, results per content of the commune's
    own plan, dossiers) computed when it is submitted and frozen in `snapshot`.

    Workflow as for AnnualReport: draft → submitted → (returned → submitted)*; timeliness
    counts the first submission. `version` is bumped on every write (two tabs are refused).
    """

    Status = AnnualReport.Status
    TRANSITIONS = AnnualReport.TRANSITIONS
    EDITABLE = AnnualReport.EDITABLE

    plan = models.ForeignKey(
        "campaigns.Plan",
        verbose_name=_("kế hoạch cấp tỉnh"),
        on_delete=models.PROTECT,
        related_name="commune_reports",
    )
    commune = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="commune_reports",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    general_assessment = models.TextField(_("đánh giá chung"), blank=True)
    snapshot = models.JSONField(
        _("số liệu tổng hợp"),
        default=dict,
        blank=True,
        help_text=_("Số liệu được tính và chốt lại lúc nộp báo cáo."),
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        _("nộp lần đầu lúc"),
        null=True,
        blank=True,
        help_text=_("Đúng hạn hay muộn tính theo lần nộp đầu tiên; nộp lại sau khi bị trả lại không làm muộn."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lại"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = CommuneReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của xã gửi tỉnh")
        verbose_name_plural = _("báo cáo của xã gửi tỉnh")
        ordering = ["-year", "plan", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "commune", "year"],
                name="unique_commune_report",
                violation_error_message=_("Xã đã có báo cáo của năm này theo kế hoạch này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:commune_report", args=[self.plan_id, self.year, self.commune_id])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.plan_id and not self.plan.issuer.is_province:
            errors["plan"] = _("Xã báo cáo theo kế hoạch của cấp tỉnh.")
        elif self.plan_id and self.commune_id and self.commune.province_id != self.plan.issuer_id:
            errors["commune"] = _("Xã, phường phải thuộc tỉnh ban hành kế hoạch.")
        if self.plan_id and self.year and not (self.plan.period_start <= self.year <= self.plan.period_end):
            errors["year"] = _("Năm %(year)d không thuộc thời gian thực hiện kế hoạch (%(start)d - %(end)d).") % {
                "year": self.year,
                "start": self.plan.period_start,
                "end": self.plan.period_end,
            }
        if errors:
            raise ValidationError(errors)


class CommuneNarrative(models.Model):
    """What the commune writes about one content of the province plan."""

    report = models.ForeignKey(CommuneReport, on_delete=models.CASCADE, related_name="narratives")
    content = models.ForeignKey(
        "campaigns.Content",
        verbose_name=_("nội dung thi đua"),
        on_delete=models.PROTECT,
        related_name="commune_narratives",
    )
    text = models.TextField(_("kết quả, đánh giá"), blank=True)

    class Meta:
        verbose_name = _("kết quả theo nội dung (báo cáo của xã)")
        verbose_name_plural = _("kết quả theo nội dung (báo cáo của xã)")
        ordering = ["report", "content__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "content"],
                name="unique_commune_narrative",
                violation_error_message=_("Báo cáo đã có phần viết cho nội dung này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.content.number}. {self.text[:60]}"

    def clean(self) -> None:
        if self.report_id and self.content_id and self.content.plan_id != self.report.plan_id:
            raise ValidationError({"content": _("Nội dung thi đua không thuộc kế hoạch của báo cáo.")})


class CommuneReportEvent(models.Model):
    """One workflow transition of a commune's report: who, when, and the return reason."""

    Action = ReportEvent.Action

    report = models.ForeignKey(CommuneReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    comment = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lịch sử báo cáo của xã")
        verbose_name_plural = _("lịch sử báo cáo của xã")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.at:%d/%m/%Y %H:%M}"


# Every change to reports and their results is kept as a version (who, when, what changed).
for _model in (AnnualReport, ContentResult, CriterionResult, CommuneReport, CommuneNarrative):
    register(_model, excluded_fields=["version", "updated_at"] if hasattr(_model, "version") else [])
