"""Chasing from the board: "Nhắc ngay" goes through the reminder log, once a day per unit."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import ParticipatingUnit
from reporting.models import Reminder
from reporting.tasks import send_due_reminders

from .conftest import submitted

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def december(time_machine, plan_co_le, school, unit_reporter):
    """Cổ Lễ (deadline 10/12) on 2 December at 15:00: the school has reported, the others not."""
    time_machine.move_to("2026-12-02 15:00 +07:00", tick=False)
    submitted(plan_co_le, YEAR, school, unit_reporter)
    mail.outbox.clear()
    return time_machine


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def run(user, **data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("reporting:board_remind"), data)

    return run


def missing_emails(plan) -> set[str]:
    units = ParticipatingUnit.objects.filter(admin_unit=plan.issuer, is_active=True).exclude(
        annual_reports__status="submitted"
    )
    return {u.email for u in units if u.email}


def test_remind_all_missing_sends_once_and_not_again(december, post, plan_co_le, commune_officer, school):
    response = post(commune_officer, plan=plan_co_le.pk, year=YEAR)
    assert response.status_code == 302
    sent = {m.to[0] for m in mail.outbox}
    assert sent >= missing_emails(plan_co_le) and school.email not in sent
    assert Reminder.objects.filter(requested_by=commune_officer).exists()
    count = len(mail.outbox)
    post(commune_officer, plan=plan_co_le.pk, year=YEAR)  # a second click
    assert len(mail.outbox) == count
    december.move_to("2026-12-03 07:00 +07:00", tick=False)  # 7 days before: a scheduled day
    send_due_reminders()
    assert len(mail.outbox) == count


def test_remind_one_unit(december, post, plan_co_le, commune_officer):
    village = ParticipatingUnit.objects.get(name="Thôn Trung Lễ")
    post(commune_officer, plan=plan_co_le.pk, year=YEAR, unit=village.pk)
    assert {m.to[0] for m in mail.outbox} <= {village.email} | set(village.reporters.values_list("email", flat=True))
    assert mail.outbox


def test_board_shows_contacts_last_reminded_and_units_without_email(
    december, post, client, plan_co_le, commune_officer
):
    village = ParticipatingUnit.objects.get(name="Thôn Trung Lễ")
    silent = ParticipatingUnit.objects.get(name="Phòng Kinh tế xã Cổ Lễ")
    silent.email = ""
    silent.save()
    post(commune_officer, plan=plan_co_le.pk, year=YEAR, unit=village.pk)
    page = client.get(reverse("reporting:board"), {"plan": plan_co_le.pk, "year": YEAR})
    rows = {row.unit.pk: row for row in page.context["rows"]}
    assert rows[village.pk].last_reminded is not None and rows[silent.pk].has_email is False
    html = page.content.decode()
    assert "02/12/2026 15:00" in html and "chưa có thư điện tử" in html and 'data-testid="remind-all"' in html
    assert village.email in html
    # Every row's "Nhắc ngay" posts the one form of the board with its own unit.
    assert 'id="remind-one"' in html and 'class="d-inline"' not in html  # no form per row
    assert f'form="remind-one" name="unit" value="{village.pk}"' in html


def test_remind_needs_an_officer_of_the_commune(december, client, plan_co_le, commune_viewer, outsider):
    data = {"plan": plan_co_le.pk, "year": YEAR}
    assert client.post(reverse("reporting:board_remind"), data).status_code == 302  # login
    client.force_login(commune_viewer)
    assert client.post(reverse("reporting:board_remind"), data).status_code == 403
    client.force_login(outsider)
    assert client.post(reverse("reporting:board_remind"), data).status_code == 404
    assert mail.outbox == []


def test_missing_units_export_to_excel(december, client, plan_co_le, commune_officer, school):
    client.force_login(commune_officer)
    response = client.get(reverse("reporting:board_missing_export"), {"plan": plan_co_le.pk, "year": YEAR})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Thôn Trung Lễ" in names and school.name not in names


def test_missing_export_refuses_others(december, client, plan_co_le, commune_viewer, outsider):
    url, data = reverse("reporting:board_missing_export"), {"plan": plan_co_le.pk, "year": YEAR}
    assert client.get(url, data).status_code == 302
    client.force_login(commune_viewer)
    assert client.get(url, data).status_code == 403
    client.force_login(outsider)
    assert client.get(url, data).status_code == 404


@pytest.mark.parametrize("data", [{"plan": "abc"}, {"plan": "", "year": "2026"}, {"year": "99999"}, {"year": "0"}])
def test_odd_plan_or_year_is_no_such_board_not_an_error(december, client, plan_co_le, commune_officer, data):
    client.force_login(commune_officer)
    data = {"plan": plan_co_le.pk, **data}
    assert client.get(reverse("reporting:board_missing_export"), data).status_code == 404
    assert client.post(reverse("reporting:board_remind"), data).status_code == 404
