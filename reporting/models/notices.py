"""Workflow notices: who was told of which event, and how each user wants to be told.

An `EventNotice` row is the claim of one (event kind, event, recipient): it is inserted before
anything is shown or sent, and the unique constraint makes a second dispatch, a second worker
or a retry skip it, as `Reminder` does for deadlines. Its e-mail goes out at once, in the
07:00 digest, or not at all (portal only), as the recipient's `NoticePreference` says.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting.models.reminders import ClaimedDelivery


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi thư ngay")
    DIGEST = "digest", _("Gộp vào thư tổng hợp lúc 07:00")
    PORTAL = "portal", _("Chỉ thông báo trên cổng")


class NoticePreference(models.Model):
    """How one user is told of one kind of event (no row: immediately)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preferences",
        verbose_name=_("người dùng"),
    )
    kind = models.CharField(_("loại sự kiện"), max_length=40)
    delivery = models.CharField(_("cách nhận"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)

    class Meta:
        verbose_name = _("cách nhận thông báo")
        verbose_name_plural = _("cách nhận thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} – {self.kind}: {self.get_delivery_display()}"


class EventNotice(ClaimedDelivery):
    class Email(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        DIGEST = "digest", _("Chờ thư tổng hợp")
        DIGESTING = "digesting", _("Đang gửi thư tổng hợp")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")
        NONE = "none", _("Không gửi thư")

    kind = models.CharField(_("loại sự kiện"), max_length=40)
    event_id = models.PositiveBigIntegerField(_("mã sự kiện"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_notices",
        verbose_name=_("người dùng"),
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    email = models.CharField(_("trạng thái thư"), max_length=10, choices=Email.choices, default=Email.PENDING)

    class Meta:
        verbose_name = _("thông báo sự kiện")
        verbose_name_plural = _("thông báo sự kiện")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "event_id", "user"], name="event_notice_once_per_recipient")
        ]
        indexes = [models.Index(fields=["email", "user"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.title}"
