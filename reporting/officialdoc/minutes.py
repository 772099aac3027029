"""Biên bản họp Hội đồng Thi đua - Khen thưởng: the council's ballot on the dossiers of one
occasion of a plan, from their commune NominationStage rows (`build_council_minutes`), and the
minutes of one recorded meeting with every ballot line's result (`build_meeting_minutes`)."""

from awards.models import CouncilMeeting, Occasion
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


# --- One meeting of the council (awards.models.CouncilMeeting), with each line's result ----------


def meeting_queryset():
    return CouncilMeeting.objects.select_related("admin_unit__province").with_ballots()


def _members(meeting: CouncilMeeting) -> str:
    text = (
        f"{meeting.members_present}/{meeting.total_members} thành viên Hội đồng dự họp; "
        f"{meeting.written_votes} thành viên vắng mặt gửi phiếu bằng văn bản"
    )
    if meeting.written_voter_names:
        text += f" ({', '.join(meeting.written_voter_names)})"
    return f"{text}; tổng số thành viên tham gia bỏ phiếu: {meeting.voters}."


def build_meeting_minutes(meeting: CouncilMeeting, issue: Issue | None = None) -> OfficialDocument:
    """Biên bản họp Hội đồng Thi đua - Khen thưởng: who met, how they voted, and for each
    dossier the ballot and whether it reached the threshold (with the rule and its source)."""
    issue = issue or Issue()
    unit = meeting.admin_unit
    lines = list(meeting.ballots.all())
    rows = [
        [Cell(str(i), align="center"), Cell(line.nominee_name), Cell(line.award_form.name)]
        + [Cell(str(v), align="center") for v in (line.votes_for, line.votes_against, line.votes_invalid)]
        + [Cell(f"{line.get_outcome_display()}: {line.explanation}")]
        for i, line in enumerate(lines, 1)
    ]
    approved = sum(1 for line in lines if line.approved)
    sources = sorted({line.threshold.source for line in lines if line.threshold_id})
    how = "bỏ phiếu kín" if meeting.secret_ballot else "biểu quyết (không bỏ phiếu kín)"
    body = [
        Paragraph(
            f"Thời gian: ngày {meeting.held_on:%d/%m/%Y}" + (f", tại {meeting.place}." if meeting.place else ".")
        ),
        Paragraph(f"Chủ trì: {meeting.chair_name or '…'}; thư ký: {meeting.secretary_name or '…'}."),
        Paragraph(f"Thành phần: {_members(meeting)}"),
        Paragraph(f"Hình thức biểu quyết: {how}."),
        Heading("KẾT QUẢ BỎ PHIẾU"),
        Table(
            header=[
                [
                    Cell(t)
                    for t in ("TT", "Tập thể / cá nhân", "Hình thức đề nghị", "Đồng ý", "Không đồng ý", "Không hợp lệ")
                ]
                + [Cell("Kết quả")]
            ],
            rows=rows,
            widths=[5, 20, 20, 8, 9, 9, 29],
            empty="Chưa có hồ sơ nào được Hội đồng bỏ phiếu.",
        ),
        Paragraph(
            f"Kết luận: {approved}/{len(lines)} trường hợp đạt tỷ lệ phiếu đồng ý theo quy định; Hội đồng đề nghị "
            f"Chủ tịch {unit.committee_name} xem xét, khen thưởng hoặc trình cấp trên khen thưởng các trường hợp đạt."
        ),
    ]
    if sources:
        body.append(Paragraph(f"Căn cứ ngưỡng biểu quyết: {'; '.join(sources)}.", italic=True))
    if meeting.notes:
        body.append(Paragraph(f"Ghi chú: {meeting.notes}"))
    if meeting.is_open:
        body.append(Paragraph("Dự thảo: kết quả chưa được chốt.", italic=True))
    body.append(Paragraph(f"Thư ký: {meeting.secretary_name or '…'}", indent=False))
    return OfficialDocument(
        parent=committee_lines(unit),
        issuer=["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"],
        number=issue.number or meeting.number,
        symbol="BB-HĐTĐKT",
        place=unit.name,
        date=issue.date or meeting.held_on,
        type_name="BIÊN BẢN",
        summary=f"Họp Hội đồng Thi đua - Khen thưởng {unit.full_name}",
        body=body,
        signer=issue.signer or Signer("TM. HỘI ĐỒNG", "", "CHỦ TỊCH", meeting.chair_name),
        recipients=[f"Chủ tịch {unit.committee_name}", "Thành viên Hội đồng"],
        archive="VT, VHXH" if unit.level == "commune" else "VT, SNV",
        landscape=True,
    )
