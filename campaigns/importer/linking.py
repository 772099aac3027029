"""Which administrative unit an extracted plan belongs to, and which cited plans are in the portal.

A commune plan cites its province plan by number ("Kế hoạch số 02/KH-UBND ngày 09/7/2025
của UBND tỉnh Ninh Bình"). The citation is linked to a plan in the portal when:
1. a plan of the cited unit (or, for a bare "UBND tỉnh", of the user's province) has that number;
2. otherwise another plan in the portal already cites that same document and links it;
3. otherwise the cited unit has exactly one unnumbered plan (a draft, or a plan stored
   before it got its number) of the campaign the citation names.
The officer sees the suggestion on the review screen and may change it before saving.
"""

import re
from typing import Any

from django.db.models import Q, QuerySet

from campaigns.importer.parse import unit_in
from campaigns.models import AdministrativeUnit, Plan, PlanParent

KIND_BY_WORD = {word: kind for kind, word in AdministrativeUnit.KIND_WORDS.items()}


def plain_number(number: str) -> str:
    return re.sub(r"\s+", "", number or "").upper()


def unit_named(kind_word: str, name: str, *, province: AdministrativeUnit | None = None) -> AdministrativeUnit | None:
    """The unit "xã Cổ Lễ" names, if the name is unambiguous (within `province` when given)."""
    kind = KIND_BY_WORD.get(kind_word.lower())
    if kind is None:
        return None
    units = AdministrativeUnit.objects.filter(kind=kind, name__iexact=name.strip())
    if province is not None and kind not in AdministrativeUnit.PROVINCE_KINDS:
        units = units.filter(province=province)
    units = list(units[:2])
    return units[0] if len(units) == 1 else None


def issuer_unit(data: dict[str, Any]) -> AdministrativeUnit | None:
    """The unit of the extracted issuer ("xã Cổ Lễ"), or None when unknown or ambiguous."""
    name = (data.get("issuer") or {}).get("name") or ""
    found = unit_in(name)
    return unit_named(*found) if found else None


def plans_of_province(unit: AdministrativeUnit) -> QuerySet[Plan]:
    province = unit.province_unit
    return Plan.objects.filter(Q(issuer=province) | Q(issuer__province=province))


def link_parents(data: dict[str, Any], *, plans: QuerySet[Plan], province: AdministrativeUnit | None) -> None:
    """Set `in_system` and `plan_id` on each cited document (in place)."""
    for ref in data.get("parents", []):
        plan = match_parent(ref, plans=plans, province=province, campaign=data.get("campaign", ""))
        ref["in_system"] = plan is not None
        ref["plan_id"] = plan.pk if plan else None


def match_parent(
    ref: dict[str, Any], *, plans: QuerySet[Plan], province: AdministrativeUnit | None, campaign: str = ""
) -> Plan | None:
    if ref.get("kind") != "Kế hoạch":
        return None
    cited = unit_in(ref.get("issuer") or "")
    unit = unit_named(*cited, province=province) if cited else province
    if unit is None:
        return None
    candidates = list(plans.filter(issuer=unit).select_related("campaign"))
    number = plain_number(ref.get("number", ""))
    if number:
        same_number = [p for p in candidates if plain_number(p.number) == number]
        if len(same_number) == 1:
            return same_number[0]
        if same_number:
            return None
        cited_elsewhere = {
            link.parent_plan
            for link in PlanParent.objects.filter(parent_plan__in=candidates, kind=ref["kind"]).select_related(
                "parent_plan"
            )
            if plain_number(link.number) == number
            and (not ref.get("date") or not link.date or link.date.isoformat() == ref["date"])
        }
        if len(cited_elsewhere) == 1:
            return cited_elsewhere.pop()
    summary = ref.get("summary") or ""
    unnumbered = [p for p in candidates if not p.number and (p.campaign.name in summary or p.campaign.name == campaign)]
    return unnumbered[0] if len(unnumbered) == 1 else None
