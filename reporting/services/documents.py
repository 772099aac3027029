"""The service that renders a requested document (PDF, DOCX, XLSX) in the background and stores it (the Celery
task beside it), and the access check every document view goes through. What each kind
renders and who may have it is reporting.renderers.DOCUMENTS.
"""

import datetime
import io

from celery import shared_task
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.scope import scope_of
from awards.models import Decision
from campaigns.models import AdministrativeUnit, Plan
from config.celery import enqueue
from reporting.models import GeneratedDocument
from reporting.renderers import DOCUMENTS, DocumentError


def check_access(
    user: User,
    *,
    kind: str,
    plan: Plan | None,
    admin_unit: AdministrativeUnit | None,
    decision: Decision | None = None,
) -> None:
    """404 when the subject is outside the user's scope, 403 when the kind's rule refuses."""
    if plan is not None and not Plan.objects.visible_to(user).filter(pk=plan.pk).exists():
        raise Http404
    if admin_unit is not None and not AdministrativeUnit.objects.visible_to(user).filter(pk=admin_unit.pk).exists():
        raise Http404
    if decision is not None and not Decision.objects.visible_to(user).filter(pk=decision.pk).exists():
        raise Http404
    denied = DOCUMENTS[kind].access(scope_of(user), plan, admin_unit)
    if denied:
        raise PermissionDenied(denied)


def document_request(
    *,
    kind: str,
    by: User,
    plan: Plan | None = None,
    admin_unit: AdministrativeUnit | None = None,
    decision: Decision | None = None,
    reference: str = "",
    year: int | None = None,
    occasion: str = "",
    fmt: str = "pdf",
    issue: dict[str, str] | None = None,
) -> GeneratedDocument:
    """Queue (or re-queue) a document; a document already being made is not queued twice.
    `issue` holds the number and signer the officer set before printing (GeneratedDocument's
    number and signer_* fields); blank ones print the record's."""
    check_access(by, kind=kind, plan=plan, admin_unit=admin_unit, decision=decision)
    if fmt not in DOCUMENTS[kind].renderers:
        raise Http404
    subject = {"plan": plan, "admin_unit": admin_unit, "decision": decision, "reference": reference}
    key = GeneratedDocument.key_of(kind, fmt, year=year, occasion=occasion, **subject)
    with transaction.atomic():
        document, created = GeneratedDocument.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "kind": kind,
                "plan": plan,
                "admin_unit": admin_unit,
                "decision": decision,
                "reference": reference,
                "year": year,
                "occasion": occasion,
                "format": fmt,
            },
        )
        if not created and document.is_working:
            return document
        for name, value in (issue if DOCUMENTS[kind].issue and issue else {}).items():
            setattr(document, name, value)
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
    document = GeneratedDocument.objects.select_related("plan__issuer", "admin_unit", "decision").get(pk=document_id)
    try:
        data = DOCUMENTS[document.kind].renderers[document.format](document)
    except DocumentError as error:  # the user's to act on (shown on the page), not the worker's to retry
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=GeneratedDocument.Status.FAILED, error=str(error), progress=0
        )
        return
    except Exception as error:
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=GeneratedDocument.Status.FAILED, error=f"{type(error).__name__}: {error}", progress=0
        )
        raise
    GeneratedDocument.objects.filter(pk=document_id).update(progress=80)
    old = document.file.name if document.file else None
    document.file.save(f"{document.kind}.{document.format}", ContentFile(data), save=False)
    document.pages = len(PdfReader(io.BytesIO(data)).pages) if document.format == "pdf" else None
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
    if document.decision_id:
        parts.append(str(document.decision_id))
    if document.reference:
        parts.append(document.reference.replace("/", "-"))
    if document.year:
        parts.append(str(document.year))
    if document.occasion:
        parts.append(document.occasion)
    return "-".join(parts) + f".{document.format}"


STALE_QUEUED = datetime.timedelta(minutes=5)


def requeue_stale_documents() -> int:
    """Documents still queued a while after their request (the broker was down, or their
    worker died) are queued again; rendering twice only replaces the file."""
    stale = GeneratedDocument.objects.filter(
        status__in=(GeneratedDocument.Status.QUEUED, GeneratedDocument.Status.RUNNING),
        requested_at__lt=timezone.now() - STALE_QUEUED,
    )
    ids = list(stale.values_list("pk", flat=True))
    for pk in ids:
        enqueue(generate_document, pk)
    return len(ids)


@shared_task(name="reporting.tasks.generate_document", acks_late=True, time_limit=600, soft_time_limit=540)
def generate_document(document_id: int) -> None:
    document_generate(document_id=document_id)
