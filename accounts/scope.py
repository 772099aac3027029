"""Who may read and write what: the one place in the portal that answers it.

A user works in one administrative unit (a commune or ward, or a province) in one role:

    role                  reads                                      writes
    officer (commune)     the commune's data, its province's plans   the commune's data
    viewer (commune)      the commune's data, its province's plans   nothing
    reporter (a unit)     their participating unit, the plans above  their unit's data
    reviewer (province)   the province's and its communes' data      the province's data
    viewer (province)     the province's and its communes' data      nothing
    superuser, no role    everything                                 nothing (the admin is theirs)

Every tenant model has a queryset built on `ScopedQuerySet`, which names where the object's
administrative unit is (`area_path`) and, for data a unit owns, its participating unit
(`unit_path`). `Model.objects.visible_to(user)` is then the only way views and selectors list
tenant objects, and `get_for_user(queryset, user, pk, write=...)` the only way they fetch one:
not yours is a 404, yours but read-only is a 403. Role gates on views are the decorators at
the end of this module. Workflows that need more than "may write here" (a reviewer returning a
commune's report, say) ask the scope's role predicates; nothing outside `accounts` compares
`user.role` itself.

This module imports no models, so any model may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _lazy

OFFICER, REVIEWER, REPORTER, VIEWER = "officer", "reviewer", "reporter", "viewer"


@dataclass(frozen=True)
class Scope:
    """What one user may read and write, in administrative units (ids only: no queries)."""

    role: str = ""
    admin_unit_id: int | None = None
    province_id: int | None = None  # the province of the user's unit (its own id at a province)
    at_province: bool = False
    participating_unit_id: int | None = None
    everything: bool = False  # a superuser without a role reads everything, writes nothing

    @classmethod
    def of(cls, user: Any) -> Scope:
        if user is None or not user.is_authenticated:
            return NOBODY
        key = (user.role, user.admin_unit_id, user.participating_unit_id, user.is_superuser)
        cached = getattr(user, "_scope_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        scope = cls._build(user)
        user._scope_cache = (key, scope)
        return scope

    @classmethod
    def _build(cls, user: Any) -> Scope:
        unit = user.admin_unit if user.admin_unit_id else None
        valid_role = user.role in (OFFICER, REVIEWER, VIEWER) or (user.role == REPORTER and user.participating_unit_id)
        if unit is None or not valid_role:
            return cls(everything=True) if user.is_superuser else NOBODY
        at_province = unit.is_province
        if (user.role == OFFICER and at_province) or (user.role == REVIEWER and not at_province):
            return NOBODY  # a role that does not belong at this level (User.clean refuses it)
        return cls(
            role=user.role,
            admin_unit_id=unit.pk,
            province_id=unit.pk if at_province else unit.province_id,
            at_province=at_province,
            participating_unit_id=user.participating_unit_id if user.role == REPORTER else None,
        )

    # --- roles ----------------------------------------------------------------------------

    @property
    def is_officer(self) -> bool:
        """The Culture-Social Office of a commune or ward."""
        return self.role == OFFICER

    @property
    def is_reviewer(self) -> bool:
        """The province's Department of Home Affairs."""
        return self.role == REVIEWER

    @property
    def is_reporter(self) -> bool:
        return self.role == REPORTER

    @property
    def is_viewer(self) -> bool:
        return self.role == VIEWER

    @property
    def is_province_staff(self) -> bool:
        """A reviewer or a read-only account of a province."""
        return self.at_province and self.role in (REVIEWER, VIEWER)

    @property
    def is_commune_staff(self) -> bool:
        """An officer or a read-only account of a commune or ward."""
        return not self.at_province and self.role in (OFFICER, VIEWER)

    @property
    def is_award_office(self) -> bool:
        """Who runs dossiers and writes decisions and the award register for their own unit:
        a commune's officer or a province's reviewer."""
        return self.role in (OFFICER, REVIEWER)

    @property
    def writes(self) -> bool:
        return self.role in (OFFICER, REVIEWER, REPORTER)

    # --- areas ----------------------------------------------------------------------------

    def area_q(self, area_path: str, unit_path: str | None = None) -> Q:
        """Objects whose administrative unit (at `area_path`) the user reads. A reporter reads
        only what their participating unit (at `unit_path`) owns."""
        if self.everything:
            return Q()
        if self.admin_unit_id is None:
            return Q(pk__in=[])
        if self.is_reporter:
            return Q(**{_id(unit_path): self.participating_unit_id}) if unit_path is not None else Q(pk__in=[])
        if self.at_province:
            return Q(**{_id(area_path): self.admin_unit_id}) | Q(**{_province_id(area_path): self.admin_unit_id})
        return Q(**{_id(area_path): self.admin_unit_id})

    def plan_issuer_q(self, issuer_path: str = "issuer") -> Q:
        """Plans flow down: a commune's users also read the plans of their province."""
        if self.everything:
            return Q()
        if self.admin_unit_id is None:
            return Q(pk__in=[])
        if self.at_province:
            return self.area_q(issuer_path)
        return Q(**{f"{_id(issuer_path)}__in": [self.admin_unit_id, self.province_id]})

    def reads_area(self, admin_unit: Any) -> bool:
        if self.everything:
            return True
        if admin_unit is None or self.admin_unit_id is None:
            return False
        if self.at_province:
            return admin_unit.pk == self.admin_unit_id or admin_unit.province_id == self.admin_unit_id
        return admin_unit.pk == self.admin_unit_id

    def writes_area(self, admin_unit_id: int | None, unit_id: int | None = None) -> bool:
        """Whether the user changes data held at this administrative unit (and, for a
        reporter, owned by their participating unit)."""
        if not self.writes or admin_unit_id is None:
            return False
        if self.is_reporter:
            return unit_id is not None and unit_id == self.participating_unit_id
        return admin_unit_id == self.admin_unit_id

    def reviews_area(self, admin_unit: Any) -> bool:
        """A province reviewer acts on what the province and its communes send up."""
        return self.is_reviewer and self.reads_area(admin_unit)


NOBODY = Scope()


def scope_of(user: Any) -> Scope:
    return Scope.of(user)


def _id(path: str | None) -> str:
    return f"{path}_id" if path else "pk"


def _province_id(path: str) -> str:
    return f"{path}__province_id" if path else "province_id"


def _follow(obj: Any, path: str | None) -> Any:
    for part in (path or "").split("__"):
        if not part:
            continue
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


class ScopedQuerySet(models.QuerySet):
    """Base of every tenant model's queryset. Subclasses name where the administrative unit
    (`area_path`) and the owning participating unit (`unit_path`, or None) are; "" means the
    object itself."""

    area_path: str = "admin_unit"
    unit_path: str | None = None
    write_message: str = _lazy("Vai trò của bạn chỉ được xem, không được thay đổi mục này.")

    def visible_to(self, user: Any) -> ScopedQuerySet:
        return self.filter(scope_of(user).area_q(self.area_path, self.unit_path))

    def area_of(self, obj: Any) -> Any:
        return _follow(obj, self.area_path)

    def writable_by(self, obj: Any, user: Any) -> bool:
        area = self.area_of(obj)
        unit = _follow(obj, self.unit_path) if self.unit_path is not None else None
        return scope_of(user).writes_area(getattr(area, "pk", None), getattr(unit, "pk", None))


def part_paths(parent: type[ScopedQuerySet], via: str) -> tuple[str, str | None]:
    """The paths of rows that belong to a parent row (its lines, events, files, ballots),
    through their foreign key `via`: whoever sees (or writes) the parent sees (or writes) them.
    `area_path, unit_path = part_paths(RegistrationQuerySet, "registration")`."""

    def through(path: str) -> str:
        return f"{via}__{path}" if path else via

    unit_path = None if parent.unit_path is None else through(parent.unit_path)
    return through(parent.area_path), unit_path


M = TypeVar("M", bound=models.Model)


def get_for_user(
    queryset: models.QuerySet[M] | type[M],
    user: Any,
    pk: Any,
    *,
    write: bool = False,
    message: str | None = None,
) -> M:
    """The object if the user may see it, else 404 (outsiders learn nothing). With
    `write=True`, a user who may see but not change it gets a 403 with `message`."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    if not isinstance(queryset, ScopedQuerySet):
        raise TypeError(f"{queryset.model.__name__} has no scoped queryset: tenant models use ScopedQuerySet")
    obj = get_object_or_404(queryset.visible_to(user), pk=pk)
    if write and not queryset.writable_by(obj, user):
        raise PermissionDenied(message or queryset.write_message)
    return obj


# --- view decorators -------------------------------------------------------------------------

View = TypeVar("View", bound=Callable[..., Any])


def scope_required(predicate: Callable[[Scope], bool], message: str) -> Callable[[View], View]:
    """Login, then a 403 with `message` unless the user's scope passes `predicate`."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(scope_of(request.user)):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


officer_required = scope_required(
    lambda s: s.is_officer, _lazy("Chỉ cán bộ Phòng Văn hóa - Xã hội của xã, phường mới được làm việc này.")
)
reviewer_required = scope_required(
    lambda s: s.is_reviewer, _lazy("Chỉ chuyên viên Sở Nội vụ của tỉnh mới được làm việc này.")
)
province_staff_required = scope_required(
    lambda s: s.is_province_staff, _lazy("Chỉ cán bộ cấp tỉnh xem được trang tổng hợp toàn tỉnh.")
)
commune_staff_required = scope_required(
    lambda s: s.is_commune_staff, _lazy("Chỉ cán bộ của xã, phường xem được trang này.")
)
writer_required = scope_required(lambda s: s.writes, _lazy("Vai trò của bạn chỉ được xem, không được thay đổi."))
