"""Reads of participating units. A user sees the units of their own administrative unit
only: a commune's officer, reporters and viewers see the commune's units, a province
reviewer the province's own units, anyone else none."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from campaigns.models import ParticipatingUnit
from criteria.models import SubjectType

STATUS_ACTIVE = "active"
STATUS_INACTIVE = "inactive"
STATUS_ALL = "all"


def units_visible_to(user: User) -> QuerySet[ParticipatingUnit]:
    if not user.is_authenticated or user.admin_unit_id is None:
        return ParticipatingUnit.objects.none()
    return ParticipatingUnit.objects.filter(admin_unit_id=user.admin_unit_id).select_related(
        "subject_type", "admin_unit"
    )


def get_unit_for_user(user: User, pk: int) -> ParticipatingUnit:
    """The unit if it belongs to the user's administrative unit; 404 otherwise."""
    return get_object_or_404(units_visible_to(user), pk=pk)


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
        units = units.filter(Q(name__icontains=q) | Q(contact_person__icontains=q) | Q(email__icontains=q))
    if subject_type is not None:
        units = units.filter(subject_type=subject_type)
    if status == STATUS_ACTIVE:
        units = units.filter(is_active=True)
    elif status == STATUS_INACTIVE:
        units = units.filter(is_active=False)
    return units.order_by("name", "pk")


def with_reporter_counts(units: QuerySet[ParticipatingUnit]) -> QuerySet[ParticipatingUnit]:
    return units.annotate(reporter_count=Count("reporters"))


def unit_reporters(unit: ParticipatingUnit) -> QuerySet[User]:
    """Reporter accounts of the unit, for its edit page."""
    return User.objects.filter(participating_unit=unit, role=User.Role.REPORTER).order_by("username")


def subject_types() -> QuerySet[SubjectType]:
    return SubjectType.objects.order_by("position", "name")
