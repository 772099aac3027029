"""A plan as plain data (the export_plan schema, documented in README.md) and back.

`plan_to_data` is what `manage.py export_plan` prints; `plan_from_data` builds a plan from
the same shape (the demo seed files, and later the document import). Both sides live
here so the schema has one definition.
"""

import datetime
from typing import Any

from django.db import transaction

from awards.models import AwardForm, AwardSection, Occasion, PlanAwardForm
from campaigns.models import (
    AdministrativeUnit,
    Campaign,
    Content,
    Phase,
    Plan,
    PlanParent,
    Purpose,
    Recipient,
    Requirement,
    Responsibility,
    Solution,
)
from criteria.models import Criterion, CriterionGroup, SubjectType
from reporting.models import ReportingDeadline

# Plan sections stored as numbered paragraphs: (schema key, model, related name).
PARAGRAPH_SECTIONS = (
    ("purposes", Purpose, "purposes"),
    ("requirements", Requirement, "requirements"),
    ("contents", Content, "contents"),
    ("solutions", Solution, "solutions"),
    ("recipients", Recipient, "recipients"),
)


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data; expects a plan from `selectors.plan_document_queryset`."""
    award_sections = list(plan.award_sections.all())
    award_forms = [
        {"occasion": occasion, "name": form.name_in_plan, "granted_by": form.award_form.granted_by}
        for section in award_sections
        for form in section.forms.all()
        for occasion in (section.occasions or ["general"])
    ]
    data: dict[str, Any] = {
        "id": plan.pk,
        "issuer": {
            "name": plan.issuer.full_name,
            "level": plan.issuer.level,
            "province": plan.issuer.province.full_name if plan.issuer.province_id else None,
        },
        "status": plan.status,
        "header_missing": plan.header_missing,
        "number": plan.number,
        "issued_on": _iso(plan.issued_on),
        "place": plan.place,
        "title": plan.title,
        "campaign": plan.campaign.name,
        "other_campaigns": [c.name for c in plan.other_campaigns.all()],
        "period": {"start_year": plan.period_start, "end_year": plan.period_end},
        "preamble": plan.preamble_paragraphs,
        "parents": [
            {
                "kind": p.kind,
                "number": p.number,
                "date": _iso(p.date),
                "issuer": p.issuer,
                "summary": p.summary,
                "in_system": p.in_system,
                "plan_id": p.parent_plan_id,
            }
            for p in plan.parents.all()
        ],
        "contents_intro": plan.contents_intro,
        "criteria": {
            group.subject_type.name: [c.text for c in group.criteria.all()] for group in plan.criterion_groups.all()
        },
        "criteria_groups": [
            {
                "subject_type": group.subject_type.code,
                "heading": group.heading,
                "criteria": [c.text for c in group.criteria.all()],
            }
            for group in plan.criterion_groups.all()
        ],
        "award_forms": award_forms,
        "award_sections": [
            {
                "heading": section.heading,
                "occasions": section.occasions,
                "forms": [_form_data(f) for f in section.forms.all()],
                "standards": section.standards,
            }
            for section in award_sections
        ],
        "award_subjects": plan.award_subjects,
        "phases_intro": plan.phases_intro,
        "phases": [
            {
                "name": ph.name,
                "start_year": ph.start_year,
                "end_year": ph.end_year,
                "review": {"kind": ph.review, "year": ph.review_year} if ph.review else None,
                "description": ph.description,
            }
            for ph in plan.phases.all()
        ],
        "deadlines": [
            {
                "day": d.day,
                "month": d.month,
                "reporter": d.reporter,
                "receiver": d.receiver,
                "via": d.via,
                "reporters": d.reporters,
            }
            for d in plan.deadlines.all()
        ],
        "responsibilities": [
            {"body": r.body, "titled": r.titled, "duties": r.duty_list} for r in plan.responsibilities.all()
        ],
        "closing": plan.closing,
        "signer": (
            {
                "capacity": plan.signer_capacity,
                "delegation": plan.signer_delegation,
                "title": plan.signer_title,
                "name": plan.signer_name,
            }
            if plan.signer_name
            else None
        ),
    }
    for key, _model, related in PARAGRAPH_SECTIONS:
        data[key] = [item.text for item in getattr(plan, related).all()]
    return data


def _form_data(form: PlanAwardForm) -> dict[str, Any]:
    """A form of a plan's award section; "quota" only when the plan sets one."""
    data = {"award_form": form.award_form.code, "name": form.name_in_plan}
    if form.quota:
        data["quota"] = form.quota
    return data


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def plan_from_data(
    *,
    data: dict[str, Any],
    issuer: AdministrativeUnit,
    parent_plans: dict[str, Plan] | None = None,
) -> Plan:
    """Create a plan and every section from schema data. `parent_plans` maps a cited
    number (e.g. "02/KH-UBND") to the plan in the system it designates."""
    parent_plans = parent_plans or {}
    campaign, _ = Campaign.objects.get_or_create(name=data["campaign"])
    signer = data.get("signer") or {}
    plan = _saved(
        Plan(
            issuer=issuer,
            campaign=campaign,
            status=data.get("status", Plan.Status.DRAFT),
            header_missing=data.get("header_missing", False),
            number=data.get("number") or "",
            issued_on=datetime.date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None,
            place=data.get("place") or "",
            title=data["title"],
            period_start=data["period"]["start_year"],
            period_end=data["period"]["end_year"],
            preamble="\n".join(data.get("preamble", [])),
            contents_intro=data.get("contents_intro", ""),
            award_subjects=data.get("award_subjects", ""),
            phases_intro=data.get("phases_intro", ""),
            closing=data.get("closing", ""),
            signer_capacity=signer.get("capacity", ""),
            signer_delegation=signer.get("delegation", ""),
            signer_title=signer.get("title", ""),
            signer_name=signer.get("name", ""),
        )
    )
    for name in data.get("other_campaigns", []):
        plan.other_campaigns.add(Campaign.objects.get_or_create(name=name)[0])

    for number, ref in enumerate(data.get("parents", []), start=1):
        _saved(
            PlanParent(
                plan=plan,
                number_in_list=number,
                kind=ref["kind"],
                number=ref.get("number") or "",
                date=datetime.date.fromisoformat(ref["date"]) if ref.get("date") else None,
                issuer=ref["issuer"],
                summary=ref.get("summary", ""),
                parent_plan=parent_plans.get(ref.get("number") or "") if ref.get("in_system") else None,
            )
        )

    for key, model, _related in PARAGRAPH_SECTIONS:
        for number, text in enumerate(data.get(key, []), start=1):
            _saved(model(plan=plan, number=number, text=text))

    subject_types = {st.code: st for st in SubjectType.objects.all()}
    for number, group_data in enumerate(data.get("criteria_groups", []), start=1):
        group = _saved(
            CriterionGroup(
                plan=plan,
                number=number,
                subject_type=subject_types[group_data["subject_type"]],
                heading=group_data["heading"],
            )
        )
        for c_number, text in enumerate(group_data["criteria"], start=1):
            _saved(Criterion(group=group, number=c_number, text=text))

    award_forms = {f.code: f for f in AwardForm.objects.all()}
    for number, section_data in enumerate(data.get("award_sections", []), start=1):
        occasions = set(section_data.get("occasions", []))
        section = _saved(
            AwardSection(
                plan=plan,
                number=number,
                heading=section_data["heading"],
                for_annual=Occasion.ANNUAL in occasions,
                for_preliminary=Occasion.PRELIMINARY in occasions,
                for_final=Occasion.FINAL in occasions,
                standards=section_data.get("standards", ""),
            )
        )
        for f_number, form in enumerate(section_data.get("forms", []), start=1):
            _saved(
                PlanAwardForm(
                    section=section,
                    number=f_number,
                    award_form=award_forms[form["award_form"]],
                    name_in_plan=form["name"],
                    quota=form.get("quota", ""),
                )
            )

    for number, ph in enumerate(data.get("phases", []), start=1):
        review = ph.get("review") or {}
        _saved(
            Phase(
                plan=plan,
                number=number,
                name=ph["name"],
                start_year=ph["start_year"],
                end_year=ph["end_year"],
                review=review.get("kind", ""),
                review_year=review.get("year"),
                description=ph.get("description", ""),
            )
        )

    for d in data.get("deadlines", []):
        _saved(
            ReportingDeadline(
                plan=plan,
                day=d.get("day"),
                month=d.get("month"),
                reporter=d["reporter"],
                receiver=d["receiver"],
                via=d.get("via", ""),
                reporters=d["reporters"],
            )
        )

    for number, r in enumerate(data.get("responsibilities", []), start=1):
        _saved(
            Responsibility(
                plan=plan,
                number=number,
                body=r["body"],
                titled=r.get("titled", True),
                duties="\n".join(r["duties"]),
            )
        )
    return plan
