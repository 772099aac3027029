"""Control characters: the calendar feed escapes every line break (a bare CR too), and every
text field of every form refuses control characters with a message, keeping what was typed."""

import pytest
from django import forms
from django.contrib.admin.sites import site
from django.forms import modelform_factory
from django.urls import reverse

from campaigns.models import ParticipatingUnit
from reporting.models import ReportingDeadline

pytestmark = pytest.mark.django_db

FORGED = "Các đơn vị\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Nộp lại mật khẩu\rURL:https://gia-mao.example/\r"
MESSAGE = "Nội dung có ký tự điều khiển không được phép (mã U+000D"


def test_a_bare_carriage_return_in_a_deadline_cannot_forge_an_event(client, django_user_model, time_machine):
    time_machine.move_to("2026-11-22 09:00 +07:00")
    officer = django_user_model.objects.get(username="vinhbao")
    deadline = ReportingDeadline.objects.filter(plan__issuer=officer.admin_unit, day__isnull=False).first()
    ReportingDeadline.objects.filter(pk=deadline.pk).update(reporter=FORGED)  # stored before the form check
    client.force_login(officer)
    url = client.get(reverse("reporting:calendar_settings")).context["url"]
    body = client.get(url).content.decode()
    assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
    lines = body.replace("\r\n ", "").split("\r\n")
    assert not [line for line in lines if line.startswith(("URL:https://gia-mao", "SUMMARY:Nộp lại"))]
    assert (
        lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == len([ln for ln in lines if ln.startswith("UID:")])
    )
    assert "Các đơn vị\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Nộp lại mật khẩu" in body.replace("\r\n ", "")


def test_a_page_form_refuses_a_control_character_and_keeps_the_text(client, commune_officer):
    client.force_login(commune_officer)
    typed = "Trường Mầm non\rCổ Lễ"
    response = client.post(
        reverse("campaigns:unit_create"),
        {"name": typed, "subject_type": "", "contact_person": "Chị Hoa\x1b[31m", "email": "", "phone": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert MESSAGE in errors["name"][0]
    assert "mã U+001B, ở vị trí 8" in errors["contact_person"][0]
    assert response.context["form"]["name"].value() == typed
    assert not ParticipatingUnit.objects.filter(name__startswith="Trường Mầm non").exists()


def test_every_model_form_refuses_them_single_line_fields_take_no_line_break():
    DeadlineForm = modelform_factory(ReportingDeadline, fields=["reporter", "receiver", "via", "reporters"])
    data = {"reporter": "Các thôn", "receiver": "UBND xã", "via": "", "reporters": "units"}
    assert DeadlineForm(data).is_valid()
    for field, value in [("reporter", FORGED), ("receiver", "UBND\nxã"), ("via", "Phòng\u2028VH-XH"), ("via", "\x7f")]:
        form = DeadlineForm({**data, field: value})
        assert not form.is_valid() and "ký tự điều khiển" in form.errors[field][0], (field, value)


def test_multi_line_fields_keep_line_breaks_and_tabs_but_not_a_bare_cr():
    class Note(forms.Form):
        text = forms.CharField(widget=forms.Textarea)

    assert Note({"text": "Dòng 1\r\nDòng 2\n\tthụt lề"}).is_valid()
    refused = Note({"text": "Dòng 1\rDòng 2"})
    assert not refused.is_valid() and refused.errors["text"][0].startswith(MESSAGE)


def test_the_admin_forms_have_the_check_too(superuser, rf):
    request = rf.get("/")
    request.user = superuser
    admin_form = site._registry[ReportingDeadline].get_form(request)
    form = admin_form({"reporter": "A\x08B", "receiver": "X", "reporters": "units"})
    assert not form.is_valid() and "U+0008" in form.errors["reporter"][0]
