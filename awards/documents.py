"""The certificates of a decision and the calibration page as PDFs: pure renderers (object →
bytes) on the portal's WeasyPrint set-up (campaigns.pdf), each its own design. The decision
itself and the tờ trình are official documents: reporting.officialdoc.decision."""

from awards import certificate_pdf
from awards.models import CertificateLayout, Decision
from awards.models.register import CERTIFICATE_FIELDS, default_positions
from campaigns.dates import format_date
from campaigns.pdf import render_pdf

# What the certificate of a form is called on the blank ("GIẤY KHEN", "BẰNG KHEN"); a title
# prints its own name.
CERTIFICATE_WORDS = {
    "giay_khen": "GIẤY KHEN",
    "bang_khen_chu_tich_tinh": "BẰNG KHEN",
    "bang_khen_thu_tuong": "BẰNG KHEN",
}


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def register_label(line) -> str:
    """The line's number in the award register ("001/2025"), blank before it is signed."""
    entry = getattr(line, "register_entry", None) if hasattr(line, "register_entry") else None
    return entry.register_label if entry else ""


def _decision(decision: Decision) -> Decision:
    return Decision.objects.with_lines().select_related("admin_unit__province").get(pk=decision.pk)


def _context(decision: Decision) -> dict:
    lines = list(decision.lines.all())
    for line in lines:
        line.register_label = register_label(line)
    return {
        "decision": decision,
        "unit": decision.admin_unit,
        "lines": lines,
        "authority": f"CHỦ TỊCH ỦY BAN NHÂN DÂN {decision.admin_unit.full_name.upper()}",
    }


def layout_for(award_form_id: int) -> dict:
    layout = CertificateLayout.objects.filter(award_form_id=award_form_id).first()
    layout = layout or CertificateLayout.objects.filter(award_form__isnull=True).first()
    positions = default_positions()
    if layout is not None and isinstance(layout.positions, dict):
        positions.update({k: v for k, v in layout.positions.items() if k in positions})
    return positions


def _certificate_texts(context: dict, line) -> dict:
    decision = context["decision"]
    return {
        "authority": context["authority"],
        "form": CERTIFICATE_WORDS.get(line.award_form.code, line.award_form.name.upper()),
        "form_name": line.award_form.name,
        "recipient": line.awardee.certificate_name,
        "description": line.awardee.description,
        "achievement": f"Đã có thành tích {line.achievement[:1].lower()}{line.achievement[1:]}"
        if line.achievement
        else "",
        "decision": f"Quyết định số {decision.number or '……'}, {format_date(decision.decided_on)}",
        "register": f"Số sổ vàng: {line.register_label or '……'}",
        "place_date": f"{decision.place or decision.admin_unit.name}, {format_date(decision.decided_on)}",
        "signer": decision.signer_name,
        "signer_title": decision.signer_title,
        "signer_capacity": decision.signer_delegation or decision.signer_capacity,
    }


def render_certificates_pdf(decision: Decision, *, blank: bool = False) -> bytes:
    """One page per awardee: the full design, or (blank=True) only the variable text at the
    positions of the form's layout, to print onto pre-printed blanks."""
    context = _context(_decision(decision))
    pages = []
    layouts: dict[int, dict] = {}  # one look-up per form, not per awardee
    for line in context["lines"]:
        texts = _certificate_texts(context, line)
        if blank:
            if line.award_form_id not in layouts:
                layouts[line.award_form_id] = layout_for(line.award_form_id)
            positions = layouts[line.award_form_id]
            texts = [{"key": key, "text": texts[key], **positions[key]} for key, _label in CERTIFICATE_FIELDS]
        pages.append(texts)
    return certificate_pdf.render_blank(pages) if blank else certificate_pdf.render(pages)


def render_calibration_pdf() -> bytes:
    """A4 landscape ruler grid (every 10 mm, finer every 5 mm) to measure a blank against."""
    return render_pdf(
        "awards/pdf/calibration.html", {"xs": range(0, 298, 5), "ys": range(0, 211, 5), "fields": CERTIFICATE_FIELDS}
    )
