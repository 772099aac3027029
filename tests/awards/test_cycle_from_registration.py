"""Lập đề nghị từ đăng ký thi đua, on the evaluation page: the officer turns the year's
submitted registrations of the commune into proposals. Anonymous visitors go to the login,
another commune's officer makes nothing of Cổ Lễ's (a read-only role gets a 403), a bad year
is refused in Vietnamese, a bad registration line refuses them all with its name, and the
happy path makes one proposal per registered pair, once."""

import pytest
from django.urls import reverse

from awards.models import Proposal
from awards.selectors import registered_candidates
from tests.awards.cycle_helpers import YEAR

pytestmark = pytest.mark.django_db
URL = "awards:cycle_proposals_from_registration"


def post(client, user, data):
    if user is not None:
        client.force_login(user)
    return client.post(reverse(URL), data)


def co_le_proposals() -> set[tuple[int, int]]:
    return set(Proposal.objects.filter(admin_unit__name="Cổ Lễ", year=YEAR).values_list("awardee", "award_form"))


def pairs_of(officer) -> set[tuple[int, int]]:
    return {(a.pk, f.pk) for a, f in registered_candidates(admin_unit=officer.admin_unit, year=YEAR)}


def test_an_anonymous_visitor_goes_to_the_login_and_nothing_is_made(client):
    before = co_le_proposals()
    response = post(client, None, {"year": YEAR})
    assert response.status_code == 302 and reverse("login") in response.url
    assert co_le_proposals() == before


def test_another_commune_makes_nothing_of_co_les_and_a_viewer_is_refused(client, neighbour_officer, commune_viewer):
    before = co_le_proposals()
    response = post(client, neighbour_officer, {"year": YEAR})
    assert response.status_code == 302
    assert "Chưa có bản đăng ký thi đua nào đã gửi" in client.get(response.url).content.decode()
    assert post(client, commune_viewer, {"year": YEAR}).status_code == 403
    assert co_le_proposals() == before


def test_a_bad_year_or_a_bad_registration_line_is_a_message_not_a_change(client, commune_officer):
    before = co_le_proposals()
    response = post(client, commune_officer, {"year": "hai nghìn"})
    assert response.status_code == 400 and "Năm phải là một số, ví dụ 2026." in response.content.decode()
    response = post(client, commune_officer, {"year": "1999"})
    assert response.status_code == 400 and "Năm phải trong khoảng 2000–2100." in response.content.decode()
    awardee, award_form = registered_candidates(admin_unit=commune_officer.admin_unit, year=YEAR)[-1]
    award_form.is_active = False
    award_form.save(update_fields=["is_active"])
    response = post(client, commune_officer, {"year": YEAR})
    text = response.content.decode()
    assert response.status_code == 400 and f"“{awardee.name}” – “{award_form.name}”" in text
    assert "không còn được dùng" in text
    assert co_le_proposals() == before


def test_the_officer_makes_one_proposal_per_registered_pair_once(client, commune_officer):
    before, pairs = co_le_proposals(), pairs_of(commune_officer)
    assert pairs and not pairs <= before  # the demo has registered more than it has proposed
    response = post(client, commune_officer, {"year": YEAR})
    assert response.status_code == 302 and response.url.endswith(f"?nam={YEAR}")
    new = len(pairs - before)
    page = client.get(response.url).content.decode()
    assert f"Đã lập {new} đề nghị mới từ đăng ký thi đua năm {YEAR}; {len(pairs) - new} đề nghị đã có" in page
    assert co_le_proposals() == before | pairs
    made = Proposal.objects.filter(admin_unit__name="Cổ Lễ", year=YEAR, origin=f"Đăng ký thi đua năm {YEAR}")
    assert made.count() == new and made.first().events.filter(action="created").exists()
    response = post(client, commune_officer, {"year": YEAR})  # again: nothing new
    assert f"Đã lập 0 đề nghị mới từ đăng ký thi đua năm {YEAR}" in client.get(response.url).content.decode()
    assert co_le_proposals() == before | pairs
