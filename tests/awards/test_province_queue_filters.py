"""The province queue's typed filters (commune and plan: a name or a code, no drop-down of
every commune), the suggestions endpoint behind them, and the queue's order by the time each
dossier was sent up (a stored column kept by the step that sends it)."""

import pytest
from django.urls import reverse

from awards import services
from campaigns.models import AdministrativeUnit, Plan
from tests.awards.helpers import Status, fresh
from tests.awards.test_province_views import QUEUE, row_pks
from tests.awards.test_province_workflow import forwarded

pytestmark = pytest.mark.django_db


def options_url(field: str) -> str:
    return reverse({"commune": "awards:province_queue_communes", "plan": "awards:province_queue_plans"}[field])


def errors_of(response) -> str:
    html = response.content.decode()
    start = html.find('data-testid="filter-errors"')
    return html[start : html.find("</div>", start)] if start >= 0 else ""


@pytest.fixture
def queue(client, province_reviewer, dossier, xuan_truong_dossier):
    client.force_login(province_reviewer)
    return client


# --- The queue's filters ---------------------------------------------------------------------


def test_a_typed_commune_name_or_code_filters_the_queue(queue, dossier, xuan_truong_dossier):
    cole = dossier.unit.admin_unit
    cole.code = "13876"
    cole.save()

    for typed in ("xã Cổ Lễ", "co le", "CỔ LỄ", "13876", "1387"):
        assert row_pks(queue.get(QUEUE, {"commune": typed})) == [dossier.pk], typed
    assert set(row_pks(queue.get(QUEUE, {"commune": "xuân"}))) == {xuan_truong_dossier.pk}
    # The dashboards' links carry the id: it still filters, and the box shows the name.
    linked = queue.get(QUEUE, {"commune": cole.pk, "status": "waiting"})
    assert row_pks(linked) == [dossier.pk]
    assert 'value="xã Cổ Lễ"' in linked.content.decode()


def test_the_queue_page_lists_no_commune_or_plan_options(queue, dossier):
    province = dossier.unit.admin_unit.province
    AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(name=f"Thử {n}", kind=AdministrativeUnit.Kind.COMMUNE, province=province) for n in range(60)
    )
    html = queue.get(QUEUE).content.decode()
    assert 'name="commune"' in html and 'list="commune-options"' in html
    assert "Thử 7" not in html and "xã Xuân Trường</option>" not in html  # no option per commune
    assert reverse("awards:province_queue_communes") in html  # htmx asks as one types


def test_a_typed_plan_filters_the_queue(queue, dossier, xuan_truong_dossier):
    plan = xuan_truong_dossier.plan
    for typed in (f"xã Xuân Trường – {plan.reference}", f"xuan truong - {plan.reference}", "xuân trường", plan.pk):
        assert row_pks(queue.get(QUEUE, {"plan": typed})) == [xuan_truong_dossier.pk], typed
    linked = queue.get(QUEUE, {"plan": dossier.plan_id, "status": "forwarded"})
    assert row_pks(linked) == [dossier.pk]
    assert f'value="xã Cổ Lễ – {dossier.plan.reference}"' in linked.content.decode()


def test_a_commune_or_plan_that_matches_nothing_gets_a_message_and_is_not_applied(queue, dossier, xuan_truong_dossier):
    everything = set(row_pks(queue.get(QUEUE)))

    response = queue.get(QUEUE, {"commune": "Không Có Xã Này", "plan": "99/KH-XYZ", "occasion": "annual"})

    assert response.status_code == 200
    assert set(row_pks(response)) == everything
    assert "Không có xã, phường nào trong tỉnh khớp với “Không Có Xã Này”" in errors_of(response)
    assert "Không có kế hoạch nào của các xã, phường trong tỉnh khớp với “99/KH-XYZ”" in errors_of(response)
    assert 'value="Không Có Xã Này"' in response.content.decode()  # what was typed stays


def test_odd_filter_input_is_a_message_never_a_500(queue):
    for params in ({"commune": "x" * 101}, {"plan": "9" * 30}, {"commune": "99999999999999999999"}, {"plan": "a\x00"}):
        response = queue.get(QUEUE, params)
        assert response.status_code == 200, params
        assert errors_of(response), params


def test_digits_that_are_not_ascii_are_a_name_not_an_id(queue):
    """'²' and '٣' are digits to str.isdigit but not to int(): the fuzzer found the 500."""
    for typed in ("²", "٣", "1²"):
        for field in ("commune", "plan"):
            response = queue.get(QUEUE, {field: typed})
            assert response.status_code == 200, (field, typed)
            assert errors_of(response), (field, typed)


def test_a_commune_of_another_province_is_not_found(client, nghe_an_reviewer, dossier):
    client.force_login(nghe_an_reviewer)
    for field, typed in (("commune", "Cổ Lễ"), ("commune", dossier.unit.admin_unit_id), ("plan", dossier.plan_id)):
        response = client.get(QUEUE, {field: typed})
        assert row_pks(response) == [] and errors_of(response), (field, typed)
        assert reverse("awards:nomination_detail", args=[dossier.pk]) not in response.content.decode()


# --- Suggestions (htmx) -----------------------------------------------------------------------


def test_suggestions_need_login(client, dossier):
    response = client.get(options_url("commune"), {"commune": "co"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_suggestions_are_for_the_province_staff(client, commune_officer, dossier):
    client.force_login(commune_officer)
    assert client.get(options_url("commune"), {"commune": "co"}).status_code == 403
    assert client.get(options_url("plan"), {"plan": "co"}).status_code == 403


def test_suggestions_stay_in_the_reviewers_province(client, nghe_an_reviewer, dossier):
    client.force_login(nghe_an_reviewer)
    response = client.get(options_url("commune"), {"commune": "Cổ Lễ"})
    assert response.status_code == 200 and "Cổ Lễ" not in response.content.decode()
    assert "Cổ Lễ" not in client.get(options_url("plan"), {"plan": "co le"}).content.decode()


def test_suggestions_offer_a_few_communes_and_plans(queue, dossier):
    communes = queue.get(options_url("commune"), {"commune": "co le"}).content.decode()
    assert '<option value="xã Cổ Lễ">' in communes
    assert communes.count("<option") <= 10
    plans = queue.get(options_url("plan"), {"plan": "cổ lễ"}).content.decode()
    assert f'value="xã Cổ Lễ – {dossier.plan.reference}"' in plans
    assert plans.count("<option") == min(Plan.objects.filter(issuer__name="Cổ Lễ").count(), 10)
    assert queue.get(options_url("commune"), {"commune": ""}).content.decode().strip() == ""


def test_suggestions_refuse_bad_input(queue):
    response = queue.get(options_url("commune"), {"commune": "x" * 101})
    assert response.status_code == 400
    assert "tối đa 100" in response.content.decode()
    assert queue.get(options_url("plan"), {"plan": "\x00"}).status_code == 400


# --- Order: when the commune sent it up ------------------------------------------------------


def test_the_queue_lists_dossiers_in_the_order_the_communes_sent_them(
    queue, make_nomination, commune_officer, bang_khen_tinh, dossier, xuan_truong_dossier
):
    latest = forwarded(make_nomination, commune_officer, bang_khen_tinh)

    pks = row_pks(queue.get(QUEUE))

    assert pks == [dossier.pk, xuan_truong_dossier.pk, latest.pk]
    for pk in pks:
        nomination = fresh(type(dossier).objects.get(pk=pk))
        assert nomination.sent_up_at == nomination.commune_stage.forwarded_at is not None


def test_a_dossier_sent_again_after_a_return_moves_to_its_new_time(
    queue, province_reviewer, commune_officer, dossier, xuan_truong_dossier
):
    services.nomination_province_return(
        nomination=dossier, by=province_reviewer, version=dossier.version, reason="Bổ sung biên bản."
    )
    again = fresh(dossier)
    assert again.status == Status.RETURNED_BY_PROVINCE
    services.nomination_resubmit_to_province(nomination=again, by=commune_officer, version=again.version)

    assert row_pks(queue.get(QUEUE)) == [xuan_truong_dossier.pk, dossier.pk]
    assert fresh(dossier).sent_up_at > xuan_truong_dossier.sent_up_at
