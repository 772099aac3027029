"""Version history of the objects users change (plans, reports, commune reports, dossiers
and their decisions), as shown on each object's page: who, when, what changed.

django-simple-history records a version on every save (the request's user through its
middleware); this module turns those versions into readable lines.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# Child rows whose changes belong to the parent's history:
# parent label → [(child label, FK to the parent, FK that names the row)].
CHILDREN = {
    "reporting.AnnualReport": [
        ("reporting.ContentResult", "report", "content"),
        ("reporting.CriterionResult", "report", "criterion"),
    ],
    "reporting.CommuneReport": [("reporting.CommuneNarrative", "report", "content")],
    "awards.Nomination": [("awards.NominationStage", "nomination", "level")],
}
MAX_VERSIONS = 50
MAX_TEXT = 160


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Version:
    at: datetime
    user: object
    kind: str  # "+", "~", "-"
    subject: str
    changes: list[Change] = field(default_factory=list)

    @property
    def who(self) -> str:
        if self.user is None:
            return str(_("hệ thống"))
        return self.user.get_full_name() or self.user.username

    @property
    def kind_label(self) -> str:
        return {"+": _("tạo"), "~": _("sửa"), "-": _("xóa")}[self.kind]


def _show(model: type[models.Model], name: str, value) -> str:
    if value in (None, ""):
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field the history has but the model lost
        return str(value)[:MAX_TEXT]
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation and model_field.related_model is not None:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return str(_("có") if value else _("không"))
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _versions_of(records: list, model: type[models.Model], subject) -> list[Version]:
    """Each version is compared with the previous version of the same row in memory (not with
    `prev_record`, which costs a query per version)."""
    records = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    previous_of = {}
    for before, after in zip(records, records[1:], strict=False):
        if before.id == after.id:
            previous_of[after.history_id] = before
    versions = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id), reverse=True)[:MAX_VERSIONS]:
        version = Version(record.history_date, record.history_user, record.history_type, subject(record))
        previous = previous_of.get(record.history_id)
        if record.history_type == "~" and previous is not None:
            for change in record.diff_against(previous).changes:
                label = str(model._meta.get_field(change.field).verbose_name)
                old, new = _show(model, change.field, change.old), _show(model, change.field, change.new)
                version.changes.append(Change(label, old, new))
            if not version.changes:
                continue  # a save that changed nothing the user sees
        versions.append(version)
    return versions


def versions_for(obj: models.Model) -> list[Version]:
    """The object's versions and those of its child rows (a report's results), newest first."""
    from django.apps import apps

    model = type(obj)
    own = list(obj.history.select_related("history_user"))
    versions = _versions_of(own, model, lambda record: str(model._meta.verbose_name))
    for child_label, fk, name_fk in CHILDREN.get(model._meta.label, []):
        child = apps.get_model(child_label)
        history = list(child.history.filter(**{f"{fk}_id": obj.pk}).select_related("history_user"))
        named = child._meta.get_field(name_fk).related_model
        names = named._default_manager.in_bulk({getattr(r, f"{name_fk}_id") for r in history}) if named else {}
        label = child._meta.verbose_name

        def subject(record, label=label, names=names, name_fk=name_fk, child=child, named=named) -> str:
            # The row is named by the object its FK points to, or by a field's value (a stage's level).
            name = (
                names.get(getattr(record, f"{name_fk}_id"), "")
                if named
                else _show(child, name_fk, getattr(record, name_fk))
            )
            return f"{label}: {name}"[:MAX_TEXT]

        versions += _versions_of(history, child, subject)
    versions.sort(key=lambda version: version.at, reverse=True)
    return versions[:MAX_VERSIONS]
