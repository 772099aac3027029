"""The counts at the top of a board (board_counts' shape) computed in SQL: how many reports
of a (plan, year) are on time, late, returned, still a draft, missing. The home page, the
dashboard's per-commune column and the statistics count this way instead of building every
row; the board itself builds its rows (and counts them) because it shows them.

Timeliness is the board's rule (board.report_status): the first submission, in local time,
on or before the due date. In SQL that is "first submitted before the start of the next
day", so one query covers every plan sharing a due date.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from campaigns.models import ParticipatingUnit, Plan
from reporting.models import AnnualReport, Submission
from reporting.selectors.board import due_date

Status = Submission.Status


def _next_day(due: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time()))


def tallies(reports: QuerySet[Submission], due: datetime.date | None) -> tuple[QuerySet, dict]:
    """The reports ready to aggregate, and the aggregates `counts` reads (group the queryset
    with values() first for one row per group)."""
    received = Q(status=Status.SUBMITTED)
    aggregates = {
        "reports": Count("pk"),
        "draft": Count("pk", filter=Q(status=Status.DRAFT)),
        "returned": Count("pk", filter=Q(status=Status.RETURNED)),
        "received": Count("pk", filter=received),
    }
    if due is not None:
        aggregates["on_time"] = Count("pk", filter=received & Q(first_at__lt=_next_day(due)))
    return reports.order_by().annotate(first_at=Coalesce("first_submitted_at", "submitted_at")), aggregates


def counts(total: int, row: dict, dated: bool) -> dict[str, int]:
    """board_counts() from a row of tallies and the number of units (or communes) expected."""
    received, on_time = row.get("received", 0), row.get("on_time", 0)
    draft = row.get("draft", 0)
    missing = total - row.get("reports", 0) + draft
    return {
        "total": total,
        "on_time": on_time if dated else 0,
        "late": received - on_time if dated else 0,
        "submitted": received,
        "returned": row.get("returned", 0),
        "missing": missing,
        "draft": draft,
    }


def report_counts(reports: QuerySet[Submission], total: int, due: datetime.date | None) -> dict[str, int]:
    """The counts of one (plan, year): `reports` are its reports, `total` who must report."""
    reports, aggregates = tallies(reports, due)
    row = reports.aggregate(**aggregates)
    return counts(total, row, due is not None)


def unit_counts(plan_years: Iterable[tuple[Plan, int]], today: datetime.date | None = None) -> dict[tuple, dict]:
    """report_board's counts for many (plan, year) pairs: the active units of each plan's
    issuer against that year's deadline. One query for the units, one per distinct (year,
    due date) for the reports: a fixed number, however many communes. Plans need their
    deadlines prefetched."""
    pairs = list(plan_years)
    if not pairs:
        return {}
    totals = dict(
        ParticipatingUnit.objects.filter(admin_unit__in={plan.issuer_id for plan, _y in pairs}, is_active=True)
        .order_by()
        .values("admin_unit_id")
        .annotate(n=Count("pk"))
        .values_list("admin_unit_id", "n")
    )
    groups: dict[tuple[int, datetime.date | None], list[Plan]] = defaultdict(list)
    for plan, year in pairs:
        groups[(year, due_date(plan, year))].append(plan)
    rows: dict[tuple[int, int], dict] = {}
    for (year, due), plans in groups.items():
        reports = AnnualReport.objects.filter(plan__in=[p.pk for p in plans], year=year, unit__is_active=True)
        reports, aggregates = tallies(reports, due)
        for row in reports.values("plan_id").annotate(**aggregates):
            rows[(row["plan_id"], year)] = row
    result = {}
    for plan, year in pairs:
        dated = due_date(plan, year) is not None
        result[(plan.pk, year)] = counts(totals.get(plan.issuer_id, 0), rows.get((plan.pk, year), {}), dated)
    return result
