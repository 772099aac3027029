"""Who may do what, in one place. Scoping (which objects a user sees) lives in each app's
selectors; these helpers answer the role questions views and services share.

An object outside the user's scope is a 404 (raised by the selectors); a user who can see
an object but whose role may not change it gets a 403 from `require_role`.
"""

from django.core.exceptions import PermissionDenied

from accounts.models import User

Role = User.Role


def is_commune_officer(user: User) -> bool:
    return user.is_authenticated and user.role == Role.OFFICER and user.admin_unit_id is not None


def is_province_reviewer(user: User) -> bool:
    return user.is_authenticated and user.role == Role.REVIEWER and user.admin_unit_id is not None


def is_unit_reporter(user: User) -> bool:
    return user.is_authenticated and user.role == Role.REPORTER and user.participating_unit_id is not None


def require_role(user: User, *roles: str) -> None:
    """403 unless the user holds one of the roles (superusers act as any role)."""
    if user.is_superuser:
        return
    if user.role not in roles:
        raise PermissionDenied("Vai trò của bạn không được thực hiện thao tác này.")


def require_officer(user: User) -> None:
    require_role(user, Role.OFFICER)
