"""The nomination models in the admin: pages open, files added there are checked too."""

import pytest
from django.urls import reverse

from awards.models import NominationDocument
from tests.awards.helpers import PDF_BYTES, Kind, add_document, pdf

pytestmark = pytest.mark.django_db

MODELS = ["nomination", "nominationdocument", "nominationevent"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_pages_open(admin_client, make_nomination, unit_reporter, model):
    nomination = make_nomination(by=unit_reporter)
    add_document(nomination, Kind.PROPOSAL, unit_reporter)
    obj = {"nomination": nomination, "nominationdocument": nomination.documents.get()}.get(
        model, nomination.events.first()
    )
    assert admin_client.get(reverse(f"admin:awards_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:awards_{model}_changelist"), {"q": "Cổ Lễ"}).status_code == 200
    assert admin_client.get(reverse(f"admin:awards_{model}_add")).status_code == 200
    assert admin_client.get(reverse(f"admin:awards_{model}_change", args=[obj.pk])).status_code == 200


def test_admin_refuses_a_disguised_document(admin_client, make_nomination):
    nomination = make_nomination()
    response = admin_client.post(
        reverse("admin:awards_nominationdocument_add"),
        {"nomination": nomination.pk, "kind": Kind.OTHER, "file": pdf("anh.png", PDF_BYTES)},
    )
    assert response.status_code == 200
    assert "nhưng tên tệp lại mang đuôi khác" in response.content.decode()
    assert not NominationDocument.objects.exists()


def test_admin_adds_a_checked_document(admin_client, make_nomination, superuser):
    nomination = make_nomination()
    response = admin_client.post(
        reverse("admin:awards_nominationdocument_add"),
        {"nomination": nomination.pk, "kind": Kind.OTHER, "file": pdf("quyet-dinh.pdf")},
    )
    assert response.status_code == 302
    document = NominationDocument.objects.get()
    assert (document.content_type, document.size, document.uploaded_by) == (
        "application/pdf",
        len(PDF_BYTES),
        superuser,
    )
