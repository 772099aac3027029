"""The year-end evaluation of xã Cổ Lễ in real Chromium, from the demo's 2026 proposals: the
officer reads each check's explanation, finds the council cannot approve a failed check,
lets it pass with a written reason (an empty reason is refused), holds the council which
votes the proposals (one rejected by fewer votes than the threshold), issues the commune's decision of
titles and prints its certificates, sends the CSTĐ cấp tỉnh candidate to the province in a
tờ trình; the province's reviewer evaluates and decides it."""

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import User
from awards.models import Decision, Proposal
from tests.browser.conftest import login, logout
from tests.browser.documents import made
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


def the_rest() -> list[Proposal]:
    """The council's other 2026 proposals voted for: every one that meets its checks (the
    CSTĐCS of those who do not, other than Lê Thị Mai's, wait)."""
    officer = User.objects.get(username="cole")
    pending = Proposal.objects.filter(admin_unit=officer.admin_unit, year=YEAR, outcome="pending")
    return [
        p
        for p in pending
        if p.awardee.name not in (HUONG, "Trần Văn Đức")
        and (p.award_form.code != "chien_si_thi_dua_co_so" or p.awardee.name == "Lê Thị Mai")
    ]


def open_council(page, day: str) -> None:
    """A new meeting of the user's council: 9 members, all present."""
    page.get_by_test_id("council-create").click()
    form = page.get_by_test_id("council-form")
    form.get_by_label("Ngày họp").fill(day)
    form.get_by_label("Tổng số thành viên Hội đồng").fill("9")
    form.get_by_label("Số thành viên dự họp").fill("9")
    page.get_by_test_id("council-form-save").click()
    expect(flash(page)).to_contain_text("Đã lưu cuộc họp Hội đồng.")


def vote(page, votes: dict[int, tuple[int, int]]) -> None:
    for pk, (votes_for, against) in votes.items():
        row = page.locator(f"[data-testid=waiting-proposal][data-proposal='{pk}']")
        row.get_by_label("Đồng ý", exact=True).fill(str(votes_for))
        row.get_by_label("Không đồng ý", exact=True).fill(str(against))
    page.get_by_test_id("ballot-rows-save").click()


def close_council(page) -> None:
    page.get_by_test_id("council-close-save").click()
    expect(flash(page)).to_contain_text("Đã chốt kết quả họp Hội đồng")


def proposal_of(name: str, code: str, admin_unit="Cổ Lễ") -> Proposal:
    return Proposal.objects.get(admin_unit__name=admin_unit, year=YEAR, awardee__name=name, award_form__code=code)


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

    # The council cannot approve Hương's CSTĐCS while a check fails without a reason.
    failing.get_by_test_id("proposal-link").click()
    page.get_by_test_id("to-council-link").click()
    open_council(page, "15/12/2026")
    meeting_url = page.url
    huong = proposal_of(HUONG, "chien_si_thi_dua_co_so")
    vote(page, {huong.pk: (9, 0)})
    expect(page.get_by_test_id("council-errors")).to_contain_text("Chưa thể thông qua")
    expect(page.get_by_test_id("council-line")).to_have_count(0)

    # Hương's failed check passes only with a reason.
    page.goto(huong.get_absolute_url())
    page.get_by_test_id("override-save").click()
    expect(page.locator("[data-testid=override-form]")).to_contain_text("Hãy ghi lý do xét vượt qua")
    reason = "Chủ trì đề án số hóa hồ sơ một cửa của xã, được UBND xã ghi nhận"
    page.fill("[data-testid=override-form] [name=reason]", reason)
    page.get_by_test_id("override-save").click()
    expect(page.get_by_test_id("override-reason")).to_contain_text(reason)
    expect(page.get_by_test_id("passed")).to_be_visible()

    # The council votes: Hương and the rest approved, Đức's CSTĐCS rejected (3/9 votes).
    page.goto(meeting_url)
    duc = proposal_of("Trần Văn Đức", "chien_si_thi_dua_co_so")
    vote(page, {huong.pk: (9, 0), duc.pk: (3, 6), **{p.pk: (9, 0) for p in the_rest()}})
    expect(flash(page)).to_contain_text("Đã ghi kết quả bỏ phiếu")
    duc_line = page.get_by_test_id("council-line").filter(has_text="Trần Văn Đức")
    expect(duc_line.get_by_test_id("ballot-outcome")).to_have_text("Không đạt")
    close_council(page)
    page.goto(huong.get_absolute_url())
    expect(page.get_by_test_id("outcome")).to_have_text("Được thông qua")
    expect(page.get_by_test_id("proposal-history")).to_contain_text(reason)
    page.goto(duc.get_absolute_url())
    expect(page.get_by_test_id("outcome")).to_have_text("Không được thông qua")
    expect(page.get_by_test_id("proposal-history")).to_contain_text("3/9 phiếu")

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
    pages, text = pdf_text(page, made(page, "certificates-pdf", "certificates"))
    assert pages == count and "CHIẾN SĨ THI ĐUA CƠ SỞ" in text and HUONG in text
    _pages, text = pdf_text(page, made(page, "decision-pdf", "decision"))
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
    _pages, text = pdf_text(page, made(page, "submission-pdf", "proposal_submission"))
    assert "TỜ TRÌNH" in text and THANG in text and "Chiến sĩ thi đua cấp tỉnh" in text
    logout(page)

    # The province's reviewer evaluates and decides it with the same pages.
    login(page, "ninhbinh")
    open_year(page)
    candidate = card(page, THANG, "Chiến sĩ thi đua cấp tỉnh")
    expect(candidate).to_contain_text("Có 3/3 năm liên tục đạt CSTĐCS (2024, 2025, 2026).")
    candidate.get_by_test_id("proposal-link").click()
    page.get_by_test_id("to-council-link").click()
    open_council(page, "22/12/2026")
    vote(page, {Proposal.objects.get(forwarded_from__awardee__name=THANG).pk: (9, 0)})
    close_council(page)
    candidate_url = Proposal.objects.get(forwarded_from__awardee__name=THANG).get_absolute_url()
    page.goto(candidate_url)
    expect(page.get_by_test_id("outcome")).to_have_text("Được thông qua")
    open_year(page)
    page.get_by_test_id("issue-save").click()
    expect(page.get_by_test_id("decision-lines")).to_contain_text(THANG)
    sign(page, "88/QĐ-UBND")
    _pages, text = pdf_text(page, made(page, "certificates-pdf", "certificates"))
    assert "CHIẾN SĨ THI ĐUA CẤP TỈNH" in text and THANG in text
