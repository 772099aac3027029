"""The lists' bulk bar: one step on many ticked dossiers (receive many; send many up under one
tờ trình). Each dossier goes through its own step; the page says which went and which not."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import scope_of
from awards import forms
from awards.models import Nomination
from awards.services.bulk import bulk_step, label_of


def _back(request) -> str:
    """The list the bar was posted from, with its filters and page (its own URL)."""
    back = request.META.get("HTTP_REFERER", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return back
    return "awards:province_queue" if scope_of(request.user).is_province_staff else "awards:nomination_list"


def _report(request, action: str, result) -> None:
    if result.done:
        messages.success(
            request,
            _("Đã thực hiện “%(action)s” cho %(count)d hồ sơ.")
            % {"action": label_of(action), "count": len(result.done)},
        )
    if result.refused:
        reasons = "; ".join(f"{n.nominee_name}: {reason}" for n, reason in result.refused)
        messages.error(
            request,
            _("%(count)d hồ sơ chưa thực hiện được — %(reasons)s") % {"count": len(result.refused), "reasons": reasons},
        )


@login_required
@require_POST
def nomination_bulk(request):
    scope = scope_of(request.user)
    if not scope.is_award_office:
        raise PermissionDenied(_("Chỉ cán bộ xử lý hồ sơ mới thực hiện được thao tác này."))
    form = forms.BulkForm(request.POST)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, errors[0] if errors else _("Thao tác không hợp lệ."))
        return redirect(_back(request))
    ids = form.cleaned_data["ids"]
    nominations = list(Nomination.objects.visible_to(request.user).filter(pk__in=ids).order_by("pk"))
    if len(nominations) != len(ids):
        raise Http404(_("Có hồ sơ không thuộc phạm vi của bạn."))
    action = form.cleaned_data["action"]
    result = bulk_step(
        action=action,
        nominations=nominations,
        versions=form.cleaned_data["versions"],
        by=request.user,
        **form.fields_for_step(),
    )
    _report(request, action, result)
    return redirect(_back(request))
