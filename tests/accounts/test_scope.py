"""The scope: one answer, per user, to which administrative units they read and write."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from accounts.scope import Scope, get_for_user, part_paths, scope_of
from campaigns.models import AdministrativeUnit, ParticipatingUnit, Plan
from reporting.models import AnnualReport, CommuneReport, Notification

pytestmark = pytest.mark.django_db


def unit(name: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(name=name)


def names(queryset) -> set[str]:
    return {str(getattr(obj, "name", obj)) for obj in queryset}


def test_an_officer_reads_their_commune_and_the_plans_of_their_province(commune_officer):
    scope = scope_of(commune_officer)
    assert (scope.is_officer, scope.at_province, scope.writes) == (True, False, True)
    issuers = {plan.issuer.name for plan in Plan.objects.visible_to(commune_officer)}
    assert issuers == {"Cổ Lễ", "Ninh Bình"}
    assert {u.admin_unit.name for u in ParticipatingUnit.objects.visible_to(commune_officer)} == {"Cổ Lễ"}
    assert scope.writes_area(unit("Cổ Lễ").pk) and not scope.writes_area(unit("Ninh Bình").pk)


def test_a_reviewer_reads_the_province_and_every_commune_of_it_but_writes_only_the_province(province_reviewer):
    scope = scope_of(province_reviewer)
    assert scope.is_reviewer and scope.is_province_staff and not scope.is_commune_staff
    areas = {u.admin_unit.name for u in ParticipatingUnit.objects.visible_to(province_reviewer)}
    assert {"Ninh Bình", "Cổ Lễ", "Xuân Trường"} <= areas
    assert "Tây Hiếu" not in areas  # Nghệ An
    assert scope.writes_area(unit("Ninh Bình").pk) and not scope.writes_area(unit("Cổ Lễ").pk)
    assert scope.reviews_area(unit("Cổ Lễ")) and not scope.reviews_area(unit("Tây Hiếu"))


def test_a_reporter_reads_and_writes_only_their_own_unit(unit_reporter):
    own = unit_reporter.participating_unit
    assert list(ParticipatingUnit.objects.visible_to(unit_reporter)) == [own]
    assert set(AnnualReport.objects.visible_to(unit_reporter).values_list("unit", flat=True)) <= {own.pk}
    assert not CommuneReport.objects.visible_to(unit_reporter).exists()
    other = ParticipatingUnit.objects.filter(admin_unit=own.admin_unit).exclude(pk=own.pk).first()
    assert ParticipatingUnit.objects.writable_by(own, unit_reporter) is False  # units are the officer's
    assert scope_of(unit_reporter).writes_area(own.admin_unit_id, own.pk)
    assert not scope_of(unit_reporter).writes_area(own.admin_unit_id, other.pk)


def test_a_viewer_reads_like_an_officer_and_writes_nothing(commune_viewer, commune_officer):
    assert names(ParticipatingUnit.objects.visible_to(commune_viewer)) == names(
        ParticipatingUnit.objects.visible_to(commune_officer)
    )
    assert not scope_of(commune_viewer).writes
    assert not scope_of(commune_viewer).writes_area(commune_viewer.admin_unit_id)


def test_a_superuser_without_a_role_reads_everything_and_writes_nothing(superuser):
    scope = scope_of(superuser)
    assert scope.everything and not scope.writes
    assert Plan.objects.visible_to(superuser).count() == Plan.objects.count()


def test_no_role_or_a_role_at_the_wrong_level_reads_nothing(db):
    nobody = User.objects.create_user("khongvaitro", admin_unit=unit("Cổ Lễ"))
    misplaced = User(username="sai.cap", role=User.Role.REVIEWER, admin_unit=unit("Cổ Lễ"))
    for user in (nobody, misplaced):
        assert scope_of(user) == Scope()
        assert not Plan.objects.visible_to(user).exists()


def test_the_scope_follows_a_change_of_role_on_the_same_user_object(commune_officer):
    assert scope_of(commune_officer).is_officer
    commune_officer.role = User.Role.VIEWER
    assert scope_of(commune_officer).is_viewer


def test_get_for_user_is_404_outside_the_scope_and_403_for_read_only(outsider, commune_viewer, commune_officer):
    plan = Plan.objects.filter(issuer__name="Cổ Lễ").first()
    with pytest.raises(Http404):
        get_for_user(Plan.objects.all(), outsider, plan.pk)
    assert get_for_user(Plan, commune_viewer, plan.pk) == plan
    with pytest.raises(PermissionDenied):
        get_for_user(Plan, commune_viewer, plan.pk, write=True)
    assert get_for_user(Plan, commune_officer, plan.pk, write=True) == plan


def test_get_for_user_refuses_a_model_without_a_scoped_queryset(commune_officer):
    with pytest.raises(TypeError):
        get_for_user(User.objects.all(), commune_officer, commune_officer.pk)


def test_notifications_are_personal(commune_officer, neighbour_officer):
    Notification.objects.create(user=commune_officer, title="Nhắc hạn", body="…")
    assert Notification.objects.visible_to(commune_officer).count() == 1
    assert not Notification.objects.visible_to(neighbour_officer).filter(user=commune_officer).exists()


def test_the_award_office_is_the_communes_officer_or_the_provinces_reviewer(
    commune_officer, province_reviewer, unit_reporter, commune_viewer, superuser
):
    """Who writes decisions, the register and runs dossiers in bulk: one rule, Scope.is_award_office."""
    assert scope_of(commune_officer).is_award_office and scope_of(province_reviewer).is_award_office
    assert not any(scope_of(u).is_award_office for u in (unit_reporter, commune_viewer, superuser))


def test_a_rows_parts_are_scoped_through_it():
    """Lines, events and ballots are seen by whoever sees their parent: their paths follow the parent's."""
    from awards.models.council import CouncilMeetingQuerySet
    from awards.models.registration import RegistrationEvent, RegistrationQuerySet

    assert part_paths(RegistrationQuerySet, "registration") == ("registration__unit__admin_unit", "registration__unit")
    assert part_paths(CouncilMeetingQuerySet, "meeting") == ("meeting__admin_unit", None)
    assert RegistrationEvent.objects.all().area_path == "registration__unit__admin_unit"


def test_a_registrations_events_are_hidden_from_another_commune(commune_officer, neighbour_officer, unit_reporter):
    from awards.models import Registration, RegistrationEvent

    registration = Registration.objects.create(unit=unit_reporter.participating_unit, year=2001)
    RegistrationEvent.objects.create(registration=registration, action="submit", by=commune_officer)
    events = RegistrationEvent.objects.filter(registration=registration)
    assert events.visible_to(commune_officer).count() == 1
    assert not events.visible_to(neighbour_officer).exists()
