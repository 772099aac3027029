"""Plans the importer was not shaped on (issue 15): two real plans in every form an officer may
hold, and a text of our own for each failure class, showing the general rule."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from campaigns.importer import read_plan
from campaigns.importer.accuracy import field_accuracy
from campaigns.importer.cleanup import clean_source
from campaigns.importer.parse import parse_plan

REAL = Path(settings.BASE_DIR) / "tests" / "fixtures" / "plans_real"
PLANS = ("cantho-157-2025", "nghean-982-2025")
FORMS = (".docx", ".txt", ".web.txt")


def expected_of(stem: str) -> dict:
    return json.loads((REAL / f"{stem}.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("suffix", FORMS)
@pytest.mark.parametrize("stem", PLANS)
def test_real_plans_read_alike_in_every_form(stem, suffix):
    data = read_plan(name=stem + suffix, content=(REAL / f"{stem}{suffix}").read_bytes()).data
    want = expected_of(stem)
    fields = [
        "issuer",
        "number",
        "issued_on",
        "place",
        "title",
        "campaign",
        "period",
        "parents",
        "purposes",
        "contents",
        "award_sections",
    ]
    fields += ["solutions", "phases", "responsibilities", "recipients", "signer"]
    for field in fields:
        assert data[field] == want[field], f"{stem}{suffix}: {field}"
    report = field_accuracy(want, data)
    assert sum(m for m, _ in report.values()) >= 0.9 * sum(c for _, c in report.values())


def test_the_accuracy_command_reports_every_field_per_form():
    out = io.StringIO()
    call_command("import_accuracy", stdout=out, stderr=io.StringIO())
    report = out.getvalue()
    for form in ("== txt:", "== docx:", "== web:", "== tất cả: 16 văn bản"):
        assert form in report
    assert "campaign" in report and "award_sections" in report


# --- 1. web copies ---------------------------------------------------------------------------

WEB = """Trang chủ > Văn bản pháp luật > Thi đua
Tải về bản gốc
|
**ỦY BAN NHÂN DÂN**
**XÃ HÒA AN**
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
---------------
|
Số: 12/KH-UBND | *Hòa An, ngày 05
tháng 3 năm 2026*
|

**KẾ HOẠCH**

Phát động Phong trào thi đua “Xã Hòa An sáng - xanh - sạch” năm 2026

**I. MỤC ĐÍCH, YÊU CẦU**

1\\. Khơi dậy tinh thần thi đua trong Nhân dân.

**II. NỘI DUNG THI ĐUA**

1. Giữ gìn đường làng sạch đẹp.

2. Trồng cây xanh ở mỗi thôn.
"""


def test_a_web_copy_reads_like_the_word_file():
    data = parse_plan(WEB).data
    assert data["issuer"] == {"name": "xã Hòa An", "level": "commune"}
    assert (data["number"], data["place"], data["issued_on"]) == ("12/KH-UBND", "Hòa An", "2026-03-05")
    assert data["campaign"] == "Xã Hòa An sáng - xanh - sạch"
    assert data["contents"] == ["Giữ gìn đường làng sạch đẹp.", "Trồng cây xanh ở mỗi thôn."]
    assert "Trang chủ" not in clean_source(WEB) and "**" not in clean_source(WEB)


# --- 2. wrapped lines ------------------------------------------------------------------------


def test_a_citation_split_inside_its_number_is_rejoined():
    text = "Căn cứ Nghị quyết số 57\nNQ/TW ngày 22/12/2024 của Bộ Chính trị;\nCăn cứ Thông tư số\n15/2025/TT-BNV."
    assert clean_source(text) == (
        "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;\nCăn cứ Thông tư số 15/2025/TT-BNV."
    )


def paragraphs_text(sentences: list[str]) -> str:
    """Paragraphs wrapped at 60 characters, separated by blank lines (a text saved from Word)."""
    import textwrap

    head = "KẾ HOẠCH\nTổ chức Phong trào thi đua “Dân vận khéo”\n\nI. MỤC ĐÍCH, YÊU CẦU\n"
    return head + "\n\n".join("\n".join(textwrap.wrap(s, 60)) for s in sentences) + "\n"


def test_blank_lines_separate_paragraphs_where_the_text_uses_them_so():
    sentences = [
        f"{n}. Cơ quan, đơn vị số {n} phối hợp với Ban Tuyên giáo và Dân vận tỉnh Quảng Ngãi tuyên truyền "
        f"sâu rộng trong Nhân dân về phong trào thi đua của năm 2026."
        for n in range(1, 16)
    ]
    data = parse_plan(paragraphs_text(sentences)).data
    assert data["purposes"] == [s.split(". ", 1)[1] for s in sentences]


# --- 3. the issuer ---------------------------------------------------------------------------


def test_the_issuer_survives_a_rule_line_and_a_split_motto():
    text = "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\n-------\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nSố: 45/KH-UBND\n"
    data = parse_plan(WEB.replace(WEB.split("**KẾ HOẠCH**")[0], text)).data
    assert data["issuer"] == {"name": "tỉnh Hà Tĩnh", "level": "province"} and data["number"] == "45/KH-UBND"


# --- 4. campaign and period ------------------------------------------------------------------

BODY = """
I. MỤC ĐÍCH, YÊU CẦU
1. Ủy ban nhân dân tỉnh phát động Đợt thi đua chào mừng Đại hội Đảng bộ tỉnh lần thứ XX trong toàn tỉnh.
IV. THỜI GIAN THỰC HIỆN
{time}
"""


@pytest.mark.parametrize(
    "time,period",
    [
        ("Từ tháng 6 năm 2026 đến hết tháng 12 năm 2027.", (2026, 2027)),
        ("Từ ngày 01/4/2026 đến ngày 30/9/2026.", (2026, 2026)),
        ("Từ ngày ban hành Kế hoạch đến khi kết thúc cuộc bầu cử.", (2026, None)),
    ],
    ids=["months", "dates", "open-ended"],
)
def test_a_campaign_in_capitals_without_quotes_and_periods_in_other_words(time, period):
    text = (
        "Số: 3/KH-UBND\nHà Tĩnh, ngày 02 tháng 3 năm 2026\nKẾ HOẠCH\n"
        "TRIỂN KHAI ĐỢT THI ĐUA CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ TỈNH LẦN THỨ XX TRÊN ĐỊA BÀN TỈNH" + BODY.format(time=time)
    )
    parsed = parse_plan(text)
    assert parsed.data["campaign"] == "Chào mừng Đại hội Đảng bộ tỉnh lần thứ XX"
    assert (parsed.data["period"]["start_year"], parsed.data["period"]["end_year"]) == period
    assert "general" in parsed.unsure
    assert ("time" in parsed.unsure) == (period[1] is None)


def test_a_campaign_under_a_theme_heading_and_one_too_long_is_shortened():
    text = "KẾ HOẠCH\nTổ chức thi đua năm 2026\nChủ đề thi đua: “Đoàn kết, kỷ cương, đổi mới”\nI. MỤC ĐÍCH\n1. A."
    assert parse_plan(text).data["campaign"] == "Đoàn kết, kỷ cương, đổi mới"
    long_name = ", ".join(["thi đua lao động sản xuất giỏi"] * 12)
    parsed = parse_plan(f"KẾ HOẠCH\nPhát động Phong trào thi đua “{long_name}”\nI. MỤC ĐÍCH\n1. A.")
    assert len(parsed.data["campaign"]) <= 255 and long_name.startswith(parsed.data["campaign"])


# --- 5. sections combined or renamed ---------------------------------------------------------


def test_a_combined_section_is_split_by_its_sub_headings():
    text = """KẾ HOẠCH
Phát động Phong trào thi đua “Chung tay vì người nghèo”
I. NỘI DUNG THI ĐUA, PHƯƠNG ÁN TRIỂN KHAI
1. Nội dung thi đua
Các chỉ tiêu như sau:
(1) 100% hộ nghèo được thăm hỏi;
(2) Ít nhất 80% hộ cận nghèo có việc làm.
2. Phương án triển khai
a) Ủy ban nhân dân xã lập danh sách hộ nghèo;
b) Các thôn vận động Nhân dân ủng hộ.
"""
    data = parse_plan(text).data
    assert data["contents_intro"] == "Các chỉ tiêu như sau:"
    assert data["contents"] == ["(1) 100% hộ nghèo được thăm hỏi;", "(2) Ít nhất 80% hộ cận nghèo có việc làm."]
    assert data["solutions"] == ["Ủy ban nhân dân xã lập danh sách hộ nghèo;", "Các thôn vận động Nhân dân ủng hộ."]


# --- 6. awards and quotas in sentences -------------------------------------------------------


def test_award_forms_and_quotas_written_in_sentences():
    text = """KẾ HOẠCH
Phát động Phong trào thi đua “Chung tay vì người nghèo”
III. KHEN THƯỞNG
1. Cấp tỉnh
a) Chủ tịch Ủy ban nhân dân tỉnh xem xét tặng Bằng khen cho các tập thể, cá nhân tiêu biểu
(không quá 10% tập thể, 5% cá nhân);
b) Kinh phí khen thưởng: Từ ngân sách tỉnh.
2. Cấp xã
Hình thức khen thưởng gồm: Giấy khen của Chủ tịch Ủy ban nhân dân xã; Giấy khen.
"""
    parsed = parse_plan(text)
    sections = parsed.data["award_sections"]
    assert sections[0]["heading"] == "Cấp tỉnh"
    assert sections[0]["forms"] == [
        {
            "award_form": "bang_khen_chu_tich_tinh",
            "name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "quota": "không quá 10% tập thể, 5% cá nhân",
        }
    ]
    assert "Kinh phí khen thưởng" in sections[0]["standards"]
    assert sections[1]["forms"][0] == {"award_form": "giay_khen", "name": "Giấy khen của Chủ tịch Ủy ban nhân dân xã"}
    assert "awards" in parsed.unsure


@pytest.mark.django_db
def test_a_quota_is_saved_and_exported(plan_co_le):
    from campaigns.exchange import plan_from_data, plan_to_data
    from campaigns.selectors import plan_document_queryset

    data = plan_to_data(plan_document_queryset().get(pk=plan_co_le.pk))
    data["award_sections"][1]["forms"][0]["quota"] = "không quá 10% tập thể"
    data["campaign"] = "Phong trào khác"
    plan = plan_from_data(data=data, issuer=plan_co_le.issuer)
    again = plan_to_data(plan_document_queryset().get(pk=plan.pk))
    assert again["award_sections"][1]["forms"][0]["quota"] == "không quá 10% tập thể"
    assert "quota" not in again["award_sections"][0]["forms"][0] if again["award_sections"][0]["forms"] else True


# --- 7. phases in other words ----------------------------------------------------------------


def test_phases_written_as_rounds():
    text = """KẾ HOẠCH
Phát động Phong trào thi đua “Mùa xuân”
I. THỜI GIAN THI ĐUA
a) Thời gian thi đua chia thành 02 đợt:
- Đợt 01 dự kiến: Cao điểm trong 10 ngày (từ ngày 02 tháng 3 năm 2026 đến ngày 12 tháng 3 năm 2026);
- Đợt 02: Sơ kết vào tháng 6 năm 2026.
b) Chấm điểm xong trước ngày 30 tháng 6 năm 2026.
"""
    data = parse_plan(text).data
    assert [(p["name"], p["start_year"], p["end_year"]) for p in data["phases"]] == [
        ("Đợt 01", 2026, 2026),
        ("Đợt 02", 2026, 2026),
    ]
    assert data["phases"][1]["review"] == {"kind": "preliminary", "year": 2026}
    assert data["phases_intro"].endswith("Chấm điểm xong trước ngày 30 tháng 6 năm 2026.")
    assert data["period"] == {"start_year": 2026, "end_year": 2026}


DEADLINES_OUTSIDE = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH
Số: 45/KH-UBND
Hòa Bình, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
Phát động Phong trào thi đua “Nông thôn mới” năm 2026
I. KHEN THƯỞNG
1. Chủ tịch Ủy ban nhân dân tỉnh tặng Bằng khen cho các tập thể tiêu biểu.
2. Hồ sơ đề nghị khen thưởng của các sở, ngành, địa phương gửi về Sở Nội vụ (qua Ban Thi đua - Khen
thưởng) trước ngày 15/4/2026.
II. THỜI GIAN THỰC HIỆN
Từ năm 2026 đến năm 2027; chấm điểm xong trước ngày 30 tháng 6 năm 2026.
Thời gian gửi báo cáo: trước ngày 10/12 hằng năm.
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
Theo dõi, đôn đốc việc thực hiện Kế hoạch này.
"""


def test_a_dossier_or_report_deadline_outside_the_responsibilities_is_a_deadline():
    parsed = parse_plan(DEADLINES_OUTSIDE)
    assert parsed.data["deadlines"] == [
        {
            "day": 15,
            "month": 4,
            "reporter": "các sở, ngành, địa phương",
            "receiver": "Sở Nội vụ",
            "via": "Ban Thi đua - Khen thưởng",
            "reporters": "units_and_localities",
        },
        {  # no receiver or sender written: the issuer and every unit, flagged for the officer
            "day": 10,
            "month": 12,
            "reporter": "Các cơ quan, đơn vị, địa phương",
            "receiver": "Ủy ban nhân dân tỉnh Hòa Bình",
            "via": "",
            "reporters": "units_and_localities",
        },
    ]
    assert "10/12" in parsed.unsure["organisation"] and "15/4" not in parsed.unsure["organisation"]


# --- 8. an appendix after the signature ------------------------------------------------------


def test_an_appendix_after_the_signature_is_not_the_signer():
    text = """KẾ HOẠCH
Phát động Phong trào thi đua “Mùa xuân”
I. MỤC ĐÍCH
1. Khơi dậy tinh thần thi đua.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN
DÂN
CHỦ TỊCH
Trần Văn Bình
PHỤ LỤC
THANG ĐIỂM THI ĐUA
STT
Tiêu chí
1
Tỷ lệ hộ tham gia
"""
    data = parse_plan(text).data
    assert data["signer"] == {
        "capacity": "TM. ỦY BAN NHÂN DÂN",
        "delegation": "",
        "title": "CHỦ TỊCH",
        "name": "Trần Văn Bình",
    }
    assert data["recipients"] == ["Như trên;", "Lưu: VT."]


SCORING_APPENDIX = """KẾ HOẠCH
Phát động Phong trào thi đua “Chuyển đổi số”
I. MỤC ĐÍCH
1. Khơi dậy tinh thần thi đua.
II. TIÊU CHÍ THI ĐUA
Chấm điểm theo tiêu chí tại Phụ lục kèm theo.
Nơi nhận:
- Lưu: VT.
CHỦ TỊCH
Trần Văn Bình
PHỤ LỤC I
BẢNG CHẤM ĐIỂM
STT
NỘI DUNG TIÊU CHÍ
ĐIỂM TỐI ĐA
CÁCH CHẤM
I
CÁC THÔN, TỔ DÂN PHỐ
50
1
Tỷ lệ hộ dùng dịch vụ công
trực tuyến
30
Đủ 80% được 30 điểm;
2
Có tổ công nghệ số cộng đồng
20
Có quyết định thành lập.
2.1
Tổ có ít nhất 5 thành viên
10
II
CÁC TRƯỜNG HỌC
Xếp thứ tự theo số lượng.
"""


def test_criteria_only_in_an_appendix_scoring_table_are_read_into_the_groups():
    parsed = parse_plan(SCORING_APPENDIX)
    assert parsed.data["criteria_groups"] == [
        {
            "subject_type": "village",
            "heading": "CÁC THÔN, TỔ DÂN PHỐ",
            "criteria": [
                "Tỷ lệ hộ dùng dịch vụ công trực tuyến",  # the wrapped cell rejoined; its points and guidance left out
                "Có tổ công nghệ số cộng đồng: Tổ có ít nhất 5 thành viên",
            ],
        }
    ]
    assert "CÁC TRƯỜNG HỌC" in parsed.unsure["criteria"]  # a group without numbered criteria is flagged
    assert parsed.data["signer"]["name"] == "Trần Văn Bình"


def test_the_body_s_own_criteria_are_kept_over_an_appendix_table():
    text = SCORING_APPENDIX.replace(
        "Chấm điểm theo tiêu chí tại Phụ lục kèm theo.", "1. Đối với các thôn:\n- Không có hộ vi phạm."
    )
    groups = parse_plan(text).data["criteria_groups"]
    assert [g["criteria"] for g in groups] == [["Không có hộ vi phạm."]]


# --- 9. no diacritics -------------------------------------------------------------------------


def test_a_text_without_accents_is_refused_for_that_reason():
    plain = "KE HOACH\nTo chuc Phong trao thi dua\n" + "Uy ban nhan dan xa phat dong phong trao thi dua. " * 60
    with pytest.raises(ValidationError) as caught:
        read_plan(name="ocr.txt", content=plain.encode())
    assert caught.value.code == "no_accents" and "không có dấu" in caught.value.messages[0]


# --- import_plan --json has the keys of export_plan --------------------------------------------


@pytest.mark.django_db
def test_import_json_has_the_keys_of_export(plan_co_le, tmp_path):
    from campaigns.exchange import plan_to_data
    from campaigns.selectors import plan_document_queryset

    path = tmp_path / "ke-hoach.txt"
    path.write_bytes((REAL / "nghean-982-2025.txt").read_bytes())
    out = io.StringIO()
    call_command("import_plan", str(path), "--json", stdout=out, stderr=io.StringIO())
    imported = json.loads(out.getvalue())
    exported = plan_to_data(plan_document_queryset().get(pk=plan_co_le.pk))
    assert set(imported) == set(exported)
    assert set(imported["issuer"]) == set(exported["issuer"])
    assert imported["criteria"] and imported["award_forms"][0]["granted_by"]
