"""The commune office's year, in real Chromium against the live portal with the demo data.

1. The Cổ Lễ officer builds the commune plan from the Ninh Bình province plan and issues it
   (a date like 31/02/2026 is refused in Vietnamese and the number typed is kept), then adds
   a participating unit.
2. The unit reporter of Trường THCS Cổ Lễ fills this year's report against the Cổ Lễ seed
   plan (deadline 10/12), has a text file disguised as .pdf refused, attaches a real PDF and
   submits; the officer sees it on the board with the counts moved.
3. Two nomination dossiers: a Giấy khen decided at the commune, and a Bằng khen của Chủ tịch
   UBND tỉnh taken to the council and forwarded to the province (no decision at the commune).
"""

import datetime
import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Nomination
from campaigns.models import ParticipatingUnit, Plan
from reporting.models import AnnualReport
from tests.browser.conftest import login, logout

# The council meets and decides on the day the dossier is received (the portal stamps the
# receipt now, and refuses a council before it), so the dates hold whatever day the tests run.
TODAY = timezone.localdate().strftime("%d/%m/%Y")


def tiny_pdf(text: str) -> bytes:
    """A small, valid one-page PDF (correct xref offsets) showing `text` (ASCII)."""
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_file(name: str) -> dict:
    """A file payload for `set_input_files`: a real PDF named `name` (ASCII), showing its name."""
    return {"name": name, "mimeType": "application/pdf", "buffer": tiny_pdf(name)}


def flash(page):
    """The message shown at the top of the page after an action (django.contrib.messages)."""
    return page.locator("main > [role=alert]")


def nav(page, name: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()


def board_for(page, plan) -> None:
    """Open the report board of `plan` for this year, as the officer picks it in the filter."""
    nav(page, "Báo cáo")
    page.wait_for_url("**/bao-cao/**")
    board_filter = page.locator("[data-testid=board-filter]")
    board_filter.get_by_label("Kế hoạch").select_option(str(plan.pk))
    board_filter.get_by_label("Năm").select_option(str(timezone.localdate().year))
    board_filter.get_by_role("button", name="Xem").click()
    page.wait_for_url(f"**/bao-cao/?plan={plan.pk}*")


def test_officer_issues_the_plan_adds_a_unit_and_receives_its_report(page):
    seed_plan = Plan.objects.filter(issuer__name="Cổ Lễ").order_by("pk").first()
    today = timezone.localdate()
    year = today.year

    # 1. The officer builds the commune plan from the province plan and issues it.
    login(page, "cole")
    nav(page, "Kế hoạch")
    page.get_by_role("link", name="trên địa bàn tỉnh Ninh Bình").click()
    page.get_by_role("button", name="Xây dựng kế hoạch của xã từ kế hoạch này").click()
    page.wait_for_url("**/sua/")
    expect(flash(page)).to_contain_text("Đã tạo dự thảo kế hoạch của xã")
    page.click("[data-testid=issue-plan]")
    page.wait_for_url("**/ban-hanh/")
    issue_form = page.locator("[data-testid=issue-form]")
    issue_form.get_by_label("Số, ký hiệu").fill("45/KH-UBND")
    issue_form.get_by_label("Ngày ban hành").fill("31/02/2026")
    issue_form.locator("input[name=signer_name]").fill("Nguyễn Văn Hùng")
    issue_form.get_by_role("button", name="Ban hành").click()
    expect(issue_form).to_contain_text(
        "Ngày không hợp lệ; hãy nhập một ngày có thật theo dạng dd/mm/yyyy, ví dụ 05/12/2026."
    )
    expect(issue_form.get_by_label("Số, ký hiệu")).to_have_value("45/KH-UBND")
    expect(issue_form.locator("input[name=signer_name]")).to_have_value("Nguyễn Văn Hùng")
    assert not Plan.objects.filter(number="45/KH-UBND").exists()
    issue_form.get_by_label("Ngày ban hành").fill("20/11/2026")
    issue_form.get_by_role("button", name="Ban hành").click()
    expect(flash(page)).to_contain_text("Đã ban hành kế hoạch.")
    document = page.locator("article.document")
    expect(document).to_contain_text("Số: 45/KH-UBND")
    expect(document).to_contain_text("Cổ Lễ, ngày 20 tháng 11 năm 2026")

    # 2. The officer adds a participating unit.
    nav(page, "Đơn vị")
    page.click("[data-testid=unit-create]")
    unit_form = page.locator("[data-testid=unit-form]")
    unit_form.get_by_label("Tên đơn vị").fill("Thôn Đông Cổ Lễ")
    unit_form.get_by_label("Đối tượng").select_option(label="Thôn, khối")
    unit_form.get_by_label("Người liên hệ").fill("Trần Văn Bình")
    unit_form.get_by_label("Thư điện tử").fill("dongcole@cole.ninhbinh.gov.vn")
    unit_form.locator("[data-testid=unit-save]").click()
    page.wait_for_url("**/don-vi/")
    expect(flash(page)).to_contain_text("Đã thêm đơn vị “Thôn Đông Cổ Lễ”.")
    new_row = page.locator("[data-testid=unit-row]").filter(has_text="Thôn Đông Cổ Lễ")
    expect(new_row).to_contain_text("Thôn, khối")
    expect(new_row).to_contain_text("Trần Văn Bình")
    expect(new_row).to_contain_text("dongcole@cole.ninhbinh.gov.vn")
    expect(new_row).to_contain_text("Đang tham gia")

    # Before any report: every active unit, the new one included, has not submitted.
    board_for(page, seed_plan)
    units_total = ParticipatingUnit.objects.filter(admin_unit__name="Cổ Lễ", is_active=True).count()
    expect(page.locator("[data-testid=board-row]")).to_have_count(units_total)
    expect(page.get_by_test_id("count-missing")).to_have_text(str(units_total))
    expect(page.get_by_test_id("count-on-time")).to_have_text("0")
    expect(page.get_by_test_id("count-late")).to_have_text("0")
    new_unit_row = page.locator("[data-testid=board-row]").filter(has_text="Thôn Đông Cổ Lễ")
    expect(new_unit_row.get_by_test_id("row-status")).to_have_text("chưa nộp")
    logout(page)

    # 3. The school's reporter fills this year's report against the Cổ Lễ seed plan.
    login(page, "donvi.cole")
    nav(page, "Báo cáo")
    page.wait_for_url("**/bao-cao/don-vi/**")
    row = page.locator(f"[data-testid=unit-report-row][data-year='{year}']").filter(
        has=page.locator(f"a[href='{seed_plan.get_absolute_url()}']")
    )
    expect(row).to_contain_text(f"10/12/{year}")
    row.get_by_role("link", name="Bắt đầu báo cáo").click()
    page.wait_for_url(f"**/bao-cao/ke-hoach/{seed_plan.pk}/nam/{year}/don-vi/**")
    expect(page.get_by_test_id("report-status")).to_have_text("Chưa có báo cáo")
    report_form = page.locator("[data-testid=report-form]")
    contents = report_form.locator("[data-testid=content-item] textarea")
    criteria = report_form.locator("[data-testid=criterion-item] textarea")
    points = report_form.locator("[data-testid=criterion-item] input[name^=points_]")
    assert contents.count() == seed_plan.contents.count() > 0
    criteria_count = criteria.count()
    assert criteria_count == points.count() > 0
    typed = {}
    for index in range(contents.count()):
        text = f"Nội dung {index + 1}: nhà trường đã triển khai đầy đủ, có sản phẩm số."
        contents.nth(index).fill(text)
        typed[contents.nth(index).get_attribute("name")] = text
    for index in range(criteria.count()):
        text = f"Tiêu chí {index + 1}: đạt, có minh chứng kèm theo."
        criteria.nth(index).fill(text)
        typed[criteria.nth(index).get_attribute("name")] = text
        points.nth(index).fill("8,5")

    # A text file renamed .pdf is refused; what was typed stays on the page, nothing is saved.
    evidence_input = report_form.get_by_label("Tải lên minh chứng")
    evidence_input.set_input_files(
        {"name": "bao-cao-gia.pdf", "mimeType": "application/pdf", "buffer": "Chỉ là văn bản thường.".encode()}
    )
    report_form.get_by_role("button", name="Lưu và nộp").click()
    expect(flash(page)).to_contain_text("Báo cáo chưa được lưu")
    expect(report_form).to_contain_text("Tệp “bao-cao-gia.pdf” không phải loại được chấp nhận")
    for name, text in typed.items():
        expect(report_form.locator(f"textarea[name={name}]")).to_have_value(text)
    expect(points.first).to_have_value("8,5")
    assert not AnnualReport.objects.filter(plan=seed_plan, year=year).exists()

    evidence = pdf_file("minh-chung-chuyen-doi-so.pdf")
    evidence_input.set_input_files(evidence)
    report_form.get_by_role("button", name="Lưu và nộp").click()
    page.wait_for_url("**/nop/")
    expect(page.get_by_test_id("submit-confirm")).to_contain_text(f"Hạn nộp: 10/12/{year}.")
    page.get_by_test_id("confirm-submit").click()
    page.wait_for_url(f"**/bao-cao/ke-hoach/{seed_plan.pk}/nam/{year}/don-vi/**")
    expect(flash(page)).to_contain_text("Đã nộp báo cáo cho Phòng Văn hóa - Xã hội.")
    expect(page.get_by_test_id("submitted-info")).to_contain_text("Báo cáo đã khóa")
    expect(page.get_by_test_id("evidence-item")).to_have_count(1)
    expect(page.get_by_test_id("evidence-item")).to_contain_text("minh-chung-chuyen-doi-so.pdf")
    expect(page.locator("[data-testid=report-form]")).to_have_count(0)
    logout(page)

    # 4. The officer sees the report received on the board, with the counts moved.
    login(page, "cole")
    board_for(page, seed_plan)
    on_time = today <= datetime.date(year, 12, 10)
    expected_status = "đã nộp đúng hạn" if on_time else "nộp muộn"
    school_row = page.locator("[data-testid=board-row]").filter(has_text="Trường Trung học cơ sở Cổ Lễ")
    expect(school_row.get_by_test_id("row-status")).to_have_text(expected_status)
    expect(school_row.get_by_test_id("row-submitted")).to_contain_text(today.strftime("%d/%m/%Y"))
    expect(page.get_by_test_id("count-on-time")).to_have_text("1" if on_time else "0")
    expect(page.get_by_test_id("count-late")).to_have_text("0" if on_time else "1")
    expect(page.get_by_test_id("count-missing")).to_have_text(str(units_total - 1))
    school_row.get_by_test_id("row-open").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã nộp")
    expect(page.get_by_test_id("return-link")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_test_id("evidence-item").get_by_role("link", name="minh-chung-chuyen-doi-so.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "minh-chung-chuyen-doi-so.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == evidence["buffer"]

    # What the database holds.
    plan = Plan.objects.get(number="45/KH-UBND")
    assert plan.is_issued
    assert plan.issuer.name == "Cổ Lễ"
    assert plan.issued_on == datetime.date(2026, 11, 20)
    assert plan.parents.get().parent_plan.issuer.name == "Ninh Bình"
    unit = ParticipatingUnit.objects.get(name="Thôn Đông Cổ Lễ")
    assert unit.admin_unit.name == "Cổ Lễ" and unit.is_active
    assert unit.subject_type.name == "Thôn, khối"
    assert (unit.contact_person, unit.email) == ("Trần Văn Bình", "dongcole@cole.ninhbinh.gov.vn")
    report = AnnualReport.objects.get(plan=seed_plan, year=year, unit__name="Trường Trung học cơ sở Cổ Lễ")
    assert report.status == AnnualReport.Status.SUBMITTED
    assert report.submitted_by.username == "donvi.cole"
    assert report.first_submitted_at is not None
    assert sorted(r.text for r in report.content_results.all()) == sorted(
        text for name, text in typed.items() if name.startswith("content_")
    )
    assert report.criterion_results.count() == criteria_count
    assert {r.points for r in report.criterion_results.all()} == {Decimal("8.5")}
    stored = report.evidence.get()
    assert (stored.original_name, stored.content_type, stored.size) == (
        "minh-chung-chuyen-doi-so.pdf",
        "application/pdf",
        len(evidence["buffer"]),
    )


def pick_and_refresh(page, select, **option) -> None:
    """Choose an option of a select that makes htmx refresh the award forms, and wait until
    the new options are in place (choosing an award form before would be overwritten)."""
    with page.expect_response(lambda response: "/khen-thuong/hinh-thuc/" in response.url):
        select.select_option(**option)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def create_dossier(page, *, unit: str, award_form: str, achievements: str) -> int:
    nav(page, "Hồ sơ khen thưởng")
    page.get_by_test_id("nomination-create").click()
    form = page.get_by_test_id("nomination-form")
    form.get_by_role("combobox", name="Đơn vị").select_option(label=unit)
    pick_and_refresh(page, form.get_by_label("Đề nghị cho"), label="Tập thể")
    form.get_by_label("Hình thức đề nghị").select_option(label=award_form)
    form.get_by_label("Tóm tắt thành tích").fill(achievements)
    form.get_by_test_id("nomination-save").click()
    page.wait_for_url(re.compile(r"/khen-thuong/\d+/$"))
    expect(flash(page)).to_contain_text("Đã lập hồ sơ.")
    expect(page.get_by_test_id("nomination-status")).to_have_text("Đang soạn")
    expect(page.get_by_test_id("award-form")).to_contain_text(award_form)
    return int(re.search(r"/khen-thuong/(\d+)/$", page.url).group(1))


def upload_document(page, kind: str, name: str) -> None:
    form = page.get_by_test_id("document-upload")
    form.get_by_label("Loại tài liệu").select_option(label=kind)
    form.get_by_label("Tệp").set_input_files(pdf_file(name))
    form.get_by_role("button", name="Tải lên").click()
    expect(flash(page)).to_contain_text(f"Đã tải lên “{name}”.")


def do_step(page, action: str, label: str, new_status: str, **fields) -> None:
    """Fill the step's form on the dossier page and press its button."""
    form = page.get_by_test_id(f"action-{action}")
    for field_label, value in fields.items():
        form.get_by_label(field_label).fill(value)
    form.get_by_role("button", name=label).click()
    expect(flash(page)).to_contain_text(f"Đã thực hiện “{label}”; hồ sơ chuyển sang “{new_status}”.")
    expect(page.get_by_test_id("nomination-status")).to_have_text(new_status)


def take_to_council(page) -> None:
    """The officer's steps from a submitted dossier to the council's vote (today)."""
    do_step(page, "receive", "Tiếp nhận hồ sơ", "Đã tiếp nhận")
    do_step(
        page, "appraise", "Thẩm định", "Đã thẩm định", **{"Ý kiến thẩm định": "Hồ sơ đủ thành phần, đúng tiêu chuẩn."}
    )
    # The council's vote is a meeting record, not a paper to upload first; the signed scan
    # of the minutes may still be attached.
    expect(page.get_by_test_id("blocked-record_council")).to_have_count(0)
    expect(page.get_by_test_id("council-meetings-hint")).to_be_visible()
    upload_document(page, "Biên bản họp Hội đồng Thi đua - Khen thưởng", "bien-ban-hop-hoi-dong.pdf")
    do_step(
        page,
        "record_council",
        "Ghi kết quả họp Hội đồng Thi đua - Khen thưởng",
        "Đã họp Hội đồng Thi đua - Khen thưởng",
        **{
            "Ngày họp Hội đồng": TODAY,
            "Tổng số thành viên Hội đồng": "9",
            "Số thành viên dự họp": "9",
            "Số phiếu đồng ý": "8",
            "Số phiếu không đồng ý": "1",
        },
    )
    expect(page.get_by_test_id("council-result")).to_contain_text(
        f"Họp ngày {TODAY}: 9/9 thành viên dự họp; 8/9 phiếu = 88,9 % số thành viên tham gia bỏ phiếu; "
        "ngưỡng trên 50 % → đạt"
    )
    expect(page.get_by_test_id("council-outcome")).to_have_text("Đạt")


def expect_timeline(page, statuses: list[str]) -> None:
    events = page.get_by_test_id("event")
    expect(events).to_have_count(len(statuses))
    for index, status in enumerate(statuses):
        expect(events.nth(index)).to_contain_text(status)


def test_nomination_dossiers_decided_at_the_commune_or_forwarded_to_the_province(page):
    school = "Trường Trung học cơ sở Cổ Lễ"
    giay_khen = "Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường"
    bang_khen = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh, thành phố"

    # The school's reporter writes its dossier for a Giấy khen, attaches the papers, sends it.
    login(page, "donvi.cole")
    first = create_dossier(
        page, unit=school, award_form=giay_khen, achievements="Dẫn đầu xã về chuyển đổi số trong trường học năm 2026."
    )
    expect(page.get_by_test_id("blocked-submit")).to_contain_text("hồ sơ còn thiếu Tờ trình, Báo cáo thành tích")
    expect(page.get_by_test_id("action-submit").get_by_role("button")).to_be_disabled()
    upload_document(page, "Tờ trình", "to-trinh-thcs.pdf")
    upload_document(page, "Báo cáo thành tích", "bao-cao-thanh-tich-thcs.pdf")
    expect(page.get_by_test_id("checklist-proposal")).to_have_attribute("data-present", "1")
    expect(page.get_by_test_id("checklist-achievement_report")).to_have_attribute("data-present", "1")
    expect(page.get_by_test_id("checklist-council_minutes")).to_have_count(0)  # the council's record is a meeting
    do_step(page, "submit", "Gửi hồ sơ", "Đã gửi, chờ tiếp nhận")
    expect(page.get_by_test_id("nomination-edit")).to_have_count(0)
    logout(page)

    # The officer receives, appraises, records the council's vote and the commune's decision.
    login(page, "cole")
    nav(page, "Hồ sơ khen thưởng")
    page.get_by_test_id("nomination-row").filter(has_text=school).get_by_role("link", name=school).click()
    page.wait_for_url(f"**/khen-thuong/{first}/")
    take_to_council(page)
    decide = page.get_by_test_id("action-decide")
    expect(page.get_by_test_id("action-forward")).to_have_count(0)
    decide.get_by_label("Số quyết định").fill("15/QĐ-UBND")
    decide.get_by_label("Ngày quyết định").fill("31/02/2026")
    decide.get_by_label("Người ký quyết định").fill("Nguyễn Văn Hùng")
    decide.get_by_role("button", name="Ghi quyết định khen thưởng").click()
    decide = page.get_by_test_id("action-decide")
    expect(decide).to_contain_text("Ngày không hợp lệ; hãy nhập một ngày có thật theo dạng dd/mm/yyyy")
    expect(decide.get_by_label("Số quyết định")).to_have_value("15/QĐ-UBND")
    expect(page.get_by_test_id("nomination-status")).to_have_text("Đã họp Hội đồng Thi đua - Khen thưởng")
    do_step(
        page,
        "decide",
        "Ghi quyết định khen thưởng",
        "Đã quyết định khen thưởng",
        **{"Ngày quyết định": TODAY},
    )
    expect(page.get_by_test_id("decision")).to_have_text(f"Số 15/QĐ-UBND ngày {TODAY}, người ký: Nguyễn Văn Hùng")
    expect(page.get_by_test_id("documents").get_by_test_id("document")).to_have_count(3)
    expect_timeline(
        page,
        [
            "Đang soạn",
            "Đang soạn → Đã gửi, chờ tiếp nhận",
            "Đã gửi, chờ tiếp nhận → Đã tiếp nhận",
            "Đã tiếp nhận → Đã thẩm định",
            "Đã thẩm định → Đã họp Hội đồng Thi đua - Khen thưởng",
            "Đã họp Hội đồng Thi đua - Khen thưởng → Đã quyết định khen thưởng",
        ],
    )
    expect(page.get_by_test_id("actions")).to_contain_text("Bạn không có thao tác nào")

    # A province-level form: the officer writes the dossier for a village, takes it to the
    # council, and can only forward it; deciding at the commune is not offered, nor accepted.
    second = create_dossier(
        page,
        unit="Thôn Trung Lễ",
        award_form=bang_khen,
        achievements="Thôn đầu tiên của xã phủ sóng Internet cáp quang.",
    )
    upload_document(page, "Tờ trình", "to-trinh-thon-trung-le.pdf")
    upload_document(page, "Báo cáo thành tích", "bao-cao-thanh-tich-thon-trung-le.pdf")
    do_step(page, "submit", "Gửi hồ sơ", "Đã gửi, chờ tiếp nhận")
    take_to_council(page)
    expect(page.get_by_test_id("decided-higher")).to_contain_text(
        f"“{bang_khen}” do Chủ tịch Ủy ban nhân dân tỉnh, thành phố quyết định"
    )
    expect(page.get_by_test_id("action-decide")).to_have_count(0)
    forward = page.get_by_test_id("action-forward")
    expect(forward.get_by_role("button", name="Trình cấp tỉnh")).to_be_enabled()
    # Posting a decision anyway (an old tab, a crafted request) is refused in Vietnamese.
    refused = page.request.post(
        f"/khen-thuong/{second}/chuyen-buoc/",
        form={
            "csrfmiddlewaretoken": forward.locator("input[name=csrfmiddlewaretoken]").input_value(),
            "action": "decide",
            "decide-version": forward.locator("input[name=forward-version]").input_value(),
            "decide-decision_number": "16/QĐ-UBND",
            "decide-decision_date": TODAY,
            "decide-decision_signer": "Nguyễn Văn Hùng",
        },
    )
    assert refused.ok
    assert "Không thể ghi quyết định ở cấp xã" in refused.text()
    assert "Hồ sơ này cần được trình cấp tỉnh." in refused.text()
    do_step(page, "forward", "Trình cấp tỉnh", "Đã trình cấp tỉnh")
    expect(page.get_by_test_id("forwarded")).to_contain_text(timezone.localdate().strftime("%d/%m/%Y"))
    expect_timeline(
        page,
        [
            "Đang soạn",
            "Đang soạn → Đã gửi, chờ tiếp nhận",
            "Đã gửi, chờ tiếp nhận → Đã tiếp nhận",
            "Đã tiếp nhận → Đã thẩm định",
            "Đã thẩm định → Đã họp Hội đồng Thi đua - Khen thưởng",
            "Đã họp Hội đồng Thi đua - Khen thưởng → Đã trình cấp tỉnh",
        ],
    )
    logout(page)

    # The province's reviewer now sees the forwarded dossier, and only that one.
    login(page, "ninhbinh")
    nav(page, "Hồ sơ khen thưởng")
    rows = page.get_by_test_id("nomination-row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Thôn Trung Lễ")
    expect(rows).to_contain_text("Đã trình cấp tỉnh")

    # What the database holds.
    decided = Nomination.objects.get(pk=first)
    assert decided.status == Nomination.Status.DECIDED
    assert (decided.decision.decision_number, decided.decision.decision_date, decided.decision.decision_signer) == (
        "15/QĐ-UBND",
        timezone.localdate(),
        "Nguyễn Văn Hùng",
    )
    assert decided.unit.name == school and decided.award_form.name == giay_khen
    assert decided.created_by.username == "donvi.cole"
    council = decided.commune_stage
    assert (council.council_members_present, council.council_votes_for, council.council_votes_against) == (9, 8, 1)
    forwarded = Nomination.objects.get(pk=second)
    assert forwarded.status == Nomination.Status.FORWARDED
    assert forwarded.commune_stage.forwarded_by.username == "cole" and forwarded.decision is None
    for nomination in (decided, forwarded):
        assert sorted(nomination.documents.values_list("kind", flat=True)) == sorted(
            ["proposal", "achievement_report", "council_minutes"]
        )
        assert all(d.content_type == "application/pdf" for d in nomination.documents.all())
        assert nomination.events.count() == 6
