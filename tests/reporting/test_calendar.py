"""The .ics feed of a user's deadlines."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def feed_url(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("reporting:calendar_settings"))
    assert page.status_code == 200
    return page.context["url"]


def test_officer_subscribes_to_their_deadlines(client, django_user_model, time_machine):
    time_machine.move_to("2026-11-22 09:00 +07:00")
    officer = django_user_model.objects.get(username="vinhbao")
    url = feed_url(client, officer)
    client.logout()  # calendar apps do not log in
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20261205" in body and "DTSTART;VALUE=DATE:20271205" in body
    assert "TRIGGER:-P3D" in body
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Hạn báo cáo thi đua: Các phòng\\, ban\\, đơn vị trên địa bàn xã → UBND xã" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_province_deadline_reaches_the_commune_officers(client, commune_officer, plan_ninh_binh):
    plan_ninh_binh.status, plan_ninh_binh.number = "issued", "02/KH-UBND"
    plan_ninh_binh.issued_on = datetime.date(2025, 7, 9)
    plan_ninh_binh.save()
    body = client.get(feed_url(client, commune_officer)).content.decode()
    assert "DTSTART;VALUE=DATE:" in body and "1215" in body and "1210" in body


def test_a_new_link_revokes_the_old_one(client, commune_officer):
    old = feed_url(client, commune_officer)
    client.post(reverse("reporting:calendar_settings"))
    new = client.get(reverse("reporting:calendar_settings")).context["url"]
    assert new != old
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200


def test_calendar_page_needs_login_and_bad_tokens_are_404(client):
    assert client.get(reverse("reporting:calendar_settings")).status_code == 302
    assert client.get(reverse("reporting:calendar_feed", args=["x" * 43])).status_code == 404
    assert client.get(reverse("reporting:calendar_feed", args=["short"])).status_code == 404
