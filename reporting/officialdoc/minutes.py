"""Biên bản họp Hội đồng Thi đua - Khen thưởng: the council's ballot on the dossiers of one
occasion of a plan, from their commune NominationStage rows."""

from awards.models import Occasion
from campaigns.models import Plan
from reporting.officialdoc.common import committee_lines, committee_signer
from reporting.officialdoc.model import Cell, Heading, OfficialDocument, Paragraph, Signer, Table
from reporting.officialdoc.summaries import LISTED_STATUSES, Issue, nominations_of


def build_council_minutes(plan: Plan, occasion: str, issue: Issue | None = None) -> OfficialDocument:
    issue = issue or Issue()
    nominations = [
        n
        for n in nominations_of(plan).filter(occasion=occasion, status__in=LISTED_STATUSES)
        if n.commune_stage and n.commune_stage.council_members_present
    ]
    stages = [n.commune_stage for n in nominations]
    met = max((s.council_meeting_date for s in stages if s.council_meeting_date), default=None)
    present = max((s.council_members_present for s in stages), default=0)
    rows = []
    for i, (n, s) in enumerate(zip(nominations, stages, strict=True), 1):
        against = s.council_votes_against or 0
        percent = f"{s.council_approval_percent:.0f}%" if s.council_approval_percent is not None else ""
        rows.append(
            [Cell(str(i), align="center"), Cell(n.nominee_name), Cell(n.award_form.name)]
            + [Cell(str(v), align="center") for v in (s.council_votes_for, against, percent)]
        )
    commune = plan.issuer
    chair = committee_signer(commune)
    when = f"ngày {met:%d/%m/%Y}" if met else "ngày      tháng      năm"
    body = [
        Paragraph(f"Thời gian: {when}, tại trụ sở {commune.committee_name}."),
        Paragraph(f"Thành phần: {present} thành viên Hội đồng Thi đua - Khen thưởng {commune.full_name} dự họp."),
        Paragraph(
            f"Nội dung: xét đề nghị khen thưởng ({Occasion(occasion).label.lower()}) "
            f"Phong trào thi đua “{plan.campaign.name}”."
        ),
        Heading("KẾT QUẢ BỎ PHIẾU KÍN"),
        Table(
            header=[
                [Cell(t) for t in ("TT", "Tập thể / cá nhân", "Hình thức đề nghị", "Đồng ý", "Không đồng ý", "Tỷ lệ")]
            ],
            rows=rows,
            widths=[6, 30, 30, 10, 12, 12],
            empty="Chưa có hồ sơ nào được Hội đồng bỏ phiếu.",
        ),
        Paragraph(
            f"Hội đồng thống nhất đề nghị Chủ tịch {commune.committee_name} xem xét, khen thưởng "
            "các tập thể, cá nhân có tỷ lệ phiếu đồng ý đạt quy định."
        ),
    ]
    return OfficialDocument(
        parent=committee_lines(commune),
        issuer=["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"],
        number=issue.number,
        symbol="BB-HĐTĐKT",
        place=commune.name,
        date=issue.date or met,
        year_hint=met.year if met else plan.period_start,
        type_name="BIÊN BẢN",
        summary=f"Họp Hội đồng Thi đua - Khen thưởng {commune.full_name}",
        body=body,
        signer=issue.signer or Signer("TM. HỘI ĐỒNG", "", "CHỦ TỊCH", chair.name),
        recipients=["Chủ tịch UBND xã", "Thành viên Hội đồng"],
        archive="VT, VHXH",
    )
