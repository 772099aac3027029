"""The registration part of the demo data (load_demo): xã Cổ Lễ's 2026 registrations
(đăng ký thi đua), entered by its officer on the units' behalf as an office copies the paper
forms: four units registered on time, the Youth Union late (after 31/03), the garment company
still a draft, and the lower secondary school not registered yet (its reporter, donvi.cole,
can do it). Idempotent: a unit that already has its 2026 registration is left alone."""

import datetime

from django.utils import timezone

from accounts.models import User
from awards.models import Awardee, AwardForm, Registration, RegistrationDeadline, RegistrationEvent
from awards.models.registration import submitted_late
from awards.services import registration as services
from campaigns.models import ParticipatingUnit

YEAR = 2026
# unit, collective title, [(person, date of birth, gender, position, title)], submitted on (None: draft)
UNITS = [
    (
        "Phòng Kinh tế xã Cổ Lễ",
        "tap_the_lao_dong_tien_tien",
        [
            ("Nguyễn Thị Hương", datetime.date(1990, 9, 2), "female", "Công chức", "chien_si_thi_dua_co_so"),
            ("Lê Văn Minh", datetime.date(1987, 1, 20), "male", "Công chức", "lao_dong_tien_tien"),
        ],
        datetime.date(2026, 3, 18),
    ),
    (
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã Cổ Lễ",
        "tap_the_lao_dong_tien_tien",
        [("Trần Văn Bình", datetime.date(1975, 6, 11), "male", "Phó Chủ tịch", "lao_dong_tien_tien")],
        datetime.date(2026, 3, 25),
    ),
    ("Thôn Trung Lễ", "thon_van_hoa", [], datetime.date(2026, 3, 27)),
    (
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Cổ Lễ",
        "tap_the_lao_dong_tien_tien",
        [
            ("Nguyễn Minh Tuấn", datetime.date(1994, 11, 3), "male", "Bí thư Đoàn xã", "chien_si_thi_dua_co_so"),
            ("Đặng Thu Trang", datetime.date(1998, 2, 14), "female", "Phó Bí thư Đoàn xã", "lao_dong_tien_tien"),
        ],
        datetime.date(2026, 4, 6),  # after 31/03: accepted and marked late
    ),
    (
        "Công ty TNHH May mặc Cổ Lễ",
        "tap_the_lao_dong_tien_tien",
        [("Hoàng Thị Mai", datetime.date(1985, 8, 30), "female", "Giám đốc", "lao_dong_tien_tien")],
        None,
    ),
]


def _backdate(registration: Registration, day: datetime.date) -> None:
    """As if submitted at 09:00 that day: the demo's dates, not the day it was loaded."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    due = RegistrationDeadline.of(registration.unit.admin_unit).due(registration.year)
    Registration.objects.filter(pk=registration.pk).update(
        first_submitted_at=at, submitted_at=at, is_late=submitted_late(at, due)
    )
    RegistrationEvent.objects.filter(registration=registration).update(at=at, late=submitted_late(at, due))


def load_registration_demo(sender=None, log=print, **kwargs) -> dict[str, int]:
    officer = User.objects.filter(username="cole").first()
    if officer is None:
        return {}
    RegistrationDeadline.objects.get_or_create(admin_unit=officer.admin_unit)
    made = 0
    for unit_name, title, people, submitted_on in UNITS:
        unit = ParticipatingUnit.objects.filter(admin_unit=officer.admin_unit, name=unit_name).first()
        if unit is None or Registration.objects.filter(unit=unit, year=YEAR).exists():
            continue
        registration = services.registration_title_set(
            unit=unit, year=YEAR, title=AwardForm.objects.get(code=title), by=officer
        )
        for name, born, gender, position, code in people:
            known = Awardee.objects.filter(unit=unit, kind=Awardee.Kind.INDIVIDUAL, name=name).first()
            if known:
                services.registration_line_add(
                    unit=unit, year=YEAR, awardee=known, award_form=AwardForm.objects.get(code=code), by=officer
                )
            else:
                services.registration_person_add(
                    unit=unit,
                    year=YEAR,
                    by=officer,
                    name=name,
                    date_of_birth=born,
                    gender=gender,
                    position=position,
                    award_form=AwardForm.objects.get(code=code),
                )
        if submitted_on:
            services.registration_submit(registration=registration, by=officer)
            _backdate(registration, submitted_on)
        made += 1
    if made:
        log(f"  + Đăng ký thi đua năm {YEAR} của xã Cổ Lễ: {made} đơn vị")
    return {"registrations": made}
