"""Writes on plans: derive a commune plan from its province plan, edit it section by
section, issue it, and amend it afterwards (with a reason, kept in its history)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from campaigns.exchange import plan_from_data, plan_to_data
from campaigns.models import AdministrativeUnit, Plan, PlanAmendment, PlanQuerySet
from campaigns.plan_sections import SectionSpec
from campaigns.selectors import plan_document_queryset
from config import cache
from reporting.models import ReportingDeadline

# A commune asks its units for their reports this many days before its own deadline to
# the province (000 Cổ Lễ: units by 10/12, the commune to the province by 15/12).
UNIT_DEADLINE_LEAD_DAYS = 5


class StaleEdit(Exception):
    """The plan changed since the form was opened (another tab, another user)."""


def can_edit_plan(user: User, plan: Plan) -> bool:
    """Only the issuing unit's own staff write its plan: a commune's officers, a province's reviewers."""
    return Plan.objects.writable_by(plan, user)


def require_plan_editor(user: User, plan: Plan) -> None:
    if not can_edit_plan(user, plan):
        raise PermissionDenied(PlanQuerySet.write_message)


def can_derive_from(user: User, parent: Plan) -> bool:
    """A commune officer builds the commune's plan from a plan of their own province."""
    scope = scope_of(user)
    return scope.is_officer and scope.province_id == parent.issuer_id


def require_deriver(user: User, parent: Plan) -> None:
    if not can_derive_from(user, parent):
        raise PermissionDenied(_("Chỉ cán bộ cấp xã thuộc tỉnh này được xây dựng kế hoạch từ kế hoạch này."))


def _lock(plan: Plan, version: int | None) -> Plan:
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if version is not None and locked.version != version:
        raise StaleEdit
    return locked


def _bump(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=datetime.datetime.now(datetime.UTC))
    plan.refresh_from_db(fields=["version", "updated_at"])
    cache.changed(plan.issuer)


def _log(*, plan: Plan, section: str, before: Any, after: Any, reason: str, by: User) -> None:
    if before == after:
        return
    PlanAmendment.objects.create(
        plan=plan, section=section, before=before, after=after, reason=reason, is_amendment=plan.is_issued, by=by
    )


def _require_reason(plan: Plan, reason: str) -> None:
    if plan.is_issued and not reason.strip():
        raise ValidationError({"reason": _("Kế hoạch đã ban hành: mọi điều chỉnh cần nêu lý do.")})


def _derived_deadlines(parent_deadlines: list[dict], commune: AdministrativeUnit) -> list[dict]:
    """The province asks communes to report by a date; the commune reports upward by that date
    and asks its own units to report a few days earlier, through its Culture-Social Office."""
    deadlines: list[dict] = []
    for d in parent_deadlines:
        if d["reporters"] != ReportingDeadline.Reporters.UNITS_AND_LOCALITIES:
            continue
        deadlines.append({**d, "reporter": commune.committee_name, "reporters": ReportingDeadline.Reporters.ISSUER})
        if d["day"] and d["month"]:
            unit_due = datetime.date(2025, d["month"], d["day"]) - datetime.timedelta(days=UNIT_DEADLINE_LEAD_DAYS)
            deadlines.append(
                {
                    "day": unit_due.day,
                    "month": unit_due.month,
                    "reporter": "các cơ quan, đơn vị",
                    "receiver": commune.committee_name,
                    "via": "Phòng Văn hóa - Xã hội",
                    "reporters": ReportingDeadline.Reporters.UNITS,
                }
            )
    return deadlines


@transaction.atomic
def plan_derive(*, parent: Plan, commune: AdministrativeUnit, by: User) -> Plan:
    """A draft commune plan copied from its province plan, citing it, ready to edit."""
    if commune.is_province or commune.province_id != parent.issuer_id:
        raise ValidationError(_("Chỉ xây dựng được kế hoạch từ kế hoạch của tỉnh/thành phố mình."))
    if Plan.objects.filter(issuer=commune, status=Plan.Status.DRAFT, parents__parent_plan=parent).exists():
        raise ValidationError(_("Xã đã có một dự thảo xây dựng từ kế hoạch này; hãy tiếp tục sửa dự thảo đó."))
    source = plan_to_data(plan_document_queryset().get(pk=parent.pk))
    province_area = f"trên địa bàn {parent.issuer.full_name}"
    title = source["title"].replace(province_area, f"trên địa bàn {commune.full_name}")
    cited = "số " + parent.number if parent.number else "(dự thảo)"
    preamble = (
        f"Thực hiện Kế hoạch {cited}"
        + (f" ngày {parent.issued_on:%d/%m/%Y}" if parent.issued_on else "")
        + f" của UBND {parent.issuer.full_name} về việc {source['title'][:1].lower()}{source['title'][1:]}, "
        f"{commune.committee_name} xây dựng Kế hoạch triển khai trên địa bàn như sau:"
    )
    data = {
        **source,
        "status": Plan.Status.DRAFT,
        "header_missing": False,
        "number": "",
        "issued_on": None,
        "place": commune.name,
        "title": title,
        "preamble": [preamble],
        "parents": [
            {
                "kind": "Kế hoạch",
                "number": parent.number,
                "date": parent.issued_on.isoformat() if parent.issued_on else None,
                "issuer": f"UBND {parent.issuer.full_name}",
                "summary": f"về việc {source['title'][:1].lower()}{source['title'][1:]}",
                "in_system": True,
            }
        ],
        "deadlines": _derived_deadlines(source["deadlines"], commune),
        "recipients": [],
        "closing": "",
        "signer": None,
    }
    plan = plan_from_data(data=data, issuer=commune, parent_plans={parent.number: parent})
    PlanAmendment.objects.create(
        plan=plan,
        section="derive",
        reason=_("Tạo dự thảo từ kế hoạch %(parent)s") % {"parent": parent},
        before=[],
        after=[],
        by=by,
    )
    return plan


@dataclass
class SectionSave:
    plan: Plan
    changed: bool


def _snapshot(objects, fields: list[str]) -> list[dict]:
    return [model_to_dict(obj, fields=fields) for obj in objects]


def _jsonable(rows: list[dict]) -> list[dict]:
    return [
        {k: (v.isoformat() if hasattr(v, "isoformat") else str(v) if v is not None else None) for k, v in row.items()}
        for row in rows
    ]


def _require_every_item(formset, existing) -> None:
    """The page posts one row per saved item (kept, changed or marked for deletion). Rows are
    renumbered from what is posted, so a post whose hidden counters or ids were changed by hand
    (a negative count, an id of another plan) would duplicate items or scramble their order."""
    posted = [form.instance.pk for form in formset.initial_forms]
    if formset.initial_form_count() != len(posted) or sorted(pk for pk in posted if pk) != sorted(
        existing.values_list("pk", flat=True)
    ):
        raise ValidationError(_("Biểu mẫu không khớp với các mục đang lưu. Hãy tải lại trang rồi sửa lại."))


@transaction.atomic
def plan_section_save(*, plan: Plan, spec: SectionSpec, formset, version: int, reason: str, by: User) -> SectionSave:
    """Save an ordered formset of one plan section, renumbering 1..n in the chosen order."""
    require_plan_editor(by, plan)
    locked = _lock(plan, version)
    _require_reason(locked, reason)
    parent = formset.instance
    existing = spec.queryset(parent)
    _require_every_item(formset, existing)
    before = _jsonable(_snapshot(existing, spec.fields))

    for form in formset.deleted_forms:
        if form.instance.pk:
            spec.protect_delete(form.instance)
            form.instance.delete()
    if spec.order_field:
        forms = formset.ordered_forms
    else:
        forms = [f for f in formset.forms if f not in formset.deleted_forms and (f.instance.pk or f.has_changed())]
    if spec.order_field:
        # Move the survivors out of the way so renumbering never collides with itself.
        spec.queryset(parent).update(**{spec.order_field: F(spec.order_field) + 10000})
    for number, form in enumerate(forms, start=1):
        obj = form.save(commit=False)
        setattr(obj, spec.fk_name, parent)
        if spec.order_field:
            setattr(obj, spec.order_field, number)
        obj.full_clean()
        obj.save()

    after = _jsonable(_snapshot(spec.queryset(parent), spec.fields))
    _log(plan=locked, section=spec.key, before=before, after=after, reason=reason, by=by)
    _bump(locked)
    return SectionSave(plan=locked, changed=before != after)


@transaction.atomic
def plan_general_save(*, plan: Plan, form, version: int, reason: str, by: User) -> Plan:
    """Save the plan's own fields (title, period, introductory paragraphs, signer)."""
    require_plan_editor(by, plan)
    locked = _lock(plan, version)
    _require_reason(locked, reason)
    fields = list(form.fields)
    before = _jsonable([model_to_dict(locked, fields=fields)])
    for field in fields:
        setattr(locked, field, form.cleaned_data[field])
    locked.full_clean()
    locked.save()
    _log(
        plan=locked,
        section="general",
        before=before,
        after=_jsonable([model_to_dict(locked, fields=fields)]),
        reason=reason,
        by=by,
    )
    _bump(locked)
    return locked


@transaction.atomic
def plan_issue(
    *,
    plan: Plan,
    version: int,
    number: str,
    issued_on: datetime.date,
    place: str,
    signer_capacity: str,
    signer_delegation: str,
    signer_title: str,
    signer_name: str,
    by: User,
) -> Plan:
    """Issue a draft: number and date are required; from now on every change is an amendment."""
    require_plan_editor(by, plan)
    locked = _lock(plan, version)
    if locked.is_issued:
        raise ValidationError(_("Kế hoạch này đã được ban hành."))
    locked.status = Plan.Status.ISSUED
    locked.number = number.strip()
    locked.issued_on = issued_on
    locked.place = place.strip() or locked.issuer.name
    locked.signer_capacity = signer_capacity
    locked.signer_delegation = signer_delegation
    locked.signer_title = signer_title
    locked.signer_name = signer_name
    locked.full_clean()
    locked.save()
    cache.changed(locked.issuer)
    PlanAmendment.objects.create(
        plan=locked,
        section="issue",
        reason=_("Ban hành: số %(number)s ngày %(date)s") % {"number": locked.number, "date": f"{issued_on:%d/%m/%Y}"},
        before=[],
        after=[],
        by=by,
    )
    _bump(locked)
    return locked
