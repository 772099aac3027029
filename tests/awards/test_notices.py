"""A dossier's steps tell whoever must act next (reporting.services.event_kinds)."""

import pytest
from django.core import mail

from awards import services
from reporting.models import Notification
from tests.awards.helpers import Status, advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def walked(django_capture_on_commit_callbacks):
    def walk(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return advance(*args, **kwargs)

    return walk


def test_a_submitted_dossier_tells_the_commune_officer(make_nomination, commune_officer, unit_reporter, walked):
    nomination = walked(make_nomination(by=unit_reporter), commune_officer, to=Status.SUBMITTED, reporter=unit_reporter)
    note = Notification.objects.get(user=commune_officer)
    assert nomination.nominee_name in note.title and note.url == nomination.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[commune_officer.email]]


def test_a_returned_dossier_tells_the_reporter_the_reason(
    make_nomination, commune_officer, unit_reporter, province_reviewer, walked, django_capture_on_commit_callbacks
):
    nomination = walked(make_nomination(by=unit_reporter), commune_officer, to=Status.RECEIVED, reporter=unit_reporter)
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_return(
            nomination=nomination, by=commune_officer, version=nomination.version, reason="Thiếu xác nhận."
        )
    note = Notification.objects.filter(user=unit_reporter).first()
    assert note and "Thiếu xác nhận." in note.body
    assert not Notification.objects.filter(user=province_reviewer).exists()  # nothing for the province yet
