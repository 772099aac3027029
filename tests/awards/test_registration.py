"""Registration (đăng ký thi đua): what a line may hold, the steps (late accepted and marked,
edits until consolidated, return with a reason), who may write, the deadline as data, and
the (awardee, award_form) pairs the evaluation starts from."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.models import Awardee, Registration, RegistrationDeadline, RegistrationEvent, RegistrationLine
from awards.selectors import registered_candidates
from awards.services import registration as services
from campaigns.models import AdministrativeUnit, ParticipatingUnit
from tests.awards.registration_helpers import YEAR, person, registered, title

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_le(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(name="Cổ Lễ")


@pytest.fixture
def village(db) -> ParticipatingUnit:
    return ParticipatingUnit.objects.get(name="Thôn Trung Lễ")


# --- What a registration may hold -------------------------------------------------------------


def test_a_collective_title_for_a_person_is_refused_in_vietnamese(school, unit_reporter):
    with pytest.raises(ValidationError) as refused:
        services.registration_line_add(
            unit=school,
            year=YEAR,
            awardee=person(school),
            award_form=title("tap_the_lao_dong_tien_tien"),
            by=unit_reporter,
        )
    assert "dành cho tập thể, không đăng ký cho cá nhân được" in " ".join(refused.value.messages)
    assert not RegistrationLine.objects.filter(registration__unit=school, registration__year=YEAR).exists()


def test_an_individual_title_as_the_units_aim_is_refused(school, unit_reporter):
    with pytest.raises(ValidationError) as refused:
        services.registration_title_set(unit=school, year=YEAR, title=title("lao_dong_tien_tien"), by=unit_reporter)
    assert "dành cho cá nhân, không đăng ký cho tập thể được" in " ".join(refused.value.messages)


def test_a_form_for_everyone_is_not_a_title_to_register(school, unit_reporter, giay_khen):
    with pytest.raises(ValidationError) as refused:
        services.registration_line_add(
            unit=school, year=YEAR, awardee=person(school), award_form=giay_khen, by=unit_reporter
        )
    assert "không phải danh hiệu thi đua để đăng ký" in " ".join(refused.value.messages)


def test_one_line_per_person_and_title(school, unit_reporter):
    thang = person(school)
    services.registration_line_add(
        unit=school, year=YEAR, awardee=thang, award_form=title("lao_dong_tien_tien"), by=unit_reporter
    )
    with pytest.raises(ValidationError) as refused:
        services.registration_line_add(
            unit=school, year=YEAR, awardee=thang, award_form=title("lao_dong_tien_tien"), by=unit_reporter
        )
    assert "đã đăng ký danh hiệu này" in " ".join(refused.value.messages)
    # The same person may aim for CSTĐCS as well (it needs LĐTT the same year).
    services.registration_line_add(
        unit=school, year=YEAR, awardee=thang, award_form=title("chien_si_thi_dua_co_so"), by=unit_reporter
    )
    assert RegistrationLine.objects.filter(awardee=thang, registration__year=YEAR).count() == 2


def test_a_person_of_another_unit_is_refused(school, economic_office, unit_reporter):
    huong = Awardee.objects.get(name="Nguyễn Thị Hương")
    assert huong.unit == economic_office
    with pytest.raises(ValidationError) as refused:
        services.registration_line_add(
            unit=school, year=YEAR, awardee=huong, award_form=title("lao_dong_tien_tien"), by=unit_reporter
        )
    assert "không phải cá nhân của Trường Trung học cơ sở Cổ Lễ" in " ".join(refused.value.messages)


def test_a_person_added_inline_becomes_a_record_of_the_unit_and_is_not_doubled(school, unit_reporter):
    data = {"name": "Lê  Thị   Lan", "date_of_birth": datetime.date(1992, 5, 17), "position": "Giáo viên"}
    line = services.registration_person_add(
        unit=school, year=YEAR, by=unit_reporter, award_form=title("lao_dong_tien_tien"), **data
    )
    lan = line.awardee
    assert (lan.name, lan.unit, lan.kind, lan.postings.get().unit) == ("Lê Thị Lan", school, "individual", school)
    again = services.registration_person_add(
        unit=school, year=YEAR, by=unit_reporter, award_form=title("chien_si_thi_dua_co_so"), **data
    )
    assert again.awardee == lan
    assert Awardee.objects.filter(unit=school, name="Lê Thị Lan").count() == 1


# --- The steps ----------------------------------------------------------------------------------


def test_submitted_before_the_deadline_is_on_time(time_machine, school, unit_reporter, commune_officer):
    time_machine.move_to("2027-03-31 23:30 +07:00", tick=False)  # the last evening, local time
    registration = registered(school, unit_reporter)
    assert registration.status == Registration.Status.SUBMITTED and not registration.is_late
    event = registration.events.get()
    assert (event.action, event.by, event.late) == (RegistrationEvent.Action.SUBMIT, unit_reporter, False)


def test_submitted_after_the_deadline_is_accepted_and_marked_late(time_machine, school, unit_reporter):
    time_machine.move_to("2027-04-01 08:00 +07:00", tick=False)
    registration = registered(school, unit_reporter)
    assert registration.is_submitted and registration.is_late
    assert registration.events.get().late


def test_lateness_is_that_of_the_first_submission(time_machine, school, unit_reporter, commune_officer):
    time_machine.move_to("2027-03-20 08:00 +07:00", tick=False)
    registration = registered(school, unit_reporter)
    time_machine.move_to("2027-04-10 08:00 +07:00", tick=False)
    registration = services.registration_return(registration=registration, by=commune_officer, reason="Thiếu người")
    assert registration.is_returned
    registration = services.registration_submit(registration=registration, by=unit_reporter)
    assert registration.is_submitted and not registration.is_late
    actions = list(registration.events.values_list("action", flat=True))
    assert actions == ["submit", "return", "resubmit"]


def test_a_commune_deadline_set_as_data_moves_lateness(time_machine, school, unit_reporter, commune_officer, co_le):
    services.registration_deadline_set(admin_unit=co_le, day=15, month=4, offsets="7, 1", by=commune_officer)
    time_machine.move_to("2027-04-10 08:00 +07:00", tick=False)
    assert not registered(school, unit_reporter).is_late


def test_an_empty_registration_cannot_be_submitted(school, unit_reporter):
    registration = services.registration_title_set(unit=school, year=YEAR, title=None, by=unit_reporter)
    with pytest.raises(ValidationError) as refused:
        services.registration_submit(registration=registration, by=unit_reporter)
    assert "Hãy chọn danh hiệu tập thể hoặc thêm ít nhất một cá nhân" in refused.value.messages[0]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.DRAFT


def test_submitted_is_still_editable_until_consolidated(school, unit_reporter, commune_officer):
    registration = registered(school, unit_reporter)
    line = services.registration_person_add(
        unit=school, year=YEAR, by=unit_reporter, name="Vũ Văn Hải", award_form=title("lao_dong_tien_tien")
    )
    services.registration_consolidate(registration=registration, by=commune_officer)
    with pytest.raises(ValidationError) as locked:
        services.registration_line_remove(line=line, by=unit_reporter)
    assert "đã được tổng hợp" in locked.value.messages[0]
    with pytest.raises(ValidationError):
        services.registration_title_set(unit=school, year=YEAR, title=None, by=commune_officer)
    with pytest.raises(ValidationError):  # consolidated once
        services.registration_consolidate(registration=registration, by=commune_officer)
    assert RegistrationLine.objects.filter(pk=line.pk).exists()


def test_a_return_needs_a_reason_and_unlocks_a_consolidated_registration(school, unit_reporter, commune_officer):
    registration = services.registration_consolidate(registration=registered(school, unit_reporter), by=commune_officer)
    with pytest.raises(ValidationError) as refused:
        services.registration_return(registration=registration, by=commune_officer, reason="  ")
    assert "Hãy ghi lý do trả lại" in " ".join(refused.value.messages)
    registration = services.registration_return(registration=registration, by=commune_officer, reason="Sai tên")
    assert not registration.is_consolidated and registration.status == Registration.Status.DRAFT
    services.registration_title_set(unit=school, year=YEAR, title=None, by=unit_reporter)  # editable again
    assert registration.events.last().comment == "Sai tên"


def test_only_the_units_reporter_and_the_commune_officer_write(
    school, unit_reporter, other_unit_reporter, commune_viewer, neighbour_officer, commune_officer
):
    for outsider in (other_unit_reporter, commune_viewer, neighbour_officer):
        with pytest.raises(PermissionDenied):
            services.registration_title_set(unit=school, year=YEAR, title=None, by=outsider)
    registration = registered(school, commune_officer)  # on the unit's behalf
    assert registration.submitted_by == commune_officer
    with pytest.raises(PermissionDenied):
        services.registration_consolidate(registration=registration, by=unit_reporter)
    with pytest.raises(PermissionDenied):
        services.registration_return(registration=registration, by=neighbour_officer, reason="Không phải xã mình")


def test_consolidate_all_takes_the_submitted_only(co_le, school, economic_office, village, commune_officer):
    registered(school, commune_officer)
    registered(economic_office, commune_officer)
    registered(village, commune_officer, submit=False)
    assert services.registrations_consolidate_all(admin_unit=co_le, year=YEAR, by=commune_officer) == 2
    assert services.registrations_consolidate_all(admin_unit=co_le, year=YEAR, by=commune_officer) == 0
    assert not Registration.objects.get(unit=village, year=YEAR).is_consolidated


def test_a_year_far_away_is_refused(school, unit_reporter):
    with pytest.raises(ValidationError):
        services.registration_title_set(unit=school, year=2035, title=None, by=unit_reporter)


# --- The deadline ------------------------------------------------------------------------------


def test_the_deadline_is_31_march_unless_the_commune_sets_another(co_le, commune_officer):
    RegistrationDeadline.objects.filter(admin_unit=co_le).delete()
    co_le = AdministrativeUnit.objects.get(pk=co_le.pk)
    default = RegistrationDeadline.of(co_le)
    assert (default.pk, default.due(2027), default.offset_list) == (None, datetime.date(2027, 3, 31), [14, 7, 1])
    with pytest.raises(ValidationError) as refused:
        services.registration_deadline_set(admin_unit=co_le, day=31, month=2, offsets="7", by=commune_officer)
    assert "Ngày 31/02 không có trong mọi năm" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        services.registration_deadline_set(admin_unit=co_le, day=15, month=3, offsets="một tuần", by=commune_officer)
    saved = services.registration_deadline_set(admin_unit=co_le, day=15, month=3, offsets="1,7 ,3", by=commune_officer)
    assert (saved.day_month, saved.offsets, saved.updated_by) == ("15/03", "7, 3, 1", commune_officer)


# --- What the evaluation starts from ---------------------------------------------------------------


def test_registered_candidates_are_the_submitted_titles_of_the_year(
    co_le, school, economic_office, village, commune_officer
):
    registered(school, commune_officer)
    registered(economic_office, commune_officer)
    registered(village, commune_officer, submit=False)  # a draft is not a registration yet
    pairs = {(awardee.name, form.code) for awardee, form in registered_candidates(admin_unit=co_le, year=YEAR)}
    assert pairs == {
        ("Trường Trung học cơ sở Cổ Lễ", "tap_the_lao_dong_tien_tien"),
        ("Phạm Văn Thắng", "lao_dong_tien_tien"),
        ("Phòng Kinh tế xã Cổ Lễ", "tap_the_lao_dong_tien_tien"),
        ("Phạm Văn Thắng", "lao_dong_tien_tien"),
    }
    kinds = {awardee.kind for awardee, _form in registered_candidates(admin_unit=co_le, year=YEAR)}
    assert kinds == {"collective", "individual"}
    collective = next(a for a, f in registered_candidates(admin_unit=co_le, year=YEAR) if a.unit == school)
    assert collective.kind == "collective"
    assert registered_candidates(admin_unit=co_le, year=YEAR, consolidated_only=True) == []
    services.registrations_consolidate_all(admin_unit=co_le, year=YEAR, by=commune_officer)
    assert len(registered_candidates(admin_unit=co_le, year=YEAR, consolidated_only=True)) == 4


def test_registered_candidates_of_the_demo_year(co_le, neighbour_officer):
    """The demo's 2026: four units submitted (one late), the company's draft left out."""
    pairs = registered_candidates(admin_unit=co_le, year=2026)
    names = {awardee.name for awardee, _form in pairs}
    assert "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Cổ Lễ" in names and "Đặng Thu Trang" in names
    assert "Hoàng Thị Mai" not in names and "Trường Trung học cơ sở Cổ Lễ" not in names
    assert registered_candidates(admin_unit=co_le, year=2026, user=neighbour_officer) == []
