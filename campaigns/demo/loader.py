"""Loads the demo data: the five real seed plans, the units involved and demo accounts.

Idempotent: every object is looked up by its natural key first, so a second run changes
nothing (existing plans are not overwritten; delete one in the admin to load it afresh).
"""

import json
from pathlib import Path

from django.db import transaction

from accounts.models import User
from awards.models import AwardForm
from awards.reference import ensure_award_forms
from campaigns.demo import demo_loaded
from campaigns.exchange import plan_from_data
from campaigns.models import AdministrativeUnit, Campaign, ParticipatingUnit, Plan
from criteria.models import SubjectType
from criteria.reference import ensure_subject_types

DEMO_DIR = Path(__file__).resolve().parent


def read_manifest() -> dict:
    return json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8"))


def read_plan_file(name: str) -> dict:
    return json.loads((DEMO_DIR / "plans" / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_demo(log=print) -> dict[str, int]:
    manifest = read_manifest()
    ensure_subject_types(SubjectType)
    ensure_award_forms(AwardForm)
    created = {"admin_units": 0, "participating_units": 0, "users": 0, "plans": 0}

    for campaign in manifest["campaigns"]:
        Campaign.objects.get_or_create(name=campaign["name"], defaults={"launched_by": campaign["launched_by"]})

    units: dict[str, AdministrativeUnit] = {}
    for row in manifest["admin_units"]:
        province = units[row["province"]] if row.get("province") else None
        unit = AdministrativeUnit.objects.filter(kind=row["kind"], name=row["name"], province=province).first()
        if unit is None:
            unit = AdministrativeUnit(kind=row["kind"], name=row["name"], province=province, email=row["email"])
            unit.full_clean()
            unit.save()
            created["admin_units"] += 1
        units[row["key"]] = unit

    subject_types = {st.code: st for st in SubjectType.objects.all()}
    for key, rows in manifest["participating_units"].items():
        for name, subject_code, contact, email in rows:
            if ParticipatingUnit.objects.filter(admin_unit=units[key], name=name).exists():
                continue
            unit = ParticipatingUnit(
                admin_unit=units[key],
                name=name,
                subject_type=subject_types[subject_code],
                contact_person=contact,
                email=email,
            )
            unit.full_clean()
            unit.save()
            created["participating_units"] += 1

    for row in manifest["users"]:
        if User.objects.filter(username=row["username"]).exists():
            continue
        user = User(
            username=row["username"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            email=row["email"],
            is_superuser=row.get("superuser", False),
            is_staff=row.get("superuser", False),
            role=row.get("role", ""),
            admin_unit=units.get(row.get("admin_unit")),
        )
        if row.get("participating_unit"):
            user.participating_unit = ParticipatingUnit.objects.get(
                admin_unit=user.admin_unit, name=row["participating_unit"]
            )
        user.set_password(manifest["password"])
        user.full_clean()
        user.save()
        created["users"] += 1

    plans_by_file: dict[str, Plan] = {}
    for entry in manifest["plans"]:
        data = read_plan_file(entry["file"])
        issuer = units[entry["issuer"]]
        plan = Plan.objects.filter(issuer=issuer, title=data["title"]).first()
        if plan is None:
            parent_plans = {number: plans_by_file[file] for number, file in entry.get("in_system_parents", {}).items()}
            plan = plan_from_data(data=data, issuer=issuer, parent_plans=parent_plans)
            created["plans"] += 1
            log(f"  + {plan.issuer.committee_name}: {plan.title[:70]}…")
        plans_by_file[entry["file"]] = plan
    for _receiver, made in demo_loaded.send(sender=load_demo, log=log):
        created.update(made or {})
    return created
