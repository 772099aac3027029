"""The year-end evaluation of xã Cổ Lễ in real Chromium, from the demo's 2026 proposals: the
officer reads each check's explanation, lets a failed check pass with a written reason (an
empty reason is refused), records outcomes (one rejected), issues the commune's decision of
titles and prints its certificates, sends the CSTĐ cấp tỉnh candidate to the province in a
tờ trình; the province's reviewer evaluates and decides it."""

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import User
from awards.models import Decision, Proposal
from awards.services import cycle
from tests.browser.conftest import login, logout
from tests.browser.test_commune_journey import flash, pdf_file

YEAR = 2026
HUONG, THANG = "Nguyễn Thị Hương", "Phạm Văn Thắng"


def card(page, name: str, form: str):
    return page.get_by_test_id("proposal").filter(has_text=name).filter(has_text=form)


def open_year(page) -> None:
    page.get_by_test_id("nav-evaluation").click()
    page.fill("[data-testid=year-form] [name=nam]", str(YEAR))
    page.locator("[data-testid=year-form] button").click()


def pdf_text(page, href: str) -> tuple[int, str]:
    response = page.context.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def approve_the_rest() -> None:
    """The council's other votes (its own page comes with the council's record)."""
    officer = User.objects.get(username="cole")
    for proposal in Proposal.objects.filter(admin_unit=officer.admin_unit, year=YEAR, outcome="pending"):
        if proposal.award_form.code != "chien_si_thi_dua_co_so" or proposal.awardee.name == "Lê Thị Mai":
            cycle.record_outcome(proposal, True, officer, "Hội đồng thống nhất")


def sign(page, number: str) -> None:
    page.fill("[data-testid=sign-form] [name=number]", number)
    page.fill("[data-testid=sign-form] [name=decided_on]", "22/12/2026")
    page.set_input_files("[data-testid=sign-form] [name=scan]", pdf_file("qd-da-ky.pdf"))
    page.get_by_test_id("sign-save").click()
    expect(page.get_by_test_id("decision-status")).to_have_text("Đã ký ban hành")


def test_evaluate_override_decide_and_send_up(page):
    login(page, "cole")
    open_year(page)
    expect(card(page, THANG, "Chiến sĩ thi đua cấp tỉnh")).to_contain_text(
        "Có 3/3 năm liên tục đạt CSTĐCS (2024, 2025, 2026)."
    )
    failing = card(page, HUONG, "Chiến sĩ thi đua cơ sở")
    expect(failing.get_by_test_id("failed")).to_be_visible()
    expect(failing).to_contain_text(
        "Xếp loại năm 2026: Hoàn thành tốt nhiệm vụ; cần từ “Hoàn thành xuất sắc nhiệm vụ”."
    )
    expect(card(page, "Lê Thị Mai", "Chiến sĩ thi đua cơ sở").get_by_test_id("override-reason")).to_contain_text(
        "đề tài nghiên cứu khoa học"
    )

    # Hương's failed check passes only with a reason.
    failing.get_by_test_id("proposal-link").click()
    page.get_by_test_id("override-save").click()
    expect(page.locator("[data-testid=override-form]")).to_contain_text("Hãy ghi lý do xét vượt qua")
    reason = "Chủ trì đề án số hóa hồ sơ một cửa của xã, được UBND xã ghi nhận"
    page.fill("[data-testid=override-form] [name=reason]", reason)
    page.get_by_test_id("override-save").click()
    expect(page.get_by_test_id("override-reason")).to_contain_text(reason)
    expect(page.get_by_test_id("passed")).to_be_visible()
    page.check("[data-testid=outcome-form] input[name=approved][value='1']")
    page.get_by_test_id("outcome-save").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Được thông qua")
    expect(page.get_by_test_id("proposal-history")).to_contain_text(reason)

    # Đức's CSTĐCS is rejected by the council.
    open_year(page)
    card(page, "Trần Văn Đức", "Chiến sĩ thi đua cơ sở").get_by_test_id("proposal-link").click()
    page.check("[data-testid=outcome-form] input[name=approved][value='0']")
    page.fill("[data-testid=outcome-form] [name=note]", "Không đủ số phiếu")
    page.get_by_test_id("outcome-save").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Không được thông qua")
    approve_the_rest()

    # The commune's decision of titles, signed, with its certificates.
    open_year(page)
    page.select_option("[data-testid=issue-form] [name=grouping]", "kind")
    page.get_by_test_id("issue-save").click()
    expect(flash(page).first).to_contain_text("dự thảo quyết định")
    titles = Decision.objects.get(status="draft", title__contains="công nhận danh hiệu thi đua")
    page.goto(titles.get_absolute_url())
    lines = page.get_by_test_id("decision-lines")
    expect(lines).to_contain_text(HUONG)
    expect(lines).not_to_contain_text("Chiến sĩ thi đua cấp tỉnh")
    assert not titles.lines.filter(awardee__name="Trần Văn Đức", award_form__code="chien_si_thi_dua_co_so").exists()
    sign(page, "142/QĐ-UBND")
    count = titles.lines.count()
    pages, text = pdf_text(page, page.get_by_test_id("certificates-pdf").get_attribute("href"))
    assert pages == count and "CHIẾN SĨ THI ĐUA CƠ SỞ" in text and HUONG in text
    _pages, text = pdf_text(page, page.get_by_test_id("decision-pdf").get_attribute("href"))
    assert "Ghi chú:" in text and "số hóa hồ sơ một cửa" in text

    # The CSTĐ cấp tỉnh candidate goes to the province in one tờ trình.
    open_year(page)
    send = page.get_by_test_id("send-form")
    send.get_by_label(f"{THANG} – Chiến sĩ thi đua cấp tỉnh").check()
    send.locator("[name=submission_number]").fill("61/TTr-UBND")
    send.locator("[name=submission_date]").fill("23/12/2026")
    page.get_by_test_id("send-save").click()
    expect(card(page, THANG, "Chiến sĩ thi đua cấp tỉnh").get_by_test_id("forwarded")).to_contain_text("61/TTr-UBND")
    card(page, THANG, "Chiến sĩ thi đua cấp tỉnh").get_by_test_id("proposal-link").click()
    _pages, text = pdf_text(page, page.get_by_test_id("submission-pdf").get_attribute("href"))
    assert "TỜ TRÌNH" in text and THANG in text and "Chiến sĩ thi đua cấp tỉnh" in text
    logout(page)

    # The province's reviewer evaluates and decides it with the same pages.
    login(page, "ninhbinh")
    open_year(page)
    candidate = card(page, THANG, "Chiến sĩ thi đua cấp tỉnh")
    expect(candidate).to_contain_text("Có 3/3 năm liên tục đạt CSTĐCS (2024, 2025, 2026).")
    candidate.get_by_test_id("proposal-link").click()
    page.check("[data-testid=outcome-form] input[name=approved][value='1']")
    page.get_by_test_id("outcome-save").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Được thông qua")
    open_year(page)
    page.get_by_test_id("issue-save").click()
    expect(page.get_by_test_id("decision-lines")).to_contain_text(THANG)
    sign(page, "88/QĐ-UBND")
    _pages, text = pdf_text(page, page.get_by_test_id("certificates-pdf").get_attribute("href"))
    assert "CHIẾN SĨ THI ĐUA CẤP TỈNH" in text and THANG in text
