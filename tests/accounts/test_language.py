"""Vietnamese first: the browser's language is not followed; a user's English is kept on the
account and applied at login. The admin speaks Vietnamese, third-party apps included."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import User

pytestmark = pytest.mark.django_db
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.fixture(autouse=True)
def restore_language():
    previous = translation.get_language()
    yield
    translation.activate(previous or settings.LANGUAGE_CODE)


def test_an_english_browser_gets_vietnamese(client, commune_officer):
    login = client.get(reverse("login"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="vi">' in login and "Đăng nhập" in login
    client.force_login(commune_officer)
    home = client.get(reverse("home"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="vi">' in home and "Đăng xuất" in home


def test_english_is_remembered_on_the_account_and_applied_at_login(client, commune_officer):
    client.force_login(commune_officer)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert User.objects.get(pk=commune_officer.pk).language == "en"
    client.logout()
    client.cookies.clear()  # another computer, no language cookie
    client.post(reverse("login"), {"username": "cole", "password": "demo12345"})
    home = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in home and "Log out" in home


def test_the_admin_names_third_party_apps_in_vietnamese(client, superuser):
    client.force_login(superuser)
    index = client.get(reverse("admin:index"), **ENGLISH_BROWSER).content.decode()
    for name in ("Tác vụ định kỳ", "Kết quả tác vụ nền", "Khóa đăng nhập sai nhiều lần"):
        assert name in index
    for english in ("Periodic Tasks", "Celery Results", ">Axes<"):
        assert english not in index


def test_the_periodic_task_form_has_no_inline_script(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:django_celery_beat_periodictask_add")).content.decode()
    assert "js/periodic_task_form.js" in page
    assert '<script id="periodic-task-overrides">' not in page
