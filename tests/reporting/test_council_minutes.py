"""The minutes (biên bản) of one council meeting, PDF and DOCX, read back: who met, how many
voted in writing, and each dossier's ballot with its result and the rule it was judged by."""

import io

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from awards import services as award_services
from awards.models import AwardForm, CouncilMeeting, Nomination, Occasion
from awards.services import council
from awards.services.steps import meeting_close
from tests.awards.helpers import Status, advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_nomination(commune_officer, plan_co_le, school):
    def make(award_form: AwardForm | None = None) -> Nomination:
        return award_services.nomination_create(
            by=commune_officer,
            plan=plan_co_le,
            occasion=Occasion.ANNUAL,
            award_form=award_form or AwardForm.objects.get(code="giay_khen"),
            nominee_kind=Nomination.NomineeKind.COLLECTIVE,
            unit=school,
            achievements="Dẫn đầu phong trào thi đua năm 2026.",
        )

    return make


@pytest.fixture
def closed(make_nomination, commune_officer) -> CouncilMeeting:
    """Cổ Lễ's council: 8 of 11 present, 2 in writing; a Giấy khen passes, a Cờ thi đua fails."""
    flag = AwardForm.objects.get(code="co_thi_dua_tinh")
    school = advance(make_nomination(), commune_officer, to=Status.APPRAISED)
    village = advance(make_nomination(award_form=flag), commune_officer, to=Status.APPRAISED)
    held = council.meeting_create(
        by=commune_officer,
        number="03/BB-HĐTĐKT",
        held_on=timezone.localdate(),
        place="Hội trường UBND xã Cổ Lễ",
        chair_name="Vũ Mạnh Cường",
        secretary_name="Trần Thị Hoa",
        total_members=11,
        members_present=8,
        written_votes=2,
        written_voters="Nguyễn Văn Hòa\nPhạm Thị Lan",
        secret_ballot=True,
    )
    rows = [council.BallotRow(school, 9, 1), council.BallotRow(village, 8, 2)]
    council.ballots_add(meeting=held, by=commune_officer, rows=rows)
    return meeting_close(meeting=held, by=commune_officer, version=held.version)


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_minutes_pdf_holds_each_ballot_and_its_result(client, closed, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("awards:council_minutes_pdf", args=[closed.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = flat(" ".join(page.extract_text() or "" for page in pdf.pages))
        table = [[flat(cell or "") for cell in row] for page in pdf.pages for t in page.extract_tables() for row in t]
    day = f"{closed.held_on:%d/%m/%Y}"
    for expected in (
        "HỘI ĐỒNG THI ĐUA -",
        "KHEN THƯỞNG",
        "BIÊN BẢN",
        "Họp Hội đồng Thi đua - Khen thưởng xã Cổ Lễ",
        "Số: 03/BB-HĐTĐKT",
        f"Thời gian: ngày {day}, tại Hội trường UBND xã Cổ Lễ.",
        "Chủ trì: Vũ Mạnh Cường; thư ký: Trần Thị Hoa.",
        "8/11 thành viên Hội đồng dự họp; 2 thành viên vắng mặt gửi phiếu bằng văn bản (Nguyễn Văn Hòa, Phạm Thị Lan)",
        "tổng số thành viên tham gia bỏ phiếu: 10.",
        "Hình thức biểu quyết: bỏ phiếu kín.",
        "KẾT QUẢ BỎ PHIẾU",
        "Kết luận: 1/2 trường hợp đạt",
        "Nghị định 98/2023/NĐ-CP (đã hết hiệu lực; rà soát theo Nghị định 152/2025/NĐ-CP)",
        "TM. HỘI ĐỒNG",
    ):
        assert expected in text, expected
    school = "Trường Trung học cơ sở Cổ Lễ"
    assert table == [
        ["TT", "Tập thể / cá nhân", "Hình thức đề nghị", "Đồng ý", "Không đồng ý", "Không hợp lệ", "Kết quả"],
        [
            "1",
            school,
            "Cờ thi đua của Ủy ban nhân dân tỉnh, thành phố",
            "8",
            "2",
            "0",
            "Không đạt: 8/11 phiếu = 72,7 % tổng số thành viên Hội đồng; ngưỡng 80 % → không đạt",
        ],
        [
            "2",
            school,
            "Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường",
            "9",
            "1",
            "0",
            "Đạt: 9/10 phiếu = 90,0 % số thành viên tham gia bỏ phiếu; ngưỡng trên 50 % → đạt",
        ],
    ]
    assert "Dự thảo" not in text


def test_the_minutes_docx_and_a_draft_is_marked(client, closed, commune_officer, make_nomination):
    client.force_login(commune_officer)
    response = client.get(reverse("awards:council_minutes_docx", args=[closed.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    word = Document(io.BytesIO(response.content))
    text = flat(
        " ".join([p.text for p in word.paragraphs] + [c.text for t in word.tables for r in t.rows for c in r.cells])
    )
    assert "Không đạt: 8/11 phiếu = 72,7 % tổng số thành viên Hội đồng; ngưỡng 80 % → không đạt" in text
    assert "Trường Trung học cơ sở Cổ Lễ" in text

    still_open = council.meeting_create(
        by=commune_officer, held_on=timezone.localdate(), total_members=9, members_present=9
    )
    response = client.get(reverse("awards:council_minutes_pdf", args=[still_open.pk]))
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = flat(" ".join(page.extract_text() or "" for page in pdf.pages))
    assert "Dự thảo: kết quả chưa được chốt." in text and "Chưa có hồ sơ nào được Hội đồng bỏ phiếu." in text


def test_the_province_reads_a_communes_minutes_and_an_unknown_meeting_is_404(client, closed, province_reviewer):
    client.force_login(province_reviewer)
    assert client.get(reverse("awards:council_minutes_pdf", args=[closed.pk])).status_code == 200
    assert client.get(reverse("awards:council_minutes_pdf", args=[closed.pk + 1000])).status_code == 404
    assert client.get(reverse("awards:council_minutes_docx", args=[closed.pk + 1000])).status_code == 404
