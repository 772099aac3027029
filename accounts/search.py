"""Search that forgives missing accents and case, and Vietnamese alphabetical order, the same
on SQLite and PostgreSQL.

`fold("Trường")` is "truong" (đ → d). In SQL, `Folded(field)` is the same fold: on SQLite a
function this module registers on every connection (`portal_fold`, the Python `fold`); on
PostgreSQL `lower(unaccent(…))` (the extension is created by accounts' migration 0003).
`search(queryset, q, fields)` keeps the rows where `q` is in one of `fields`.

`Vietnamese(field)` orders by the Vietnamese alphabet (a ă â b c d đ e ê …, then the tones):
the ICU collation "vietnamese" on PostgreSQL (created by the same migration), a collation of
that name registered on SQLite that compares `sort_key`s. This module imports no models.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections.abc import Sequence

from django.db.models import F, Func, Q, QuerySet, TextField
from django.db.models.functions import Collate

COLLATION = "vietnamese"
_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """Case- and diacritics-insensitive key ("TRUONG HOC" matches "Trường học")."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


class Folded(Func):
    """fold() of a text column, in SQL."""

    function = "portal_fold"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="LOWER(UNACCENT(%(expressions)s))", **extra)


def search(queryset: QuerySet, q: str, fields: Sequence[str]) -> QuerySet:
    """Rows where `q` is found, accents, case and extra spaces aside, in one of `fields`
    ("trung le" finds "Thôn Trung Lễ", not "Trường Trung học cơ sở Cổ Lễ")."""
    phrase = fold(q or "")
    if not phrase:
        return queryset
    names = {f"folded_{index}": Folded(F(field)) for index, field in enumerate(fields)}
    found = functools.reduce(operator.or_, (Q(**{f"{name}__contains": phrase}) for name in names))
    return queryset.alias(**names).filter(found)


def Vietnamese(field: str) -> Collate:  # noqa: N802 - reads like the expression it is
    return Collate(F(field), COLLATION)


# --- The Vietnamese alphabet, for SQLite and for sorting in Python ----------------------------

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER = {letter: index for index, letter in enumerate(ALPHABET)}
_SHAPES = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư): letters
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def sort_key(value: str | None) -> tuple:
    """Letters first (ă after a, đ after d), then the tones, then the case."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFC", value or ""):
        lower = char.lower()
        parts = unicodedata.normalize("NFD", lower)
        base = unicodedata.normalize("NFC", parts[0] + "".join(m for m in parts[1:] if m in _SHAPES))
        letters.append(_LETTER[base] if base in _LETTER else len(ALPHABET) + ord(base))
        tones.append(sum(_TONES.get(m, 0) for m in parts[1:]))
    return (tuple(letters), tuple(tones), value or "")


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_sqlite(sender, connection, **kwargs) -> None:
    """connection_created: give SQLite the fold function and the Vietnamese collation."""
    if connection.vendor != "sqlite" or connection.connection is None:
        return
    connection.connection.create_function(
        "portal_fold", 1, lambda v: None if v is None else fold(str(v)), deterministic=True
    )
    connection.connection.create_collation(COLLATION, _compare)
