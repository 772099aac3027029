"""The register of initiatives (sổ sáng kiến): list with an accent-free search, record,
correct, remove. Scope first (404 outside it), then the role (403)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.scope import get_for_user, scope_of
from awards import cycle_forms as forms
from awards.models import Initiative
from awards.services import initiatives as services
from awards.views.decisions import decision_reader_required, decision_writer_required

READ_ONLY = gettext_lazy("Vai trò của bạn chỉ được xem sáng kiến này, không được thay đổi.")


@decision_reader_required
@require_GET
def initiative_list(request):
    form = forms.InitiativeFilterForm(request.GET or None)
    initiatives = Initiative.objects.visible_to(request.user).select_related("admin_unit").prefetch_related("authors")
    page = Paginator(form.filter(initiatives), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "writes": services.may_keep_initiatives(request.user)}
    return render(request, "awards/cycle/initiative_list.html", context)


def _form(request, initiative: Initiative | None):
    admin_unit_id = initiative.admin_unit_id if initiative else scope_of(request.user).admin_unit_id
    form = forms.InitiativeForm(request.POST or None, instance=initiative, admin_unit_id=admin_unit_id)
    if request.method == "POST" and form.is_valid():
        stored = Initiative.objects.visible_to(request.user).get(pk=initiative.pk) if initiative else None
        try:
            services.initiative_save(by=request.user, initiative=stored, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu sáng kiến."))
            return redirect("awards:initiative_list")
    context = {"form": form, "initiative": initiative}
    return render(request, "awards/cycle/initiative_form.html", context, status=400 if form.errors else 200)


@decision_writer_required
def initiative_create(request):
    return _form(request, None)


@decision_writer_required
def initiative_update(request, pk: int):
    return _form(request, get_for_user(Initiative.objects.all(), request.user, pk, write=True, message=READ_ONLY))


@decision_writer_required
@require_POST
def initiative_delete(request, pk: int):
    initiative = get_for_user(Initiative.objects.all(), request.user, pk, write=True, message=READ_ONLY)
    try:
        services.initiative_delete(by=request.user, initiative=initiative)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa sáng kiến “%(title)s”.") % {"title": initiative.title})
    return redirect("awards:initiative_list")
