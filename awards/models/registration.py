"""Registration (đăng ký thi đua): early in the year each participating unit says which
collective title it aims for and which of its people aim for which individual title.

One `Registration` per (unit, year): draft → submitted (after the commune's deadline it is
accepted and marked late, never refused) → consolidated by the commune's officer, who may
also return it with a reason. Until consolidated, a submitted registration may still be
edited. Every step is a `RegistrationEvent` (who, when, why), which is also what tells the
next actor (reporting.services.event_kinds). The rules live in awards/services/registration.py.

`RegistrationDeadline` is the commune's yearly day and month (31/03 unless it sets another)
and the days before it that the units still missing are reminded (reporting's reminder job).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet, part_paths
from awards.models.awardees import Awardee
from awards.models.events import StepRecord
from awards.models.reference import AwardForm
from campaigns.deadlines import check_day_month, parse_offsets

DEFAULT_DAY, DEFAULT_MONTH, DEFAULT_OFFSETS = 31, 3, "14, 7, 1"


def registrable_titles(kind: str, year: int | None = None) -> models.QuerySet[AwardForm]:
    """The titles a registration may aim for, for an awardee kind: active forms given only to
    that kind (LĐTT, CSTĐCS… for individuals; TTLĐTT, thôn văn hóa… for collectives), in force
    during the year. Forms of commendation (Giấy khen, Bằng khen) are not registered."""
    suiting = AwardForm.Recipients.suiting(kind)
    titles = AwardForm.objects.filter(is_active=True, kind=AwardForm.Kind.TITLE, recipients__in=suiting)
    if year is not None:
        titles = titles.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=datetime.date(year, 12, 31)),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=datetime.date(year, 1, 1)),
        )
    return titles.order_by("rank", "name")


def title_refused(award_form: AwardForm, kind: str) -> str:
    """Why the title cannot be registered for that kind of awardee ("" when it can)."""
    if award_form.kind != AwardForm.Kind.TITLE:
        return _("“%(title)s” là hình thức khen thưởng, không phải danh hiệu thi đua để đăng ký.") % {
            "title": award_form.name
        }
    if award_form.suits(kind):
        return ""
    return _("Danh hiệu “%(title)s” dành cho %(for)s, không đăng ký cho %(kind)s được.") % {
        "title": award_form.name,
        "for": award_form.get_recipients_display().lower(),
        "kind": Awardee.Kind(kind).label.lower(),
    }


class RegistrationDeadlineQuerySet(ScopedQuerySet):
    area_path = "admin_unit"
    unit_path = None


class RegistrationDeadline(models.Model):
    admin_unit = models.OneToOneField(
        "campaigns.AdministrativeUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.CASCADE,
        related_name="registration_deadline",
    )
    day = models.PositiveSmallIntegerField(_("ngày"), default=DEFAULT_DAY)
    month = models.PositiveSmallIntegerField(_("tháng"), default=DEFAULT_MONTH)
    offsets = models.CharField(
        _("nhắc trước hạn (số ngày)"),
        max_length=100,
        default=DEFAULT_OFFSETS,
        blank=True,
        help_text=_("Ví dụ: 14, 7, 1 (0 là đúng ngày hạn, số âm là sau hạn). Để trống: không nhắc tự động."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = RegistrationDeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("hạn đăng ký thi đua")
        verbose_name_plural = _("hạn đăng ký thi đua")
        ordering = ["admin_unit"]

    def __str__(self) -> str:
        return f"{self.admin_unit}: {self.day_month}"

    @classmethod
    def of(cls, admin_unit) -> "RegistrationDeadline":
        """The commune's deadline, or the default one (31/03, unsaved) when it set none."""
        try:
            return admin_unit.registration_deadline
        except cls.DoesNotExist:
            return cls(admin_unit=admin_unit)

    @property
    def day_month(self) -> str:
        return f"{self.day:02d}/{self.month:02d}"

    def due(self, year: int) -> datetime.date:
        return datetime.date(year, self.month, self.day)

    @property
    def offset_list(self) -> list[int]:
        return parse_offsets(self.offsets) if self.offsets.strip() else []

    def clean(self) -> None:
        check_day_month(self.day, self.month)
        if self.offsets.strip():
            try:
                self.offsets = ", ".join(str(o) for o in parse_offsets(self.offsets))
            except ValidationError as error:
                raise ValidationError({"offsets": error.messages}) from error


def submitted_late(submitted_at: datetime.datetime, due: datetime.date) -> bool:
    """Late when first submitted after the deadline's day, in the portal's time zone."""
    return timezone.localtime(submitted_at).date() > due


class RegistrationQuerySet(ScopedQuerySet):
    area_path = "unit__admin_unit"
    unit_path = "unit"

    def with_lines(self) -> "RegistrationQuerySet":
        lines = RegistrationLine.objects.select_related("awardee", "award_form").order_by("pk")
        return self.select_related("unit__admin_unit", "collective_title", "collective_awardee").prefetch_related(
            models.Prefetch("lines", queryset=lines)
        )


class Registration(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")

    unit = models.ForeignKey(
        "campaigns.ParticipatingUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    collective_title = models.ForeignKey(
        AwardForm,
        verbose_name=_("danh hiệu tập thể đăng ký"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": AwardForm.Kind.TITLE, "recipients__in": AwardForm.Recipients.suiting("collective")},
        help_text=_("Để trống: đơn vị không đăng ký danh hiệu tập thể."),
    )
    # The unit as a collective awardee: what a proposal for the collective title names.
    collective_awardee = models.ForeignKey(
        Awardee, verbose_name=_("tập thể"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_late = models.BooleanField(_("nộp muộn"), default=False, help_text=_("Nộp lần đầu sau hạn đăng ký."))
    consolidated_at = models.DateTimeField(_("tổng hợp lúc"), null=True, blank=True)
    consolidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tổng hợp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["-year", "unit__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="registration_once_per_unit_and_year",
                violation_error_message=_("Đơn vị đã có bản đăng ký thi đua của năm này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("awards:registration_unit", args=[self.year, self.unit_id])

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_consolidated(self) -> bool:
        return self.consolidated_at is not None

    @property
    def is_returned(self) -> bool:
        """Sent back for changes: a draft that was submitted before."""
        return self.status == self.Status.DRAFT and self.first_submitted_at is not None

    def clean(self) -> None:
        if self.collective_title_id:
            refused = title_refused(self.collective_title, Awardee.Kind.COLLECTIVE)
            if refused:
                raise ValidationError({"collective_title": refused})


class RegistrationPartQuerySet(ScopedQuerySet):
    """Rows of a registration: seen by whoever sees the registration."""

    area_path, unit_path = part_paths(RegistrationQuerySet, "registration")


class RegistrationLine(models.Model):
    """One person of the unit aiming for one individual title."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("bản đăng ký"), on_delete=models.CASCADE, related_name="lines"
    )
    awardee = models.ForeignKey(
        Awardee, verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="registration_lines"
    )
    award_form = models.ForeignKey(AwardForm, verbose_name=_("danh hiệu"), on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = RegistrationPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("cá nhân đăng ký")
        verbose_name_plural = _("cá nhân đăng ký")
        ordering = ["registration", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "awardee", "award_form"],
                name="registration_line_once_per_awardee_and_title",
                violation_error_message=_("Người này đã đăng ký danh hiệu này trong bản đăng ký."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.awardee} – {self.award_form}"

    def clean(self) -> None:
        if not (self.awardee_id and self.award_form_id and self.registration_id):
            return
        refused = title_refused(self.award_form, self.awardee.kind)
        if refused:
            raise ValidationError({"award_form": refused})
        if self.awardee.kind != Awardee.Kind.INDIVIDUAL or self.awardee.unit_id != self.registration.unit_id:
            raise ValidationError(
                {
                    "awardee": _("“%(name)s” không phải cá nhân của %(unit)s.")
                    % {"name": self.awardee.name, "unit": self.registration.unit.name}
                }
            )


class RegistrationEvent(StepRecord):
    class Action(models.TextChoices):
        SUBMIT = "submit", _("Nộp đăng ký")
        RESUBMIT = "resubmit", _("Nộp lại đăng ký")
        RETURN = "return", _("Trả lại để sửa")
        CONSOLIDATE = "consolidate", _("Tổng hợp")

    registration = models.ForeignKey(
        Registration, verbose_name=_("bản đăng ký"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("việc"), max_length=12, choices=Action.choices)
    late = models.BooleanField(_("sau hạn"), default=False)
    comment = models.TextField(_("ghi chú"), blank=True)

    objects = RegistrationPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("diễn biến đăng ký thi đua")
        verbose_name_plural = _("diễn biến đăng ký thi đua")
        ordering = ["registration", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.registration} · {self.get_action_display()}"
