"""The user's private calendar of deadlines (an .ics feed calendar apps subscribe to)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.downloads import download
from reporting import calendar


@login_required
def calendar_settings(request):
    """The user's private calendar link (and a button that makes a new one)."""
    token = calendar.calendar_token_for(request.user, renew=request.method == "POST")
    if request.method == "POST":
        messages.success(request, _("Đã tạo đường dẫn lịch mới; đường dẫn cũ không còn dùng được."))
        return redirect("reporting:calendar_settings")
    url = request.build_absolute_uri(reverse("reporting:calendar_feed", args=[token]))
    context = {"url": url, "deadlines": calendar.deadlines_for(request.user)}
    return render(request, "reporting/calendar.html", context)


def calendar_feed(request, token: str):
    """No login (calendar apps cannot): the secret token in the URL identifies the user."""
    user = get_object_or_404(User, calendar_token=token, is_active=True) if len(token) >= 32 else None
    if user is None:
        raise Http404
    content = calendar.render_calendar(user)
    return download(content, "han-bao-cao.ics", content_type="text/calendar; charset=utf-8", inline=True)
