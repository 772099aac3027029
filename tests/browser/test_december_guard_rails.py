"""December in real Chromium, continued: guard rails and the province chasing its communes.

1. A form over the size limit is not sent: the message shows on the page and what was typed
   stays. Without JavaScript the server answers the same page with the message (413).
2. On the province dashboard, "Nhắc ngay" for one commune and then for every commune still
   missing its report sends once per commune and day; the dashboard shows when each was
   reminded.
"""

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from campaigns.models import ParticipatingUnit, Plan
from tests.browser.conftest import login

YEAR = timezone.localdate().year
LONG_NAME = "Trường Mầm non Hoa Sen xã Cổ Lễ, huyện cũ Nam Trực, tỉnh Ninh Bình " * 2


def test_an_oversize_form_keeps_what_was_typed(page, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 300  # the Vietnamese name alone is over it, encoded
    login(page, "cole")
    page.goto("/don-vi/them/")
    page.fill("input[name=name]", LONG_NAME.strip())
    page.fill("input[name=contact_person]", "Nguyễn Thị Hoa")
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.get_by_test_id("form-too-big")).to_contain_text("quá lớn")
    expect(page.get_by_test_id("form-too-big")).to_contain_text("vẫn còn trên trang")
    assert page.url.endswith("/don-vi/them/")
    expect(page.locator("input[name=name]")).to_have_value(LONG_NAME.strip())
    expect(page.locator("input[name=contact_person]")).to_have_value("Nguyễn Thị Hoa")
    assert not ParticipatingUnit.objects.filter(name=LONG_NAME.strip()).exists()


def test_without_javascript_the_server_answers_on_the_same_page(browser, portal, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 300
    context = browser.new_context(locale="vi-VN", base_url=portal, java_script_enabled=False)
    page = context.new_page()
    try:
        login(page, "cole")
        page.goto("/don-vi/them/")
        page.fill("input[name=name]", LONG_NAME.strip())
        page.locator("main form[method=post] button[type=submit]").first.click()
        expect(page.get_by_test_id("request-too-big")).to_contain_text("Nội dung nhập quá lớn")
        expect(page.get_by_test_id("request-too-big")).to_contain_text("Chưa có gì được lưu")
        expect(page.locator("input[name=name]")).to_be_visible()  # the form again, not an error page
    finally:
        context.close()


def test_the_province_reminds_its_communes_once(page):
    plan = Plan.objects.filter(issuer__name="Ninh Bình").order_by("pk").first()
    Plan.objects.filter(pk=plan.pk).update(status="issued", number="02/KH-UBND", issued_on="2025-07-09")
    officers = {
        u.admin_unit.name: u.email for u in User.objects.filter(role="officer", admin_unit__province=plan.issuer)
    }
    mail.outbox.clear()
    login(page, "ninhbinh")
    page.goto(f"/bao-cao/tinh/?plan={plan.pk}&year={YEAR}")
    cole = page.get_by_test_id("commune-row").filter(has_text="Cổ Lễ")
    expect(cole.get_by_test_id("commune-contact")).to_contain_text(officers["Cổ Lễ"])
    expect(page.get_by_test_id("print-dashboard")).to_be_visible()
    expect(page.get_by_test_id("province-missing-export")).to_be_visible()
    cole.get_by_test_id("commune-remind").click()
    expect(page.locator("main > [role=alert]").first).to_contain_text("Đã gửi nhắc 1 xã, phường")
    assert officers["Cổ Lễ"] in {m.to[0] for m in mail.outbox}
    assert officers["Xuân Trường"] not in {m.to[0] for m in mail.outbox}
    expect(
        page.get_by_test_id("commune-row").filter(has_text="Cổ Lễ").get_by_test_id("commune-reminded")
    ).not_to_contain_text("—")
    page.get_by_test_id("province-remind-all").click()  # Xuân Trường now; Cổ Lễ was reminded today
    expect(page.locator("main > [role=alert]").first).to_contain_text(
        "Đã gửi nhắc 1 xã, phường; 1 xã, phường đã được nhắc hôm nay"
    )
    sent = len(mail.outbox)
    assert officers["Xuân Trường"] in {m.to[0] for m in mail.outbox}
    page.get_by_test_id("province-remind-all").click()  # a second click
    expect(page.locator("main > [role=alert]").first).to_contain_text("Đã gửi nhắc 0 xã, phường")
    assert len(mail.outbox) == sent
