"""Registration pages (đăng ký thi đua): a unit's registration for a year (its reporter, or
the commune's officer on its behalf), and the officer's return and consolidation. The
commune's deadline, Excel export and import are in registration_commune; the commune's list
with its chasing is reporting's (reporting.views.registrations), in this namespace.

Scope first (404 outside it), then the role (403), then the state (a message, nothing changed).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.scope import get_for_user, officer_required
from awards import registration_forms as forms
from awards import selectors
from awards.models import Registration, RegistrationDeadline, RegistrationLine
from awards.services import registration as services
from campaigns.models import AdministrativeUnit, ParticipatingUnit

READ_ONLY = gettext_lazy("Vai trò của bạn chỉ được xem bản đăng ký này, không được thay đổi.")
BOARD = "awards:registration_board"


def _unit(request, unit_id: int, year: int) -> ParticipatingUnit:
    if not services.year_open(year):
        raise Http404
    return get_for_user(ParticipatingUnit.objects.select_related("admin_unit"), request.user, unit_id)


def _registration(request, pk: int) -> Registration:
    return get_for_user(Registration.objects.select_related("unit__admin_unit"), request.user, pk)


def _page(request, unit: ParticipatingUnit, year: int, *, status: int = 200, **bound):
    registration = selectors.registration_of(unit, year)
    locked = registration is not None and registration.is_consolidated
    people = selectors.unit_people(request.user, unit)
    context = {
        "unit": unit,
        "year": year,
        "registration": registration,
        "lines": list(registration.lines.all()) if registration else [],
        "events": list(registration.events.all()) if registration else [],
        "due": RegistrationDeadline.of(unit.admin_unit).due(year),
        "today": timezone.localdate(),
        "writes": services.may_register(request.user, unit) and not locked,
        "officer": services.may_consolidate(request.user, unit.admin_unit_id),
        "title_form": bound.get("title_form")
        or forms.TitleForm(year=year, initial={"collective_title": getattr(registration, "collective_title", None)}),
        "line_form": bound.get("line_form") or forms.LineForm(year=year, people=people),
        "person_form": bound.get("person_form") or forms.PersonForm(year=year),
        "return_form": bound.get("return_form") or forms.ReturnForm(),
    }
    return render(request, "awards/registration_unit.html", context, status=status)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _write(request, unit: ParticipatingUnit, year: int, form, key: str, save, done: str):
    """Validate `form`, call `save(cleaned_data)`, back to the page; else the page again with
    the form as typed and its errors."""
    if not services.may_register(request.user, unit):
        raise PermissionDenied(READ_ONLY)
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("awards:registration_unit", year=year, unit_id=unit.pk)
    return _page(request, unit, year, status=400, **{key: form})


@login_required
@require_GET
def registration_unit(request, year: int, unit_id: int):
    return _page(request, _unit(request, unit_id, year), year)


@login_required
@require_POST
def registration_title(request, year: int, unit_id: int):
    unit = _unit(request, unit_id, year)
    form = forms.TitleForm(request.POST, year=year)

    def save(data):
        services.registration_title_set(unit=unit, year=year, title=data["collective_title"], by=request.user)

    return _write(request, unit, year, form, "title_form", save, _("Đã lưu danh hiệu tập thể đăng ký."))


@login_required
@require_POST
def registration_line_add(request, year: int, unit_id: int):
    unit = _unit(request, unit_id, year)
    form = forms.LineForm(request.POST, year=year, people=selectors.unit_people(request.user, unit))

    def save(data):
        services.registration_line_add(unit=unit, year=year, by=request.user, **data)

    return _write(request, unit, year, form, "line_form", save, _("Đã thêm cá nhân đăng ký."))


@login_required
@require_POST
def registration_person_add(request, year: int, unit_id: int):
    unit = _unit(request, unit_id, year)
    form = forms.PersonForm(request.POST, year=year)

    def save(data):
        services.registration_person_add(unit=unit, year=year, by=request.user, **data)

    return _write(request, unit, year, form, "person_form", save, _("Đã thêm người mới và đăng ký danh hiệu."))


@login_required
@require_POST
def registration_line_remove(request, pk: int):
    line = get_for_user(RegistrationLine.objects.select_related("registration__unit__admin_unit"), request.user, pk)
    registration = line.registration
    try:
        services.registration_line_remove(line=line, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã bỏ %(name)s khỏi bản đăng ký.") % {"name": line.awardee.name})
    return redirect(registration)


def _step(request, pk: int, step, done: str, **kwargs):
    registration = _registration(request, pk)
    try:
        step(registration=registration, by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(registration)


@login_required
@require_POST
def registration_submit(request, pk: int):
    return _step(request, pk, services.registration_submit, _("Đã nộp bản đăng ký thi đua."))


@login_required
@require_POST
def registration_return(request, pk: int):
    registration = _registration(request, pk)
    if not services.may_consolidate(request.user, registration.unit.admin_unit_id):
        raise PermissionDenied(READ_ONLY)
    form = forms.ReturnForm(request.POST)
    if not form.is_valid():
        return _page(request, registration.unit, registration.year, status=400, return_form=form)
    done = _("Đã trả lại bản đăng ký cho đơn vị.")
    return _step(request, pk, services.registration_return, done, reason=form.cleaned_data["reason"])


@login_required
@require_POST
def registration_consolidate(request, pk: int):
    return _step(request, pk, services.registration_consolidate, _("Đã tổng hợp bản đăng ký."))


@officer_required
@require_POST
def registration_consolidate_all(request, commune_id: int):
    commune = get_for_user(AdministrativeUnit.objects.all(), request.user, commune_id)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        raise Http404 from None
    if not services.year_open(year):
        raise Http404
    count = services.registrations_consolidate_all(admin_unit=commune, year=year, by=request.user)
    messages.success(request, _("Đã tổng hợp %(count)d bản đăng ký.") % {"count": count})
    return redirect(f"{reverse(BOARD)}?year={year}")
