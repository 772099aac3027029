"""December in real Chromium: people are told, late units are chased, search forgives.

1. The officer returns the school's report: the reporter finds it in Thông báo (unread
   count) with the reason, and the e-mail is in the outbox.
2. "Nhắc ngay" for every missing unit sends once; a second click and the next day's 07:00
   job send nothing more.
3. "truong" typed without accents finds "Trường Trung học cơ sở Cổ Lễ".
4. A browser that prefers English gets Vietnamese.
5. Sending the commune's report to the province early asks for confirmation and says how
   many units are missing.
"""

import datetime

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import AdministrativeUnit, ParticipatingUnit, Plan
from reporting.models import CommuneReport
from reporting.services import commune_reports as province_services
from reporting.services.reminders import send_reminders
from tests.browser.conftest import login, logout
from tests.reporting.conftest import submitted
from tests.reporting.test_province_helpers import write

YEAR = timezone.localdate().year


def co_le_plan() -> Plan:
    return Plan.objects.filter(issuer__name="Cổ Lễ").order_by("pk").first()


def test_a_returned_report_reaches_the_reporter(page):
    school = ParticipatingUnit.objects.get(name="Trường Trung học cơ sở Cổ Lễ")
    reporter = school.reporters.get()
    report = submitted(co_le_plan(), YEAR, school, reporter)
    mail.outbox.clear()
    login(page, "cole")
    page.goto(report.get_absolute_url())
    page.get_by_test_id("return-link").click()
    page.get_by_test_id("return-form").locator("textarea").fill("Thiếu biên bản họp chi bộ")
    page.get_by_test_id("confirm-return").click()
    logout(page)
    login(page, "donvi.cole")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    page.get_by_test_id("notifications-link").click()
    expect(page.get_by_test_id("notification-list")).to_contain_text("Thiếu biên bản họp chi bộ")
    to_reporter = [m for m in mail.outbox if m.to == [reporter.email]]
    assert len(to_reporter) == 1 and "Thiếu biên bản họp chi bộ" in to_reporter[0].body


def test_remind_all_missing_units_once(page):
    plan = co_le_plan()
    login(page, "cole")
    page.goto(f"/bao-cao/?plan={plan.pk}&year={YEAR}")
    page.get_by_test_id("remind-all").click()
    expect(page.locator("main > [role=alert]").first).to_contain_text("Đã gửi nhắc")
    sent = len(mail.outbox)
    assert sent > 0
    expect(page.get_by_test_id("row-reminded").first).not_to_have_text("—")
    page.get_by_test_id("remind-all").click()  # a second click
    expect(page.locator("main > [role=alert]").first).to_contain_text("Đã gửi nhắc 0 đơn vị")
    assert len(mail.outbox) == sent
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    send_reminders(today=tomorrow)  # the next 07:00 run
    chased = {m.to[0] for m in mail.outbox}
    assert not [m for m in mail.outbox[sent:] if m.to[0] in chased]


def test_search_without_accents_finds_the_unit(page):
    login(page, "cole")
    page.goto("/don-vi/")
    page.get_by_test_id("unit-filter").locator("input[name=q]").fill("truong trung hoc")
    page.get_by_test_id("unit-filter-submit").click()
    expect(page.get_by_test_id("unit-table")).to_contain_text("Trường Trung học cơ sở Cổ Lễ")
    expect(page.get_by_test_id("unit-row")).to_have_count(1)


def test_an_english_browser_gets_vietnamese(browser, portal):
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    english = context.new_page()
    english.goto(f"{portal}/dang-nhap/")
    expect(english.locator("html")).to_have_attribute("lang", "vi")
    expect(english.locator("body")).to_contain_text("Đăng nhập")
    context.close()


def test_early_submission_asks_for_confirmation(page):
    province = Plan.objects.filter(issuer__name="Ninh Bình").order_by("pk").first()
    Plan.objects.filter(pk=province.pk).update(status="issued", number="02/KH-UBND", issued_on="2025-07-09")
    co_le = AdministrativeUnit.objects.get(name="Cổ Lễ")
    officer = co_le.users.get(username="cole")
    report = write(Plan.objects.get(pk=province.pk), YEAR, co_le, officer)
    missing = province_services.early_warning(plan=report.plan, year=YEAR, commune=co_le)
    assert missing
    login(page, "cole")
    page.goto(f"/bao-cao/xa-gui-tinh/{report.pk}/nop/")
    warning = page.get_by_test_id("early-warning")
    expect(warning).to_contain_text("đơn vị chưa nộp báo cáo")
    page.get_by_test_id("confirm-submit").click()  # not ticked: the browser keeps the page
    assert CommuneReport.objects.get(pk=report.pk).status == "draft"
    page.get_by_test_id("confirm-early").check()
    page.get_by_test_id("confirm-submit").click()
    page.wait_for_url(lambda url: "/nop/" not in url)
    assert CommuneReport.objects.get(pk=report.pk).status == "submitted"
