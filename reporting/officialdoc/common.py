"""What the builders share: the People's Committee as issuing body, its signer, the
recipients' archive line, and how a body cites a plan (never "Kế hoạch Không rõ số")."""

from campaigns.models import AdministrativeUnit, Plan
from reporting.officialdoc.model import Signer

DEFAULT_ARCHIVE = "VT, VHXH"


def committee_lines(unit: AdministrativeUnit) -> list[str]:
    return ["ỦY BAN NHÂN DÂN", unit.full_name.upper()]


def split_archive(recipients: list[str], default: str = DEFAULT_ARCHIVE) -> tuple[list[str], str]:
    """The plan's recipients end with "Lưu: VT, VHXH."; the layer prints that line itself."""
    keep, archive = [], default
    for line in recipients:
        text = line.strip().lstrip("-+ ").rstrip(";., ")
        if text.startswith("Lưu:"):
            archive = text.removeprefix("Lưu:").strip() or default
        elif text:
            keep.append(text)
    return keep, archive


def plan_signer(plan: Plan | None) -> Signer:
    if plan is None or not (plan.signer_name or plan.signer_capacity):
        return Signer(capacity="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH")
    return Signer(plan.signer_capacity, plan.signer_delegation, plan.signer_title, plan.signer_name)


def committee_signer(unit: AdministrativeUnit) -> Signer:
    """The signer a document of the committee starts with: the one of its latest signed plan."""
    signed = Plan.objects.filter(issuer=unit).exclude(signer_name="").order_by("-issued_on", "-pk").first()
    return plan_signer(signed)


def with_overrides(signer: Signer, overrides: dict) -> Signer:
    """The officer's edits before printing (blank fields keep the record's value)."""
    fields = {k: v for k, v in overrides.items() if v}
    if not fields:
        return signer
    return Signer(
        fields.get("capacity", signer.capacity),
        fields.get("delegation", signer.delegation),
        fields.get("title", signer.title),
        fields.get("name", signer.name),
    )


def cite_plan(plan: Plan) -> str:
    """ "Kế hoạch số 87/KH-UBND ngày 15/5/2026 của Ủy ban nhân dân xã Xuân Trường"; a plan
    without a number is cited by its issuer alone."""
    text = "Kế hoạch"
    if plan.number:
        text += f" số {plan.number}"
    if plan.issued_on:
        text += f" ngày {plan.issued_on.day}/{plan.issued_on.month}/{plan.issued_on.year}"
    return f"{text} của {plan.issuer.committee_name}"
