"""The province's review of nomination dossiers, in real Chromium against the live portal.

Two dossiers of xã Cổ Lễ for a Bằng khen của Chủ tịch UBND tỉnh are set up with the services,
with their PDFs, and forwarded to the province. The Ninh Bình reviewer starts from the
province dashboard, follows Cổ Lễ's "waiting" link to the province queue, opens a dossier and
returns it with a reason, then takes the other through the province's steps to its decision
(a date like 31/02/2026 refused, what was typed kept). The Cổ Lễ officer then sees both
outcomes in the list and on the dossier pages, and sends the returned one back to the province.
"""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from awards import services
from awards.models import AwardForm, Nomination, NominationDocument
from campaigns.models import ParticipatingUnit, Plan
from tests.browser.conftest import login, logout
from tests.browser.test_commune_journey import do_step, expect_timeline, flash, nav, pdf_file, tiny_pdf

Status = Nomination.Status
Kind = NominationDocument.Kind
BANG_KHEN = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh, thành phố"
SCHOOL = "Trường Trung học cơ sở Cổ Lễ"
VILLAGE = "Thôn Trung Lễ"
# The province's council and decision come after its receipt (stamped now by the portal).
COUNCIL = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
DECIDED_ON = timezone.localdate() + datetime.timedelta(days=10)
DECIDED = DECIDED_ON.strftime("%d/%m/%Y")
REASON = "Báo cáo thành tích chưa có xác nhận của Chủ tịch UBND xã; đề nghị bổ sung."


def forwarded_dossier(unit_name: str, achievements: str) -> Nomination:
    """A dossier of Cổ Lễ taken by its officer through the commune's council and forwarded,
    the way the commune journey does it in the browser."""
    officer = User.objects.get(username="cole")
    plan = Plan.objects.filter(issuer__name="Cổ Lễ", status=Plan.Status.ISSUED).order_by("pk").first()
    nomination = services.nomination_create(
        by=officer,
        plan=plan,
        occasion="annual",
        award_form=AwardForm.objects.get(name=BANG_KHEN),
        nominee_kind="collective",
        unit=ParticipatingUnit.objects.get(admin_unit=plan.issuer, name=unit_name),
        achievements=achievements,
    )

    def attach(kind: str, name: str) -> None:
        upload = SimpleUploadedFile(name, tiny_pdf(name), content_type="application/pdf")
        services.nomination_document_upload(nomination=nomination, by=officer, kind=kind, upload=upload)

    def step(service, **fields) -> None:
        current = Nomination.objects.get(pk=nomination.pk)
        service(nomination=current, by=officer, version=current.version, **fields)

    attach(Kind.PROPOSAL, "to-trinh.pdf")
    attach(Kind.ACHIEVEMENT_REPORT, "bao-cao-thanh-tich.pdf")
    step(services.nomination_submit)
    step(services.nomination_receive)
    step(services.nomination_appraise, comment="Hồ sơ đủ thành phần, đúng tiêu chuẩn.")
    attach(Kind.COUNCIL_MINUTES, "bien-ban-hoi-dong-xa.pdf")  # the signed scan (not required)
    step(
        services.nomination_record_council,
        meeting_date=timezone.localdate(),  # the commune receives it today: its council not before
        total_members=9,
        members_present=9,
        votes_for=8,
        votes_against=1,
    )
    step(services.nomination_forward, comment="Kèm Tờ trình số 15/TTr-UBND")
    return Nomination.objects.get(pk=nomination.pk)


def queue_row(page, nominee: str):
    return page.get_by_test_id("nomination-row").filter(has_text=nominee)


def test_the_province_returns_one_dossier_and_decides_another(page):
    returned = forwarded_dossier(SCHOOL, "Dẫn đầu tỉnh về chuyển đổi số trong trường học.")
    decided = forwarded_dossier(VILLAGE, "Thôn đầu tiên của xã phủ sóng Internet cáp quang.")
    cole = returned.unit.admin_unit

    # The reviewer starts from the province dashboard and follows Cổ Lễ's "waiting" link.
    login(page, "ninhbinh")
    page.get_by_test_id("nav-province-dashboard").click()
    page.wait_for_url("**/bao-cao/tinh/**")
    waiting = page.locator(f"[data-testid=commune-row][data-commune='{cole.pk}']").get_by_test_id("row-waiting-link")
    expect(waiting).to_contain_text("2 chờ tiếp nhận")
    waiting.click()
    page.wait_for_url(re.compile(r"/khen-thuong/\?"))
    expect(page.get_by_test_id("province-queue")).to_be_visible()
    expect(page.get_by_test_id("nomination-row")).to_have_count(2)
    for nominee in (SCHOOL, VILLAGE):
        expect(queue_row(page, nominee)).to_contain_text("xã Cổ Lễ")
        expect(queue_row(page, nominee)).to_contain_text("Chờ tiếp nhận")
    expect(page.get_by_test_id("count-forwarded")).to_contain_text("2")

    # The school's dossier: its papers are there; the reviewer returns it with a reason.
    queue_row(page, SCHOOL).get_by_role("link", name=SCHOOL).click()
    page.wait_for_url(f"**/khen-thuong/{returned.pk}/")
    expect(page.get_by_test_id("nomination-status")).to_have_text("Đã trình cấp tỉnh")
    expect(page.get_by_test_id("documents").get_by_test_id("document")).to_have_count(3)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="bao-cao-thanh-tich.pdf").click()
    assert download_info.value.suggested_filename == "bao-cao-thanh-tich.pdf"
    expect(page.get_by_test_id("action-province_decide")).to_have_count(0)
    do_step(
        page,
        "province_return",
        "Trả lại xã để bổ sung",
        "Tỉnh trả lại để bổ sung",
        **{"Lý do trả lại": REASON},
    )
    expect(page.get_by_test_id("province-returned-reason")).to_contain_text(REASON)
    expect(page.get_by_test_id("actions")).to_contain_text("Bạn không có thao tác nào")

    # Back to the queue: the village's dossier goes through the province's steps.
    page.get_by_test_id("back-to-list").click()
    page.wait_for_url("**/khen-thuong/tinh/")
    expect(queue_row(page, SCHOOL)).to_contain_text("Tỉnh trả lại để bổ sung")
    queue_row(page, VILLAGE).get_by_role("link", name=VILLAGE).click()
    page.wait_for_url(f"**/khen-thuong/{decided.pk}/")
    do_step(page, "province_receive", "Tỉnh tiếp nhận hồ sơ", "Tỉnh đã tiếp nhận")
    do_step(
        page,
        "province_appraise",
        "Thẩm định (cấp tỉnh)",
        "Tỉnh đã thẩm định",
        **{"Ý kiến thẩm định": "Đủ điều kiện đề nghị Chủ tịch UBND tỉnh tặng Bằng khen."},
    )
    expect(page.get_by_test_id("blocked-province_record_council")).to_have_count(0)  # a meeting, not a paper
    upload = page.get_by_test_id("document-upload")
    upload.get_by_label("Loại tài liệu").select_option(label="Biên bản họp Hội đồng Thi đua - Khen thưởng tỉnh")
    upload.get_by_label("Tệp").set_input_files(pdf_file("bien-ban-hoi-dong-tinh.pdf"))
    upload.get_by_role("button", name="Tải lên").click()
    expect(flash(page)).to_contain_text("Đã tải lên “bien-ban-hoi-dong-tinh.pdf”.")
    do_step(
        page,
        "province_record_council",
        "Ghi kết quả họp Hội đồng Thi đua - Khen thưởng tỉnh",
        "Đã họp Hội đồng Thi đua - Khen thưởng tỉnh",
        **{
            "Ngày họp Hội đồng": COUNCIL,
            "Tổng số thành viên Hội đồng": "11",
            "Số thành viên dự họp": "11",
            "Số phiếu đồng ý": "10",
            "Số phiếu không đồng ý": "1",
        },
    )
    expect(page.get_by_test_id("province-council-result")).to_contain_text(f"Họp ngày {COUNCIL}: 11/11 thành viên")
    expect(page.get_by_test_id("province-council-result")).to_contain_text(
        "10/11 phiếu = 90,9 % số thành viên tham gia bỏ phiếu; ngưỡng trên 50 % → đạt"
    )
    expect(page.get_by_test_id("action-forward_to_national")).to_have_count(0)

    decide = page.get_by_test_id("action-province_decide")
    decide.get_by_label("Số quyết định").fill("45/QĐ-UBND")
    decide.get_by_label("Ngày quyết định").fill("31/02/2026")
    decide.get_by_label("Người ký quyết định").fill("Phạm Quang Ngọc")
    decide.get_by_role("button", name="Ghi quyết định khen thưởng của tỉnh").click()
    decide = page.get_by_test_id("action-province_decide")
    expect(decide).to_contain_text("Ngày không hợp lệ; hãy nhập một ngày có thật theo dạng dd/mm/yyyy")
    expect(decide.get_by_label("Số quyết định")).to_have_value("45/QĐ-UBND")
    expect(decide.get_by_label("Người ký quyết định")).to_have_value("Phạm Quang Ngọc")
    expect(page.get_by_test_id("nomination-status")).to_have_text("Đã họp Hội đồng Thi đua - Khen thưởng tỉnh")
    do_step(
        page,
        "province_decide",
        "Ghi quyết định khen thưởng của tỉnh",
        "Tỉnh đã quyết định khen thưởng",
        **{"Ngày quyết định": DECIDED},
    )
    expect(page.get_by_test_id("decision")).to_have_text(f"Số 45/QĐ-UBND ngày {DECIDED}, người ký: Phạm Quang Ngọc")
    expect_timeline(
        page,
        [
            "Đang soạn",
            "Đang soạn → Đã gửi, chờ tiếp nhận",
            "Đã gửi, chờ tiếp nhận → Đã tiếp nhận",
            "Đã tiếp nhận → Đã thẩm định",
            "Đã thẩm định → Đã họp Hội đồng Thi đua - Khen thưởng",
            "Đã họp Hội đồng Thi đua - Khen thưởng → Đã trình cấp tỉnh",
            "Đã trình cấp tỉnh → Tỉnh đã tiếp nhận",
            "Tỉnh đã tiếp nhận → Tỉnh đã thẩm định",
            "Tỉnh đã thẩm định → Đã họp Hội đồng Thi đua - Khen thưởng tỉnh",
            "Đã họp Hội đồng Thi đua - Khen thưởng tỉnh → Tỉnh đã quyết định khen thưởng",
        ],
    )
    expect(page.get_by_test_id("event").nth(6)).to_contain_text("Đinh Văn Quân")
    page.get_by_test_id("back-to-list").click()
    expect(page.get_by_test_id("count-waiting")).to_contain_text("0")
    expect(queue_row(page, VILLAGE)).to_contain_text(f"Quyết định số 45/QĐ-UBND ngày {DECIDED}")
    logout(page)

    # The commune's officer sees both outcomes in the list and on the dossier pages.
    login(page, "cole")
    nav(page, "Hồ sơ khen thưởng")
    school_row = queue_row(page, SCHOOL)
    expect(school_row.get_by_test_id("row-status")).to_have_text("Tỉnh trả lại để bổ sung")
    expect(school_row.get_by_test_id("row-outcome")).to_contain_text("Báo cáo thành tích chưa có xác nhận")
    village_row = queue_row(page, VILLAGE)
    expect(village_row.get_by_test_id("row-status")).to_have_text("Tỉnh đã quyết định khen thưởng")
    expect(village_row.get_by_test_id("row-outcome")).to_have_text(f"Quyết định số 45/QĐ-UBND ngày {DECIDED}")
    village_row.get_by_role("link", name=VILLAGE).click()
    page.wait_for_url(f"**/khen-thuong/{decided.pk}/")
    expect(page.get_by_test_id("decision")).to_have_text(f"Số 45/QĐ-UBND ngày {DECIDED}, người ký: Phạm Quang Ngọc")
    page.go_back()
    queue_row(page, SCHOOL).get_by_role("link", name=SCHOOL).click()
    page.wait_for_url(f"**/khen-thuong/{returned.pk}/")
    expect(page.get_by_test_id("province-returned-reason")).to_contain_text(REASON)
    # The officer adds the confirmation and sends the dossier back to the province.
    upload = page.get_by_test_id("document-upload")
    upload.get_by_label("Loại tài liệu").select_option(label="Tài liệu khác")
    upload.get_by_label("Tệp").set_input_files(pdf_file("xac-nhan-chu-tich-xa.pdf"))
    upload.get_by_role("button", name="Tải lên").click()
    expect(flash(page)).to_contain_text("Đã tải lên “xac-nhan-chu-tich-xa.pdf”.")
    do_step(page, "resubmit_to_province", "Gửi lại cấp tỉnh", "Đã trình cấp tỉnh")
    expect(page.get_by_test_id("province-returned-reason")).to_have_count(0)

    # What the database holds.
    returned = Nomination.objects.get(pk=returned.pk)
    assert returned.status == Status.FORWARDED
    assert returned.province_stage.returned_reason == REASON
    assert list(returned.events.order_by("at", "pk").values_list("to_status", "by__username"))[-2:] == [
        (Status.RETURNED_BY_PROVINCE, "ninhbinh"),
        (Status.FORWARDED, "cole"),
    ]
    assert returned.documents.filter(original_name="xac-nhan-chu-tich-xa.pdf").exists()
    decided = Nomination.objects.get(pk=decided.pk)
    assert decided.status == Status.DECIDED_BY_PROVINCE
    decision = decided.decision
    assert (decision.decision_number, decision.decision_date.isoformat(), decision.decision_signer) == (
        "45/QĐ-UBND",
        DECIDED_ON.isoformat(),
        "Phạm Quang Ngọc",
    )
    assert (decided.province_stage.council_members_present, decided.province_stage.council_votes_for) == (11, 10)
    minutes = decided.documents.get(kind=Kind.PROVINCE_COUNCIL_MINUTES)
    assert (minutes.original_name, minutes.content_type, minutes.uploaded_by.username) == (
        "bien-ban-hoi-dong-tinh.pdf",
        "application/pdf",
        "ninhbinh",
    )
