"""Hostile documents in the plan import (issue 16): refused with a Vietnamese message by the
size and depth checks, before any expensive parsing, and never a 500."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.importer import docx, read_plan
from campaigns.models import Plan
from tests.campaigns.test_import import CONTENT_TYPES, W_NS, make_docx

KH = "<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p><w:p><w:r><w:t>I. MỤC ĐÍCH, YÊU CẦU</w:t></w:r></w:p>"


def zipped_document(document_xml: str | bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def nested_tables(count: int) -> bytes:
    opening, closing = "<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>"
    body = opening * count + KH + closing * count
    return zipped_document(f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')


def refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        read_plan(name=name, content=content)
    return caught.value


def test_a_docx_of_200000_nested_tables_is_refused_not_a_recursion_error():
    content = nested_tables(200_000)
    assert len(content) < 200_000  # a small upload
    error = refusal("bang-long.docx", content)
    assert error.code in ("too_deep", "unpacked_too_big")
    assert "bang-long.docx" in error.messages[0]


def test_a_docx_nested_deeper_than_a_document_can_is_refused_while_it_is_read():
    # 3,000 levels is only ~130 KB unpacked: under every size limit, so the depth check refuses it.
    content = nested_tables(3_000)
    error = refusal("bang-long.docx", content)
    assert error.code == "too_deep"
    assert "lồng nhau quá sâu" in error.messages[0]


def test_ordinary_nesting_of_tables_in_tables_still_reads():
    imported = read_plan(name="bang.docx", content=nested_tables(5))
    assert imported.text.split("\n")[:2] == ["KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU"]


def test_a_small_docx_whose_xml_unpacks_to_39_mb_is_refused_before_parsing(monkeypatch):
    filler = "<w:p/>" * (39 * 1024 * 1024 // 6)
    content = zipped_document(f'<w:document xmlns:w="{W_NS}"><w:body>{KH}{filler}</w:body></w:document>')
    assert len(content) < 200 * 1024

    def no_parsing(*args, **kwargs):
        raise AssertionError("the XML was parsed before its size was checked")

    monkeypatch.setattr(docx, "_parse", no_parsing)
    error = refusal("ke-hoach.docx", content)
    assert error.code == "unpacked_too_big"
    assert "khi giải nén ra nặng" in error.messages[0] and "ke-hoach.docx" in error.messages[0]


def test_a_docx_packed_hundreds_of_times_smaller_than_it_unpacks_is_refused(monkeypatch):
    # 3 MB is within the XML limit, but no document packs 1,000 to 1.
    filler = " " * (3 * 1024 * 1024)
    content = zipped_document(f'<w:document xmlns:w="{W_NS}"><w:body>{KH}</w:body>{filler}</w:document>')
    monkeypatch.setattr(docx, "_parse", lambda *a, **k: pytest.fail("parsed before the ratio check"))
    assert refusal("ke-hoach.docx", content).code == "unpacked_too_big"


def test_the_other_parts_of_the_zip_count_towards_the_unpacked_size(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{KH}</w:body></w:document>')
        archive.writestr("word/media/filler.bin", b"\0" * (40 * 1024 * 1024))
    monkeypatch.setattr(docx, "_parse", lambda *a, **k: pytest.fail("parsed before the size check"))
    assert refusal("ke-hoach.docx", buffer.getvalue()).code == "unpacked_too_big"


def test_a_word_file_made_by_the_tests_helper_still_reads():
    lines = ["KẾ HOẠCH", "Tổ chức Phong trào thi đua “A”", "I. MỤC ĐÍCH"]
    imported = read_plan(name="k.docx", content=make_docx(lines))
    assert imported.data["campaign"] == "A"


# --- PDF -----------------------------------------------------------------------------------


def pdf_with_a_stream_of(size: int) -> bytes:
    """One page whose content stream is `size` bytes of spaces, deflated (a few hundred KB)."""
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    stream = StreamObject()
    stream._data = zlib.compress(b" " * size, 9)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    assert not isinstance(stream, DecodedStreamObject)
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_whose_stream_decompresses_past_the_readers_limits_is_refused():
    content = pdf_with_a_stream_of(80 * 1024 * 1024)
    assert len(content) < 1024 * 1024
    error = refusal("ke-hoach.pdf", content)
    assert error.code == "unpacked_too_big"
    assert "giải nén ra quá lớn" in error.messages[0]


def test_a_pdf_of_too_many_pages_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(301):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal("dai.pdf", buffer.getvalue()).code == "unpacked_too_big"


# --- through the screen: a message on the form, never a 500 --------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,build,message",
    [
        ("bang-long.docx", lambda: nested_tables(3_000), "lồng nhau quá sâu"),
        ("ke-hoach.pdf", lambda: pdf_with_a_stream_of(80 * 1024 * 1024), "giải nén ra quá lớn"),
    ],
    ids=["nested-tables", "pdf-bomb"],
)
def test_hostile_files_get_a_message_on_the_upload_form(
    client, commune_officer, name, build, message, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(commune_officer)
    plans = Plan.objects.count()
    with django_capture_on_commit_callbacks(execute=True):  # the reading task, eager here
        response = client.post(
            reverse("campaigns:plan_import"), {"step": "upload", "file": SimpleUploadedFile(name, build())}
        )
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Plan.objects.count() == plans
