"""Workflow notices: each event tells the people who must act next, once, in the portal and
by e-mail as they chose (now, the 07:00 digest, or the portal only)."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from reporting.events import KINDS
from reporting.models import Delivery, EventNotice, NoticePreference, Notification
from reporting.services import notices
from reporting.services import reports as services
from tests.reporting.conftest import submitted

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the services queue after their commit (the eager Celery tasks)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def returned(plan, school, unit_reporter, commune_officer, on_commit):
    report = on_commit(submitted, plan, YEAR, school, unit_reporter)
    return on_commit(
        services.report_return, report=report, by=commune_officer, reason="Thiếu biên bản họp", version=report.version
    )


def test_a_submitted_report_tells_the_commune_officer(plan_co_le, school, unit_reporter, commune_officer, on_commit):
    on_commit(submitted, plan_co_le, YEAR, school, unit_reporter)
    note = Notification.objects.get(user=commune_officer)
    assert school.name in note.title and "nộp" in note.title
    assert [m.to for m in mail.outbox] == [[commune_officer.email]]
    assert not Notification.objects.filter(user=unit_reporter).exists()  # the actor is not told


def test_a_returned_report_reaches_the_reporter_with_its_reason(
    client, plan_co_le, school, unit_reporter, commune_officer, on_commit
):
    mail.outbox.clear()
    report = returned(plan_co_le, school, unit_reporter, commune_officer, on_commit)
    note = Notification.objects.get(user=unit_reporter)
    assert "trả lại" in note.title and "Thiếu biên bản họp" in note.body
    assert note.url == report.get_absolute_url()
    to_reporter = [m for m in mail.outbox if m.to == [unit_reporter.email]]
    assert len(to_reporter) == 1 and "Thiếu biên bản họp" in to_reporter[0].body
    client.force_login(unit_reporter)
    page = client.get(reverse("reporting:notifications"))
    assert "Thiếu biên bản họp" in page.content.decode() and page.context["unread_notifications"] == 1


def test_each_event_is_told_once_whatever_dispatches_it_again(
    plan_co_le, school, unit_reporter, commune_officer, on_commit
):
    on_commit(submitted, plan_co_le, YEAR, school, unit_reporter)
    notice = EventNotice.objects.get(user=commune_officer)
    sent = len(mail.outbox)
    assert on_commit(notices.dispatch, kind=notice.kind, event_id=notice.event_id) == []
    assert notices.deliver(notice_id=notice.pk) is False
    assert Notification.objects.filter(user=commune_officer).count() == 1
    assert len(mail.outbox) == sent


def test_portal_only_sends_no_email(plan_co_le, school, unit_reporter, commune_officer, on_commit):
    NoticePreference.objects.create(user=commune_officer, kind="report", delivery=Delivery.PORTAL)
    on_commit(submitted, plan_co_le, YEAR, school, unit_reporter)
    assert Notification.objects.filter(user=commune_officer).count() == 1
    assert mail.outbox == []


def test_the_digest_gathers_the_day_once(plan_co_le, school, unit_reporter, commune_officer, on_commit):
    NoticePreference.objects.create(user=unit_reporter, kind="report", delivery=Delivery.DIGEST)
    returned(plan_co_le, school, unit_reporter, commune_officer, on_commit)
    assert not [m for m in mail.outbox if m.to == [unit_reporter.email]]
    on_commit(call_command, "send_digests")
    on_commit(call_command, "send_digests")  # the beat job and the command: never twice
    digests = [m for m in mail.outbox if m.to == [unit_reporter.email]]
    assert len(digests) == 1 and "Thiếu biên bản họp" in digests[0].body
    assert EventNotice.objects.get(user=unit_reporter).email == EventNotice.Email.SENT


def test_kinds_come_from_one_registry():
    assert {"report", "commune_report", "nomination"} <= set(KINDS)


# --- the preferences page ---------------------------------------------------------------------


def test_preferences_page_saves_a_choice_per_kind(client, unit_reporter):
    client.force_login(unit_reporter)
    url = reverse("reporting:notice_preferences")
    assert client.get(url).status_code == 200
    data = dict.fromkeys(KINDS, Delivery.IMMEDIATE) | {"report": Delivery.DIGEST}
    assert client.post(url, data).status_code == 302
    assert notices.preferences_of(unit_reporter)["report"] == Delivery.DIGEST


def test_preferences_page_needs_login(client):
    assert client.get(reverse("reporting:notice_preferences")).status_code == 302


def test_preferences_are_personal_a_viewer_sets_their_own(client, commune_viewer, commune_officer):
    """No object of anyone else is behind the page (no outsider 404); a read-only account
    still chooses how it is told, so it is not a 403 either."""
    client.force_login(commune_viewer)
    data = dict.fromkeys(KINDS, Delivery.PORTAL)
    assert client.post(reverse("reporting:notice_preferences"), data).status_code == 302
    assert NoticePreference.objects.filter(user=commune_viewer).count() == len(KINDS)
    assert not NoticePreference.objects.filter(user=commune_officer).exists()


def test_preferences_refuse_an_unknown_choice(client, unit_reporter):
    client.force_login(unit_reporter)
    page = client.post(reverse("reporting:notice_preferences"), {"report": "carrier-pigeon"})
    assert page.status_code == 200 and not NoticePreference.objects.exists()
