"""Lists that scale: the commune's dossier list keeps the commune's own stages apart from the
province's, searches by nominee without accents, shows how long each dossier has waited, and
acts on many dossiers at once (receive many; forward many under one tờ trình)."""

import datetime

import pytest
from django.urls import reverse

from awards import services
from awards.models import Nomination
from tests.awards.helpers import Kind, Status, add_document, advance, fresh

pytestmark = pytest.mark.django_db
BULK = reverse("awards:nomination_bulk")
LIST = reverse("awards:nomination_list")


def submitted_dossier(make_nomination, unit_reporter, name, **fields):
    nomination = make_nomination(
        by=unit_reporter, nominee_kind="individual", individual_name=name, individual_position="Giáo viên", **fields
    )
    add_document(nomination, Kind.PROPOSAL, unit_reporter)
    add_document(nomination, Kind.ACHIEVEMENT_REPORT, unit_reporter)
    return services.nomination_submit(nomination=fresh(nomination), by=unit_reporter, version=fresh(nomination).version)


def bulk(client, action, nominations, **extra):
    data = {"action": action, "ids": [n.pk for n in nominations], **extra}
    data.update({f"version_{n.pk}": fresh(n).version for n in nominations})
    return client.post(BULK, data, follow=True)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_list_keeps_the_communes_stages_apart_from_the_provinces(
    client, commune_officer, make_nomination, bang_khen_tinh
):
    here = make_nomination()
    sent = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)
    services.nomination_forward(nomination=sent, by=commune_officer, version=sent.version)
    client.force_login(commune_officer)
    page = client.get(LIST)
    groups = {group["level"]: [row["status"] for row in group["rows"]] for group in page.context["count_groups"]}
    assert "draft" in groups["commune"] and "forwarded" in groups["province"]
    assert not set(groups["commune"]) & set(groups["province"])
    assert 'data-testid="counts-commune"' in page.content.decode()
    at_province = client.get(LIST, {"level": "province"})
    assert [n.pk for n in at_province.context["page"]] == [sent.pk]
    at_commune = [n.pk for n in client.get(LIST, {"level": "commune"}).context["page"]]
    assert here.pk in at_commune and sent.pk not in at_commune


def test_the_list_searches_by_nominee_without_accents_and_keeps_filters_in_the_url(
    client, commune_officer, unit_reporter, make_nomination
):
    submitted_dossier(make_nomination, unit_reporter, "Đặng Thị Thu Hường")
    submitted_dossier(make_nomination, unit_reporter, "Lê Văn Nam")
    client.force_login(commune_officer)
    page = client.get(LIST, {"q": "dang thi thu huong", "level": "commune"})
    assert [n.individual_name for n in page.context["page"]] == ["Đặng Thị Thu Hường"]
    assert "q=dang+thi+thu+huong" in page.content.decode() or "q=dang%20thi%20thu%20huong" in page.content.decode()


def test_the_list_says_how_long_a_dossier_has_waited(
    client, commune_officer, unit_reporter, make_nomination, time_machine
):
    time_machine.move_to("2026-12-01 09:00 +07:00", tick=False)
    submitted_dossier(make_nomination, unit_reporter, "Nguyễn Văn Chờ")
    time_machine.move_to("2026-12-06 10:00 +07:00", tick=False)
    client.force_login(commune_officer)
    page = client.get(LIST)
    [row] = [n for n in page.context["page"] if n.individual_name == "Nguyễn Văn Chờ"]
    assert row.waiting_days == 5
    assert "chờ 5 ngày" in page.content.decode()


def test_receive_many_at_once(client, commune_officer, unit_reporter, make_nomination):
    first = submitted_dossier(make_nomination, unit_reporter, "Trần Văn Một")
    second = submitted_dossier(make_nomination, unit_reporter, "Trần Văn Hai")
    stale = submitted_dossier(make_nomination, unit_reporter, "Trần Văn Ba")
    client.force_login(commune_officer)
    data = {"action": "receive", "ids": [first.pk, second.pk, stale.pk]}
    data.update({f"version_{n.pk}": n.version for n in (first, second)})
    data[f"version_{stale.pk}"] = stale.version - 1  # a tab opened before it changed
    response = client.post(BULK, data, follow=True)
    assert fresh(first).status == fresh(second).status == Status.RECEIVED
    assert fresh(stale).status == Status.SUBMITTED
    text = messages_of(response)
    assert "Đã thực hiện “Tiếp nhận hồ sơ” cho 2 hồ sơ" in text and "Trần Văn Ba" in text


def test_forward_many_under_one_submission(client, commune_officer, make_nomination, bang_khen_tinh):
    dossiers = [
        advance(
            make_nomination(
                award_form=bang_khen_tinh, nominee_kind="individual", individual_name=name, individual_position="GV"
            ),
            commune_officer,
            to=Status.COUNCIL_REVIEWED,
            council_day=datetime.date(2026, 12, 1),
        )
        for name in ("Phạm Thị Lan", "Vũ Đức Minh")
    ]
    client.force_login(commune_officer)
    extra = {"submission_number": "21/TTr-UBND", "submission_date": "08/12/2026"}
    response = bulk(client, "forward", dossiers, **extra)
    assert "cho 2 hồ sơ" in messages_of(response)
    for dossier in dossiers:
        dossier = fresh(dossier)
        assert dossier.status == Status.FORWARDED
        assert (dossier.commune_stage.submission_number, dossier.commune_stage.submission_date) == (
            "21/TTr-UBND",
            datetime.date(2026, 12, 8),
        )
    assert client.get(reverse("awards:submission_pdf"), {"so": "21/TTr-UBND"}).status_code == 200


def test_bulk_refuses_bad_input_and_other_roles(client, commune_officer, commune_viewer, outsider, make_nomination):
    nomination = make_nomination()
    data = {"action": "receive", "ids": [nomination.pk], f"version_{nomination.pk}": nomination.version}
    assert client.post(BULK, data).status_code == 302  # login first
    client.force_login(commune_viewer)
    assert client.post(BULK, data).status_code == 403
    client.force_login(outsider)
    assert client.post(BULK, data).status_code == 404
    client.force_login(commune_officer)
    for odd in ({**data, "action": "delete"}, {**data, "ids": ["abc"]}, {"action": "receive"}):
        response = client.post(BULK, odd, follow=True)
        assert response.status_code == 200 and messages_of(response)
    assert Nomination.objects.get(pk=nomination.pk).status == Status.DRAFT


def test_the_province_queue_searches_by_nominee(
    client, province_reviewer, commune_officer, make_nomination, bang_khen_tinh
):
    sent = advance(
        make_nomination(
            award_form=bang_khen_tinh,
            nominee_kind="individual",
            individual_name="Hoàng Thị Nguyệt",
            individual_position="GV",
        ),
        commune_officer,
        to=Status.COUNCIL_REVIEWED,
    )
    services.nomination_forward(nomination=sent, by=commune_officer, version=sent.version)
    client.force_login(province_reviewer)
    page = client.get(reverse("awards:province_queue"), {"q": "hoang thi nguyet"})
    assert [n.pk for n in page.context["page"]] == [sent.pk]
    assert not list(client.get(reverse("awards:province_queue"), {"q": "khong co ai"}).context["page"])


def test_the_cached_list_shows_an_edited_dossier_at_once(client, commune_officer, make_nomination):
    """The list's page is cached per province until a write there: editing a dossier is one."""
    nomination = make_nomination(
        nominee_kind="individual", individual_name="Lê Văn Trước", individual_position="Giáo viên"
    )
    client.force_login(commune_officer)
    assert "Lê Văn Trước" in client.get(LIST).content.decode()
    services.nomination_update(
        nomination=fresh(nomination),
        by=commune_officer,
        version=fresh(nomination).version,
        plan=nomination.plan,
        occasion=nomination.occasion,
        award_form=nomination.award_form,
        nominee_kind="individual",
        unit=nomination.unit,
        achievements=nomination.achievements,
        individual_name="Lê Văn Sau",
        individual_position="Giáo viên",
    )
    html = client.get(LIST).content.decode()
    assert "Lê Văn Sau" in html and "Lê Văn Trước" not in html
