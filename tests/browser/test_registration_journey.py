"""Registration (đăng ký thi đua) in real Chromium.

The school's reporter registers its collective title and two people (one picked from the
school's records, one added on the spot) and submits; the officer sees it on the commune's
list, is told in Thông báo, clicks "Nhắc ngay" for the units still missing (sent once, not
again on a second click), consolidates ("Tổng hợp") and turns the consolidated registrations
into the year's proposals on the evaluation page (bình xét), where the school's appear.
"""

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Proposal, Registration
from campaigns.models import ParticipatingUnit
from reporting.models import Reminder
from tests.browser.conftest import login, logout

YEAR = timezone.localdate().year


def alert(page):
    return page.locator("main > [role=alert]").first


def test_a_unit_registers_and_the_officer_chases_and_consolidates(page):
    school = ParticipatingUnit.objects.get(name="Trường Trung học cơ sở Cổ Lễ")
    login(page, "donvi.cole")
    page.get_by_test_id("nav-registration").click()
    page.wait_for_url(f"**/khen-thuong/dang-ky-thi-dua/nam/{YEAR}/don-vi/{school.pk}/")
    expect(page.get_by_test_id("registration-status")).to_contain_text("Chưa đăng ký")

    title = page.get_by_test_id("title-form")
    title.locator("select").select_option(label="Tập thể lao động tiên tiến")
    title.get_by_test_id("title-save").click()
    expect(alert(page)).to_contain_text("Đã lưu danh hiệu tập thể")

    line = page.get_by_test_id("line-form")
    line.locator("select[name=awardee]").select_option(label="Phạm Văn Thắng (15/04/1982)")
    line.locator("select[name=award_form]").select_option(label="Chiến sĩ thi đua cơ sở")
    line.get_by_test_id("line-save").click()
    expect(alert(page)).to_contain_text("Đã thêm cá nhân đăng ký")

    person = page.get_by_test_id("person-form")
    person.locator("input[name=name]").fill("Lê Thị Lan")
    person.locator("input[name=date_of_birth]").fill("31/02/1992")  # no such day: kept, explained
    person.locator("select[name=award_form]").select_option(label="Lao động tiên tiến")
    person.get_by_test_id("person-save").click()
    expect(page.get_by_test_id("person-form")).to_contain_text("Ngày không hợp lệ")
    expect(page.get_by_test_id("person-form").locator("input[name=name]")).to_have_value("Lê Thị Lan")
    page.get_by_test_id("person-form").locator("input[name=date_of_birth]").fill("17/05/1992")
    page.get_by_test_id("person-form").get_by_test_id("person-save").click()
    expect(alert(page)).to_contain_text("Đã thêm người mới")
    expect(page.get_by_test_id("registration-line")).to_have_count(2)

    page.get_by_test_id("registration-submit").click()
    expect(alert(page)).to_contain_text("Đã nộp bản đăng ký thi đua")
    expect(page.get_by_test_id("registration-status")).to_contain_text("Đã nộp")
    registration = Registration.objects.get(unit=school, year=YEAR)
    assert registration.is_submitted and registration.lines.count() == 2
    logout(page)

    login(page, "cole")
    expect(page.get_by_test_id("unread-count")).to_be_visible()  # told of the submission
    page.get_by_test_id("nav-registration").click()
    row = page.locator(f"[data-testid=board-row][data-unit='{school.pk}']")
    expect(row.get_by_test_id("row-status")).to_contain_text("nộp")
    expect(row).to_contain_text("Tập thể lao động tiên tiến")

    mail.outbox.clear()
    page.get_by_test_id("remind-all").click()
    expect(alert(page)).to_contain_text("Đã gửi nhắc")
    sent = [m.to[0] for m in mail.outbox]
    assert sent and school.email not in sent
    assert Reminder.objects.filter(kind="registration", requested_by__username="cole").count() == len(sent)
    missing = page.locator("[data-testid=board-row][data-status=draft], [data-testid=board-row][data-status=missing]")
    expect(missing.first.get_by_test_id("row-reminded")).not_to_have_text("—")
    page.get_by_test_id("remind-all").click()  # a second click
    expect(alert(page)).to_contain_text("Đã gửi nhắc 0 đơn vị")
    assert len(mail.outbox) == len(sent)

    page.get_by_test_id("consolidate-all").click()
    expect(alert(page)).to_contain_text("Đã tổng hợp")
    expect(row.get_by_test_id("row-consolidated")).to_be_visible()
    assert Registration.objects.get(pk=registration.pk).is_consolidated

    # The evaluation starts from the consolidated registrations: the school's lines become proposals.
    page.get_by_test_id("nav-evaluation").click()
    page.fill("[data-testid=year-form] [name=nam]", str(YEAR))
    page.locator("[data-testid=year-form] button").click()
    page.get_by_test_id("from-registrations-save").click()
    expect(alert(page)).to_contain_text("đề nghị mới từ")
    lan = Proposal.objects.get(awardee__name="Lê Thị Lan", year=YEAR, award_form__code="lao_dong_tien_tien")
    card = page.locator(f"[data-testid=proposal][data-proposal='{lan.pk}']")
    expect(card).to_contain_text("Lê Thị Lan")
    expect(card).to_contain_text("Lao động tiên tiến")
