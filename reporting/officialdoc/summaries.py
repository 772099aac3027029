"""The commune's annual summary, the province's consolidated summary and the list of
nominations, built from the same data the pages show."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone

from awards import workflow
from awards.models import AwardForm, Nomination, Occasion
from campaigns.models import AdministrativeUnit, Plan
from reporting.officialdoc.common import DEFAULT_ARCHIVE, cite_plan, committee_lines, committee_signer
from reporting.officialdoc.model import Cell, Heading, OfficialDocument, Paragraph, Signer, Table
from reporting.selectors.board import report_board
from reporting.selectors.counts import unit_counts
from reporting.selectors.reports import submitted_results

# Dossiers that have been through the commune council: the ones a decision lists.
LISTED_STATUSES = workflow.PAST_COMMUNE_COUNCIL_STATES


@dataclass(frozen=True)
class Issue:
    """What the officer may set before printing; blank fields come from the record."""

    number: str = ""
    signer: Signer | None = None
    date: datetime.date | None = None


def nominations_of(plan: Plan):
    return (
        Nomination.objects.filter(plan=plan)
        .select_related("award_form", "unit")
        .with_stages()
        .order_by("award_form__rank", "nominee_kind", "unit__name", "individual_name")
    )


def _about(plan: Plan) -> str:
    return plan.title[:1].lower() + plan.title[1:]


def _head(unit: AdministrativeUnit, issue: Issue, symbol: str) -> dict:
    return {
        "issuer": committee_lines(unit),
        "number": issue.number,
        "symbol": symbol,
        "place": unit.name,
        "date": issue.date or timezone.localdate(),
        "signer": issue.signer or committee_signer(unit),
        "archive": DEFAULT_ARCHIVE,
    }


def _cells(*values, align="left") -> list[Cell]:
    return [Cell(str(v), align="center" if i == 0 else align) for i, v in enumerate(values)]


def _header(*titles) -> list[list[Cell]]:
    return [[Cell(t) for t in titles]]


def _decision(n: Nomination) -> str:
    d = n.decision
    return f"{d.decision_number} ngày {d.decision_date:%d/%m/%Y}" if d and d.decision_number else "—"


def build_commune_summary(plan: Plan, year: int, issue: Issue = Issue()) -> OfficialDocument:
    board = report_board(plan=plan, year=year, user=None)
    results = submitted_results(plan=plan, year=year)
    counts = board["counts"]
    due = f"Hạn báo cáo: trước ngày {board['due']:%d/%m/%Y}. " if board["due"] else ""
    body: list = [
        Paragraph(f"{plan.issuer.committee_name} báo cáo kết quả thực hiện năm {year} như sau:"),
        Heading("I. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ"),
        Paragraph(
            f"{due}Tổng số đơn vị: {counts['total']}; đã nộp: {counts['submitted']} (đúng hạn {counts['on_time']}, "
            f"muộn {counts['late']}); trả lại để bổ sung: {counts['returned']}; chưa nộp: {counts['missing']}."
        ),
        Table(
            header=_header("TT", "Đơn vị", "Đối tượng", "Tình trạng", "Ngày nộp"),
            rows=[
                _cells(
                    i,
                    row.unit.name,
                    row.unit.subject_type.name,
                    f"{row.status_label} ({row.days_late} ngày)" if row.days_late else row.status_label,
                    f"{row.submitted_on:%d/%m/%Y}" if row.submitted_on else "—",
                )
                for i, row in enumerate(board["rows"], 1)
            ],
            widths=[6, 34, 24, 22, 14],
            empty="Chưa có đơn vị tham gia.",
        ),
        Heading("II. KẾT QUẢ THEO NỘI DUNG THI ĐUA"),
    ]
    for content in plan.contents.all():
        body.append(Heading(f"{content.number}. {content.text}", 2))
        lines = results.get(content.pk, [])
        body += [Paragraph(r.text, lead=f"- {r.report.unit.name}: ") for r in lines] or [
            Paragraph("Chưa có đơn vị báo cáo kết quả ở nội dung này.", italic=True)
        ]
    body += [
        Heading("III. HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG VÀ QUYẾT ĐỊNH"),
        Table(
            header=_header("TT", "Đề nghị cho", "Hình thức", "Loại", "Tình trạng", "Quyết định"),
            rows=[
                _cells(
                    i, n.nominee_name, n.award_form.name, n.get_occasion_display(), n.get_status_display(), _decision(n)
                )
                for i, n in enumerate(nominations_of(plan), 1)
            ],
            widths=[5, 21, 23, 13, 16, 22],
            empty="Chưa có hồ sơ đề nghị khen thưởng.",
        ),
    ]
    province = plan.issuer.province_unit
    return OfficialDocument(
        **_head(plan.issuer, issue, "BC-UBND"),
        type_name="BÁO CÁO",
        summary=f"Kết quả thực hiện Phong trào thi đua “{plan.campaign.name}” năm {year} "
        f"trên địa bàn {plan.issuer.full_name}",
        bases=[
            f"Căn cứ {cite_plan(plan)} về việc {_about(plan)}",
            f"Căn cứ báo cáo kết quả năm {year} của các cơ quan, đơn vị",
        ],
        body=body,
        recipients=[f"Sở Nội vụ {province.full_name}", "TT Đảng ủy, HĐND xã", "Lãnh đạo UBND xã"],
    )


def _plan_cell(plan: Plan) -> str:
    number = plan.number or "chưa có số"
    date = f" ({plan.issued_on:%d/%m/%Y})" if plan.issued_on else ""
    return f"{number}{date}" + ("" if plan.is_issued else " – dự thảo")


def build_province_summary(province: AdministrativeUnit, year: int, issue: Issue = Issue()) -> OfficialDocument:
    communes = list(province.communes.order_by("name"))
    plans = defaultdict(list)
    for plan in Plan.objects.filter(issuer__in=communes).order_by("-issued_on", "pk").prefetch_related("deadlines"):
        plans[plan.issuer_id].append(plan)
    reporting = {}  # the plan each commune's units report against this year
    for commune in communes:
        issued = [p for p in plans[commune.pk] if p.is_issued and p.period_start <= year <= p.period_end]
        if issued:
            reporting[commune.pk] = issued[0]
    unit_tallies = unit_counts([(plan, year) for plan in reporting.values()])  # in SQL, for every commune at once
    dossiers: dict[int, Counter] = defaultdict(Counter)
    nominations = Nomination.objects.filter(plan__issuer__in=communes, plan__period_start__lte=year)
    for issuer_id, form_id in nominations.values_list("plan__issuer_id", "award_form_id"):
        dossiers[issuer_id][form_id] += 1
    forms = list(AwardForm.objects.filter(pk__in={f for c in dossiers.values() for f in c}).order_by("rank"))
    rows = []
    for i, commune in enumerate(communes, 1):
        own = reporting.get(commune.pk)
        counts = unit_tallies[(own.pk, year)] if own else None
        by_form = [dossiers[commune.pk][form.pk] for form in forms]
        row = _cells(i, commune.full_name, "; ".join(_plan_cell(p) for p in plans[commune.pk]) or "Chưa có kế hoạch")
        if counts:
            row += [Cell(str(counts[k]), align="center") for k in ("on_time", "late", "missing", "total")]
        else:
            row.append(Cell("Chưa có kế hoạch ban hành", colspan=4))
        rows.append(row + [Cell(str(n), align="center") for n in [*by_form, sum(by_form)]])
    header = [
        [Cell("TT", rowspan=2), Cell("Xã, phường", rowspan=2), Cell("Kế hoạch", rowspan=2)]
        + [Cell("Báo cáo của các đơn vị", colspan=4), Cell("Hồ sơ đề nghị khen thưởng", colspan=len(forms) + 1)],
        [Cell(t) for t in ("Đúng hạn", "Muộn", "Chưa nộp", "Tổng", *(f.name for f in forms), "Tổng")],
    ]
    province_plans = Plan.objects.filter(issuer=province).order_by("-issued_on", "pk")
    body: list = []
    if province_plans:
        cited = "; ".join(cite_plan(p) for p in province_plans)
        body.append(Paragraph(f"Thực hiện {cited}, tình hình thực hiện của các xã, phường năm {year} như sau:"))
    body.append(
        Table(
            header=header,
            rows=rows,
            widths=[4, 14, 20, 7, 7, 7, 7, *([8] * len(forms)), 7],
            empty="Tỉnh chưa có xã, phường nào trong hệ thống.",
        )
    )
    return OfficialDocument(
        **{**_head(province, issue, "BC-UBND"), "archive": "VT, SNV"},
        type_name="BÁO CÁO",
        summary=f"Tình hình thực hiện phong trào thi đua năm {year} của các xã, phường thuộc {province.full_name}",
        body=body,
        recipients=["Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)", "Thường trực Tỉnh ủy", "Lãnh đạo UBND tỉnh"],
        landscape=True,
    )


def build_nomination_list(plan: Plan, occasion: str, issue: Issue = Issue()) -> OfficialDocument:
    """Danh sách đề nghị khen thưởng: the dossiers of one occasion that passed the council."""
    rows = []
    for i, n in enumerate(nominations_of(plan).filter(occasion=occasion, status__in=LISTED_STATUSES), 1):
        council = n.commune_stage
        votes = (
            f"{council.council_votes_for}/{council.council_members_present} đồng ý"
            if council and council.council_members_present
            else ""
        )
        where = n.individual_position if n.nominee_kind == "individual" else n.unit.name
        state = n.get_status_display() + (f": QĐ {n.decision.decision_number}" if n.decision else "")
        achievements = n.achievements if len(n.achievements) <= 300 else n.achievements[:299] + "…"
        rows.append(_cells(i, n.nominee_name, where, n.award_form.name, achievements, votes, state))
    label = Occasion(occasion).label
    return OfficialDocument(
        **_head(plan.issuer, issue, "DS-UBND"),
        type_name="DANH SÁCH",
        summary=f"Đề nghị khen thưởng – {label} – Phong trào thi đua “{plan.campaign.name}”",
        bases=[f"Căn cứ {cite_plan(plan)} về việc {_about(plan)}"],
        body=[
            Table(
                header=_header(
                    "TT",
                    "Tập thể / cá nhân",
                    "Chức vụ, đơn vị",
                    "Hình thức đề nghị",
                    "Tóm tắt thành tích",
                    "Hội đồng TĐ-KT",
                    "Tình trạng",
                ),
                rows=rows,
                widths=[4, 15, 15, 15, 30, 9, 12],
                empty="Chưa có hồ sơ nào qua Hội đồng Thi đua - Khen thưởng.",
            )
        ],
        recipients=["Hội đồng Thi đua - Khen thưởng xã", "Lãnh đạo UBND xã"],
        landscape=True,
    )
