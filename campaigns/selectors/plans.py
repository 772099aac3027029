"""Reads shared by views and commands. Every list is scoped to what the user may see."""

import contextlib
import datetime

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.translation import get_language

from accounts.models import User
from accounts.scope import get_for_user, scope_of
from awards.models import AwardSection, PlanAwardForm
from campaigns.models import AdministrativeUnit, Plan, PlanParent
from config.cache import CACHE_DOWN
from criteria.models import Criterion, CriterionGroup
from reporting.models import ReportingDeadline


def admin_units_visible_to(user: User) -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.visible_to(user)


def plans_visible_to(user: User) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user).select_related("issuer__province", "campaign")


def get_plan_for_user(user: User, pk: int, *, write: bool = False) -> Plan:
    """The plan with its sections if the user may see it (404 otherwise); with `write`, a 403
    unless the user's office issues it."""
    return get_for_user(plan_document_queryset(), user, pk, write=write)


def _document_parts() -> list:
    """What the plan's document shows, in document order (one query per part)."""
    return [
        "other_campaigns",
        Prefetch("parents", queryset=PlanParent.objects.select_related("parent_plan__issuer")),
        "purposes",
        "requirements",
        "contents",
        Prefetch(
            "criterion_groups",
            queryset=CriterionGroup.objects.select_related("subject_type").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.order_by("number"))
            ),
        ),
        Prefetch(
            "award_sections",
            queryset=AwardSection.objects.prefetch_related(
                Prefetch("forms", queryset=PlanAwardForm.objects.select_related("award_form"))
            ),
        ),
        "solutions",
        "phases",
        "deadlines",
        "responsibilities",
        "recipients",
    ]


def plan_page_queryset() -> QuerySet[Plan]:
    """A plan for its page: the header's parts; the document itself comes from
    `plan_document_html` (cached per version), which fetches the other parts on a miss."""
    parents = Prefetch("parents", queryset=PlanParent.objects.select_related("parent_plan__issuer"))
    return Plan.objects.select_related("issuer__province", "campaign").prefetch_related(
        "other_campaigns", parents, "deadlines"
    )


def plan_document_html(plan: Plan) -> str:
    """The plan's document (templates/campaigns/_plan_document.html), rendered once per
    version of the plan: every edit of a section bumps the plan's version and its updated_at."""
    key = f"plan-document:{plan.pk}:{plan.version}:{plan.updated_at.timestamp()}:{get_language()}"
    try:
        html = cache.get(key)
    except CACHE_DOWN:  # a cache that is down costs a render, never the page
        html = None
    if html is None:
        prefetch_related_objects([plan], *_document_parts())  # the parts not fetched yet
        html = render_to_string("campaigns/_plan_document.html", {"plan": plan})
        with contextlib.suppress(*CACHE_DOWN):
            cache.set(key, html, 5 * 60)
    return html


def plan_document_queryset(plans: QuerySet[Plan] | None = None) -> QuerySet[Plan]:
    """Plans with every section prefetched, in document order (one query per section)."""
    plans = Plan.objects.all() if plans is None else plans
    return plans.select_related("issuer__province", "campaign").prefetch_related(*_document_parts())


def plan_children_visible_to(user: User, plan: Plan) -> QuerySet[Plan]:
    """Plans in the user's scope that implement this plan."""
    return plans_visible_to(user).filter(parents__parent_plan=plan).distinct().order_by("issuer__name")


def upcoming_deadlines(user: User, today: datetime.date) -> list[dict]:
    """This year's dated deadlines of the issued plans of the user's own administrative unit
    and its province (the ones the user reports against or receives reports under), with the
    days left. Not every commune's plan a province's staff may read: hundreds of lines."""
    scope = scope_of(user)
    own = {scope.admin_unit_id, scope.province_id} - {None}
    plans = plans_visible_to(user).filter(status=Plan.Status.ISSUED, period_start__lte=today.year)
    # Someone with no unit of their own (an administrator): the provinces' plans.
    plans = plans.filter(issuer__in=own) if own else plans.filter(issuer__province__isnull=True)
    deadlines = (
        ReportingDeadline.objects.filter(
            plan__in=plans.filter(period_end__gte=today.year),
            day__isnull=False,
        )
        .select_related("plan__issuer")
        .order_by("month", "day")
    )
    rows = []
    for deadline in deadlines:
        due = deadline.due_in(today.year)
        days_left = (due - today).days
        rows.append({"deadline": deadline, "due": due, "days_left": days_left, "days_overdue": -days_left})
    return rows
