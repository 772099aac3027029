"""Background PDFs: ask for one, watch its progress (htmx polling), download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.models import Occasion
from campaigns.models import AdministrativeUnit, Plan
from reporting import documents
from reporting.models import GeneratedDocument


def _get_document(request, pk: int) -> GeneratedDocument:
    document = get_object_or_404(GeneratedDocument.objects.select_related("plan__issuer", "admin_unit"), pk=pk)
    documents.check_access(request.user, kind=document.kind, plan=document.plan, admin_unit=document.admin_unit)
    return document


@login_required
@require_POST
def document_request(request):
    kind = request.POST.get("kind", "")
    if kind not in GeneratedDocument.Kind.values:
        raise Http404
    plan = get_object_or_404(Plan, pk=request.POST["plan"]) if request.POST.get("plan") else None
    admin_unit = (
        get_object_or_404(AdministrativeUnit, pk=request.POST["admin_unit"]) if request.POST.get("admin_unit") else None
    )
    year = int(request.POST["year"]) if request.POST.get("year", "").isdigit() else None
    occasion = request.POST.get("occasion", "")
    if occasion and occasion not in Occasion.values:
        raise Http404
    document = documents.document_request(
        kind=kind, by=request.user, plan=plan, admin_unit=admin_unit, year=year, occasion=occasion
    )
    if request.htmx:
        return render(request, "reporting/_document_status.html", {"document": document})
    messages.info(request, _("Đang tạo tài liệu; trang sẽ có liên kết tải về khi xong."))
    back = request.POST.get("next", "")
    return redirect(back if url_has_allowed_host_and_scheme(back, {request.get_host()}) else "home")


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
    return FileResponse(
        handle, as_attachment=True, filename=documents.download_name(document), content_type="application/pdf"
    )
