"""PDF documents: pure renderers (subject → PDF bytes), who may have each one, and the
service that renders a requested document in the background and stores it.

The plan itself is rendered by campaigns.pdf.render_plan_pdf; the summaries and the list of
nominations are rendered here from the same data the pages show.
"""

import datetime
import io
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from awards import workflow
from awards.models import AwardForm, Nomination, Occasion
from campaigns.models import AdministrativeUnit, Plan
from campaigns.pdf import render_pdf, render_plan_pdf
from campaigns.selectors import admin_units_visible_to, plan_document_queryset, plans_visible_to
from config.celery import enqueue
from reporting.models import AnnualReport, ContentResult, GeneratedDocument
from reporting.selectors import report_board

Kind = GeneratedDocument.Kind

# Dossiers that have been through the commune council: the ones a decision lists.
LISTED_STATUSES = workflow.PAST_COMMUNE_COUNCIL_STATES


def _nominations(plan: Plan):
    return (
        Nomination.objects.filter(plan=plan)
        .select_related("award_form", "unit")
        .with_stages()
        .order_by("award_form__rank", "nominee_kind", "unit__name", "individual_name")
    )


def render_commune_summary_pdf(plan: Plan, year: int) -> bytes:
    """The commune's annual summary: units and their report status, results per content,
    dossiers and decisions."""
    board = report_board(plan=plan, year=year, user=None)
    results = defaultdict(list)
    for result in (
        ContentResult.objects.filter(report__plan=plan, report__year=year, report__status=AnnualReport.Status.SUBMITTED)
        .exclude(text="")
        .select_related("report__unit")
        .order_by("content__number", "report__unit__name")
    ):
        results[result.content_id].append(result)
    context = {
        "plan": plan,
        "year": year,
        "board": board,
        "contents": [(content, results[content.pk]) for content in plan.contents.all()],
        "nominations": list(_nominations(plan)),
        "generated_on": timezone.localdate(),
    }
    return render_pdf("reporting/pdf/commune_summary.html", context)


@dataclass
class CommuneLine:
    commune: AdministrativeUnit
    plans: list[Plan]
    counts: dict | None
    due: datetime.date | None
    dossiers_by_form: list[int]  # aligned with the table's award-form columns

    @property
    def dossier_total(self) -> int:
        return sum(self.dossiers_by_form)


def render_province_summary_pdf(province: AdministrativeUnit, year: int) -> bytes:
    """Every commune of the province: its plan, how its units reported, dossiers by award form."""
    communes = list(province.communes.order_by("name"))
    plans = defaultdict(list)
    for plan in Plan.objects.filter(issuer__in=communes).order_by("-issued_on", "pk"):
        plans[plan.issuer_id].append(plan)
    dossiers: dict[int, Counter] = defaultdict(Counter)
    nominations = Nomination.objects.filter(plan__issuer__in=communes, plan__period_start__lte=year)
    for issuer_id, form_id in nominations.values_list("plan__issuer_id", "award_form_id"):
        dossiers[issuer_id][form_id] += 1
    forms = list(AwardForm.objects.filter(pk__in={f for c in dossiers.values() for f in c}).order_by("rank"))
    lines = []
    for commune in communes:
        issued = [p for p in plans[commune.pk] if p.is_issued and p.period_start <= year <= p.period_end]
        board = report_board(plan=issued[0], year=year, user=None) if issued else None
        lines.append(
            CommuneLine(
                commune=commune,
                plans=plans[commune.pk],
                counts=board["counts"] if board else None,
                due=board["due"] if board else None,
                dossiers_by_form=[dossiers[commune.pk][form.pk] for form in forms],
            )
        )
    context = {
        "province": province,
        "year": year,
        "lines": lines,
        "forms": forms,
        "province_plans": list(Plan.objects.filter(issuer=province).order_by("-issued_on", "pk")),
        "generated_on": timezone.localdate(),
    }
    return render_pdf("reporting/pdf/province_summary.html", context)


def render_nomination_list_pdf(plan: Plan, occasion: str) -> bytes:
    """Danh sách đề nghị khen thưởng: the dossiers of one occasion that passed the council."""
    nominations = list(_nominations(plan).filter(occasion=occasion, status__in=LISTED_STATUSES))
    context = {
        "plan": plan,
        "occasion": Occasion(occasion).label,
        "nominations": nominations,
        "generated_on": timezone.localdate(),
    }
    return render_pdf("reporting/pdf/nomination_list.html", context)


def render_document(document: GeneratedDocument) -> bytes:
    if document.kind == Kind.PLAN:
        return render_plan_pdf(document.plan)
    if document.kind == Kind.COMMUNE_SUMMARY:
        return render_commune_summary_pdf(plan_document_queryset().get(pk=document.plan_id), document.year)
    if document.kind == Kind.PROVINCE_SUMMARY:
        return render_province_summary_pdf(document.admin_unit, document.year)
    return render_nomination_list_pdf(document.plan, document.occasion)


def check_access(user: User, *, kind: str, plan: Plan | None, admin_unit: AdministrativeUnit | None) -> None:
    """404 when the subject is outside the user's scope, 403 when the role may not have it.

    The plan: whoever may read the plan. The summaries and the list of nominations: the
    commune's officers and viewers, and the province's reviewers; never a unit reporter.
    The province summary: the province's own staff.
    """
    if plan is not None and not plans_visible_to(user).filter(pk=plan.pk).exists():
        raise Http404
    if admin_unit is not None and not admin_units_visible_to(user).filter(pk=admin_unit.pk).exists():
        raise Http404
    if kind == Kind.PLAN:
        return
    if user.role not in (User.Role.OFFICER, User.Role.VIEWER, User.Role.REVIEWER):
        raise PermissionDenied(gettext("Vai trò của bạn không xem được tài liệu tổng hợp này."))
    if kind == Kind.PROVINCE_SUMMARY and user.admin_unit_id != admin_unit.pk:
        raise PermissionDenied(gettext("Chỉ cán bộ cấp tỉnh xem được báo cáo tổng hợp toàn tỉnh."))
    if kind != Kind.PROVINCE_SUMMARY and plan.issuer.is_province and user.admin_unit_id != plan.issuer_id:
        raise PermissionDenied(gettext("Tài liệu này thuộc cấp tỉnh."))


def document_request(
    *,
    kind: str,
    by: User,
    plan: Plan | None = None,
    admin_unit: AdministrativeUnit | None = None,
    year: int | None = None,
    occasion: str = "",
) -> GeneratedDocument:
    """Queue (or re-queue) a document; a document already being made is not queued twice."""
    from reporting.tasks import generate_document

    check_access(by, kind=kind, plan=plan, admin_unit=admin_unit)
    key = GeneratedDocument.make_key(kind, plan and plan.pk, admin_unit and admin_unit.pk, year, occasion)
    with transaction.atomic():
        document, created = GeneratedDocument.objects.select_for_update().get_or_create(
            key=key,
            defaults={"kind": kind, "plan": plan, "admin_unit": admin_unit, "year": year, "occasion": occasion},
        )
        if not created and document.is_working:
            return document
        document.status = GeneratedDocument.Status.QUEUED
        document.progress = 0
        document.error = ""
        document.requested_by = by
        document.requested_at = timezone.now()
        document.save()
        transaction.on_commit(lambda: enqueue(generate_document, document.pk))
    return document


def document_generate(*, document_id: int) -> None:
    """Render and store the file (the Celery task's body); the old file is replaced."""
    from pypdf import PdfReader

    updated = GeneratedDocument.objects.filter(pk=document_id).update(
        status=GeneratedDocument.Status.RUNNING, progress=10
    )
    if not updated:
        return
    document = GeneratedDocument.objects.select_related("plan__issuer", "admin_unit").get(pk=document_id)
    try:
        data = render_document(document)
    except Exception as error:
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=GeneratedDocument.Status.FAILED, error=f"{type(error).__name__}: {error}", progress=0
        )
        raise
    GeneratedDocument.objects.filter(pk=document_id).update(progress=80)
    old = document.file.name if document.file else None
    document.file.save(f"{document.kind}.pdf", ContentFile(data), save=False)
    document.pages = len(PdfReader(io.BytesIO(data)).pages)
    document.status = GeneratedDocument.Status.DONE
    document.progress = 100
    document.finished_at = timezone.now()
    document.save(update_fields=["file", "pages", "status", "progress", "finished_at"])
    if old and old != document.file.name:
        document.file.storage.delete(old)


def download_name(document: GeneratedDocument) -> str:
    parts = [document.kind.replace("_", "-")]
    if document.plan_id:
        parts.append(document.plan.issuer.name)
    if document.admin_unit_id:
        parts.append(document.admin_unit.name)
    if document.year:
        parts.append(str(document.year))
    if document.occasion:
        parts.append(document.occasion)
    return "-".join(parts) + ".pdf"


STALE_QUEUED = datetime.timedelta(minutes=5)


def requeue_stale_documents() -> int:
    """Documents still queued a while after their request (the broker was down, or their
    worker died) are queued again; rendering twice only replaces the file."""
    stale = GeneratedDocument.objects.filter(
        status__in=(GeneratedDocument.Status.QUEUED, GeneratedDocument.Status.RUNNING),
        requested_at__lt=timezone.now() - STALE_QUEUED,
    )
    from reporting.tasks import generate_document

    ids = list(stale.values_list("pk", flat=True))
    for pk in ids:
        enqueue(generate_document, pk)
    return len(ids)
