"""The commune officer, in real Chromium: uploads the Cổ Lễ plan as a file, reads the extracted
structure beside the source text, corrects the title, saves it as a draft linked to the
province plan in the portal; a second upload is cancelled and saves nothing."""

from campaigns.models import Plan
from tests.browser.conftest import login
from tests.campaigns.test_import import expected, seed_file


def test_officer_imports_a_plan_document_reviews_and_saves_a_draft(page, tmp_path):
    name, content = seed_file("000", "docx")
    path = tmp_path / name
    path.write_bytes(content)
    province_plan = Plan.objects.get(issuer__name="Ninh Bình")
    plans_before = Plan.objects.count()

    login(page, "cole")
    page.goto("/ke-hoach/nhap-van-ban/")
    page.set_input_files("[data-testid=import-form] input[type=file]", str(path))
    page.click("[data-testid=import-upload]")

    page.wait_for_selector("[data-testid=review-form]")
    assert "Vũ Mạnh Cường" in page.inner_text("[data-testid=import-source]")
    assert "Chưa có gì được lưu." in page.inner_text("[data-testid=import-not-saved]")
    assert page.input_value("[data-testid=field-campaign]") == expected("000")["campaign"]
    assert page.locator("[data-testid=row-criteria_groups]").count() == 4
    linked = page.locator("[data-testid=formset-parents] select").first
    assert linked.input_value() == str(province_plan.pk)
    assert Plan.objects.count() == plans_before  # nothing saved yet

    title = "Tổ chức triển khai Phong trào thi đua “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” tại xã Cổ Lễ"
    page.fill("[data-testid=field-title]", title)
    page.fill("[data-testid=field-period_end]", "2025")
    page.fill("[data-testid=field-period_start]", "2026")
    page.click("[data-testid=import-confirm]")
    assert "Năm kết thúc không được trước năm bắt đầu." in page.content()
    assert page.input_value("[data-testid=field-title]") == title  # kept what was typed
    assert Plan.objects.count() == plans_before

    page.fill("[data-testid=field-period_start]", "2025")
    page.fill("[data-testid=field-period_end]", "2030")
    page.click("[data-testid=import-confirm]")
    assert "Đã lưu dự thảo kế hoạch từ tệp" in page.inner_text(".alert-success")
    assert title in page.inner_text("[data-testid=plan-title]")

    plan = Plan.objects.get(title=title)
    assert plan.issuer.name == "Cổ Lễ" and plan.status == Plan.Status.DRAFT
    assert plan.parents.get(number_in_list=1).parent_plan == province_plan
    assert [c.text for c in plan.contents.all()] == expected("000")["contents"]

    # Another upload, then "Hủy": nothing more is saved.
    page.goto("/ke-hoach/nhap-van-ban/")
    page.set_input_files("[data-testid=import-form] input[type=file]", str(path))
    page.click("[data-testid=import-upload]")
    page.click("[data-testid=import-cancel]")
    assert "Đã hủy nhập văn bản; chưa có gì được lưu." in page.inner_text(".alert-info")
    assert Plan.objects.count() == plans_before + 1
