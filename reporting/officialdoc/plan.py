"""The plan (Kế hoạch) as an official document, section by section as the plan holds them."""

from campaigns.document import VI_LETTERS, plan_sections
from campaigns.models import Plan
from reporting.officialdoc.common import committee_lines, plan_signer, split_archive
from reporting.officialdoc.model import Heading, OfficialDocument, Paragraph


def _letter(i: int) -> str:
    return VI_LETTERS[i % len(VI_LETTERS)]


def _aims(plan: Plan) -> list:
    blocks = [Heading("1. Mục đích", 2)]
    blocks += [Paragraph(f"- {item.text}") for item in plan.purposes.all()]
    blocks.append(Heading("2. Yêu cầu", 2))
    return blocks + [Paragraph(f"- {item.text}") for item in plan.requirements.all()]


def _contents(plan: Plan) -> list:
    blocks = [Paragraph(plan.contents_intro)] if plan.contents_intro else []
    return blocks + [Paragraph(f"{item.number}. {item.text}") for item in plan.contents.all()]


def _criteria_awards(plan: Plan) -> list:
    blocks: list = []
    groups = list(plan.criterion_groups.all())
    if groups:
        blocks.append(Heading("1. Tiêu chí thi đua", 2))
        for i, group in enumerate(groups):
            blocks.append(Heading(f"{_letter(i)}) {group.heading}", 3))
            for criterion in group.criteria.all():
                points = f" ({criterion.max_points} điểm)" if criterion.max_points else ""
                blocks.append(Paragraph(f"- {criterion.text}{points}"))
        blocks.append(Heading("2. Hình thức và tiêu chuẩn khen thưởng", 2))
    if plan.award_subjects:
        blocks.append(Paragraph(plan.award_subjects, lead="Đối tượng khen thưởng: "))
    for i, award in enumerate(plan.award_sections.all()):
        blocks.append(Heading(f"{_letter(i)}) {award.heading}", 3))
        forms = list(award.forms.all())
        if forms:
            blocks.append(Paragraph("- Hình thức khen thưởng"))
            blocks += [Paragraph(f"+ {form.name_in_plan}.") for form in forms]
            if award.standards:
                blocks.append(Paragraph("- Tiêu chuẩn khen thưởng"))
        if award.standards:
            blocks.append(Paragraph(award.standards))
    return blocks


def _time(plan: Plan) -> list:
    blocks = [Paragraph(plan.phases_intro)] if plan.phases_intro else []
    for phase in plan.phases.all():
        review = f", {phase.get_review_display().lower()} năm {phase.review_year}" if phase.review else ""
        lead = f"- {phase.name} ({phase.start_year} - {phase.end_year}){review}: "
        blocks.append(Paragraph(phase.description, lead=lead))
    return blocks


def _organisation(plan: Plan) -> list:
    blocks: list = []
    for resp in plan.responsibilities.all():
        duties = resp.duty_list
        if resp.titled:
            blocks.append(Heading(f"{resp.number}. {resp.body}", 2))
            blocks += [Paragraph(f"- {d}" if len(duties) > 1 else d) for d in duties]
        else:
            blocks += [Paragraph(f"- {d}") for d in duties]
    return blocks + ([Paragraph(plan.closing)] if plan.closing else [])


SECTION_BLOCKS = {
    "aims": _aims,
    "contents": _contents,
    "criteria_awards": _criteria_awards,
    "solutions": lambda plan: [Paragraph(f"{i.number}. {i.text}") for i in plan.solutions.all()],
    "time": _time,
    "organisation": _organisation,
}


def build_plan(plan: Plan) -> OfficialDocument:
    """Expects a plan from campaigns.selectors.plan_document_queryset."""
    body: list = [Paragraph(p) for p in plan.preamble_paragraphs]
    for section in plan_sections(plan):
        body.append(Heading(f"{section.roman}. {section.heading}"))
        body += SECTION_BLOCKS[section.key](plan)
    recipients, archive = split_archive([r.text for r in plan.recipients.all()])
    return OfficialDocument(
        issuer=committee_lines(plan.issuer),
        number=plan.number,
        symbol="KH-UBND",
        place=plan.place or plan.issuer.name,
        date=plan.issued_on,
        year_hint=plan.period_start,
        header_missing=plan.header_missing,
        type_name=plan.document_type,
        summary=plan.title,
        body=body,
        signer=plan_signer(plan),
        recipients=recipients,
        archive=archive,
    )
