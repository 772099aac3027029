"""Nomination dossiers: list, create/edit, the dossier page, its workflow steps and documents.

Scope first (404 outside it), then the role (403), then the state (a message, nothing changed).
"""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.scope import get_for_user, scope_of, scope_required
from awards import forms, listing, selectors, services, workflow
from awards.models import Nomination
from awards.services.bulk import label_of
from campaigns.downloads import download
from campaigns.models import Level

creator_required = scope_required(
    workflow.creates_dossiers, gettext_lazy("Vai trò của bạn không được lập hồ sơ đề nghị khen thưởng.")
)
province_queue_required = scope_required(
    lambda scope: scope.is_province_staff, gettext_lazy("Trang này dành cho chuyên viên Sở Nội vụ cấp tỉnh.")
)


def _add_errors(form: django_forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names, or at the top."""
    try:
        form.add_error(None, error)
    except ValueError:
        form.add_error(None, error.messages)


def _detail(request, nomination: Nomination, *, bound_form=None, upload_form=None):
    user = request.user
    actions = []
    for transition in workflow.available_transitions(user, nomination):
        bound = bound_form is not None and bound_form.prefix == transition.action
        form = bound_form if bound else forms.action_form(transition.action, nomination)
        # A step still waiting for documents is shown with what it lacks, its button disabled.
        actions.append({"transition": transition, "form": form, "blocked": workflow.refusal(nomination, transition)})
    kinds = workflow.upload_kinds(user, nomination)
    context = {
        "nomination": nomination,
        "documents": nomination.documents.all(),
        "events": nomination.events.all(),
        "checklist": workflow.checklist(nomination),
        "actions": actions,
        "upload_form": upload_form or (forms.DocumentUploadForm(kinds=kinds) if kinds else None),
        "deletable_kinds": kinds,
        "can_edit": workflow.may_edit(user, nomination),
        "decides_here": workflow.may_decide_here(nomination),
        "goes_national": workflow.decided_above(nomination, Level.PROVINCE),
        "list_url": reverse("awards:province_queue" if scope_of(user).is_province_staff else "awards:nomination_list"),
    }
    return render(request, "awards/nomination_detail.html", context)


def bulk_actions_for(scope) -> list[tuple[str, str]]:
    """The steps the list's bulk bar offers: the commune office's, or the province's."""
    actions = ("receive", "forward") if scope.is_officer else ("province_receive", "forward_to_national")
    if not scope.is_award_office:
        return []
    return [(action, label_of(action)) for action in actions]


def _province_queue_page(request):
    form = forms.ProvinceQueueFilterForm(request.GET or None, user=request.user)

    def counts_of(without_status):
        counts = selectors.province_queue_counts(without_status)
        return counts, form.count_of(counts["by_status"])

    bulk_actions = bulk_actions_for(scope_of(request.user))
    shown = listing.cached_listing(
        request.user,
        request.GET.get("page"),
        form,
        "province-queue",
        counts_of,
        selectors.province_queue,
        "awards/_province_queue_table.html",
        bulk_actions,
    )
    context = {
        "form": form,
        "page": shown["page"],
        "table": shown["table"],
        "counts": shown["counts"]["counts"],
        "waiting_count": shown["counts"]["waiting"],
        "bulk_actions": bulk_actions,
    }
    return render(request, "awards/province_queue.html", context)


@login_required
@require_GET
@province_queue_required
def province_queue(request):
    """The province's dossiers: forwarded by its communes (and sent by its own units)."""
    return _province_queue_page(request)


@login_required
@require_GET
@province_queue_required
def province_queue_options(request, field: str):
    """htmx: a few suggestions (<option>s of a datalist) for the queue's commune or plan box
    (`field`, set by the URL)."""
    try:
        text = django_forms.CharField(max_length=100, required=False).clean(request.GET.get(field, ""))
    except ValidationError as error:
        return HttpResponseBadRequest(error.messages[0])
    if field == "commune":
        options = [(unit.full_name, unit.code) for unit in selectors.province_unit_suggestions(request.user, text)]
    else:
        plans = selectors.province_plan_suggestions(request.user, text)
        options = [(forms.plan_label(plan), plan.title[:80]) for plan in plans]
    return render(request, "awards/_lookup_options.html", {"options": options})


@login_required
def nomination_list(request):
    scope = scope_of(request.user)
    if scope.is_province_staff:
        # The province's list of dossiers is its queue.
        return _province_queue_page(request)
    visible = selectors.nominations_for_list(request.user)
    form = forms.NominationFilterForm(request.GET or None, nominations=visible)
    bulk_actions = bulk_actions_for(scope)
    shown = listing.cached_listing(
        request.user,
        request.GET.get("page"),
        form,
        "nomination-list",
        lambda rows: (selectors.status_count_groups(rows), None),
        selectors.nominations_for_list,
        "awards/_nomination_table.html",
        bulk_actions,
    )
    context = {
        "form": form,
        "page": shown["page"],
        "table": shown["table"],
        "count_groups": shown["counts"],
        "can_create": workflow.creates_dossiers(scope),
        "bulk_actions": bulk_actions,
        "offers_list_document": not scope.is_reporter,
    }
    if form.is_valid() and form.cleaned_data.get("plan") and form.cleaned_data.get("occasion"):
        # The list for a decision (danh sách đề nghị khen thưởng) of one plan and occasion.
        context["list_plan"], context["list_occasion"] = form.cleaned_data["plan"], form.cleaned_data["occasion"]
    return render(request, "awards/nomination_list.html", context)


@creator_required
def nomination_create(request):
    form = forms.NominationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_create(by=request.user, **form.service_kwargs())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lập hồ sơ. Hãy tải lên tờ trình và báo cáo thành tích rồi gửi hồ sơ."))
            return redirect(nomination)
    return render(request, "awards/nomination_form.html", {"form": form})


@login_required
def nomination_update(request, pk: int):
    nomination = selectors.nomination_page(request.user, pk)
    workflow.require_editor(request.user, nomination)
    if not workflow.may_edit(request.user, nomination):
        messages.error(request, _("Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại."))
        return redirect(nomination)
    form = forms.NominationForm(request.POST or None, instance=nomination, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_update(
                nomination=nomination, by=request.user, version=form.cleaned_data["version"], **form.service_kwargs()
            )
        except workflow.TransitionRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("awards:nomination_detail", pk=pk)
    return render(request, "awards/nomination_form.html", {"form": form, "nomination": nomination})


@login_required
def nomination_detail(request, pk: int):
    return _detail(request, selectors.nomination_page(request.user, pk))


@login_required
@require_POST
def nomination_transition(request, pk: int):
    nomination = selectors.nomination_page(request.user, pk)
    transition = workflow.TRANSITIONS.get(request.POST.get("action", ""))
    if transition is None:
        messages.error(request, _("Thao tác không hợp lệ."))
        return redirect(nomination)
    workflow.require_role_for(request.user, nomination, transition)
    if reason := workflow.refusal(nomination, transition):
        messages.error(request, reason)
        return redirect(nomination)
    form = forms.action_form(transition.action, nomination, request.POST)
    if form.is_valid():
        try:
            done = services.SERVICES[transition.action](nomination=nomination, by=request.user, **form.service_kwargs())
        except workflow.TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect(nomination)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Đã thực hiện “%(action)s”; hồ sơ chuyển sang “%(status)s”.")
                % {"action": transition.label, "status": done.get_status_display()},
            )
            return redirect(done)
    return _detail(request, nomination, bound_form=form)


@login_required
@require_POST
def document_upload(request, pk: int):
    nomination = selectors.nomination_page(request.user, pk)
    workflow.require_document_role(request.user, nomination)
    kinds = workflow.upload_kinds(request.user, nomination)
    if not kinds:
        messages.error(
            request,
            _("Không thể thêm tài liệu khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": nomination.get_status_display()},
        )
        return redirect(nomination)
    form = forms.DocumentUploadForm(request.POST, request.FILES, kinds=kinds)
    if form.is_valid():
        try:
            document = services.nomination_document_upload(
                nomination=nomination, by=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except workflow.TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect(nomination)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã tải lên “%(name)s”.") % {"name": document.original_name})
            return redirect(nomination)
    return _detail(request, nomination, upload_form=form)


@login_required
@require_POST
def document_delete(request, pk: int):
    document = selectors.nomination_document(request.user, pk)
    workflow.require_document_role(request.user, document.nomination)
    try:
        services.nomination_document_delete(document=document, by=request.user)
    except workflow.TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Đã xóa “%(name)s”.") % {"name": document.original_name})
    return redirect(document.nomination)


@login_required
@require_GET
def document_download(request, pk: int):
    document = selectors.nomination_document(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("Không tìm thấy tệp trên máy chủ.")) from missing
    return download(handle, document.original_name, content_type=document.content_type)


@login_required
@require_GET
@creator_required
def award_form_options(request):
    """htmx: the <option>s of the award-form select for the plan, occasion and nominee chosen."""
    try:
        plan_id = django_forms.IntegerField(required=False).clean(request.GET.get("plan"))
    except ValidationError:  # not a number ("abc", "²", 5,000 digits): no plan chosen yet
        plan_id = None
    plans = selectors.plans_open_for_nominations(request.user)
    plan = get_for_user(plans, request.user, plan_id) if plan_id else None
    award_forms = selectors.award_forms_for(
        plan=plan, occasion=request.GET.get("occasion"), nominee_kind=request.GET.get("nominee_kind")
    )
    context = {"award_forms": award_forms, "selected": request.GET.get("award_form", "")}
    return render(request, "awards/_award_form_options.html", context)
