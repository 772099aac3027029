"""Writes on awardee records: create and edit them, move a person to another unit (their
history kept), and find or make the record a nomination names."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from awards.models import Awardee, AwardeePosting, Nomination
from campaigns.excel import clean_text, fold
from campaigns.models import ParticipatingUnit

EDITABLE_FIELDS = (
    "kind",
    "name",
    "gender",
    "date_of_birth",
    "position",
    "national_id",
    "unit",
    "is_admin_unit",
    "address",
    "village",
)


def _require_writer(by: User, admin_unit_id: int) -> None:
    if not scope_of(by).writes_area(admin_unit_id) or scope_of(by).is_reporter:
        raise PermissionDenied(_("Vai trò của bạn không được thay đổi hồ sơ đối tượng khen thưởng."))


@transaction.atomic
def awardee_save(*, by: User, awardee: Awardee | None = None, **fields) -> Awardee:
    """Create (awardee=None) or edit a record of the user's own administrative unit. A changed
    unit or position of an individual is a move: the history gets a new posting."""
    awardee = awardee or Awardee(admin_unit_id=scope_of(by).admin_unit_id)
    _require_writer(by, awardee.admin_unit_id)
    moved = awardee.pk and (awardee.unit_id, awardee.position) != (
        getattr(fields.get("unit"), "pk", None),
        fields.get("position", ""),
    )
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(awardee, name, fields[name])
    awardee.full_clean()
    awardee.save()
    if awardee.kind == Awardee.Kind.INDIVIDUAL and (moved or not awardee.postings.exists()):
        awardee_move(awardee=awardee, unit=awardee.unit, position=awardee.position, on=timezone.localdate())
    return awardee


def awardee_move(*, awardee: Awardee, unit: ParticipatingUnit | None, position: str, on: datetime.date) -> None:
    """Close the current posting and open one at the new unit; the old one stays in history."""
    current = awardee.postings.filter(ended_on__isnull=True).order_by("-pk").first()
    if current and (current.unit_id, current.position) == (getattr(unit, "pk", None), position):
        return
    if current:
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    AwardeePosting.objects.create(awardee=awardee, unit=unit, position=position, started_on=on if current else None)


def awardee_for_nomination(nomination: Nomination) -> Awardee:
    """The record a dossier names: the same commune, kind, name (case and diacritics as typed
    compared loosely) and unit, or a new one."""
    unit = nomination.unit
    individual = nomination.nominee_kind == Nomination.NomineeKind.INDIVIDUAL
    name = clean_text(nomination.individual_name if individual else unit.name)
    kind = Awardee.Kind.INDIVIDUAL if individual else Awardee.Kind.COLLECTIVE
    found = Awardee.objects.filter(admin_unit_id=unit.admin_unit_id, kind=kind, search_key=fold(name), unit=unit)
    awardee = found.order_by("pk").first()
    if awardee is None:
        awardee = Awardee(kind=kind, admin_unit_id=unit.admin_unit_id, name=name, unit=unit)
        if individual:
            awardee.position = clean_text(nomination.individual_position)
        awardee.full_clean()
        awardee.save()
        if individual:
            AwardeePosting.objects.create(awardee=awardee, unit=unit, position=awardee.position)
    return awardee
