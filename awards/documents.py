"""The decision, its certificates and the tờ trình as PDFs: pure renderers (object → bytes)
on the portal's WeasyPrint set-up (campaigns.pdf: Liberation Serif, Nghị định 30/2020 layout).
reporting.renderers lists them in the document registry."""

import datetime

from django.utils import timezone

from awards.models import Awardee, CertificateLayout, Decision, Nomination
from awards.models.register import CERTIFICATE_FIELDS, default_positions
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


def long_date(day: datetime.date | None) -> str:
    if day is None:
        return "ngày    tháng    năm     "
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _decision(decision: Decision) -> Decision:
    return Decision.objects.with_lines().select_related("admin_unit__province").get(pk=decision.pk)


def _groups(decision: Decision) -> list[dict]:
    """Điều 1: one paragraph per form, with how many collectives, individuals, households."""
    groups: dict[int, dict] = {}
    for line in decision.lines.all():
        group = groups.setdefault(line.award_form_id, {"form": line.award_form, "counts": {}})
        group["counts"][line.awardee.kind] = group["counts"].get(line.awardee.kind, 0) + 1
    words = {
        Awardee.Kind.COLLECTIVE: "tập thể",
        Awardee.Kind.INDIVIDUAL: "cá nhân",
        Awardee.Kind.HOUSEHOLD: "hộ gia đình",
    }
    for group in groups.values():
        group["text"] = ", ".join(f"{n:02d} {words[kind]}" for kind, n in group["counts"].items())
        # A form of commendation is given (Tặng); an emulation title is recognised.
        group["verb"] = "Tặng" if group["form"].code in CERTIFICATE_WORDS else "Công nhận danh hiệu"
    return list(groups.values())


def _context(decision: Decision) -> dict:
    lines = list(decision.lines.all())
    for line in lines:
        line.amount_text = vnd(line.amount)
        entry = getattr(line, "register_entry", None) if hasattr(line, "register_entry") else None
        line.register_label = entry.register_label if entry else ""
    return {
        "decision": decision,
        "unit": decision.admin_unit,
        "lines": lines,
        "groups": _groups(decision),
        "total_text": vnd(sum(line.amount for line in lines)),
        "date_text": long_date(decision.decided_on),
        "proposal_date_text": long_date(decision.proposal_date) if decision.proposal_date else "",
        "authority": f"CHỦ TỊCH ỦY BAN NHÂN DÂN {decision.admin_unit.full_name.upper()}",
    }


def render_decision_pdf(decision: Decision) -> bytes:
    """The decision with Điều 1–3, Nơi nhận and the signer, then its annex list (one PDF)."""
    return render_pdf("awards/pdf/decision.html", _context(_decision(decision)))


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
        "decision": f"Quyết định số {decision.number or '……'}, {long_date(decision.decided_on)}",
        "register": f"Số sổ vàng: {line.register_label or '……'}",
        "place_date": f"{decision.place or decision.admin_unit.name}, {long_date(decision.decided_on)}",
        "signer": decision.signer_name,
        "signer_title": decision.signer_title,
        "signer_capacity": decision.signer_delegation or decision.signer_capacity,
    }


def render_certificates_pdf(decision: Decision, *, blank: bool = False) -> bytes:
    """One page per awardee: the full design, or (blank=True) only the variable text at the
    positions of the form's layout, to print onto pre-printed blanks."""
    context = _context(_decision(decision))
    pages = []
    for line in context["lines"]:
        texts = _certificate_texts(context, line)
        if blank:
            positions = layout_for(line.award_form_id)
            texts = [{"key": key, "text": texts[key], **positions[key]} for key, _label in CERTIFICATE_FIELDS]
        pages.append(texts)
    template = "awards/pdf/certificates_blank.html" if blank else "awards/pdf/certificates.html"
    return render_pdf(template, {**context, "pages": pages})


def render_calibration_pdf() -> bytes:
    """A4 landscape ruler grid (every 10 mm, finer every 5 mm) to measure a blank against."""
    return render_pdf(
        "awards/pdf/calibration.html", {"xs": range(0, 298, 5), "ys": range(0, 211, 5), "fields": CERTIFICATE_FIELDS}
    )


def render_submission_pdf(nominations: list[Nomination], *, number: str) -> bytes:
    """Tờ trình (Mẫu 01, Nghị định 152/2025/NĐ-CP): a batch of dossiers sent to the province."""
    first = nominations[0]
    stage = first.commune_stage
    unit = first.plan.issuer
    collectives = sum(1 for n in nominations if n.nominee_kind == Nomination.NomineeKind.COLLECTIVE)
    context = {
        "unit": unit,
        "province": unit.province,
        "number": number,
        "date_text": long_date(stage.submission_date if stage else timezone.localdate()),
        "nominations": nominations,
        "collectives": collectives,
        "individuals": len(nominations) - collectives,
    }
    return render_pdf("awards/pdf/submission.html", context)
