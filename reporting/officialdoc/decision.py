"""The decision on commendation (Quyết định khen thưởng) with its annex list, and the tờ trình
(Mẫu 01, Nghị định 152/2025/NĐ-CP) that sends a batch of dossiers to the province."""

from django.utils import timezone
from django.utils.text import Truncator

from awards.documents import CERTIFICATE_WORDS, register_label, vnd
from awards.models import Awardee, Decision, Nomination, Proposal
from awards.services.evaluation import override_notes
from reporting.officialdoc.common import committee_lines, split_archive
from reporting.officialdoc.model import Cell, OfficialDocument, Paragraph, Signer, Table, format_date

KIND_WORDS = {
    Awardee.Kind.COLLECTIVE: "tập thể",
    Awardee.Kind.INDIVIDUAL: "cá nhân",
    Awardee.Kind.HOUSEHOLD: "hộ gia đình",
}


def decision_queryset():
    return Decision.objects.with_lines().select_related("admin_unit__province")


def _article_one(lines) -> str:
    """One clause per form, with how many collectives, individuals, households; a form of
    commendation is given (Tặng), an emulation title is recognised (Công nhận danh hiệu)."""
    groups: dict[int, tuple] = {}
    for line in lines:
        form, counts = groups.setdefault(line.award_form_id, (line.award_form, {}))
        counts[line.awardee.kind] = counts.get(line.awardee.kind, 0) + 1
    clauses = []
    for form, counts in groups.values():
        verb = "Tặng" if form.code in CERTIFICATE_WORDS else "Công nhận danh hiệu"
        who = ", ".join(f"{n:02d} {KIND_WORDS[kind]}" for kind, n in counts.items())
        clauses.append(f"{verb} {form.name} cho {who}")
    return f"{'; '.join(clauses)} (có danh sách kèm theo), đã có thành tích trong phong trào thi đua."


def _annex(decision: Decision, lines, total: int) -> list:
    unit = decision.admin_unit
    number = decision.number or "……"
    rows = [
        [
            Cell(str(line.number), align="center"),
            Cell(line.awardee.certificate_name),
            Cell(line.awardee.description),
            Cell(line.award_form.name),
            Cell(line.achievement),
            Cell(vnd(line.amount), align="right"),
            Cell(register_label(line), align="center"),
        ]
        for line in lines
    ]
    rows.append(
        [Cell(""), Cell(f"Tổng cộng: {len(lines)}", colspan=4, bold=True), Cell(vnd(total), align="right", bold=True)]
        + [Cell("")]
    )
    heads = ("STT", "Tập thể, cá nhân, hộ gia đình", "Chức vụ, đơn vị / địa chỉ", "Hình thức", "Thành tích")
    notes = override_notes(decision)
    return [
        Paragraph("DANH SÁCH KHEN THƯỞNG", indent=False, bold=True, align="center"),
        Paragraph(
            f"(Kèm theo Quyết định số {number} {format_date(decision.decided_on)} "
            f"của Chủ tịch Ủy ban nhân dân {unit.full_name})",
            indent=False,
            italic=True,
            align="center",
        ),
        Table(
            header=[[Cell(t) for t in (*heads, "Tiền thưởng (đồng)", "Số sổ vàng")]],
            rows=rows,
            widths=[6, 19, 17, 15, 18, 13, 12],
        ),
        *([Paragraph("Ghi chú:", indent=False, bold=True)] if notes else []),
        *[Paragraph(note, indent=False, italic=True) for note in notes],
    ]


def build_decision(decision: Decision) -> OfficialDocument:
    """Expects a decision from decision_queryset(): Điều 1–3, Nơi nhận, the signer, the annex."""
    unit = decision.admin_unit
    lines = list(decision.lines.all())
    total = sum(line.amount for line in lines)
    bases = list(decision.legal_basis_lines)
    if decision.proposal_by:
        proposal = f"Theo đề nghị của {decision.proposal_by}"
        if decision.proposal_number:
            proposal += f" tại Tờ trình số {decision.proposal_number}"
            if decision.proposal_date:
                proposal += f" {format_date(decision.proposal_date)}"
        bases.append(proposal)
    executors = decision.executors or "Văn phòng và các tập thể, cá nhân, hộ gia đình có tên tại Điều 1"
    recipients, archive = split_archive(decision.recipient_lines, default="VT")
    return OfficialDocument(
        issuer=committee_lines(unit),
        number=decision.number,
        symbol="QĐ-UBND",
        place=decision.place or unit.name,
        date=decision.decided_on,
        year_hint=decision.decided_on.year if decision.decided_on else None,
        type_name="QUYẾT ĐỊNH",
        summary=decision.title,
        preamble=[
            Paragraph(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {unit.full_name.upper()}", indent=False, bold=True, align="center")
        ],
        bases=bases,
        body=[
            Paragraph("QUYẾT ĐỊNH:", indent=False, bold=True, align="center"),
            Paragraph(_article_one(lines), lead="Điều 1. "),
            Paragraph(
                "Kèm theo khen thưởng là tiền thưởng theo quy định tại Nghị định số 152/2025/NĐ-CP; "
                f"tổng số tiền: {vnd(total)} đồng, chi từ Quỹ thi đua, khen thưởng của {unit.full_name}.",
                lead="Điều 2. ",
            ),
            Paragraph(f"{executors} chịu trách nhiệm thi hành Quyết định này./.", lead="Điều 3. "),
        ],
        signer=Signer(
            decision.signer_capacity, decision.signer_delegation, decision.signer_title, decision.signer_name
        ),
        recipients=recipients or ["Như Điều 3"],
        archive=archive,
        annex=_annex(decision, lines, total),
    )


def submission_nominations(nominations):
    """The dossiers a tờ trình lists, with what build_submission reads."""
    return list(nominations.select_related("award_form", "unit", "plan__issuer__province").with_stages())


def submitted_nominations(admin_unit_id: int, number: str, nominations=None) -> list[Nomination]:
    """The commune's dossiers sent to the province under tờ trình `number` (of `nominations`,
    a user's visible ones, when given)."""
    if not number:
        return []
    nominations = Nomination.objects.all() if nominations is None else nominations
    return submission_nominations(
        nominations.filter(stages__level="commune", stages__submission_number=number, plan__issuer_id=admin_unit_id)
    )


def submitted_proposals(admin_unit_id: int, number: str, proposals=None) -> list[Proposal]:
    """The yearly cycle's proposals the unit sent up under tờ trình `number`."""
    if not number:
        return []
    proposals = Proposal.objects.all() if proposals is None else proposals
    proposals = proposals.filter(admin_unit_id=admin_unit_id, submission_number=number, forwarded_at__isnull=False)
    return list(proposals.select_related("awardee__unit", "award_form", "admin_unit__province"))


def build_submission(nominations: list[Nomination], *, number: str) -> OfficialDocument:
    """Tờ trình (Mẫu 01, NĐ 152): the dossiers the commune sent to the province under `number`."""
    first = nominations[0]
    stage = first.commune_stage
    rows = [
        (
            n.nominee_name,
            f"{n.individual_position}, {n.unit.name}" if n.individual_position else n.unit.name,
            n.award_form.name,
            Truncator(n.achievements).chars(300),
            n.nominee_kind == Nomination.NomineeKind.COLLECTIVE,
        )
        for n in nominations
    ]
    day = stage.submission_date if stage and stage.submission_date else timezone.localdate()
    return _submission(first.plan.issuer, rows, number=number, day=day)


def build_proposal_submission(proposals: list[Proposal], *, number: str) -> OfficialDocument:
    """Tờ trình of the yearly cycle: the approved proposals beyond the commune's authority."""
    first = proposals[0]
    rows = [
        (
            p.awardee.certificate_name,
            p.awardee.description,
            p.award_form.name,
            Truncator(p.achievement).chars(300),
            p.awardee.kind != Awardee.Kind.INDIVIDUAL,
        )
        for p in proposals
    ]
    return _submission(first.admin_unit, rows, number=number, day=first.submission_date or timezone.localdate())


def _submission(unit, rows: list[tuple], *, number: str, day) -> OfficialDocument:
    """Rows of (nominee, position or unit, form, achievement, is a collective)."""
    province = unit.province
    collectives = sum(1 for row in rows if row[4])
    table = [[Cell(str(i), align="center"), *(Cell(text) for text in row[:4])] for i, row in enumerate(rows, 1)]
    heads = ("STT", "Tập thể, cá nhân được đề nghị", "Chức vụ, đơn vị", "Hình thức đề nghị", "Tóm tắt thành tích")
    return OfficialDocument(
        issuer=committee_lines(unit),
        number=number,
        symbol="TTr-UBND",
        place=unit.name,
        date=day,
        type_name="TỜ TRÌNH",
        summary="Về việc đề nghị khen thưởng",
        preamble=[
            Paragraph(
                f"Kính gửi: Chủ tịch Ủy ban nhân dân {province.full_name} (qua Sở Nội vụ).",
                indent=False,
                align="center",
            )
        ],
        bases=[
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều "
            "của Luật Thi đua, khen thưởng",
        ],
        body=[
            Paragraph(
                f"Ủy ban nhân dân {unit.full_name} đề nghị Chủ tịch Ủy ban nhân dân {province.full_name} xem xét, "
                f"khen thưởng cho {collectives} tập thể và {len(rows) - collectives} cá nhân "
                "(có danh sách kèm theo)."
            ),
            Table(header=[[Cell(t) for t in heads]], rows=table, widths=[6, 22, 20, 20, 32]),
            Paragraph(f"Kính trình Chủ tịch Ủy ban nhân dân {province.full_name} xem xét, quyết định./."),
        ],
        signer=Signer("TM. ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH"),
        recipients=["Như trên"],
        archive="VT",
    )
