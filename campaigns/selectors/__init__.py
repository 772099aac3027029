"""Reads shared by views and commands, scoped to what the user may see."""

from campaigns.selectors.plans import (
    admin_units_visible_to,
    get_plan_for_user,
    plan_children_visible_to,
    plan_document_html,
    plan_document_queryset,
    plan_page_queryset,
    plans_visible_to,
    upcoming_deadlines,
)

__all__ = [
    "admin_units_visible_to",
    "get_plan_for_user",
    "plan_children_visible_to",
    "plan_document_html",
    "plan_document_queryset",
    "plan_page_queryset",
    "plans_visible_to",
    "upcoming_deadlines",
]
