"""The board: where each active unit stands against that year's deadline (Asia/Ho_Chi_Minh)."""

import datetime

import pytest

from campaigns.models import ParticipatingUnit
from reporting.selectors import board as selectors
from reporting.selectors import home
from reporting.services import reports as services

from .conftest import save_complete, submitted

pytestmark = pytest.mark.django_db


def unit(name):
    return ParticipatingUnit.objects.get(name=name)


@pytest.fixture
def december(plan_co_le, school, unit_reporter, commune_officer, time_machine):
    """Cổ Lễ (deadline 10/12): the school on time at 23:30 on the 10th, the enterprise at
    00:30 on the 11th (still the 10th in UTC, but late in Viet Nam), the Front drafting,
    the village returned; the Youth Union and the Economic Office have nothing."""
    time_machine.move_to("2026-12-10 23:30 +07:00", tick=False)
    submitted(plan_co_le, 2026, school, unit_reporter)
    village = submitted(plan_co_le, 2026, unit("Thôn Trung Lễ"), commune_officer)
    time_machine.move_to("2026-12-11 00:30 +07:00", tick=False)
    submitted(plan_co_le, 2026, unit("Công ty TNHH May mặc Cổ Lễ"), commune_officer)
    save_complete(plan_co_le, 2026, unit("Ủy ban Mặt trận Tổ quốc Việt Nam xã Cổ Lễ"), commune_officer)
    services.report_return(report=village, by=commune_officer, reason="Thiếu minh chứng", version=village.version)
    time_machine.move_to("2026-12-15 09:00 +07:00", tick=False)


def by_unit(board):
    return {row.unit.name: row for row in board["rows"]}


def test_on_time_late_missing_and_returned(december, plan_co_le, commune_officer):
    board = selectors.report_board(plan=plan_co_le, year=2026, user=commune_officer)
    assert board["due"] == datetime.date(2026, 12, 10)
    assert board["counts"] == {
        "total": 6,
        "on_time": 1,
        "late": 1,
        "submitted": 2,
        "returned": 1,
        "missing": 3,
        "draft": 1,
    }
    rows = by_unit(board)
    school = rows["Trường Trung học cơ sở Cổ Lễ"]
    assert (school.status, school.submitted_on, school.days_late) == ("on_time", datetime.date(2026, 12, 10), None)
    late = rows["Công ty TNHH May mặc Cổ Lễ"]
    assert (late.status, late.submitted_on, late.days_late) == ("late", datetime.date(2026, 12, 11), 1)
    assert rows["Thôn Trung Lễ"].status == "returned"
    assert rows["Ủy ban Mặt trận Tổ quốc Việt Nam xã Cổ Lễ"].status == "draft"
    missing = rows["Phòng Kinh tế xã Cổ Lễ"]
    assert (missing.status, missing.report, missing.days_late) == ("missing", None, 5)


def test_before_the_deadline_nobody_is_overdue(plan_co_le, commune_officer, time_machine):
    time_machine.move_to("2026-12-10 08:00 +07:00", tick=False)
    board = selectors.report_board(plan=plan_co_le, year=2026, user=commune_officer)
    assert board["days_left"] == 0
    assert {row.days_late for row in board["rows"]} == {None}
    assert board["counts"]["missing"] == 6


def test_resubmission_after_a_return_keeps_the_first_date(
    plan_co_le, school, unit_reporter, commune_officer, time_machine
):
    time_machine.move_to("2026-12-09 10:00 +07:00", tick=False)
    report = submitted(plan_co_le, 2026, school, unit_reporter)
    time_machine.move_to("2026-12-12 10:00 +07:00", tick=False)
    services.report_return(report=report, by=commune_officer, reason="Bổ sung", version=report.version)
    report = save_complete(plan_co_le, 2026, school, unit_reporter, text="Bổ sung")
    services.report_submit(report=report, by=unit_reporter, version=report.version)
    row = by_unit(selectors.report_board(plan=plan_co_le, year=2026, user=commune_officer))[school.name]
    assert (row.status, row.submitted_on, row.resubmitted_on) == (
        "on_time",
        datetime.date(2026, 12, 9),
        datetime.date(2026, 12, 12),
    )


def test_inactive_units_are_left_out(plan_co_le, commune_officer):
    ParticipatingUnit.objects.filter(name="Thôn Trung Lễ").update(is_active=False)
    board = selectors.report_board(plan=plan_co_le, year=2026, user=commune_officer)
    assert "Thôn Trung Lễ" not in by_unit(board) and board["counts"]["total"] == 5


def test_plan_without_deadline_shows_submitted_without_timeliness(plan_xuan_truong, neighbour_officer, time_machine):
    time_machine.move_to("2026-12-20 10:00 +07:00", tick=False)
    office = unit("Phòng Kinh tế xã Xuân Trường")
    submitted(plan_xuan_truong, 2026, office, neighbour_officer)
    board = selectors.report_board(plan=plan_xuan_truong, year=2026, user=neighbour_officer)
    assert board["due"] is None
    assert by_unit(board)[office.name].status == "submitted"
    assert board["counts"]["submitted"] == 1 and board["counts"]["on_time"] == board["counts"]["late"] == 0
    assert {row.days_late for row in board["rows"]} == {None}


def test_vinh_bao_deadline_is_the_fifth(plan_vinh_bao, django_user_model, time_machine):
    time_machine.move_to("2026-12-06 10:00 +07:00", tick=False)
    officer = django_user_model.objects.get(username="vinhbao")
    office = unit("Phòng Kinh tế xã Vĩnh Bảo")
    submitted(plan_vinh_bao, 2026, office, officer)
    board = selectors.report_board(plan=plan_vinh_bao, year=2026, user=officer)
    assert board["due"] == datetime.date(2026, 12, 5)
    assert (by_unit(board)[office.name].status, by_unit(board)[office.name].days_late) == ("late", 1)


def test_default_plan_is_the_communes_issued_plan_covering_the_year(
    commune_officer, plan_co_le, plan_xuan_truong, neighbour_officer
):
    assert selectors.default_plan(commune_officer, 2026) == plan_co_le
    assert selectors.default_plan(neighbour_officer, 2026) == plan_xuan_truong
    # Xuân Trường's plan starts in 2026: for 2025 there is none covering it, the latest is offered.
    assert selectors.default_plan(neighbour_officer, 2025) == plan_xuan_truong


def test_home_summary_for_officer_and_reporter(december, commune_officer, unit_reporter):
    officer = home.home_summary(commune_officer, 2026)
    assert officer["kind"] == "officer"
    assert officer["counts"]["submitted"] == 2 and officer["counts"]["missing"] == 3
    assert officer["days_left"] == -5
    reporter = home.home_summary(unit_reporter, 2026)
    [row] = reporter["rows"]
    assert (reporter["kind"], row["status"]) == ("reporter", "on_time")


def test_board_queries_do_not_grow_with_units(december, plan_co_le, commune_officer, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        selectors.report_board(plan=plan_co_le, year=2026, user=commune_officer)
