"""Reads of participating units. A user sees the units of their own administrative unit
only: a commune's officer, reporters and viewers see the commune's units, a province
reviewer the province's own units, anyone else none."""

from django.db.models import Count, QuerySet

from accounts.models import User
from accounts.scope import get_for_user
from accounts.search import Vietnamese, search
from campaigns.models import ParticipatingUnit
from criteria.models import SubjectType

STATUS_ACTIVE = "active"
STATUS_INACTIVE = "inactive"
STATUS_ALL = "all"


def units_visible_to(user: User) -> QuerySet[ParticipatingUnit]:
    """The units the unit pages list: those of the user's own commune (or province); a unit's
    reporter sees only their own unit."""
    return ParticipatingUnit.objects.managed_here(user).select_related("subject_type", "admin_unit")


def get_unit_for_user(user: User, pk: int, *, write: bool = False) -> ParticipatingUnit:
    """The unit if it is one of those; 404 otherwise; with `write`, 403 unless the user is
    the commune's officer."""
    return get_for_user(units_visible_to(user), user, pk, write=write)


def filter_units(
    units: QuerySet[ParticipatingUnit],
    *,
    q: str = "",
    subject_type: SubjectType | None = None,
    status: str = STATUS_ACTIVE,
) -> QuerySet[ParticipatingUnit]:
    """Search by name, contact person or e-mail; active units only unless asked otherwise."""
    q = q.strip()
    if q:
        units = search(units, q, ["name", "contact_person", "email"])
    if subject_type is not None:
        units = units.filter(subject_type=subject_type)
    if status == STATUS_ACTIVE:
        units = units.filter(is_active=True)
    elif status == STATUS_INACTIVE:
        units = units.filter(is_active=False)
    return units.order_by(Vietnamese("name"), "pk")


def with_reporter_counts(units: QuerySet[ParticipatingUnit]) -> QuerySet[ParticipatingUnit]:
    return units.annotate(reporter_count=Count("reporters"))


def unit_reporters(unit: ParticipatingUnit) -> QuerySet[User]:
    """Reporter accounts of the unit, for its edit page."""
    return User.objects.filter(participating_unit=unit, role=User.Role.REPORTER).order_by("username")


def subject_types() -> QuerySet[SubjectType]:
    return SubjectType.objects.order_by("position", "name")
