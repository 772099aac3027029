"""The Cổ Lễ officer's year end, in real Chromium: three decided dossiers go into one
decision, which is signed with its number, date and scan (an attempt without a number is
refused in Vietnamese), printed (the decision with its annex, the certificates in both
modes), and the awardee is found in the register typed without diacritics."""

import datetime
import io

from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import User
from awards import services
from awards.models import AwardForm, Decision, Nomination, Occasion, RegisterEntry
from campaigns.models import ParticipatingUnit, Plan
from tests.awards.decision_helpers import decide
from tests.browser.conftest import login
from tests.browser.documents import made
from tests.browser.test_commune_journey import pdf_file

NAMES = ("Nguyễn Văn An", "Lê Thị Bình", "Đặng Quốc Cường")


def decided_nominations() -> list[Nomination]:
    officer = User.objects.get(username="cole")
    school = ParticipatingUnit.objects.get(name="Trường Trung học cơ sở Cổ Lễ")
    plan = Plan.objects.filter(issuer__name="Cổ Lễ").order_by("pk").first()
    decided = []
    for name in NAMES:
        nomination = services.nomination_create(
            by=officer,
            plan=plan,
            occasion=Occasion.ANNUAL,
            award_form=AwardForm.objects.get(code="giay_khen"),
            nominee_kind="individual",
            unit=school,
            individual_name=name,
            individual_position="Giáo viên",
            achievements="Hoàn thành xuất sắc nhiệm vụ năm học 2025 - 2026",
        )
        decided.append(decide(nomination, officer, number="140/QĐ-UBND", day=datetime.date(2026, 12, 22)))
    return decided


def pdf_text(page, href: str) -> tuple[int, str]:
    response = page.context.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_three_dossiers_one_decision_signed_printed_and_found(page):
    decided_nominations()
    login(page, "cole")
    page.get_by_test_id("nav-decisions").click()
    page.get_by_test_id("decision-create").click()
    page.fill("[name=title]", "Về việc khen thưởng giáo viên có thành tích xuất sắc năm học 2025 - 2026")
    page.fill("[name=place]", "Cổ Lễ")
    page.fill("[name=signer_name]", "Vũ Mạnh Cường")
    page.get_by_test_id("decision-form-save").click()
    for checkbox in page.locator("[data-testid=add-nominations] input[name=nominations]").all():
        checkbox.check()
    page.get_by_test_id("add-nominations-save").click()
    lines = page.get_by_test_id("decision-lines")
    for name in NAMES:
        expect(lines).to_contain_text(name)
    expect(page.get_by_test_id("decision-total")).to_have_text("2130000")
    # Without a number: refused, nothing signed, the date typed kept.
    page.fill("[data-testid=sign-form] [name=decided_on]", "22/12/2026")
    page.get_by_test_id("sign-save").click()
    expect(page.get_by_test_id("decision-errors")).to_contain_text("chưa có số, ký hiệu")
    expect(page.locator("[data-testid=sign-form] [name=decided_on]")).to_have_value("22/12/2026")
    page.fill("[data-testid=sign-form] [name=number]", "140/QĐ-UBND")
    page.set_input_files("[data-testid=sign-form] [name=scan]", pdf_file("qd-140-da-ky.pdf"))
    page.get_by_test_id("sign-save").click()
    expect(page.get_by_test_id("decision-status")).to_have_text("Đã ký ban hành")
    decision = Decision.objects.get(number="140/QĐ-UBND")
    numbers = [e.register_label for e in RegisterEntry.objects.filter(decision_line__decision=decision)]
    assert len(numbers) == 3

    pages, text = pdf_text(page, made(page, "decision-pdf", "decision"))
    for expected in ("QUYẾT ĐỊNH", "Số: 140/QĐ-UBND", "Điều 1.", "DANH SÁCH KHEN THƯỞNG", *NAMES, *numbers):
        assert expected in text, expected
    word = page.context.request.get(made(page, "decision-docx", "decision", "docx"))
    assert word.ok and word.headers["content-type"].endswith("wordprocessingml.document")
    assert word.body()[:2] == b"PK"  # a Word (zip) file
    pages, text = pdf_text(page, made(page, "certificates-pdf", "certificates"))
    assert pages == 3 and "TẶNG" in text and "GIẤY KHEN" in text and "Đặng Quốc Cường" in text
    pages, text = pdf_text(page, made(page, "certificates-blank-pdf", "certificates_blank"))
    assert pages == 3 and "TẶNG" not in text and "Lê Thị Bình" in text and f"Số sổ vàng: {numbers[1]}" in text
    pages, text = pdf_text(page, page.get_by_test_id("calibration-pdf").get_attribute("href"))
    assert pages == 1 and "Trang căn chỉnh" in text

    page.get_by_test_id("nav-register").click()
    page.fill("[data-testid=register-filter] [name=q]", "dang quoc cuong")
    page.get_by_test_id("register-search").click()
    table = page.get_by_test_id("register-table")
    expect(table).to_contain_text("Đặng Quốc Cường")
    expect(table).not_to_contain_text("Lê Thị Bình")
