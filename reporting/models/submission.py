"""What every report sent up a level shares: the submission workflow and its history.

A unit's annual report to its commune (AnnualReport) and a commune's report to the province
(CommuneReport) are both a `Submission`: draft → submitted → (returned → submitted)*, the
allowed transitions in `TRANSITIONS`, timeliness counted from the first submission, and a
`version` bumped on every write so a stale form (two tabs) is refused instead of
overwriting. Each transition is a `SubmissionEvent` row. The writes are
reporting.services.submission.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _user_field(verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


class Submission(models.Model):
    """Abstract: a report under a plan for one year, with its submission workflow."""

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

    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        _("nộp lần đầu lúc"),
        null=True,
        blank=True,
        help_text=_("Đúng hạn hay muộn tính theo lần nộp đầu tiên; nộp lại sau khi bị trả lại không làm muộn."),
    )
    submitted_by = _user_field(_("người nộp"))
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    returned_by = _user_field(_("người trả lại"))
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    def period_errors(self) -> dict[str, str]:
        """The year must lie in the plan's period (the subclass's `clean` adds its own checks)."""
        if self.plan_id and self.year and not (self.plan.period_start <= self.year <= self.plan.period_end):
            return {
                "year": _("Năm %(year)d không thuộc thời gian thực hiện kế hoạch (%(start)d - %(end)d).")
                % {"year": self.year, "start": self.plan.period_start, "end": self.plan.period_end}
            }
        return {}

    def clean(self) -> None:
        errors = {**self.owner_errors(), **self.period_errors()}
        if errors:
            raise ValidationError(errors)

    def owner_errors(self) -> dict[str, str]:
        return {}


class SubmissionEvent(models.Model):
    """Abstract: one workflow transition of a report: who, when, and the comment (the return
    reason). The subclass adds `report`, the foreign key to its Submission."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Nộp báo cáo")
        RETURN = "return", _("Trả lại")
        RESUBMIT = "resubmit", _("Nộp lại")

    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    by = _user_field(_("người thực hiện"))
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    comment = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        abstract = True
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.at:%d/%m/%Y %H:%M}"
