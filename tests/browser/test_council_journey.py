"""The commune's council meeting, in real Chromium against the live portal: the Cổ Lễ officer
records a meeting (a count larger than the council is refused, what was typed kept), votes on
two dossiers waiting for the council in one go, sees each result explained against its
threshold (a Giấy khen by simple majority passes, a Cờ thi đua needing 80 % of all members
fails), closes the meeting, finds the rejected dossier at its end, and prints the minutes."""

import io

import pdfplumber
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from awards import services
from awards.models import AwardForm, CouncilMeeting, Nomination
from campaigns.models import ParticipatingUnit, Plan
from tests.browser.conftest import login
from tests.browser.test_commune_journey import flash, tiny_pdf

SCHOOL = "Trường Trung học cơ sở Cổ Lễ"
VILLAGE = "Thôn Trung Lễ"


def appraised(unit_name: str, code: str) -> Nomination:
    officer = User.objects.get(username="cole")
    plan = Plan.objects.filter(issuer__name="Cổ Lễ", status=Plan.Status.ISSUED).order_by("pk").first()
    nomination = services.nomination_create(
        by=officer,
        plan=plan,
        occasion="annual",
        award_form=AwardForm.objects.get(code=code),
        nominee_kind="collective",
        unit=ParticipatingUnit.objects.get(admin_unit=plan.issuer, name=unit_name),
        achievements="Dẫn đầu phong trào thi đua năm 2026.",
    )
    for kind in ("proposal", "achievement_report"):
        upload = SimpleUploadedFile(f"{kind}.pdf", tiny_pdf(kind), content_type="application/pdf")
        services.nomination_document_upload(nomination=nomination, by=officer, kind=kind, upload=upload)
    for step, fields in (
        (services.nomination_submit, {}),
        (services.nomination_receive, {}),
        (services.nomination_appraise, {"comment": "Đủ điều kiện trình Hội đồng."}),
    ):
        current = Nomination.objects.get(pk=nomination.pk)
        step(nomination=current, by=officer, version=current.version, **fields)
    return Nomination.objects.get(pk=nomination.pk)


def waiting_row(page, nominee: str):
    return page.get_by_test_id("waiting-row").filter(has_text=nominee)


def test_a_council_meeting_votes_on_two_dossiers_and_rejects_one(page):
    school = appraised(SCHOOL, "giay_khen")
    village = appraised(VILLAGE, "co_thi_dua_tinh")
    today = timezone.localdate().strftime("%d/%m/%Y")

    login(page, "cole")
    page.get_by_test_id("nav-council").click()
    page.get_by_test_id("council-create").click()
    form = page.get_by_test_id("council-form")
    form.get_by_label("Ngày họp").fill(today)
    form.get_by_label("Chủ trì (Chủ tịch Hội đồng)").fill("Vũ Mạnh Cường")
    form.get_by_label("Thư ký").fill("Trần Thị Hoa")
    form.get_by_label("Tổng số thành viên Hội đồng").fill("11")
    form.get_by_label("Số thành viên dự họp").fill("12")
    form.get_by_label("Số thành viên vắng mặt gửi phiếu bằng văn bản").fill("1")
    form.get_by_label("Họ tên thành viên gửi phiếu bằng văn bản").fill("Nguyễn Văn Hòa")
    page.get_by_test_id("council-form-save").click()
    form = page.get_by_test_id("council-form")
    expect(form).to_contain_text("Số thành viên dự họp (12) không được lớn hơn tổng số thành viên Hội đồng (11).")
    expect(form.get_by_label("Thư ký")).to_have_value("Trần Thị Hoa")
    assert not CouncilMeeting.objects.exists()
    form.get_by_label("Số thành viên dự họp").fill("9")
    page.get_by_test_id("council-form-save").click()
    expect(flash(page)).to_contain_text("Đã lưu cuộc họp Hội đồng.")
    expect(page.get_by_test_id("council-members")).to_contain_text("9/11 thành viên dự họp; 1 thành viên vắng mặt")

    # Both dossiers wait for this council; their votes go in together.
    for nominee, votes in ((SCHOOL, ("6", "4")), (VILLAGE, ("8", "2"))):
        row = waiting_row(page, nominee)
        row.get_by_label("Đồng ý", exact=True).fill(votes[0])
        row.get_by_label("Không đồng ý", exact=True).fill(votes[1])
    page.get_by_test_id("ballot-rows-save").click()
    expect(flash(page)).to_contain_text("Đã ghi kết quả bỏ phiếu cho 2 hồ sơ.")
    lines = page.get_by_test_id("council-line")
    expect(lines).to_have_count(2)
    flag = lines.filter(has_text="Cờ thi đua")
    expect(flag.get_by_test_id("ballot-outcome")).to_have_text("Không đạt")
    expect(flag.get_by_test_id("ballot-explanation")).to_have_text(
        "8/11 phiếu = 72,7 % tổng số thành viên Hội đồng; ngưỡng 80 % → không đạt"
    )
    expect(lines.filter(has_text="Giấy khen").get_by_test_id("ballot-explanation")).to_have_text(
        "6/10 phiếu = 60,0 % số thành viên tham gia bỏ phiếu; ngưỡng trên 50 % → đạt"
    )
    expect(page.get_by_test_id("waiting-row")).to_have_count(0)

    page.get_by_test_id("council-close-save").click()
    expect(flash(page)).to_contain_text("Đã chốt kết quả họp Hội đồng; các hồ sơ đã chuyển bước.")
    expect(page.get_by_test_id("council-status")).to_have_text("Đã chốt kết quả")
    expect(page.get_by_test_id("ballot-edit")).to_have_count(0)

    # The minutes, with each result.
    response = page.context.request.get(page.get_by_test_id("council-minutes-pdf").get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        cells = [" ".join((c or "").split()) for p in pdf.pages for t in p.extract_tables() for r in t for c in r]
    assert "Không đạt: 8/11 phiếu = 72,7 % tổng số thành viên Hội đồng; ngưỡng 80 % → không đạt" in cells

    # The rejected dossier has reached its end at the commune; the other goes on.
    flag.get_by_role("link", name=VILLAGE).click()
    page.wait_for_url(f"**/khen-thuong/{village.pk}/")
    expect(page.get_by_test_id("nomination-status")).to_have_text("Hội đồng Thi đua - Khen thưởng không thông qua")
    expect(page.get_by_test_id("council-outcome")).to_have_text("Không đạt")
    expect(page.get_by_test_id("actions")).to_contain_text("Bạn không có thao tác nào")
    expect(page.get_by_test_id("event").last).to_contain_text(
        "Đã thẩm định → Hội đồng Thi đua - Khen thưởng không thông qua"
    )
    assert Nomination.objects.get(pk=school.pk).status == Nomination.Status.COUNCIL_REVIEWED
