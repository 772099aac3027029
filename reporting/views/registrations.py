"""The commune's registration list (đăng ký thi đua) for a year: who has and has not
registered, "Nhắc ngay" for one unit or all still missing (the reminder log of the report
board), the missing list as Excel; it prints (static/reporting/print.js). These views live
here because reminders are reporting's; config/urls.py serves them in the awards namespace,
beside the registration pages (awards.views.registration)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.scope import get_for_user, officer_required, scope_of
from awards.services.registration import year_open
from campaigns import excel
from campaigns.models import AdministrativeUnit
from reporting.selectors.registrations import registration_board
from reporting.services.chasing import remind_registrations_now
from reporting.views.chasing import chase, missing_file


def _year(value, *, default: int | None = None) -> int:
    """The year asked for; a missing one is `default`, anything else odd is no such list."""
    if not value and default is not None:
        return default
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not year_open(year):
        raise Http404
    return year


def _board_url(year: int) -> str:
    return f"{reverse('awards:registration_board')}?year={year}"


@login_required
@require_GET
def registration_board_page(request):
    year = _year(request.GET.get("year"), default=timezone.localdate().year)
    scope = scope_of(request.user)
    if scope.is_reporter:
        return redirect("awards:registration_unit", year=year, unit_id=scope.participating_unit_id)
    if not scope.is_commune_staff:
        raise PermissionDenied(_("Chỉ cán bộ của xã, phường xem được danh sách đăng ký thi đua."))
    board = registration_board(admin_unit=request.user.admin_unit, year=year, user=request.user)
    this_year = timezone.localdate().year
    context = {"board": board, "year": year, "years": range(this_year - 2, this_year + 2), "scope": scope}
    return render(request, "reporting/registration_board.html", context)


@officer_required
@require_POST
def registration_remind(request, commune_id: int):
    commune = get_for_user(AdministrativeUnit.objects.all(), request.user, commune_id)
    year = _year(request.POST.get("year"))
    unit = request.POST.get("unit")
    try:
        unit_ids = {int(unit)} if unit else None
    except ValueError:
        raise Http404 from None
    chase(request, lambda: remind_registrations_now(admin_unit=commune, year=year, by=request.user, unit_ids=unit_ids))
    return redirect(_board_url(year))


@officer_required
@require_GET
def registration_missing_export(request):
    year = _year(request.GET.get("year"))
    board = registration_board(admin_unit=request.user.admin_unit, year=year, user=request.user)
    name = f"don-vi-chua-dang-ky-thi-dua-{slugify(excel.fold(request.user.admin_unit.name))}-{year}.xlsx"
    return missing_file([r for r in board["rows"] if r.missing], title=_("Đơn vị chưa đăng ký"), name=name)
