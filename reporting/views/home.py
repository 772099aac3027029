"""The home page: where the summaries of every area meet (plans and deadlines from campaigns,
reports from here, dossiers from awards). Reporting builds on both, so the page lives here."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from accounts.scope import scope_of
from awards.selectors import home_summary as awards_summary
from campaigns.models import Plan
from campaigns.selectors import upcoming_deadlines
from config.cache import cached, province_of
from reporting.selectors.home import home_summary as reporting_summary


@login_required
def home(request):
    today = timezone.localdate()
    user = request.user
    scope = scope_of(user)
    # What a home page shows is the same for everyone with the same role and unit, and moves
    # only with a write in their province (config.cache): built once, read from the cache.
    key = (scope.role, scope.admin_unit_id, scope.participating_unit_id, user.is_superuser, today, get_language())
    context = cached(province_of(user.admin_unit), "home", key, lambda: _summaries(user, today))
    return render(request, "reporting/home.html", {"today": today, **context})


def _summaries(user, today) -> dict:
    return {
        "deadlines": upcoming_deadlines(user, today),
        "plans": list(Plan.objects.visible_to(user).select_related("issuer__province").order_by("-updated_at")[:8]),
        "reporting_home": reporting_summary(user, today.year),
        "awards_home": awards_summary(user, today.year),
    }
