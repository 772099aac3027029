"""Import a plan document (.docx, .txt, .pdf) into a structured draft: upload (the file is
stored and read by a Celery task, at once where Celery is eager) → a progress page polled by
htmx → review (the extraction as an editable form beside the source text) → confirm ("Lưu
thành dự thảo"). No plan is saved before the confirm; the pending extraction waits in the
session under a token, so a second confirm (another tab, a double click) is refused instead
of saving the plan twice.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import get_for_user
from campaigns.forms.imports import PlanReview, PlanUploadForm
from campaigns.importer import services
from campaigns.importer.services import plan_import_save, prepare_review, require_importer
from campaigns.models import PlanImport
from campaigns.selectors import plans_visible_to

SESSION_KEY = "campaigns.plan_import"
STALE = gettext_lazy("Bản xem trước này đã cũ hoặc đã được lưu rồi; hãy tải tệp lên lại nếu cần.")
TIMED_OUT = gettext_lazy(
    "Tệp “%(name)s” chưa đọc xong sau vài phút nên đã dừng (máy chủ đang bận hoặc gặp sự cố); hãy tải lên lại."
)


@login_required
def plan_import(request):
    require_importer(request.user)
    step = request.POST.get("step", "upload") if request.method == "POST" else None
    if step == "cancel":
        request.session.pop(SESSION_KEY, None)
        messages.info(request, _("Đã hủy nhập văn bản; chưa có gì được lưu."))
        return redirect("campaigns:plan_list")
    if step == "confirm":
        return _confirm(request)
    form = PlanUploadForm(request.POST, request.FILES) if step else PlanUploadForm()
    if step and form.is_valid():
        pending = services.plan_import_request(upload=form.cleaned_data["file"], by=request.user)
        return redirect("campaigns:plan_import_progress", pk=pending.pk)
    return render(request, "campaigns/import/upload.html", {"form": form})


@login_required
def plan_import_progress(request, pk: int):
    """While the file is read: the progress. Once read: the review. When refused: the upload
    form again, with the reason."""
    require_importer(request.user)
    upload = get_for_user(PlanImport, request.user, pk)
    if upload.status == PlanImport.Status.DONE:
        return _open_review(request, upload)
    if upload.status == PlanImport.Status.FAILED or services.plan_import_stale(upload):
        form = PlanUploadForm()
        form.errors["file"] = form.error_class([upload.error or TIMED_OUT % {"name": upload.file_name}])
        return render(request, "campaigns/import/upload.html", {"form": form})
    return render(request, "campaigns/import/progress.html", {"upload": upload})


@login_required
def plan_import_status(request, pk: int):
    """The progress line the page polls; once the file is read (or refused), the page reloads."""
    require_importer(request.user)
    upload = get_for_user(PlanImport, request.user, pk)
    response = render(request, "campaigns/import/_progress.html", {"upload": upload})
    if not upload.is_working or services.plan_import_stale(upload):
        response["HX-Redirect"] = reverse("campaigns:plan_import_progress", args=[pk])
    return response


def _open_review(request, upload: PlanImport):
    imported = prepare_review(services.imported_of(upload), user=request.user)
    pending = {
        "token": secrets.token_urlsafe(16),
        "admin_unit": request.user.admin_unit_id,
        "file_name": imported.name,
        "text": imported.text,
        "data": imported.data,
        "warnings": imported.warnings,
        "unsure": imported.unsure,
    }
    request.session[SESSION_KEY] = pending
    review = PlanReview(None, extracted=pending["data"], plans=_plans(request), unsure=pending["unsure"])
    return _render_review(request, pending, review)


def _confirm(request):
    pending = request.session.get(SESSION_KEY)
    if (
        not pending
        # As bytes: compare_digest refuses a str with non-ASCII characters (a hand-made token).
        or not secrets.compare_digest(pending["token"].encode(), request.POST.get("token", "").encode())
        or pending["admin_unit"] != request.user.admin_unit_id
    ):
        messages.error(request, STALE)
        return redirect("campaigns:plan_import")
    review = PlanReview(
        request.POST, extracted=pending["data"], plans=_plans(request), unsure=pending.get("unsure", {})
    )
    if review.is_valid():
        try:
            plan = plan_import_save(data=review.to_data(), by=request.user)
        except ValidationError as error:
            review.form.add_error(None, error)
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(
                request,
                _("Đã lưu dự thảo kế hoạch từ tệp “%(file)s”. Hãy đọc lại từng phần trước khi ban hành.")
                % {"file": pending["file_name"]},
            )
            return redirect(plan)
    return _render_review(request, pending, review)


def _plans(request):
    return plans_visible_to(request.user).order_by("-period_start", "issuer__name", "pk")


def _render_review(request, pending: dict, review: PlanReview):
    return render(request, "campaigns/import/review.html", {"pending": pending, "review": review})
