"""Writes on registrations (đăng ký thi đua): the unit's collective title and its people's
lines, submitting (late ones accepted and marked), returning and consolidating, the
commune's deadline. The states and their steps are in TRANSITIONS; each step is recorded
as a RegistrationEvent, which tells the next actor (reporting.services.event_kinds).

Who writes: the unit's reporter for their own unit, and the commune's officer for any of
its units (on the unit's behalf); a consolidated registration is changed by nobody until
the officer returns it.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.scope import scope_of
from awards.models import (
    Awardee,
    AwardForm,
    Registration,
    RegistrationDeadline,
    RegistrationEvent,
    RegistrationLine,
    registrable_titles,
)
from awards.models.registration import submitted_late, title_refused
from awards.services.awardees import awardee_move
from campaigns.excel import clean_text, fold
from campaigns.models import AdministrativeUnit, ParticipatingUnit

Status, Action = Registration.Status, RegistrationEvent.Action
FIRST_YEAR = 2000


def year_open(year: int, today: datetime.date | None = None) -> bool:
    """Registrations are kept from 2000 up to next year (units register early in the year)."""
    return FIRST_YEAR <= year <= (today or timezone.localdate()).year + 1


def may_register(user: User, unit: ParticipatingUnit) -> bool:
    """The unit's own reporter, or the officer of its commune."""
    scope = scope_of(user)
    return (scope.is_officer or scope.is_reporter) and scope.writes_area(unit.admin_unit_id, unit.pk)


def may_consolidate(user: User, admin_unit_id: int) -> bool:
    scope = scope_of(user)
    return scope.is_officer and scope.writes_area(admin_unit_id)


def _require_writer(by: User, unit: ParticipatingUnit) -> None:
    if not may_register(by, unit):
        raise PermissionDenied(_("Chỉ người báo cáo của đơn vị hoặc cán bộ Phòng Văn hóa - Xã hội mới đăng ký được."))


def require_officer(by: User, admin_unit_id: int) -> None:
    if not may_consolidate(by, admin_unit_id):
        raise PermissionDenied(_("Chỉ cán bộ Phòng Văn hóa - Xã hội của xã, phường mới tổng hợp, trả lại đăng ký."))


# The steps: from which states each may start (consolidation only once).
TRANSITIONS = {
    Action.SUBMIT: (Status.DRAFT,),
    Action.RETURN: (Status.SUBMITTED,),
    Action.CONSOLIDATE: (Status.SUBMITTED,),
}
REFUSED = {
    Action.SUBMIT: gettext_lazy("Bản đăng ký đã nộp rồi."),
    Action.RETURN: gettext_lazy("Chỉ trả lại được bản đăng ký đã nộp."),
    Action.CONSOLIDATE: gettext_lazy("Chỉ tổng hợp được bản đăng ký đã nộp và chưa tổng hợp."),
}


def _step_allowed(registration: Registration, action: str) -> bool:
    if registration.status not in TRANSITIONS[action]:
        return False
    return not (action == Action.CONSOLIDATE and registration.is_consolidated)


def _lock(registration: Registration, action: str | None = None) -> Registration:
    """The row again, locked until the transaction ends: two clicks do one step."""
    locked = Registration.objects.select_for_update().select_related("unit__admin_unit").get(pk=registration.pk)
    if action is not None and not _step_allowed(locked, action):
        raise ValidationError(str(REFUSED[action]))
    return locked


def _record(registration: Registration, action: str, by: User, comment: str = "") -> RegistrationEvent:
    return RegistrationEvent.objects.create(
        registration=registration, action=action, by=by, comment=comment, late=registration.is_late
    )


def _editable(*, unit: ParticipatingUnit, year: int, by: User) -> Registration:
    """The unit's registration for the year (a new draft the first time), locked, refused
    once consolidated."""
    _require_writer(by, unit)
    if not year_open(year):
        raise ValidationError(_("Năm %(year)d không nhận đăng ký thi đua.") % {"year": year})
    registration, _created = Registration.objects.get_or_create(unit=unit, year=year)
    registration = _lock(registration)
    if registration.is_consolidated:
        raise ValidationError(
            _(
                "Bản đăng ký đã được tổng hợp nên không sửa được nữa; cần sửa, hãy đề nghị "
                "Phòng Văn hóa - Xã hội trả lại."
            )
        )
    return registration


def _collective_of(unit: ParticipatingUnit) -> Awardee:
    """The unit as a collective awardee: the record with its name, or a new one."""
    found = Awardee.objects.filter(kind=Awardee.Kind.COLLECTIVE, unit=unit, search_key=fold(unit.name)).first()
    if found is not None:
        return found
    awardee = Awardee(kind=Awardee.Kind.COLLECTIVE, admin_unit_id=unit.admin_unit_id, unit=unit, name=unit.name)
    awardee.full_clean()
    awardee.save()
    return awardee


def _check_title(award_form: AwardForm, kind: str, year: int) -> None:
    refused = title_refused(award_form, kind)
    if not refused and not registrable_titles(kind, year).filter(pk=award_form.pk).exists():
        refused = _("Danh hiệu “%(title)s” không còn áp dụng cho năm %(year)d.") % {"title": award_form, "year": year}
    if refused:
        raise ValidationError({"award_form": refused})


@transaction.atomic
def registration_title_set(*, unit: ParticipatingUnit, year: int, title: AwardForm | None, by: User) -> Registration:
    """The collective title the unit aims for (None: none)."""
    registration = _editable(unit=unit, year=year, by=by)
    if title is not None:
        _check_title(title, Awardee.Kind.COLLECTIVE, year)
    registration.collective_title = title
    registration.collective_awardee = _collective_of(unit) if title is not None else None
    registration.full_clean()
    registration.save()
    return registration


def _add_line(registration: Registration, awardee: Awardee, award_form: AwardForm, note: str) -> RegistrationLine:
    if awardee.kind == Awardee.Kind.INDIVIDUAL:
        _check_title(award_form, awardee.kind, registration.year)
    line = RegistrationLine(registration=registration, awardee=awardee, award_form=award_form, note=note.strip())
    line.full_clean()
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError as error:  # the same line added at the same moment elsewhere
        raise ValidationError(_("Người này đã đăng ký danh hiệu này trong bản đăng ký.")) from error
    return line


@transaction.atomic
def registration_line_add(
    *, unit: ParticipatingUnit, year: int, awardee: Awardee, award_form: AwardForm, by: User, note: str = ""
) -> RegistrationLine:
    """One of the unit's people aiming for an individual title."""
    registration = _editable(unit=unit, year=year, by=by)
    return _add_line(registration, awardee, award_form, note)


@transaction.atomic
def registration_lines_add(
    *, unit: ParticipatingUnit, year: int, by: User, items: list[tuple[Awardee, AwardForm, str]]
) -> list[RegistrationLine]:
    """Several of the unit's people, each with a title and a note (an Excel import): all or none."""
    registration = _editable(unit=unit, year=year, by=by)
    return [_add_line(registration, awardee, award_form, note) for awardee, award_form, note in items]


@transaction.atomic
def registration_person_add(
    *,
    unit: ParticipatingUnit,
    year: int,
    by: User,
    name: str,
    award_form: AwardForm,
    date_of_birth: datetime.date | None = None,
    gender: str = "",
    position: str = "",
    national_id: str = "",
    note: str = "",
) -> RegistrationLine:
    """A person not yet in the unit's records, added while registering them (the same
    name and date of birth already there is that person, not a new one)."""
    registration = _editable(unit=unit, year=year, by=by)
    same = Awardee.objects.filter(
        kind=Awardee.Kind.INDIVIDUAL, unit=unit, search_key=fold(clean_text(name)), date_of_birth=date_of_birth
    ).first()
    awardee = same or Awardee(
        kind=Awardee.Kind.INDIVIDUAL,
        admin_unit_id=unit.admin_unit_id,
        unit=unit,
        name=name,
        date_of_birth=date_of_birth,
        gender=gender,
        position=clean_text(position),
        national_id=national_id.strip(),
    )
    if same is None:
        awardee.full_clean()
        awardee.save()
        awardee_move(awardee=awardee, unit=unit, position=awardee.position, on=timezone.localdate())
    return _add_line(registration, awardee, award_form, note)


@transaction.atomic
def registration_line_remove(*, line: RegistrationLine, by: User) -> None:
    registration = line.registration
    _editable(unit=registration.unit, year=registration.year, by=by)
    line.delete()


@transaction.atomic
def registration_submit(*, registration: Registration, by: User) -> Registration:
    """Submit, or submit again after a return. After the deadline it is accepted and marked
    late; lateness is that of the first submission."""
    _require_writer(by, registration.unit)
    registration = _lock(registration, Action.SUBMIT)
    if not registration.collective_title_id and not registration.lines.exists():
        raise ValidationError(_("Hãy chọn danh hiệu tập thể hoặc thêm ít nhất một cá nhân trước khi nộp."))
    now = timezone.now()
    again = registration.first_submitted_at is not None
    if not again:
        registration.first_submitted_at = now
        due = RegistrationDeadline.of(registration.unit.admin_unit).due(registration.year)
        registration.is_late = submitted_late(now, due)
    registration.status, registration.submitted_at, registration.submitted_by = Status.SUBMITTED, now, by
    registration.save()
    _record(registration, Action.RESUBMIT if again else Action.SUBMIT, by)
    return registration


@transaction.atomic
def registration_return(*, registration: Registration, by: User, reason: str) -> Registration:
    """Back to the unit for changes, with the reason (a consolidated one too)."""
    require_officer(by, registration.unit.admin_unit_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.")})
    registration = _lock(registration, Action.RETURN)
    registration.status = Status.DRAFT
    registration.consolidated_at = registration.consolidated_by = None
    registration.save()
    _record(registration, Action.RETURN, by, reason.strip())
    return registration


@transaction.atomic
def registration_consolidate(*, registration: Registration, by: User) -> Registration:
    """Taken into the commune's list: locked for the unit from now on."""
    require_officer(by, registration.unit.admin_unit_id)
    registration = _lock(registration, Action.CONSOLIDATE)
    registration.consolidated_at, registration.consolidated_by = timezone.now(), by
    registration.save()
    _record(registration, Action.CONSOLIDATE, by)
    return registration


@transaction.atomic
def registrations_consolidate_all(*, admin_unit: AdministrativeUnit, year: int, by: User) -> int:
    """ "Tổng hợp": every submitted registration of the commune's units not yet consolidated."""
    require_officer(by, admin_unit.pk)
    waiting = Registration.objects.filter(
        unit__admin_unit=admin_unit, year=year, status=Status.SUBMITTED, consolidated_at__isnull=True
    )
    done = 0
    for registration in waiting.order_by("unit__name", "pk"):
        registration_consolidate(registration=registration, by=by)
        done += 1
    return done


@transaction.atomic
def registration_deadline_set(
    *, admin_unit: AdministrativeUnit, day: int, month: int, offsets: str, by: User
) -> RegistrationDeadline:
    require_officer(by, admin_unit.pk)
    deadline = RegistrationDeadline.of(admin_unit)
    deadline.day, deadline.month, deadline.offsets, deadline.updated_by = day, month, offsets, by
    deadline.full_clean()
    deadline.save()
    return deadline
