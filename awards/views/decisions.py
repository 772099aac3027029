"""Decisions: list, draft, the decision page (lines, money, signing, revoking) and the
calibration page. The decision's PDFs and its certificates are made in the background
(reporting.views.decisions).

Scope first (404 outside it), then the role (403), then the state (a message, nothing changed).
"""

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.scope import get_for_user, scope_of, scope_required
from awards import decision_forms as forms
from awards import documents
from awards.models import Decision, DecisionLine
from awards.services import decisions as services
from campaigns.downloads import download

decision_writer_required = scope_required(
    lambda scope: scope.is_award_office,
    gettext_lazy("Chỉ cán bộ Phòng Văn hóa - Xã hội (xã) hoặc chuyên viên Sở Nội vụ (tỉnh) soạn được quyết định."),
)
decision_reader_required = scope_required(
    lambda scope: scope.is_commune_staff or scope.is_province_staff,
    gettext_lazy("Vai trò của bạn không xem được quyết định khen thưởng."),
)
READ_ONLY = gettext_lazy("Vai trò của bạn chỉ được xem quyết định này, không được thay đổi.")


def _get(request, pk: int, *, write: bool = False) -> Decision:
    return get_for_user(Decision.objects.select_related("admin_unit"), request.user, pk, write=write, message=READ_ONLY)


def _page(request, decision: Decision, **bound):
    decision = Decision.objects.visible_to(request.user).with_lines().select_related("revoked_by").get(pk=decision.pk)
    writes = services.may_write_decisions(request.user) and scope_of(request.user).writes_area(decision.admin_unit_id)
    context = {
        "decision": decision,
        "lines": list(decision.lines.all()),
        "writes": writes and decision.is_draft,
        "revokes": writes and decision.status == Decision.Status.SIGNED,
        "line_form": bound.get("line_form") or forms.LineForm(decision=decision),
        "nominations_form": bound.get("nominations_form") or forms.AddNominationsForm(decision=decision),
        "sign_form": bound.get("sign_form")
        or forms.SignForm(
            initial={"version": decision.version, "number": decision.number, "decided_on": decision.decided_on}
        ),
        "revoke_form": bound.get("revoke_form") or forms.RevokeForm(decision=decision),
        "errors": bound.get("errors", []),
    }
    return render(request, "awards/decision_detail.html", context, status=400 if bound else 200)


@decision_reader_required
@require_GET
def decision_list(request):
    form = forms.DecisionFilterForm(request.GET or None)
    decisions = Decision.objects.visible_to(request.user).select_related("admin_unit")
    decisions = form.filter(decisions.annotate(line_count=Count("lines")).order_by("-decided_on", "-pk"))
    page = Paginator(decisions, 25).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "can_create": services.may_write_decisions(request.user)}
    return render(request, "awards/decision_list.html", context)


def _header_form(request, decision: Decision | None):
    if decision is not None and not decision.is_draft:
        messages.error(request, _("Quyết định đã ký ban hành: không sửa được."))
        return redirect(decision)
    form = forms.DecisionForm(
        request.POST or None, instance=decision, initial={"version": getattr(decision, "version", None)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            if decision is None:
                decision = services.decision_create(by=request.user, **form.service_kwargs())
            else:
                version = form.cleaned_data["version"]
                decision = services.decision_update(
                    decision=decision, by=request.user, version=version, **form.service_kwargs()
                )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu quyết định."))
            return redirect(decision)
    return render(request, "awards/decision_form.html", {"form": form, "decision": decision})


@decision_writer_required
def decision_create(request):
    return _header_form(request, None)


@decision_writer_required
def decision_update(request, pk: int):
    return _header_form(request, _get(request, pk, write=True))


@decision_reader_required
@require_GET
def decision_detail(request, pk: int):
    return _page(request, _get(request, pk))


def _act(request, pk: int, form_class, service, key: str, done: str):
    """A step posted on the decision page: the form, then the service; refused, the page
    again with the reasons and what was typed."""
    decision = _get(request, pk, write=True)
    form = form_class(request.POST, request.FILES, decision=decision)
    if not form.is_valid():
        return _page(request, decision, **{key: form})
    try:
        service(decision=decision, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _page(request, decision, errors=error.messages, **{key: form})
    messages.success(request, done)
    return redirect(decision)


def _step_view(form_class, service, key: str, done: str):
    @decision_writer_required
    @require_POST
    def view(request, pk: int):
        return _act(request, pk, form_class, service, key, str(done))

    return view


decision_add_nominations = _step_view(
    forms.AddNominationsForm,
    services.decision_add_nominations,
    "nominations_form",
    gettext_lazy("Đã đưa các hồ sơ đã chọn vào quyết định."),
)
decision_add_line = _step_view(
    forms.LineForm, services.line_add, "line_form", gettext_lazy("Đã thêm vào danh sách khen thưởng.")
)
decision_sign = _step_view(
    forms.SignForm,
    services.decision_sign,
    "sign_form",
    gettext_lazy("Đã ký ban hành quyết định; các mục đã được ghi vào sổ vàng."),
)
decision_revoke = _step_view(
    forms.RevokeForm, services.decision_revoke, "revoke_form", gettext_lazy("Đã ghi việc thu hồi quyết định.")
)


@decision_writer_required
@require_POST
def decision_remove_line(request, pk: int):
    line = get_for_user(
        DecisionLine.objects.select_related("decision"), request.user, pk, write=True, message=READ_ONLY
    )
    try:
        services.line_remove(line=line, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(line.decision)


@decision_reader_required
@require_GET
def decision_scan(request, pk: int):
    decision = _get(request, pk)
    if not decision.scan:
        return HttpResponse(_("Quyết định chưa có bản quét."), status=404)
    try:
        scan = decision.scan.open("rb")
    except FileNotFoundError:
        return HttpResponse(_("Không tìm thấy tệp bản quét của quyết định; hãy tải bản quét lên lại."), status=404)
    name = decision.scan_name or "quyet-dinh.pdf"
    return download(scan, name, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")


def _pdf(data: bytes, name: str) -> HttpResponse:
    return download(data, name, content_type="application/pdf", inline=True)


@decision_reader_required
@require_GET
def certificate_calibration(request):
    return _pdf(documents.render_calibration_pdf(), "can-chinh-phoi.pdf")
