"""The home page: where the summaries of every area meet (plans and deadlines from campaigns,
reports from here, dossiers from awards). Reporting builds on both, so the page lives here."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from awards.selectors import home_summary as awards_summary
from campaigns.models import Plan
from campaigns.selectors import upcoming_deadlines
from reporting.selectors.home import home_summary as reporting_summary


@login_required
def home(request):
    today = timezone.localdate()
    context = {
        "today": today,
        "deadlines": upcoming_deadlines(request.user, today),
        "plans": Plan.objects.visible_to(request.user).select_related("issuer__province").order_by("-updated_at")[:8],
        "reporting_home": reporting_summary(request.user, today.year),
        "awards_home": awards_summary(request.user, today.year),
    }
    return render(request, "reporting/home.html", context)
