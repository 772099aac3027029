"""Background documents (PDF, DOCX, XLSX): ask for one, watch its progress (htmx polling), download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import get_for_user
from awards.models import Decision
from campaigns.downloads import download
from campaigns.models import AdministrativeUnit, Plan
from reporting.forms import DocumentRequestForm
from reporting.models import GeneratedDocument
from reporting.services import documents


def _get_document(request, pk: int) -> GeneratedDocument:
    """404 outside the user's scope; 403 when the kind's rule (reporting.renderers) refuses."""
    document = get_for_user(
        GeneratedDocument.objects.select_related("plan__issuer", "admin_unit", "decision"), request.user, pk
    )
    documents.check_access(
        request.user, kind=document.kind, plan=document.plan, admin_unit=document.admin_unit, decision=document.decision
    )
    return document


def _subject(request, model, pk: int | None):
    return get_for_user(model.objects.all(), request.user, pk) if pk else None


@login_required
@require_POST
def document_request(request):
    form = DocumentRequestForm(request.POST)
    if not form.is_valid():  # the buttons post hidden fields: anything else is no such document
        raise Http404
    data = form.cleaned_data
    document = documents.document_request(
        kind=data["kind"],
        by=request.user,
        plan=_subject(request, Plan, data["plan"]),
        admin_unit=_subject(request, AdministrativeUnit, data["admin_unit"]),
        decision=_subject(request, Decision, data["decision"]),
        reference=data["reference"],
        year=data["year"],
        occasion=data["occasion"],
        fmt=data["format"] or "pdf",
        issue={name: data[name] for name in DocumentRequestForm.ISSUE_FIELDS},
    )
    if request.htmx:
        return render(request, "reporting/_document_status.html", {"document": document})
    messages.info(request, _("Đang tạo tài liệu; trang sẽ có liên kết tải về khi xong."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("home")
    return HttpResponseRedirect(back)  # not redirect(): it would take a word such as "abc" for a view name


@login_required
def document_status(request, pk: int):
    return render(request, "reporting/_document_status.html", {"document": _get_document(request, pk)})


@login_required
def document_download(request, pk: int):
    document = _get_document(request, pk)
    if document.status != GeneratedDocument.Status.DONE or not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return download(handle, documents.download_name(document), content_type=document.content_type)
