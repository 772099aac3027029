"""A notice e-mail that failed is sent again from the admin: an action on the notices,
re-queued through Celery; each notice still goes out exactly once."""

from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from reporting.models import EventNotice
from tests.reporting.conftest import submitted

pytestmark = pytest.mark.django_db


class DownBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def failed_notice(settings, plan_co_le, school, unit_reporter, commune_officer, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.reporting.test_notice_retry.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        submitted(plan_co_le, 2026, school, unit_reporter)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notice = EventNotice.objects.get(user=commune_officer)
    assert notice.email == EventNotice.Email.FAILED and "SMTPServerDisconnected" in notice.last_error
    mail.outbox.clear()
    return notice


def test_the_admin_resends_a_failed_notice_once(admin_client, failed_notice, django_capture_on_commit_callbacks):
    url = reverse("admin:reporting_eventnotice_changelist")
    page = admin_client.get(url, {"email__exact": "failed"})
    assert page.status_code == 200 and "SMTPServerDisconnected" in page.content.decode()
    data = {"action": "retry", "_selected_action": [failed_notice.pk]}
    for _click in range(2):  # a second click (or a second administrator) sends nothing more
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, data, follow=True)
        assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [[failed_notice.user.email]]
    failed_notice.refresh_from_db()
    assert failed_notice.email == EventNotice.Email.SENT and failed_notice.attempts == 2
    assert "Đã đưa 0 thư vào hàng đợi gửi lại" in response.content.decode()  # the second click


def test_notices_cannot_be_added_by_hand(admin_client):
    assert admin_client.get(reverse("admin:reporting_eventnotice_add")).status_code == 403
