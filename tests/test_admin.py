"""The Django admin is the administrators' back office: every page opens and searches."""

import pytest
from django.contrib import admin
from django.urls import reverse

from campaigns.models import Plan

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_admin_pages_open_for_the_superuser(admin_client, admin_user, rf, model, model_admin):
    info = model._meta.app_label, model._meta.model_name
    request = rf.get("/")
    request.user = admin_user
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    if model_admin.search_fields:
        assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "Cổ Lễ"}).status_code == 200
    add_status = 200 if model_admin.has_add_permission(request) else 403  # e.g. reminders are only sent
    assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == add_status
    obj = model.objects.first()
    if obj is not None:
        assert admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200


def test_plan_is_readable_on_one_admin_page(admin_client, plan_co_le):
    response = admin_client.get(reverse("admin:campaigns_plan_change", args=[plan_co_le.pk]))
    html = response.content.decode()
    assert "Vũ Mạnh Cường" in html
    assert "Thi đua phát triển xã hội số, tập trung nâng cao chất lượng giáo dục" in html
    assert "Đối với các phòng, ban, đơn vị" in html
    assert "Giai đoạn 2" in html


def test_admin_refuses_an_issued_plan_without_number(admin_client, plan_ninh_binh):
    """Saving through the admin runs the model rules and keeps the draft as it was."""
    url = reverse("admin:campaigns_plan_change", args=[plan_ninh_binh.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    response = admin_client.post(url, {**data, "status": "issued"})
    assert response.status_code == 200
    assert "Kế hoạch đã ban hành phải có số, ký hiệu." in response.content.decode()
    plan_ninh_binh.refresh_from_db()
    assert plan_ninh_binh.status == Plan.Status.DRAFT


def test_admin_is_vietnamese(admin_client):
    assert "Quản trị Cổng thi đua - khen thưởng" in admin_client.get(reverse("admin:index")).content.decode()
