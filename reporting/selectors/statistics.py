"""The province's statistics: dossiers and decisions, reporting timeliness by year, and
their Excel export."""

import datetime
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import AwardForm, Nomination, Occasion
from campaigns.models import AdministrativeUnit, Plan
from criteria.models import SubjectType
from reporting.models import CommuneReport
from reporting.selectors.board import board_counts, report_status
from reporting.selectors.counts import unit_counts
from reporting.selectors.province import locality_due, nomination_status_labels

NominationStatus = Nomination.Status

# --- statistics --------------------------------------------------------------------------------


def decision_statuses(values: Iterable[str] = ()) -> set[str]:
    """States that mean an award was decided, at any level ("decided", and the province's
    "decided_by_province" once it exists)."""
    return {v for v in [*NominationStatus.values, *values] if v.startswith("decided")}


@dataclass
class Table:
    key: str
    title: str
    head: list[str]
    rows: list[list]
    chart_series: list[tuple[str, int, str]]  # (dataset label, column index, colour) drawn as bars
    stacked: bool = False
    total: list | None = None  # a row for the whole province, when `rows` are one page of it

    def chart(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "labels": [str(row[0]) for row in self.rows],
            "stacked": self.stacked,
            "datasets": [
                {"label": label, "data": [row[index] for row in self.rows], "color": colour}
                for label, index, colour in self.chart_series
            ],
        }


# Chart colours say what the numbers mean: received on time is good news (green), late a
# warning (amber), missing neutral grey; dossiers blue, decisions green. Never red for "on time".
class Colour:
    GOOD = "#198754"
    LATE = "#ffc107"
    MISSING = "#6c757d"
    COUNT = "#0d6efd"


# The row of individuals in the table by subject: a person is not counted under their unit's type.
INDIVIDUALS = -1


def province_nominations(province: AdministrativeUnit, year: int | None = None) -> QuerySet[Nomination]:
    """Dossiers of the province's communes that left the unit (drafts are the unit's own work);
    with a year, those made in that year."""
    nominations = Nomination.objects.filter(plan__issuer__province=province).exclude(status=NominationStatus.DRAFT)
    if year is not None:
        nominations = nominations.filter(created_at__year=year)
    return nominations.annotate(
        subject=Case(
            When(nominee_kind=Nomination.NomineeKind.INDIVIDUAL, then=Value(INDIVIDUALS)),
            default=F("unit__subject_type_id"),
            output_field=IntegerField(),
        )
    )


def _dossier_table(
    key: str, title: str, first_column: str, nominations, group: str, rows: list[tuple], *, total: Counter | None = None
) -> Table:
    """One row per (value, label) in `rows`: dossiers, decisions, then one column per state.
    `total`: the counts per state of every dossier, when `rows` are a page of the values (its
    states make the columns, the same on every page, and its row closes the table)."""
    counts: dict = defaultdict(Counter)
    for item in nominations.order_by().values(group, "status").annotate(n=Count("pk")):
        counts[item[group]][item["status"]] += item["n"]
    present = set(total) if total is not None else {status for counter in counts.values() for status in counter}
    # Only the states some dossier is in: the ladder of states grows as the workflow does.
    statuses = [(v, label) for v, label in nomination_status_labels(present) if v in present]
    decided = decision_statuses(present)
    head = [first_column, str(_("Số hồ sơ")), str(_("Có quyết định khen thưởng (mọi cấp)"))] + [
        label for _v, label in statuses
    ]

    def row(label, counter: Counter) -> list:
        decisions = sum(counter[s] for s in decided)
        return [str(label), sum(counter.values()), decisions] + [counter[v] for v, _l in statuses]

    series = [
        (str(_("Số hồ sơ")), 1, Colour.COUNT),
        (str(_("Có quyết định khen thưởng (mọi cấp)")), 2, Colour.GOOD),
    ]
    body = [row(label, counts.get(value, Counter())) for value, label in rows]
    table = Table(key=key, title=title, head=head, rows=body, chart_series=series)
    if total is not None:
        table.total = row(_("Toàn tỉnh"), total)
    return table


def province_communes(province: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The province's communes and wards in the order of the table by commune."""
    return AdministrativeUnit.objects.filter(province=province).order_by("name", "pk").only("pk", "name", "kind")


def _commune_table(province: AdministrativeUnit, nominations, communes: list[tuple] | None) -> Table:
    """Dossiers by commune: every commune, or one page of them (`communes`) closed by the
    province's total; counted in SQL for the page's communes only."""
    title, column = str(_("Hồ sơ và quyết định theo xã, phường")), str(_("Xã, phường"))
    if communes is None:
        rows = [(commune.pk, commune.full_name) for commune in province_communes(province)]
        return _dossier_table("by_commune", title, column, nominations, "plan__issuer_id", rows)
    total = Counter({r["status"]: r["n"] for r in nominations.order_by().values("status").annotate(n=Count("pk"))})
    page = nominations.filter(plan__issuer_id__in=[pk for pk, _label in communes])
    return _dossier_table("by_commune", title, column, page, "plan__issuer_id", communes, total=total)


TIMELINESS_HEAD = [
    _("Năm"),
    _("Phải nộp"),
    _("Đúng hạn"),
    _("Muộn"),
    _("Đã nộp (không đặt hạn)"),
    _("Đã trả lại"),
    _("Chưa nộp"),
]


def _timeliness_row(year: int, counts: dict) -> list:
    no_deadline = counts["submitted"] - counts["on_time"] - counts["late"]
    return [
        year,
        counts["total"],
        counts["on_time"],
        counts["late"],
        no_deadline,
        counts["returned"],
        counts["missing"],
    ]


def _timeliness_table(key: str, title: str, rows: list[list]) -> Table:
    """Reports per year, drawn as stacked bars of on time, late and missing."""
    series = [
        (str(_("Đúng hạn")), 2, Colour.GOOD),
        (str(_("Muộn")), 3, Colour.LATE),
        (str(_("Chưa nộp")), 6, Colour.MISSING),
    ]
    head = [str(h) for h in TIMELINESS_HEAD]
    return Table(key=key, title=title, head=head, rows=rows, chart_series=series, stacked=True)


def _years(plan: Plan, today: datetime.date, year: int | None) -> Iterable[int]:
    """The plan's years with reports due so far; only `year` when one is asked for."""
    years = range(plan.first_report_year, min(plan.period_end, today.year) + 1)
    if year is None:
        return years
    return [year] if year in years else []


def commune_timeliness(province: AdministrativeUnit, today: datetime.date, year: int | None = None) -> Table:
    """Per year: the communes' reports to the province against the issued province plans."""
    plans = list(Plan.objects.filter(issuer=province, status=Plan.Status.ISSUED).prefetch_related("deadlines"))
    communes = list(AdministrativeUnit.objects.filter(province=province).values_list("pk", flat=True))
    reports = {
        (r.plan_id, r.year, r.commune_id): r
        for r in CommuneReport.objects.filter(plan__in=plans).only(
            "plan_id", "year", "commune_id", "status", "submitted_at", "first_submitted_at"
        )
    }
    statuses: dict[int, list[str]] = defaultdict(list)
    for plan in plans:
        for each in _years(plan, today, year):
            due = locality_due(plan, each)
            statuses[each] += [report_status(reports.get((plan.pk, each, c)), due, today)[0] for c in communes]
    rows = [_timeliness_row(each, board_counts(statuses[each])) for each in sorted(statuses)]
    return _timeliness_table("commune_timeliness", str(_("Báo cáo của các xã, phường gửi tỉnh theo năm")), rows)


def unit_timeliness(province: AdministrativeUnit, today: datetime.date, year: int | None = None) -> Table:
    """Per year: every participating unit's report, under its commune's issued plans and under
    the province's own issued plans (the departments)."""
    plans = list(
        Plan.objects.filter(Q(issuer=province) | Q(issuer__province=province), status=Plan.Status.ISSUED)
        .prefetch_related("deadlines")
        .select_related("issuer")
    )
    pairs = [(p, y) for p in plans for y in _years(p, today, year)]
    counts = unit_counts(pairs, today)
    by_year: dict[int, Counter] = defaultdict(Counter)
    for (_plan_id, each), plan_counts in counts.items():
        by_year[each].update(plan_counts)
    keys = ("total", "on_time", "late", "submitted", "returned", "missing", "draft")
    rows = [_timeliness_row(each, {k: by_year[each][k] for k in keys}) for each in sorted(by_year)]
    return _timeliness_table("unit_timeliness", str(_("Báo cáo của các đơn vị theo năm")), rows)


def province_statistics(
    province: AdministrativeUnit,
    today: datetime.date | None = None,
    year: int | None = None,
    communes: list[tuple[int, str]] | None = None,
) -> list[Table]:
    """Every table of the statistics page (and of its Excel export), in page order; with a
    year, the dossiers made and the reports due in that year. `communes`: the (id, name) of
    the page of communes the table by commune shows (none: every commune)."""
    today = today or timezone.localdate()
    nominations = province_nominations(province, year)
    forms = [(f.pk, f.name) for f in AwardForm.objects.order_by("rank", "pk")]
    types = [(t.pk, t.name) for t in SubjectType.objects.order_by("position", "name")]
    types.append((INDIVIDUALS, str(_("Cá nhân"))))
    return [
        _dossier_table(
            "by_award_form",
            str(_("Hồ sơ và quyết định theo hình thức khen thưởng")),
            str(_("Hình thức khen thưởng")),
            nominations,
            "award_form_id",
            forms,
        ),
        _dossier_table(
            "by_occasion",
            str(_("Hồ sơ và quyết định theo loại khen thưởng")),
            str(_("Loại khen thưởng")),
            nominations,
            "occasion",
            list(Occasion.choices),
        ),
        _dossier_table(
            "by_subject_type",
            str(_("Hồ sơ và quyết định theo đối tượng")),
            str(_("Đối tượng")),
            nominations,
            "subject",
            types,
        ),
        _commune_table(province, nominations, communes),
        commune_timeliness(province, today, year),
        unit_timeliness(province, today, year),
    ]


SHEET_NAMES = {
    "by_award_form": "Theo hình thức",
    "by_occasion": "Theo loại khen thưởng",
    "by_subject_type": "Theo đối tượng",
    "by_commune": "Theo xã, phường",
    "commune_timeliness": "Báo cáo xã theo năm",
    "unit_timeliness": "Báo cáo đơn vị theo năm",
}


def statistics_workbook(province: AdministrativeUnit, tables: list[Table], today: datetime.date) -> bytes:
    """The statistics as .xlsx: one sheet per table, a title row, the header, the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(SHEET_NAMES.get(table.key, table.key)[:31])
        sheet.append([f"{table.title} – {province.full_name} (ngày {today:%d/%m/%Y})"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.head)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 48
        for index in range(2, len(table.head) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 16
        sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
