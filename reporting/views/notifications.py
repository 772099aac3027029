"""A user's notifications, and a plan's schedule of deadline reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.scope import get_for_user
from campaigns.selectors import get_plan_for_user
from campaigns.services.plans import require_plan_editor
from reporting.events import KINDS
from reporting.forms import NoticePreferencesForm, ReminderPolicyForm
from reporting.models import Notification
from reporting.selectors.notifications import notifications_for
from reporting.services import notifications as services
from reporting.services.notices import preferences_of, preferences_set
from reporting.services.reminders import offsets_for, reminder_policy_set


@login_required
def notifications(request):
    if request.method == "POST":
        services.mark_read(user=request.user)
        messages.success(request, _("Đã đánh dấu mọi thông báo là đã đọc."))
        return redirect("reporting:notifications")
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "reporting/notifications.html", {"page": page})


@login_required
def notification_open(request, pk: int):
    notification = get_for_user(Notification.objects.all(), request.user, pk)
    services.mark_read(user=request.user, notification_id=notification.pk)
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()})
    return redirect(notification.url if notification.url and safe else "reporting:notifications")


@login_required
def reminder_policy(request, plan_id: int):
    plan = get_plan_for_user(request.user, plan_id)
    require_plan_editor(request.user, plan)
    current = ", ".join(str(o) for o in offsets_for(plan))
    form = ReminderPolicyForm(request.POST or None, initial={"offsets": current})
    if request.method == "POST" and form.is_valid():
        reminder_policy_set(plan=plan, offsets=form.cleaned_data["offsets"], by=request.user)
        messages.success(request, _("Đã lưu lịch nhắc hạn của kế hoạch."))
        return redirect(plan)
    return render(request, "reporting/reminder_policy.html", {"plan": plan, "form": form})


@login_required
def notice_preferences(request):
    """How the user is told of each kind of workflow event (their own settings: every
    signed-in user may change them, read-only accounts included)."""
    form = NoticePreferencesForm(
        request.POST or None, kinds=KINDS.values(), initial_choices=preferences_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("reporting:notice_preferences")
    return render(request, "reporting/notice_preferences.html", {"form": form})
