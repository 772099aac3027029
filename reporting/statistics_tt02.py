"""The ministry's annual statistics, Thông tư 02/2023/TT-BNV: 0601.N (emulation movements
launched), 0602.N (state-level awards) and 0603.N (province-level awards), for a province or,
for itself, a commune. Sources: plans (a movement is an issued plan), and the decided dossiers
with their decision stage (the decision and the award register of issue 11 replace them when
they land). What the portal does not hold yet is printed as "—" and said in the notes.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.utils import timezone

from awards.models import DECIDED_STATES, AwardForm, Nomination
from campaigns.models import AdministrativeUnit, Level, Plan
from reporting.officialdoc import Cell, Heading, OfficialDocument, Paragraph, Table, render_official_pdf
from reporting.officialdoc.common import committee_lines, committee_signer

NOT_HELD = "—"


@dataclass
class StatForm:
    code: str
    title: str
    columns: list[str]
    rows: list[tuple[str, str, list]] = field(default_factory=list)  # label, mã số, values
    notes: list[str] = field(default_factory=list)


def _area(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    return [unit, *unit.communes.all()] if unit.is_province else [unit]


def _movements(units, year: int) -> StatForm:
    plans = list(
        Plan.objects.filter(issuer__in=units, status=Plan.Status.ISSUED, issued_on__year=year).select_related("issuer")
    )
    form = StatForm(
        "0601.N",
        f"SỐ PHONG TRÀO THI ĐUA ĐƯỢC PHÁT ĐỘNG NĂM {year}",
        ["Tổng số", "Thường xuyên", "Chuyên đề", "Dưới 1 năm", "Từ 1 năm đến dưới 5 năm", "Từ 5 năm trở lên"],
        notes=[
            "Cột Thường xuyên / Chuyên đề: cổng chưa lưu tính chất của phong trào (ghi “—”).",
            "Mỗi kế hoạch đã ban hành trong năm được tính là một phong trào được phát động; "
            "thời gian tính theo số năm của kế hoạch.",
        ],
    )
    groups = [("Tổng số", "01", plans)]
    groups.append(("Cấp tỉnh (phạm vi toàn tỉnh)", "02", [p for p in plans if p.issuer.is_province]))
    groups.append(("Cấp xã (phạm vi trên địa bàn xã)", "03", [p for p in plans if not p.issuer.is_province]))
    for label, code, group in groups:
        years = [p.period_end - p.period_start + 1 for p in group]
        form.rows.append(
            (
                label,
                code,
                [len(group), NOT_HELD, NOT_HELD, 0, sum(1 for y in years if y < 5), sum(1 for y in years if y >= 5)],
            )
        )
    return form


def decided_awards(units, year: int, level: str) -> list[Nomination]:
    """Dossiers decided in `year` (by their decision date) with a form of `level`."""
    nominations = (
        Nomination.objects.filter(plan__issuer__in=units, status__in=DECIDED_STATES, award_form__level=level)
        .select_related("award_form")
        .with_stages()
    )
    return [n for n in nominations if n.decision and n.decision.decision_date and n.decision.decision_date.year == year]


def _by_form(form: StatForm, level: str, awards: list[Nomination], columns_of) -> None:
    forms = AwardForm.objects.filter(level=level).order_by("rank")
    total = [0] * len(form.columns)
    for i, award_form in enumerate(forms, 1):
        mine = [n for n in awards if n.award_form_id == award_form.pk]
        values = [len(mine), *columns_of(mine)]
        form.rows.append((award_form.name, f"{i + 1:02d}", values))
        total = [t + v if isinstance(v, int) else v for t, v in zip(total, values, strict=True)]
    form.rows.insert(0, ("Tổng số", "01", total))


def _kinds(mine: list[Nomination]) -> list:
    return [
        sum(1 for n in mine if n.nominee_kind == "collective"),
        sum(1 for n in mine if n.nominee_kind == "individual"),
    ]


def _state_awards(units, year: int) -> StatForm:
    form = StatForm(
        "0602.N",
        f"SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC NĂM {year}",
        ["Tổng số", "Tập thể", "Cá nhân", "Đã trình, chờ quyết định"],
        notes=[
            "Quyết định khen thưởng cấp Nhà nước (Chủ tịch nước, Thủ tướng Chính phủ) chưa được ghi vào cổng: "
            "số được khen là số hồ sơ có số quyết định trong năm; cột cuối là số hồ sơ đã trình Trung ương."
        ],
    )
    awards = decided_awards(units, year, Level.NATIONAL)
    pending = Nomination.objects.filter(
        plan__issuer__in=units, award_form__level=Level.NATIONAL, status="forwarded_to_national"
    )
    pending_by_form = dict.fromkeys(AwardForm.objects.filter(level=Level.NATIONAL).values_list("pk", flat=True), 0)
    for form_id in pending.values_list("award_form_id", flat=True):
        pending_by_form[form_id] += 1
    forms = list(AwardForm.objects.filter(level=Level.NATIONAL).order_by("rank"))
    waiting = iter([pending_by_form[f.pk] for f in forms])
    _by_form(form, Level.NATIONAL, awards, lambda mine: [*_kinds(mine), next(waiting)])
    return form


def _province_awards(unit: AdministrativeUnit, units, year: int) -> StatForm:
    form = StatForm(
        "0603.N",
        f"SỐ LƯỢNG KHEN THƯỞNG CẤP TỈNH NĂM {year}",
        [
            "Tổng số",
            "Tập thể",
            "Cá nhân",
            "Hộ gia đình",
            "Theo phong trào thi đua",
            "Theo công trạng",
            "Đột xuất",
            "Quá trình cống hiến",
            "Niên hạn",
            "Đối ngoại",
        ],
        notes=[
            "Hộ gia đình, khen theo công trạng, đột xuất, quá trình cống hiến, niên hạn, đối ngoại: "
            "cổng chưa lưu các loại này (ghi “—”); mọi hồ sơ của cổng là khen thưởng theo phong trào thi đua.",
            "Sổ vàng (sổ theo dõi khen thưởng) chưa có trong cổng: số liệu lấy từ hồ sơ đã quyết định.",
        ],
    )
    awards = decided_awards(units, year, Level.PROVINCE)
    _by_form(form, Level.PROVINCE, awards, lambda mine: [*_kinds(mine), NOT_HELD, len(mine), *[NOT_HELD] * 5])
    if not unit.is_province:
        own = decided_awards(units, year, Level.COMMUNE)
        start = len(form.rows)
        for i, award_form in enumerate(AwardForm.objects.filter(level=Level.COMMUNE).order_by("rank"), start + 1):
            mine = [n for n in own if n.award_form_id == award_form.pk]
            values = [len(mine), *_kinds(mine), NOT_HELD, len(mine), *[NOT_HELD] * 5]
            form.rows.append((f"{award_form.name} (cấp xã, bổ sung)", f"{i:02d}", values))
    return form


def ministry_statistics(unit: AdministrativeUnit, year: int) -> list[StatForm]:
    units = _area(unit)
    return [_movements(units, year), _state_awards(units, year), _province_awards(unit, units, year)]


# --- Excel in the forms' layout, and PDF ---------------------------------------------------------

HEADER_ROW = 7  # the column headings; the data start on the row below


def render_statistics_xlsx(unit: AdministrativeUnit, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for form in ministry_statistics(unit, year):
        sheet = book.create_sheet(form.code)
        sheet["A1"] = f"Biểu số {form.code}"
        sheet["A2"] = "Ban hành kèm theo Thông tư số 02/2023/TT-BNV"
        sheet["A3"] = "Ngày nhận báo cáo: 15/12"
        sheet["D1"] = form.title
        sheet["D2"] = f"Đơn vị báo cáo: {unit.committee_name}"
        sheet["D3"] = (
            "Đơn vị nhận báo cáo: Bộ Nội vụ"
            if unit.is_province
            else f"Đơn vị nhận báo cáo: {unit.province.committee_name}"
        )
        for cell in ("A1", "D1"):
            sheet[cell].font = Font(bold=True)
        headings = ["Chỉ tiêu", "Mã số", *form.columns]
        for col, text in enumerate(headings, 1):
            cell = sheet.cell(HEADER_ROW, col, text)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
            sheet.cell(HEADER_ROW + 1, col, "A" if col == 1 else "B" if col == 2 else col - 2)
        for r, (label, code, values) in enumerate(form.rows, HEADER_ROW + 2):
            for col, value in enumerate([label, code, *values], 1):
                sheet.cell(r, col, value)
        for i, note in enumerate(form.notes, HEADER_ROW + 3 + len(form.rows)):
            sheet.cell(i, 1, f"Ghi chú: {note}")
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_statistics(unit: AdministrativeUnit, year: int, date: datetime.date | None = None) -> OfficialDocument:
    body: list = []
    for form in ministry_statistics(unit, year):
        body.append(Heading(f"Biểu số {form.code}: {form.title}"))
        header = [[Cell("Chỉ tiêu"), Cell("Mã số"), *(Cell(c) for c in form.columns)]]
        rows = [
            [Cell(label), Cell(code, align="center"), *(Cell(str(v), align="center") for v in values)]
            for label, code, values in form.rows
        ]
        body.append(Table(header=header, rows=rows, widths=[30, 6, *([8] * len(form.columns))]))
        body += [Paragraph(f"Ghi chú: {note}", italic=True, indent=False) for note in form.notes]
    return OfficialDocument(
        issuer=committee_lines(unit),
        symbol="BC-UBND",
        place=unit.name,
        date=date or timezone.localdate(),
        type_name="BÁO CÁO",
        summary=f"Thống kê thi đua, khen thưởng năm {year} (Thông tư số 02/2023/TT-BNV)",
        body=body,
        signer=committee_signer(unit),
        recipients=["Bộ Nội vụ" if unit.is_province else f"Sở Nội vụ {unit.province.full_name}"],
        archive="VT, SNV" if unit.is_province else "VT, VHXH",
        landscape=True,
    )


def render_statistics_pdf(unit: AdministrativeUnit, year: int) -> bytes:
    return render_official_pdf(build_statistics(unit, year))
