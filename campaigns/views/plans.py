from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from awards import selectors as award_selectors
from campaigns import selectors
from reporting import selectors as reporting_selectors
from campaigns.forms.plans import PlanFilterForm


@login_required
def home(request):
    today = timezone.localdate()
    context = {
        "today": today,
        "deadlines": selectors.upcoming_deadlines(request.user, today),
        "plans": selectors.plans_visible_to(request.user).order_by("-updated_at")[:8],
        "reporting_home": reporting_selectors.home_summary(request.user, today.year),
        "awards_home": award_selectors.home_summary(request.user, today.year),
    }
    return render(request, "campaigns/home.html", context)


@login_required
def plan_list(request):
    form = PlanFilterForm(request.GET or None)
    plans = form.filter(selectors.plans_visible_to(request.user))
    page = Paginator(plans, 25).get_page(request.GET.get("page"))
    return render(request, "campaigns/plan_list.html", {"form": form, "page": page})


@login_required
def plan_detail(request, pk: int):
    plan = selectors.get_plan_for_user(request.user, pk)
    context = {
        "plan": plan,
        "children": selectors.plan_children_visible_to(request.user, plan),
    }
    return render(request, "campaigns/plan_detail.html", context)
