from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import get_for_user
from campaigns import selectors
from campaigns.diff import plan_diff_sections
from campaigns.forms.plans import EditMetaForm, PlanFilterForm, PlanGeneralForm, PlanIssueForm
from campaigns.importer.services import can_import
from campaigns.plan_sections import SECTIONS
from campaigns.services import plans as plan_services
from campaigns.services.plans import StaleEdit, can_edit_plan


@login_required
def plan_list(request):
    form = PlanFilterForm(request.GET or None)
    plans = form.filter(selectors.plans_visible_to(request.user))
    page = Paginator(plans, 25).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_import": can_import(request.user)}
    return render(request, "campaigns/plan_list.html", context)


@login_required
def plan_detail(request, pk: int):
    plan = get_for_user(selectors.plan_page_queryset(), request.user, pk)
    context = {
        "plan": plan,
        "document": selectors.plan_document_html(plan),
        "children": selectors.plan_children_visible_to(request.user, plan),
        "can_edit": can_edit_plan(request.user, plan),
        "can_derive": plan_services.can_derive_from(request.user, plan),
        "history": plan.amendments.select_related("by")[:50],
    }
    return render(request, "campaigns/plan_detail.html", context)


STALE = _("Kế hoạch vừa được thay đổi ở nơi khác (cửa sổ khác hoặc người khác). Hãy xem lại trước khi lưu.")


@login_required
@require_POST
def plan_derive(request, pk: int):
    parent = selectors.get_plan_for_user(request.user, pk)
    plan_services.require_deriver(request.user, parent)
    try:
        plan = plan_services.plan_derive(parent=parent, commune=request.user.admin_unit, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(parent)
    messages.success(request, _("Đã tạo dự thảo kế hoạch của xã từ kế hoạch của tỉnh. Hãy sửa từng phần rồi ban hành."))
    return redirect("campaigns:plan_edit", pk=plan.pk)


@login_required
def plan_edit(request, pk: int):
    """The plan's own fields, and the list of sections to edit."""
    plan = selectors.get_plan_for_user(request.user, pk, write=True)
    form = PlanGeneralForm(request.POST or None, instance=plan)
    meta = EditMetaForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid() and meta.is_valid():
        reason = meta.cleaned_data["reason"]
        if _save(request, plan_services.plan_general_save, form, meta, plan=plan, form=form, reason=reason):
            messages.success(request, _("Đã lưu thông tin chung của kế hoạch."))
            return redirect("campaigns:plan_edit", pk=plan.pk)
    return render(request, "campaigns/plan_edit.html", {"plan": plan, "form": form, "meta": meta, "sections": SECTIONS})


@login_required
def plan_section(request, pk: int, section: str, sub_id: int | None = None):
    plan = selectors.get_plan_for_user(request.user, pk, write=True)
    spec = SECTIONS.get(section)
    if spec is None or spec.nested != (sub_id is not None):
        raise Http404
    parent = spec.parent_for(plan, sub_id)
    formset = spec.formset_class()(
        request.POST or None, instance=parent, queryset=spec.queryset(parent), prefix="items"
    )
    if "parent_plan" in spec.fields:
        for form in formset.forms + [formset.empty_form]:
            form.fields["parent_plan"].queryset = selectors.plans_visible_to(request.user).exclude(pk=plan.pk)
    meta = EditMetaForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and formset.is_valid() and meta.is_valid():
        reason = meta.cleaned_data["reason"]
        arguments = {"plan": plan, "spec": spec, "formset": formset, "reason": reason}
        if _save(request, plan_services.plan_section_save, None, meta, **arguments):
            messages.success(request, _("Đã lưu phần “%(section)s”.") % {"section": spec.label})
            return redirect("campaigns:plan_edit", pk=plan.pk)
    context = {"plan": plan, "spec": spec, "parent": parent, "formset": formset, "meta": meta}
    return render(request, "campaigns/plan_section.html", context)


@login_required
def plan_issue(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk, write=True)
    if plan.is_issued:
        messages.info(request, _("Kế hoạch này đã được ban hành."))
        return redirect(plan)
    form = PlanIssueForm(request.POST or None, initial={"place": plan.issuer.name})
    meta = EditMetaForm(request.POST or None, initial={"version": plan.version})
    posted = request.method == "POST" and form.is_valid() and meta.is_valid()
    if posted and _save(request, plan_services.plan_issue, form, meta, plan=plan, **form.cleaned_data):
        messages.success(request, _("Đã ban hành kế hoạch. Từ nay mọi thay đổi là điều chỉnh và cần nêu lý do."))
        return redirect(plan)
    return render(request, "campaigns/plan_issue.html", {"plan": plan, "form": form, "meta": meta})


@login_required
def plan_diff(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk)
    parents = [p.parent_plan for p in plan.parents.all() if p.parent_plan_id]
    parent = next((p for p in parents if p in selectors.plans_visible_to(request.user)), None)
    if parent is None:
        raise Http404
    parent = selectors.get_plan_for_user(request.user, parent.pk)
    return render(
        request,
        "campaigns/plan_diff.html",
        {"plan": plan, "parent": parent, "sections": plan_diff_sections(plan, parent)},
    )


def _save(request, service, shown_form, meta, **arguments) -> bool:
    """Run a plan service with the version the user's form was built from. A stale
    version or a refused change shows on the page, keeping what the user typed."""
    try:
        service(version=meta.cleaned_data["version"], by=request.user, **arguments)
    except StaleEdit:
        messages.error(request, STALE)
    except ValidationError as error:
        _attach_errors(error, shown_form, meta)
    else:
        return True
    return False


def _attach_errors(error: ValidationError, form, meta) -> None:
    """Show a service's ValidationError next to the right field, keeping what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = meta if field == "reason" else form
            if target is not None and field in target.fields:
                target.add_error(field, errors)
            else:
                (form or meta).add_error(None, errors)
    else:
        (form or meta).add_error(None, error)
