"""The commune officer, in real Chromium: builds the commune plan from the province plan,
edits a section, issues it, and sees it locked."""

from campaigns.models import Plan
from tests.browser.conftest import login


def test_officer_derives_edits_and_issues_the_commune_plan(page):
    login(page, "xuantruong")
    page.get_by_role("navigation").get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="trên địa bàn tỉnh Ninh Bình").click()
    page.click("[data-testid=derive-plan]")
    page.wait_for_url("**/sua/")
    assert "Đã tạo dự thảo kế hoạch của xã" in page.inner_text(".alert-success")

    page.locator("[data-testid=plan-sections]").get_by_role("link", name="Nội dung thi đua").click()
    textareas = page.locator("[data-testid=section-form] textarea")
    textareas.last.fill("Thi đua xây dựng xã Xuân Trường thông minh.")
    page.click("[data-testid=section-form] button[type=submit]")
    assert "Đã lưu phần “Nội dung thi đua”." in page.inner_text(".alert-success")

    page.click("[data-testid=issue-plan]")
    page.fill("input[name=number]", "120/KH-UBND")
    page.fill("input[name=issued_on]", "31/02/2026")
    page.fill("input[name=signer_name]", "Phạm Ngọc Vinh")
    page.click("[data-testid=issue-form] button[type=submit]")
    assert "Ngày không hợp lệ; hãy nhập một ngày có thật theo dạng dd/mm/yyyy, ví dụ 05/12/2026." in page.content()
    assert page.input_value("input[name=number]") == "120/KH-UBND"
    page.fill("input[name=issued_on]", "05/06/2026")
    page.click("[data-testid=issue-form] button[type=submit]")
    assert "Đã ban hành kế hoạch." in page.inner_text(".alert-success")
    assert "Số: 120/KH-UBND" in page.inner_text("article.document")
    assert "Xuân Trường, ngày 05 tháng 6 năm 2026" in page.inner_text("article.document")
    assert "Thi đua xây dựng xã Xuân Trường thông minh." in page.inner_text("article.document")

    plan = Plan.objects.get(number="120/KH-UBND")
    assert plan.is_issued and plan.issued_on.isoformat() == "2026-06-05"
    assert page.inner_text("[data-testid=edit-plan]") == "Điều chỉnh"
