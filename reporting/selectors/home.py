"""What reporting shows on the user's home page (templates/reporting/_home.html)."""

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.scope import scope_of
from reporting.selectors.board import default_plan, report_board, unit_report_rows
from reporting.selectors.province import default_province_plan, province_overview, province_plans_for


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
    board = report_board(plan=plan, year=year, user=user, today=timezone.localdate())
    links["board_url"] += f"?plan={plan.pk}&year={year}"
    return {"kind": "officer", **board, "rows": None, **links}


def _province_summary(user: User, year: int) -> dict:
    plan = default_province_plan(province_plans_for(user), year)
    overview = province_overview(province=user.admin_unit, plan=plan, year=year, user=user)
    return {
        "kind": "province",
        "year": overview.year,
        "plan": plan,
        "due": overview.due,
        "counts": overview.counts,
        "plan_counts": overview.plan_counts,
        "dashboard_url": reverse("reporting:province_dashboard"),
    }
