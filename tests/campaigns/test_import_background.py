"""The plan document is read by a Celery task, not in the request (issue 16): the upload stores
the file and queues the task on commit; the page shows the progress (htmx polling) and opens
the review once the file is read; a refusal or a time-out leaves a clear Vietnamese message."""

import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import PlanImport
from campaigns.tasks import parse_plan_import
from tests.campaigns.test_import import expected, seed_file

URL = reverse("campaigns:plan_import")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post_upload(client, name="000.txt", content=None):
    if content is None:
        name, content = seed_file("000", "txt")
    return client.post(URL, {"step": "upload", "file": SimpleUploadedFile(name, content)})


def test_the_upload_stores_the_file_and_the_page_polls_until_the_task_has_read_it(
    client, commune_officer, django_capture_on_commit_callbacks
):
    client.force_login(commune_officer)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post_upload(client)
    upload = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "campaigns:plan_import_progress", args=[upload.pk]
    )
    assert (
        len(queued) == 1 and upload.status == PlanImport.Status.QUEUED and upload.file.storage.exists(upload.file.name)
    )
    stored = upload.file.name

    page = client.get(response["Location"]).content.decode()
    status_url = reverse("campaigns:plan_import_status", args=[upload.pk])
    assert 'data-testid="import-progress"' in page and f'hx-get="{status_url}"' in page
    assert "HX-Redirect" not in client.get(status_url, HTTP_HX_REQUEST="true")

    parse_plan_import.apply(args=[upload.pk])  # what the worker does (eagerly here)
    upload.refresh_from_db()
    assert upload.status == PlanImport.Status.DONE and upload.progress == 100 and not upload.file
    assert not upload.file.storage.exists(stored)  # the file is not kept once read
    assert client.get(status_url)["HX-Redirect"] == response["Location"]
    review = client.get(response["Location"])
    assert 'data-testid="import-source"' in review.content.decode()
    assert review.context["review"].form["title"].value() == expected("000")["title"]


def test_a_reading_that_times_out_says_so_in_vietnamese(client, commune_officer, monkeypatch):
    def too_slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("campaigns.importer.services.read_plan", too_slow)
    client.force_login(commune_officer)
    response = post_upload(client)
    upload = PlanImport.objects.get()
    parse_plan_import.apply(args=[upload.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Đọc tệp “000_co_le.txt” quá lâu nên đã dừng" in page
    assert 'data-testid="import-form"' in page  # the officer can upload again right there
    upload.refresh_from_db()
    assert upload.status == PlanImport.Status.FAILED and not upload.file


def test_a_reading_whose_worker_is_gone_times_out_on_the_page(client, commune_officer):
    client.force_login(commune_officer)
    response = post_upload(client)  # queued, never read: the on-commit task did not run
    PlanImport.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=10))
    page = client.get(response["Location"]).content.decode()
    assert "chưa đọc xong sau vài phút nên đã dừng" in page


def test_a_task_delivered_twice_reads_once(client, commune_officer, monkeypatch):
    client.force_login(commune_officer)
    post_upload(client)
    upload = PlanImport.objects.get()
    parse_plan_import.apply(args=[upload.pk])
    monkeypatch.setattr("campaigns.importer.services.read_plan", lambda **kwargs: pytest.fail("read twice"))
    parse_plan_import.apply(args=[upload.pk])
    assert PlanImport.objects.get().status == PlanImport.Status.DONE


def test_the_task_has_time_limits():
    assert 0 < parse_plan_import.soft_time_limit < parse_plan_import.time_limit <= 300


def test_another_officer_of_the_same_commune_cannot_see_the_upload(client, commune_officer, django_user_model):
    client.force_login(commune_officer)
    response = post_upload(client)
    colleague = django_user_model.objects.create_user(
        username="cole2", password="x", admin_unit=commune_officer.admin_unit, role=commune_officer.role
    )
    client.force_login(colleague)
    assert client.get(response["Location"]).status_code == 404
