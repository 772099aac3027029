"""Helpers of the registration tests (đăng ký thi đua). The demo holds Cổ Lễ's 2026
registrations, so these tests register for 2027, which nothing else has touched."""

import datetime

from accounts.models import User
from awards.models import Awardee, AwardForm, Registration
from awards.services import registration as services
from campaigns.models import ParticipatingUnit

YEAR = 2027
DUE = datetime.date(2027, 3, 31)


def title(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


def person(unit: ParticipatingUnit, name: str = "Phạm Văn Thắng") -> Awardee:
    """An individual of the unit (the demo's teacher of the school, or one made here)."""
    found = Awardee.objects.filter(unit=unit, kind=Awardee.Kind.INDIVIDUAL, name=name).first()
    return found or Awardee.objects.create(
        kind=Awardee.Kind.INDIVIDUAL,
        admin_unit=unit.admin_unit,
        unit=unit,
        name=name,
        date_of_birth=datetime.date(1980, 1, 1),
    )


def registered(unit: ParticipatingUnit, by: User, *, submit: bool = True, year: int = YEAR) -> Registration:
    """The unit aiming for TTLĐTT with one person for LĐTT; submitted unless `submit=False`."""
    registration = services.registration_title_set(
        unit=unit, year=year, title=title("tap_the_lao_dong_tien_tien"), by=by
    )
    services.registration_line_add(
        unit=unit, year=year, awardee=person(unit), award_form=title("lao_dong_tien_tien"), by=by
    )
    if submit:
        registration = services.registration_submit(registration=registration, by=by)
    return Registration.objects.get(pk=registration.pk)
