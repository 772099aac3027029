"""Role predicates shared by every app. Scoping (which objects a user sees) lives in each
app's selectors: an object outside the user's scope is a 404 there; a user who may see an
object but whose role may not act on it gets a 403 from the app's `require_*` helper.

Superusers administer through the Django admin; in the portal they read everything and
write nothing unless they also hold a role.
"""

from accounts.models import User

Role = User.Role


def is_commune_officer(user: User) -> bool:
    return user.is_authenticated and user.role == Role.OFFICER and user.admin_unit_id is not None


def is_province_reviewer(user: User) -> bool:
    return user.is_authenticated and user.role == Role.REVIEWER and user.admin_unit_id is not None


def is_unit_reporter(user: User) -> bool:
    return user.is_authenticated and user.role == Role.REPORTER and user.participating_unit_id is not None
