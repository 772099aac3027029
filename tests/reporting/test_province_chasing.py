"""Chasing communes from the province dashboard: "Nhắc ngay" for one commune or every commune
still missing its report to the province, through the same reminder log as the 07:00 job
(once a day), the communes' contacts and when they were last reminded, communes with no
e-mail flagged, the missing list to Excel and print."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from reporting.models import Reminder
from reporting.tasks import send_due_reminders
from tests.reporting import test_province_helpers as helpers
from tests.reporting.test_province_helpers import submit

co_le = helpers.co_le
xuan_truong = helpers.xuan_truong
province_plan = helpers.province_plan
province_viewer = helpers.province_viewer
nghe_an_reviewer = helpers.nghe_an_reviewer

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def december(time_machine, province_plan):
    """2 December 2026, 15:00: the communes' report to the province is due on 15/12."""
    time_machine.move_to("2026-12-02 15:00 +07:00", tick=False)
    mail.outbox.clear()
    return time_machine


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def run(user, **data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("reporting:province_remind"), data)

    return run


def officer_emails(commune) -> set[str]:
    return set(
        User.objects.filter(admin_unit=commune, role=User.Role.OFFICER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def test_remind_all_missing_communes_once_and_not_again(
    december, post, province_plan, province_reviewer, co_le, xuan_truong, neighbour_officer
):
    submit(province_plan, YEAR, xuan_truong, neighbour_officer)  # Xuân Trường has sent its report
    mail.outbox.clear()
    response = post(province_reviewer, plan=province_plan.pk, year=YEAR)
    assert response.status_code == 302 and response.url.startswith(reverse("reporting:province_dashboard"))
    sent = {m.to[0] for m in mail.outbox}
    assert officer_emails(co_le) and officer_emails(co_le) <= sent
    assert not sent & officer_emails(xuan_truong)
    assert Reminder.objects.filter(requested_by=province_reviewer, deadline__plan=province_plan).exists()
    count = len(mail.outbox)
    post(province_reviewer, plan=province_plan.pk, year=YEAR)  # a second click the same day
    assert len(mail.outbox) == count
    december.move_to("2026-12-08 07:00 +07:00", tick=False)  # 7 days before 15/12: a scheduled day
    send_due_reminders()
    assert not {m.to[0] for m in mail.outbox[count:]} & officer_emails(co_le)


def test_remind_one_commune(december, post, province_plan, province_reviewer, co_le, xuan_truong):
    post(province_reviewer, plan=province_plan.pk, year=YEAR, commune=xuan_truong.pk)
    sent = {m.to[0] for m in mail.outbox}
    assert sent and sent <= officer_emails(xuan_truong) | {xuan_truong.email}
    assert not sent & officer_emails(co_le)


def test_dashboard_shows_contacts_last_reminded_and_communes_without_email(
    december, post, client, province_plan, province_reviewer, co_le, xuan_truong
):
    User.objects.filter(admin_unit=xuan_truong).update(email="")
    type(xuan_truong).objects.filter(pk=xuan_truong.pk).update(email="")
    post(province_reviewer, plan=province_plan.pk, year=YEAR, commune=co_le.pk)
    page = client.get(reverse("reporting:province_dashboard"), {"plan": province_plan.pk, "year": YEAR})
    chase = page.context["chase"]
    assert chase[co_le.pk].last_reminded is not None and chase[co_le.pk].has_email
    assert chase[xuan_truong.pk].has_email is False
    html = page.content.decode()
    assert "02/12/2026 15:00" in html and 'data-testid="commune-no-email"' in html
    assert 'data-testid="province-remind-all"' in html and 'data-testid="commune-remind"' in html
    assert 'data-testid="province-missing-export"' in html and 'data-testid="print-dashboard"' in html
    assert next(iter(officer_emails(co_le))) in html


def test_a_commune_without_email_is_counted_not_skipped_silently(
    december, post, client, province_plan, province_reviewer, xuan_truong
):
    User.objects.filter(admin_unit=xuan_truong).update(email="")
    type(xuan_truong).objects.filter(pk=xuan_truong.pk).update(email="")
    response = post(province_reviewer, plan=province_plan.pk, year=YEAR)
    texts = [str(m) for m in client.get(response.url).context["messages"]]
    assert any("1 xã, phường chưa có địa chỉ thư điện tử" in t for t in texts), texts


def test_viewer_sees_no_buttons_and_cannot_remind(december, client, post, province_plan, province_viewer):
    client.force_login(province_viewer)
    html = client.get(reverse("reporting:province_dashboard")).content.decode()
    assert 'data-testid="province-remind-all"' not in html and 'data-testid="commune-remind"' not in html
    assert post(province_viewer, plan=province_plan.pk, year=YEAR).status_code == 403
    assert mail.outbox == []


def test_remind_needs_the_provinces_reviewer(
    december, client, post, province_plan, commune_officer, nghe_an_reviewer, unit_reporter
):
    data = {"plan": province_plan.pk, "year": YEAR}
    assert client.post(reverse("reporting:province_remind"), data).status_code == 302  # login
    assert post(commune_officer, **data).status_code == 403
    assert post(unit_reporter, **data).status_code == 403
    assert post(nghe_an_reviewer, **data).status_code == 404  # another province's plan
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "remind", "export"),
    [
        ({"plan": "abc"}, 404, 404),  # no such dashboard
        ({"year": "99999"}, 404, 404),
        ({"commune": "abc"}, 302, 200),  # a message on the dashboard; the export takes no commune
    ],
)
def test_odd_input_is_a_404_or_a_message_not_an_error(
    december, client, province_plan, province_reviewer, data, remind, export
):
    client.force_login(province_reviewer)
    data = {"plan": province_plan.pk, "year": YEAR, **data}
    response = client.post(reverse("reporting:province_remind"), data, follow=remind == 302)
    assert response.status_code == (200 if remind == 302 else 404)
    if remind == 302:
        assert "Lựa chọn không hợp lệ." in response.content.decode()
    assert client.get(reverse("reporting:province_missing_export"), data).status_code == export
    assert mail.outbox == []


def test_missing_communes_export_to_excel(
    december, client, province_plan, province_reviewer, xuan_truong, neighbour_officer, co_le
):
    submit(province_plan, YEAR, xuan_truong, neighbour_officer)
    client.force_login(province_reviewer)
    response = client.get(reverse("reporting:province_missing_export"), {"plan": province_plan.pk, "year": YEAR})
    assert response.status_code == 200 and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert co_le.full_name in names and xuan_truong.full_name not in names


def test_missing_export_refuses_others(december, client, province_plan, province_viewer, commune_officer):
    url, data = reverse("reporting:province_missing_export"), {"plan": province_plan.pk, "year": YEAR}
    assert client.get(url, data).status_code == 302
    client.force_login(commune_officer)
    assert client.get(url, data).status_code == 403
