"""Role predicates by name, for code that asks about a user rather than an object. They read
the user's scope (accounts/scope.py), which is where every rule about roles and areas lives."""

from accounts.scope import scope_of


def is_commune_officer(user) -> bool:
    return scope_of(user).is_officer


def is_province_reviewer(user) -> bool:
    return scope_of(user).is_reviewer


def is_unit_reporter(user) -> bool:
    return scope_of(user).is_reporter
