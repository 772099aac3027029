"""Importing a plan document: the five real plans, as .txt and as .docx, must come out
item for item as the demo files hold them; bad files get a clear Vietnamese refusal."""

import io
import json
import textwrap
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings

from campaigns.importer import read_plan
from campaigns.importer.accuracy import combine, field_accuracy, format_accuracy
from campaigns.importer.linking import issuer_unit, link_parents, plans_of_province
from campaigns.importer.parse import parse_plan
from campaigns.models import Plan

SEEDS_DIR = Path(settings.BASE_DIR) / "tests" / "fixtures" / "seeds"
PLANS_DIR = Path(settings.BASE_DIR) / "campaigns" / "demo" / "plans"
SEEDS = {
    "000": "000_co_le",
    "001": "001_xuan_truong",
    "002": "002_tay_hieu",
    "003": "003_vinh_bao",
    "004": "004_ninh_binh",
}
# Every field must match; these are the ones the issue names as required.
REQUIRED = ("contents", "criteria_groups", "award_sections", "phases", "deadlines", "solutions", "number", "issued_on")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def seed_text(key: str) -> str:
    return (SEEDS_DIR / f"{key}.txt").read_text(encoding="utf-8")


def expected(key: str) -> dict:
    return json.loads((PLANS_DIR / f"{SEEDS[key]}.json").read_text(encoding="utf-8"))


def make_docx(lines: list[str], *, paragraphs_xml: str | None = None, numbering_xml: str | None = None) -> bytes:
    """A minimal Word document: [Content_Types].xml and word/document.xml, one <w:p> per line."""
    body = paragraphs_xml or "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
        if numbering_xml:
            archive.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{W_NS}">{numbering_xml}</w:numbering>')
    return buffer.getvalue()


def seed_file(key: str, kind: str) -> tuple[str, bytes]:
    text = seed_text(key)
    if kind == "txt":
        return f"{SEEDS[key]}.txt", text.encode("utf-8")
    return f"{SEEDS[key]}.docx", make_docx(text.split("\n"))


def to_cp1258(text: str) -> bytes:
    """Windows-1258 writes Vietnamese as a base letter plus a combining tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def import_like_the_command(name: str, content: bytes) -> dict:
    """What `import_plan --json` prints: the extraction, with cited plans linked (read-only)."""
    data = read_plan(name=name, content=content).data
    unit = issuer_unit(data)
    link_parents(data, plans=plans_of_province(unit), province=unit.province_unit)
    return data


def accuracy_of(key: str, kind: str) -> dict[str, tuple[int, int]]:
    return field_accuracy(expected(key), import_like_the_command(*seed_file(key, kind)))


# --- the five real plans -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["txt", "docx"])
@pytest.mark.parametrize("key", sorted(SEEDS))
def test_each_seed_imports_item_for_item(key, kind):
    data = import_like_the_command(*seed_file(key, kind))
    want = expected(key)
    for field in want:
        if field != "key":
            got = data[field]
            if field == "parents":
                got = [{k: v for k, v in ref.items() if k != "plan_id"} for ref in got]
            assert got == want[field], f"{key}.{kind}: {field}"


@pytest.mark.django_db
def test_accuracy_over_the_five_seeds_is_complete(capsys):
    reports = [accuracy_of(key, kind) for key in sorted(SEEDS) for kind in ("txt", "docx")]
    total = combine(reports)
    with capsys.disabled():
        print("\nPer-field accuracy over the five seeds (.txt and .docx):\n" + format_accuracy(total))
    for field in REQUIRED:
        matched, count = total[field]
        assert matched == count, f"{field}: {matched}/{count}"
    assert all(matched == count for matched, count in total.values())


def test_accuracy_report_counts_each_item():
    want = {"key": "x", "number": "1/KH", "contents": ["a", "b", "c"], "phases": []}
    got = {"number": "2/KH", "contents": ["a", "B"], "phases": []}
    assert field_accuracy(want, got) == {"number": (0, 1), "contents": (1, 3), "phases": (1, 1)}


def test_the_citation_of_the_province_plan_links_to_the_plan_in_the_portal(plan_ninh_binh):
    data = import_like_the_command(*seed_file("000", "txt"))
    assert data["parents"][0]["plan_id"] == plan_ninh_binh.pk
    assert data["parents"][1]["plan_id"] is None and data["parents"][1]["in_system"] is False


def test_a_plan_cited_by_number_links_by_number(plan_ninh_binh):
    plan_ninh_binh.number = "02/KH-UBND"
    plan_ninh_binh.save(update_fields=["number"])
    other = Plan.objects.get(pk=plan_ninh_binh.pk)
    data = read_plan(name="a.txt", content=seed_text("001").replace("118/KH-UBND", "02/KH-UBND").encode()).data
    link_parents(data, plans=Plan.objects.all(), province=other.issuer)
    assert data["parents"][0]["plan_id"] == other.pk


def test_outside_documents_are_not_linked(db):
    for key in ("001", "002", "003", "004"):
        data = import_like_the_command(*seed_file(key, "txt"))
        assert [ref["in_system"] for ref in data["parents"]] == [False] * len(data["parents"])


# --- the family, not five files ------------------------------------------------------------

HEADER = "ỦY BAN NHÂN DÂN\nXÃ CỔ LỄ\n\nSố: 120/KH-UBND\n\nCổ Lễ, ngày 20/7/2025\n"


def test_a_header_with_only_the_issuing_body_number_place_and_date():
    data = parse_plan(HEADER + seed_text("000")).data
    assert data["issuer"] == {"name": "xã Cổ Lễ", "level": "commune"}
    assert (data["number"], data["issued_on"], data["place"], data["header_missing"]) == (
        "120/KH-UBND",
        "2025-07-20",
        "Cổ Lễ",
        False,
    )
    assert data["contents"] == expected("000")["contents"]


def test_a_blank_draft_number_and_a_date_written_with_slashes():
    text = (
        seed_text("001")
        .replace("Số: 87/KH-UBND", "Số:     /KH-UBND")
        .replace("ngày 15 tháng 5 năm 2026", "ngày 15/5/2026")
    )
    data = parse_plan(text).data
    assert data["number"] == "" and data["issued_on"] == "2026-05-15" and data["place"] == "Xuân Trường"


def test_an_impossible_date_is_left_empty_with_a_warning():
    parsed = parse_plan(HEADER.replace("20/7/2025", "31/02/2025") + seed_text("000"))
    assert parsed.data["issued_on"] is None
    assert "Ngày ban hành trong văn bản không hợp lệ; hãy nhập lại." in parsed.warnings


def test_a_city_instead_of_a_province():
    text = seed_text("000").replace("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân thành phố")
    forms = parse_plan(text).data["award_sections"][1]["forms"]
    assert forms[3] == {"award_form": "co_thi_dua_tinh", "name": "Cờ thi đua của Ủy ban nhân dân thành phố"}
    assert forms[4]["award_form"] == "bang_khen_chu_tich_tinh"
    # 003 cites "Ủy ban nhân dân thành phố": the city is named elsewhere in the text ("TP Hải Phòng").
    assert parse_plan(seed_text("003")).data["parents"][0]["issuer"] == "Ủy ban nhân dân thành phố Hải Phòng"


def test_a_campaign_other_than_digital_transformation():
    name = "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"
    data = parse_plan(seed_text("002").replace("Cả nước thi đua đổi mới sáng tạo và chuyển đổi số", name)).data
    assert data["campaign"] == name and data["other_campaigns"] == []
    assert data["title"] == f"Tổ chức thực hiện Phong trào thi đua “{name}” trên địa bàn phường Tây Hiếu"


def test_sections_renumbered_without_criteria_or_solutions():
    data = parse_plan(seed_text("003")).data
    assert data["criteria_groups"] == [] and data["solutions"] == [] and data["phases"] == []
    assert [r["body"] for r in data["responsibilities"]][-1] == "Các phòng, ban, đơn vị trên địa bàn xã"


def test_time_and_organisation_merged_in_one_section():
    data = parse_plan(seed_text("001")).data
    assert [p["name"] for p in data["phases"]] == ["Giai đoạn 1", "Giai đoạn 2"]
    assert data["responsibilities"][1] == expected("001")["responsibilities"][1]


def test_word_automatic_numbering_is_rebuilt():
    numbering = (
        '<w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
        '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>'
    )

    def para(text, level=None):
        props = (
            f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr></w:pPr>'
            if level is not None
            else ""
        )
        return f"<w:p>{props}<w:r><w:t>{escape(text)}</w:t></w:r></w:p>"

    body = "".join(
        [
            para("KẾ HOẠCH"),
            para("Triển khai Phong trào thi đua “Chung sức xây dựng nông thôn mới” trên địa bàn xã Cổ Lễ"),
            para("I. MỤC ĐÍCH, YÊU CẦU"),
            para("Mục đích", 0),
            para("Huy động sức mạnh toàn dân.", 2),
            para("Yêu cầu", 0),
            para("Thiết thực, hiệu quả.", 2),
            para("III. TIÊU CHÍ THI ĐUA"),
            para("Đối với các thôn", 1),
            para("Có đường giao thông được cứng hóa.", 2),
            para("Đối với cá nhân", 1),
            para("Tích cực hiến đất làm đường.", 2),
        ]
    )
    imported = read_plan(name="nong-thon-moi.docx", content=make_docx([], paragraphs_xml=body, numbering_xml=numbering))
    assert "1. Mục đích" in imported.text and "- Huy động" in imported.text and "b) Đối với cá nhân" in imported.text
    data = imported.data
    assert data["campaign"] == "Chung sức xây dựng nông thôn mới"
    assert data["purposes"] == ["Huy động sức mạnh toàn dân."] and data["requirements"] == ["Thiết thực, hiệu quả."]
    assert [(g["subject_type"], g["criteria"]) for g in data["criteria_groups"]] == [
        ("village", ["Có đường giao thông được cứng hóa."]),
        ("individual", ["Tích cực hiến đất làm đường."]),
    ]


def test_the_portals_own_pdf_of_a_plan_imports_back(plan_co_le):
    from reporting.renderers import render_plan_pdf

    imported = read_plan(name="ke-hoach.pdf", content=render_plan_pdf(plan_co_le))
    want = expected("000")
    for field in ("title", "purposes", "contents", "criteria_groups", "award_sections", "phases", "deadlines"):
        assert imported.data[field] == want[field], field
    assert imported.data["responsibilities"] == want["responsibilities"]


def render_plan(data: dict, *, points: str, width: int | None) -> str:
    """A plan written from its data in another house style: groups lettered "a)" or numbered
    "1.1.", hard-wrapped at `width` (with stray blank lines) or one line per paragraph."""
    group = (lambda n: f"{'abcdđeg'[n]}) ") if points == "letters" else (lambda n: f"1.{n + 1}. ")
    roman = iter(["I", "II", "III", "IV", "V", "VI"])
    paragraphs = ["KẾ HOẠCH", data["title"], *data["preamble"], f"{next(roman)}. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]
    paragraphs += [f"- {x}" for x in data["purposes"]] + ["2. Yêu cầu"] + [f"- {x}" for x in data["requirements"]]
    paragraphs += [f"{next(roman)}. NỘI DUNG PHONG TRÀO THI ĐUA"] + (
        [data["contents_intro"]] if data["contents_intro"] else []
    )
    paragraphs += [f"{n}. {x}" for n, x in enumerate(data["contents"], 1)]
    paragraphs += [f"{next(roman)}. TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG", "1. Tiêu chí thi đua"]
    for n, g in enumerate(data["criteria_groups"]):
        paragraphs += [group(n) + g["heading"]] + [f"- {c}" for c in g["criteria"]]
    paragraphs += ["2. Hình thức và tiêu chuẩn khen thưởng"]
    for n, section in enumerate(data["award_sections"]):
        paragraphs += [group(n) + section["heading"]]
        if section["forms"]:
            paragraphs += ["- Hình thức khen thưởng"] + [f"+ {f['name']};" for f in section["forms"]]
            paragraphs += ["- Tiêu chuẩn khen thưởng"] if section["standards"] else []
        paragraphs += [section["standards"]] if section["standards"] else []
    paragraphs += [f"{next(roman)}. GIẢI PHÁP THỰC HIỆN"] + [f"{n}. {x}" for n, x in enumerate(data["solutions"], 1)]
    paragraphs += [f"{next(roman)}. THỜI GIAN THỰC HIỆN", data["phases_intro"]]
    paragraphs += [
        f"- {p['name']} (từ {p['start_year']} - {p['end_year']}): {p['description']}" for p in data["phases"]
    ]
    paragraphs += [f"{next(roman)}. TỔ CHỨC THỰC HIỆN"]
    for n, r in enumerate(data["responsibilities"], 1):
        if not r["titled"]:
            paragraphs += [f"- {d}" for d in r["duties"]]
            continue
        paragraphs += [f"{n}. {r['body']}"] + ([f"- {d}" for d in r["duties"]] if len(r["duties"]) > 1 else r["duties"])
    paragraphs += [data["closing"], "Nơi nhận:"] + [f"- {x}" for x in data["recipients"]]
    lines = []
    for n, paragraph in enumerate(paragraphs):
        wrapped = textwrap.wrap(paragraph, width, break_on_hyphens=False) if width else [paragraph]
        for m, line in enumerate(wrapped):
            lines += [line] + ([""] if (n + m) % 7 == 3 else [])  # blank lines even mid-sentence
    return "\n".join(lines)


@pytest.mark.parametrize("width", [None, 64, 92], ids=["one-line-paragraphs", "wrapped-64", "wrapped-92"])
@pytest.mark.parametrize("points", ["letters", "numbers"])
@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_the_same_plans_in_other_layouts(key, points, width):
    want = expected(key)
    data = parse_plan(render_plan(want, points=points, width=width)).data
    for field in ("title", "campaign", "period", "preamble", "purposes", "requirements", "contents", "criteria_groups",
                  "award_sections", "solutions", "phases", "responsibilities", "closing", "recipients"):  # fmt: skip
        assert data[field] == want[field], field
    assert data["deadlines"] == want["deadlines"]


@pytest.mark.parametrize(
    "encoding,prefix", [("utf-8-sig", b""), ("utf-16", b""), ("utf-8", b"")], ids=["utf8-bom", "utf16-bom", "utf8"]
)
def test_unicode_text_files_are_read(encoding, prefix):
    imported = read_plan(name="ke-hoach.txt", content=prefix + seed_text("001").encode(encoding))
    assert imported.data["number"] == "87/KH-UBND" and imported.kind == "txt"


def test_decomposed_unicode_is_composed():
    imported = read_plan(name="ke-hoach.txt", content=unicodedata.normalize("NFD", seed_text("001")).encode())
    assert imported.data["contents"] == expected("001")["contents"]


# --- bad input: a clear Vietnamese message, never a guess -----------------------------------


def refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        read_plan(name=name, content=content)
    return caught.value


def test_an_empty_file_is_refused():
    error = refusal("ke-hoach.txt", b"")
    assert error.code == "empty" and error.messages == ["Tệp “ke-hoach.txt” rỗng."]
    assert refusal("ke-hoach.txt", b"  \n\n ").code == "no_text"


def test_a_document_that_is_not_a_plan_is_refused():
    letter = "ỦY BAN NHÂN DÂN XÃ CỔ LỄ\nV/v mời họp\nKính gửi: các thôn.\nĐề nghị các thôn cử đại diện dự họp."
    error = refusal("giay-moi.docx", make_docx(letter.split("\n")))
    assert error.code == "not_a_plan"
    assert "không giống một kế hoạch" in error.messages[0]


def test_a_scanned_pdf_without_text_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    error = refusal("ban-scan.pdf", buffer.getvalue())
    assert error.code == "scanned" and "không có lớp chữ" in error.messages[0]


@override_settings(UPLOAD_MAX_BYTES=2000)
def test_a_file_over_the_size_limit_is_refused():
    error = refusal("ke-hoach.txt", seed_text("000").encode())
    assert error.code == "too_big" and "vượt giới hạn 2,0\xa0KB" in error.messages[0]


def test_a_windows_1258_text_file_is_refused_not_guessed():
    content = to_cp1258(seed_text("000"))
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    error = refusal("ke-hoach.txt", content)
    assert error.code == "legacy_encoding"
    assert "Windows-1258, TCVN3 (ABC) hoặc VNI" in error.messages[0] and "UTF-8" in error.messages[0]


def test_tcvn3_text_already_garbled_into_unicode_is_refused():
    garbled = "KÕ ho¹ch\nTriÓn khai Phong trµo thi ®ua trªn ®Þa bµn x· Cæ LÔ\nI. MôC §ÝCH, Y£U CÇU\n"
    assert refusal("ke-hoach.txt", garbled.encode()).code == "legacy_encoding"


@pytest.mark.parametrize("name", ["ke-hoach.odt", "ke-hoach.xlsx", "ke-hoach", "anh.jpg"])
def test_an_unknown_type_is_refused(name):
    error = refusal(name, seed_text("000").encode())
    assert error.code == "bad_type" and ".docx" in error.messages[0] and ".pdf" in error.messages[0]


def test_an_old_word_file_and_disguised_files_are_refused():
    assert refusal("ke-hoach.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 600).code == "old_word"
    docx = make_docx(seed_text("000").split("\n"))
    assert refusal("ke-hoach.pdf", docx).code == "disguised"
    assert refusal("ke-hoach.txt", docx).code == "disguised"
    assert refusal("ke-hoach.docx", b"%PDF-1.4 not really").code in ("disguised", "broken", "bad_type")


def test_a_broken_word_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document><not closed")
    assert refusal("ke-hoach.docx", buffer.getvalue()).code == "broken"


# --- the command ---------------------------------------------------------------------------


@pytest.fixture
def seed_path(tmp_path):
    def write(key: str, kind: str = "txt") -> Path:
        name, content = seed_file(key, kind)
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


@pytest.mark.django_db
def test_command_prints_the_extraction_as_utf8_json(seed_path, capsys):
    plans_before = Plan.objects.count()
    out = io.StringIO()
    call_command("import_plan", str(seed_path("000", "docx")), "--json", stdout=out)
    raw = out.getvalue()
    assert "xã Cổ Lễ" in raw and "\\u" not in raw
    data = json.loads(raw)
    want = expected("000")
    assert data["contents"] == want["contents"] and data["award_sections"] == want["award_sections"]
    assert data["parents"][0]["in_system"] is True
    assert Plan.objects.count() == plans_before  # nothing saved


@pytest.mark.django_db
def test_command_without_json_prints_counts_per_section(seed_path):
    out = io.StringIO()
    call_command("import_plan", str(seed_path("004")), stdout=out, stderr=io.StringIO())
    summary = out.getvalue()
    assert "Cơ quan ban hành: tỉnh Ninh Bình" in summary
    assert "Nội dung thi đua: 7" in summary and "Tiêu chí: 13" in summary and "Hình thức khen thưởng: 6" in summary
    assert "Người ký: (chưa ký)" in summary


@pytest.mark.django_db
def test_command_errors_are_vietnamese(tmp_path):
    empty = tmp_path / "trong.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="rỗng"):
        call_command("import_plan", str(empty), "--json")
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("import_plan", str(tmp_path / "khong-co.txt"))
    legacy = tmp_path / "cu.txt"
    legacy.write_bytes(to_cp1258(seed_text("001")))
    with pytest.raises(CommandError, match="Windows-1258"):
        call_command("import_plan", str(legacy), "--json")


def test_a_docx_with_an_entity_bomb_is_refused_cleanly():
    """Untrusted XML: entity definitions (billion laughs) are refused, not expanded."""
    import io
    import zipfile

    from django.core.exceptions import ValidationError

    from campaigns.importer import extract

    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        "<w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", bomb)
    with pytest.raises(ValidationError) as excinfo:
        extract.docx_text("ke-hoach.docx", buffer.getvalue())
    assert "ke-hoach.docx" in excinfo.value.messages[0]
