"""A form over the body, field-count or upload limit answers on the same page with a Vietnamese
message (HTTP 413), never Django's 400 page; nothing is saved. In the browser the page checks
the sizes before sending, so what was typed stays (tests/browser/test_december_journey.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import ParticipatingUnit

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("campaigns:unit_create")


@pytest.fixture
def officer_client(client, commune_officer) -> Client:
    client.force_login(commune_officer)
    return client


def unit_data(**extra) -> dict:
    return {"name": "Trường Mầm non Cổ Lễ", "contact_person": "Nguyễn Thị Hoa", **extra}


def assert_refused_on_the_same_page(response):
    body = response.content.decode()
    assert response.status_code == 413, response.status_code
    assert 'data-testid="request-too-big"' in body
    assert "quá lớn" in body or "quá nhiều" in body
    assert 'name="name"' in body  # the unit form again, not an error page
    assert not ParticipatingUnit.objects.filter(name="Trường Mầm non Cổ Lễ").exists()


def test_a_body_over_the_limit_answers_on_the_form_page(officer_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    response = officer_client.post(CREATE_URL, unit_data(address="x" * 5000))
    assert_refused_on_the_same_page(response)
    assert "quá lớn" in response.content.decode()


def test_too_many_fields_answers_on_the_form_page(officer_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = officer_client.post(CREATE_URL, unit_data(**{f"extra_{i}": "1" for i in range(60)}))
    assert_refused_on_the_same_page(response)
    assert "quá nhiều" in response.content.decode()


def test_an_upload_over_the_request_cap_answers_before_reading_it(officer_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.REQUEST_MAX_BYTES = 10_000
    big = SimpleUploadedFile("danh-sach.xlsx", b"0" * 20_000)
    response = officer_client.post(reverse("campaigns:unit_import"), {"file": big})
    body = response.content.decode()
    assert response.status_code == 413 and 'data-testid="request-too-big"' in body
    assert 'type="file"' in body


def test_a_post_only_action_over_the_limit_goes_back_with_the_message(officer_client, settings, plan_co_le):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    board = reverse("reporting:board") + f"?plan={plan_co_le.pk}"
    response = officer_client.post(
        reverse("reporting:board_remind"), {"plan": plan_co_le.pk, "pad": "x" * 500}, HTTP_REFERER=board
    )
    assert response.status_code == 302 and response.url == board
    page = officer_client.get(board)
    assert any("quá lớn" in str(m) for m in page.context["messages"])


def test_the_page_tells_the_browser_its_limits(officer_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1234
    body = officer_client.get(CREATE_URL).content.decode()
    assert 'data-max-body="1234"' in body and "js/form_limits.js" in body


def test_a_normal_post_is_untouched(officer_client):
    from criteria.models import SubjectType

    data = unit_data(subject_type=SubjectType.objects.get(code="school").pk, email="mn@cole.example")
    response = officer_client.post(CREATE_URL, data)
    assert response.status_code == 302
    assert ParticipatingUnit.objects.filter(name="Trường Mầm non Cổ Lễ").exists()
