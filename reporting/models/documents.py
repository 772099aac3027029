"""Documents (PDF, DOCX, XLSX) rendered in the background (one row per document, replaced on regeneration)."""

import re
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import ScopedQuerySet
from awards.models import Decision
from campaigns.models import AdministrativeUnit, Plan

# A crash is stored as "TypeName: message"; a refusal the user can act on as its own sentence.
TECHNICAL = re.compile(r"^[A-Za-z_][\w.]*: ")


def document_upload_to(instance: "GeneratedDocument", filename: str) -> str:
    return f"reporting/documents/{instance.kind}/{uuid.uuid4().hex}.{instance.format or 'pdf'}"


class GeneratedDocumentQuerySet(ScopedQuerySet):
    """A document is seen by whoever sees its subject: the plan (plans flow down to the
    communes), the administrative unit and the decision. Which kinds a role may then have is the kind's
    own rule (reporting.renderers.DOCUMENTS): a 403, not a 404, as it always was."""

    def visible_to(self, user):
        plans = Plan.objects.visible_to(user)
        areas = AdministrativeUnit.objects.visible_to(user)
        of_plan = models.Q(plan__isnull=True) | models.Q(plan__in=plans)
        of_area = models.Q(admin_unit__isnull=True) | models.Q(admin_unit__in=areas)
        of_decision = models.Q(decision__isnull=True) | models.Q(decision__in=Decision.objects.visible_to(user))
        return self.filter(of_plan & of_area & of_decision)


class GeneratedDocument(models.Model):
    """A PDF rendered in the background. One row per document (kind + its subject), so
    regenerating replaces the stored file; the page polls `status` and `progress`."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Kế hoạch (văn bản)")
        COMMUNE_SUMMARY = "commune_summary", _("Báo cáo tổng hợp của xã")
        PROVINCE_SUMMARY = "province_summary", _("Báo cáo tổng hợp toàn tỉnh")
        NOMINATION_LIST = "nomination_list", _("Danh sách đề nghị khen thưởng")
        COUNCIL_MINUTES = "council_minutes", _("Biên bản họp Hội đồng Thi đua - Khen thưởng")
        MINISTRY_STATISTICS = "ministry_stats", _("Thống kê thi đua, khen thưởng (Thông tư 02/2023/TT-BNV)")
        DECISION = "decision", _("Quyết định khen thưởng")
        CERTIFICATES = "certificates", _("Giấy khen, bằng khen của quyết định")
        CERTIFICATES_BLANK = "certificates_blank", _("Giấy khen, bằng khen in lên phôi")
        SUBMISSION = "submission", _("Tờ trình đề nghị khen thưởng")
        PROPOSAL_SUBMISSION = "proposal_submission", _("Tờ trình đề nghị khen thưởng (bình xét hằng năm)")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"

    CONTENT_TYPES = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    key = models.CharField(max_length=120, unique=True, editable=False, verbose_name=_("khóa tài liệu"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    plan = models.ForeignKey(
        "campaigns.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("kế hoạch"),
    )
    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("đơn vị hành chính"),
    )
    decision = models.ForeignKey(
        "awards.Decision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="generated_documents",
        verbose_name=_("quyết định"),
    )
    # The tờ trình's number: the dossiers sent up under it are its subject (with admin_unit).
    reference = models.CharField(_("số tờ trình"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    occasion = models.CharField(_("loại khen thưởng"), max_length=12, blank=True)
    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices, default=Format.PDF)
    # Set by the officer before printing; blank: the record's number and signer.
    number = models.CharField(_("số, ký hiệu"), max_length=50, blank=True)
    signer_capacity = models.CharField(_("thẩm quyền ký"), max_length=100, blank=True)
    signer_delegation = models.CharField(_("ký thay"), max_length=100, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(_("tệp"), upload_to=document_upload_to, blank=True, max_length=255)
    pages = models.PositiveSmallIntegerField(_("số trang"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người yêu cầu"),
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
    def make_key(
        kind: str,
        plan_id=None,
        admin_unit_id=None,
        year=None,
        occasion: str = "",
        fmt: str = "pdf",
        *,
        decision_id=None,
        reference: str = "",
    ) -> str:
        key = ":".join(str(part) for part in (kind, plan_id or "", admin_unit_id or "", year or "", occasion))
        if decision_id or reference:  # the kinds of the first documents keep the keys they always had
            key += f":{decision_id or ''}:{reference}"
        return key if fmt == "pdf" else f"{key}:{fmt}"  # a PDF keeps the key it always had

    @classmethod
    def key_of(
        cls, kind: str, fmt: str, *, plan=None, admin_unit=None, decision=None, year=None, occasion="", reference=""
    ):
        """make_key from the subject's objects (any of them None)."""
        ids = (plan and plan.pk, admin_unit and admin_unit.pk)
        return cls.make_key(kind, *ids, year, occasion, fmt, decision_id=decision and decision.pk, reference=reference)

    @property
    def reason(self) -> str:
        """Why the document could not be made, in the user's words (a DocumentError's message);
        blank for a crash, whose technical `error` is the administrators'."""
        return self.error if self.status == self.Status.FAILED and not TECHNICAL.match(self.error) else ""

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.format]

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
