"""Reminders of deadlines, their per-plan schedule, and the in-app notifications they leave."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from campaigns.deadlines import parse_offsets
from reporting.models.deadlines import ReportingDeadline


class ReminderPolicy(models.Model):
    """When a plan's deadlines are reminded: days before the deadline (0: on the day,
    negative: after it, while the report is still missing). Without a policy a plan uses
    settings.REMINDER_OFFSETS."""

    plan = models.OneToOneField(
        "campaigns.Plan",
        on_delete=models.CASCADE,
        related_name="reminder_policy",
        verbose_name=_("kế hoạch"),
    )
    offsets = models.CharField(
        _("các mốc nhắc (số ngày trước hạn)"),
        max_length=100,
        help_text=_("Ví dụ: 14, 7, 3, 1, 0, -3 (0 là đúng ngày hạn, số âm là sau hạn nếu chưa nộp)."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
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


class ClaimedDelivery(models.Model):
    """Abstract: a message claimed by inserting its row (`claim` is the run's token), then
    sent by a worker that counts its attempts and keeps the last error."""

    claim = models.CharField(_("lượt chạy đã nhận"), max_length=32, blank=True, db_index=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        abstract = True


class Reminder(ClaimedDelivery):
    """One reminder: (deadline, year, recipient, offset) is claimed once, by inserting this
    row, before anything is sent; the unique constraint makes a second run, a second worker
    or a retry after a crash skip it.

    A plan's report deadline is a `ReportingDeadline` row; a commune's registration deadline
    (awards.RegistrationDeadline, 31/03 unless it set another) is the commune itself
    (`admin_unit`), so (commune, year, recipient, offset) is claimed once in the same way."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    class Kind(models.TextChoices):
        REPORT = "report", _("Hạn báo cáo")
        REGISTRATION = "registration", _("Hạn đăng ký thi đua")

    kind = models.CharField(_("nhắc hạn gì"), max_length=12, choices=Kind.choices, default=Kind.REPORT)
    # Every index is paid for by each of the 100,000 rows a national day inserts and again when
    # each is marked sent (a changed status: no HOT update). So no index on a column another
    # index leads with (deadline: the unique constraint), none on the run's token (only the
    # claim outside PostgreSQL reads it) and, on the columns mostly empty, only their filled rows.
    claim = models.CharField(_("lượt chạy đã nhận"), max_length=32, blank=True, editable=False)
    deadline = models.ForeignKey(
        ReportingDeadline,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("hạn báo cáo"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    due = models.DateField(_("hạn"))
    offset = models.SmallIntegerField(_("số ngày trước hạn"))
    email = models.EmailField(_("địa chỉ nhận"))
    recipient_name = models.CharField(_("người nhận"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("người dùng"),
        db_index=False,
    )
    unit = models.ForeignKey(
        "campaigns.ParticipatingUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("đơn vị"),
    )
    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("đơn vị hành chính"),
        db_index=False,
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nhắc ngay bởi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Cán bộ đã bấm “Nhắc ngay” (trống: việc nhắc tự động hằng ngày)."),
        db_index=False,
    )

    class Meta:
        verbose_name = _("thư nhắc hạn")
        verbose_name_plural = _("thư nhắc hạn")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "year", "email", "offset"], name="reminder_sent_once_per_recipient_and_offset"
            ),
            models.UniqueConstraint(
                fields=["admin_unit", "year", "email", "offset"],
                condition=models.Q(kind="registration"),
                name="registration_reminder_once_per_recipient_and_offset",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="report", deadline__isnull=False)
                | models.Q(kind="registration", deadline__isnull=True),
                name="reminder_of_a_report_deadline_or_a_registration",
            ),
        ]
        # A registration's rows are found by the partial unique index above (commune, year …).
        indexes = [
            # The sweep's pending rows, by age; a row leaves the index when it is sent.
            models.Index(fields=["created_at"], condition=models.Q(status="pending"), name="reminder_pending_by_age"),
            *(
                models.Index(fields=[name], condition=models.Q(**{f"{name}__isnull": False}), name=f"reminder_{name}")
                for name in ("user", "admin_unit", "requested_by")
            ),
        ]

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

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("người dùng"),
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    reminder = models.OneToOneField(
        Reminder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notification",
        verbose_name=_("lời nhắc"),
    )
    notice = models.OneToOneField(
        "reporting.EventNotice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notification",
        verbose_name=_("thông báo sự kiện"),
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
