"""make_synthetic (the benchmark's data) at its tiny scale: the same seed gives the same data,
another seed other data; and the /healthz probe the benchmark uses as its floor."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max

from accounts.models import User
from awards.models import Nomination
from campaigns.models import AdministrativeUnit, ParticipatingUnit, Plan
from reporting.models import AnnualReport, CommuneReport, ContentResult

AS_OF = "2026-11-22"


def make(*args: str) -> str:
    out = StringIO()
    call_command("make_synthetic", "--scale", "tiny", "--as-of", AS_OF, *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """What the synthetic data holds, by names and values (ids differ between runs)."""
    admin_units = AdministrativeUnit.objects.filter(code__startswith="SYN")
    units = ParticipatingUnit.objects.filter(admin_unit__in=admin_units)
    return {
        "admin_units": sorted(admin_units.values_list("code", "kind", "name", "province__name", "email")),
        "units": sorted(units.values_list("admin_unit__code", "name", "subject_type__code", "email", "contact_person")),
        "users": sorted(
            User.objects.filter(username__startswith="syn.").values_list(
                "username", "last_name", "first_name", "role", "admin_unit__code"
            )
        ),
        "plans": sorted(
            Plan.objects.filter(issuer__in=admin_units).values_list("issuer__code", "number", "issued_on", "status")
        ),
        "reports": sorted(
            AnnualReport.objects.filter(unit__in=units).values_list(
                "unit__email", "year", "status", "first_submitted_at", "returned_at"
            )
        ),
        "results": ContentResult.objects.filter(report__unit__in=units).count(),
        "nominations": sorted(
            Nomination.objects.filter(unit__in=units)
            .annotate(decision_date=Max("stages__decision_date"))
            .values_list(
                "unit__email", "status", "award_form__code", "nominee_kind", "individual_name", "decision_date"
            )
        ),
        "commune_reports": sorted(
            CommuneReport.objects.filter(commune__in=admin_units).values_list(
                "commune__code", "year", "status", "first_submitted_at"
            )
        ),
    }


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    make("--seed", "7")
    first = snapshot()
    # Two provinces of three communes, five units each, with their plans and people.
    provinces = [row for row in first["admin_units"] if row[3] is None]
    assert len(provinces) == 2 and len(first["admin_units"]) == 8
    assert len(first["units"]) == 6 * 5 + 2 * 2  # five per commune, two departments per province
    assert {row[3] for row in first["users"]} == {"officer", "reviewer"} and len(first["users"]) == 8
    assert len(first["plans"]) == 8 and first["reports"] and first["nominations"] and first["commune_reports"]
    statuses = {status for _u, _y, status, *_rest in first["reports"]}
    assert {"submitted", "draft"} <= statuses
    assert all(submitted is None or submitted.date().isoformat() < AS_OF for *_r, submitted, _ret in first["reports"])

    with pytest.raises(CommandError, match="--reset"):
        make("--seed", "7")
    make("--seed", "7", "--reset")
    assert snapshot() == first

    make("--seed", "8", "--reset")
    other = snapshot()
    assert other["units"] != first["units"] and other["admin_units"] != first["admin_units"]


@pytest.mark.django_db
def test_demo_data_is_left_alone(plan_co_le):
    before = AdministrativeUnit.objects.exclude(code__startswith="SYN").count()
    make("--seed", "1")
    make("--seed", "1", "--reset")
    assert AdministrativeUnit.objects.exclude(code__startswith="SYN").count() == before
    assert Plan.objects.filter(pk=plan_co_le.pk).exists()


def test_healthz_answers_without_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
