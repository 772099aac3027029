"""What reporting shows on the user's home page (templates/reporting/_home.html)."""

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.scope import scope_of
from config.cache import cached, province_of
from reporting.selectors.board import default_plan, unit_deadline, unit_report_rows
from reporting.selectors.counts import unit_counts
from reporting.selectors.province import default_province_plan, province_counts, province_plans_for


def home_summary(user: User, year: int) -> dict:
    """Officers and commune viewers: this year's deadline, days left and counts, with a link
    to the board. Reporters: their unit's report(s) for this year with status and a link.
    The province's staff: the communes' reports to the province."""
    scope = scope_of(user)
    if scope.is_reporter:
        return _reporter_summary(user, year)
    if scope.is_commune_staff:
        return _commune_summary(user, year)
    if scope.is_province_staff:
        return _province_summary(user, year)
    return {}


def _reporter_summary(user: User, year: int) -> dict:
    today = timezone.localdate()
    unit = user.participating_unit
    rows = [r for r in unit_report_rows(user, unit, today) if r["year"] == year]
    for row in rows:
        row["days_left"] = (row["due"] - today).days if row["due"] else None
    return {
        "kind": "reporter",
        "year": year,
        "unit": unit,
        "rows": rows,
        "list_url": reverse("reporting:unit_reports", args=[unit.pk]),
    }


def _commune_summary(user: User, year: int) -> dict:
    links = {"board_url": reverse("reporting:board"), "commune_reports_url": reverse("reporting:commune_reports")}
    plan = default_plan(user, year)
    if plan is None or not plan.period_start <= year <= plan.period_end:
        return {"kind": "officer", "year": year, "plan": None, **links}
    today = timezone.localdate()
    deadline = unit_deadline(plan)
    due = deadline.due_in(year) if deadline else None
    # Counted in SQL (the board is not built), and shared by the commune's staff until a write.
    counts = cached(province_of(plan.issuer), "unit-counts", (plan.pk, year), lambda: unit_counts([(plan, year)]))
    counts = counts[(plan.pk, year)]
    links["board_url"] += f"?plan={plan.pk}&year={year}"
    days_left = (due - today).days if due else None
    return {
        "kind": "officer",
        "plan": plan,
        "year": year,
        "due": due,
        "days_left": days_left,
        "counts": counts,
        **links,
    }


def _province_summary(user: User, year: int) -> dict:
    province = user.admin_unit
    plan = default_province_plan(province_plans_for(user), year)
    if plan is not None:
        prefetch_related_objects([plan], "deadlines")
    summary = cached(
        province.pk, "province-counts", (plan.pk if plan else 0, year), lambda: province_counts(province, plan, year)
    )
    return {
        "kind": "province",
        "year": year,
        "plan": plan,
        **summary,
        "dashboard_url": reverse("reporting:province_dashboard"),
    }
