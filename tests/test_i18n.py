"""The English interface: Vietnamese by default, English after the VI/EN switch, and the plan
as an official document stays Vietnamese whatever the interface language."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"

# Official document text: Vietnamese in both interfaces.
DOCUMENT_TEXT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN"]


@pytest.fixture(autouse=True)
def restore_language():
    """LocaleMiddleware activates the request's language on the thread and never resets it:
    without this, code called directly by later tests would speak English."""
    previous = translation.get_language()
    yield
    if previous:
        translation.activate(previous)
    else:
        translation.deactivate()


@pytest.fixture
def officer_client(client, commune_officer):
    client.force_login(commune_officer)
    return client


def switch_to_english(client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_vietnamese_is_the_default(officer_client, plan_co_le):
    home = page(officer_client, reverse("home"))
    assert '<html lang="vi">' in home
    for text in ["Trang chính", ">Kế hoạch</a>", "Đăng xuất", "Xin chào"]:
        assert text in home
    assert "Log out" not in home and ">Plans</a>" not in home

    plans = page(officer_client, reverse("campaigns:plan_list"))
    assert "Đăng xuất" in plans and "Lọc" in plans and "Cơ quan ban hành" in plans
    assert "Log out" not in plans


def test_the_switch_turns_the_interface_english(officer_client, plan_co_le):
    switch_to_english(officer_client)

    home = page(officer_client, reverse("home"))
    assert '<html lang="en">' in home
    for text in [">Home</a>", ">Plans</a>", ">Units</a>", ">Reports</a>", "Log out", "Notifications", "Hello"]:
        assert text in home, text
    for text in ["Trang chính", "Đăng xuất", "Xin chào"]:
        assert text not in home, text

    plans = page(officer_client, reverse("campaigns:plan_list"))
    for text in ['<h1 class="h3 mb-0">Plans</h1>', "Log out", "Filter", "Issuing body", "Import from document"]:
        assert text in plans, text
    for text in ["Đăng xuất", "Lọc", "Cơ quan ban hành", "Nhập từ văn bản"]:
        assert text not in plans, text
    # The plans themselves are Vietnamese documents: their titles are shown as written.
    assert plan_co_le.title in plans


def test_the_plan_document_stays_vietnamese_in_english(officer_client, plan_co_le):
    switch_to_english(officer_client)
    detail = page(officer_client, plan_co_le.get_absolute_url())

    # The page around the document is English ...
    assert "Log out" in detail and "Plan list" in detail and "Legal basis" in detail
    assert "Danh sách kế hoạch" not in detail
    # ... the document is not.
    for text in DOCUMENT_TEXT:
        assert text in detail, text
    assert plan_co_le.title in detail
    assert plan_co_le.deadlines.exists()
    assert "Hạn báo cáo hằng năm" in detail and "trước ngày" in detail


def test_the_language_cookie_alone_picks_english(officer_client, plan_co_le):
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    plans = page(officer_client, reverse("campaigns:plan_list"))
    assert ">Plans</a>" in plans and "Log out" in plans

    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    plans = page(officer_client, reverse("campaigns:plan_list"))
    assert ">Kế hoạch</a>" in plans and "Đăng xuất" in plans


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext (msgfmt) is not installed")
@pytest.mark.parametrize("catalog", sorted(CATALOG.parent.parent.glob("*/LC_MESSAGES/*.po")), ids=str)
def test_the_committed_catalog_is_compiled_from_the_po(tmp_path, catalog):
    """The .mo is committed for newcomers without gettext: it must say what the .po says."""
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(catalog)], check=True)
    with open(catalog.with_suffix(".mo"), "rb") as committed, open(fresh, "rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled)._catalog
