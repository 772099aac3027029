"""`scope` in every template: menus and buttons ask it (`scope.is_officer`), never `user.role`."""

from accounts.scope import scope_of


def scope(request):
    return {"scope": scope_of(getattr(request, "user", None))}
