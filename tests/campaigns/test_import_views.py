"""The import screen: upload → review (editable, beside the source text) → confirm or cancel.
Nothing is saved before the confirm; bad files get a clear Vietnamese message and no 500."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from campaigns.forms.imports import LinesField
from campaigns.models import Plan
from tests.campaigns.test_import import SEEDS, expected, make_docx, seed_file, seed_text, to_cp1258

URL = reverse("campaigns:plan_import")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the upload stores its file until it is read


def upload(client, name: str, content: bytes):
    """Upload, let the (eager) task read the file, and land where the officer lands."""
    with TestCase.captureOnCommitCallbacks(execute=True):  # the reading is queued on commit; eager here
        response = client.post(URL, {"step": "upload", "file": SimpleUploadedFile(name, content)})
    return client.get(response["Location"]) if response.status_code == 302 else response


def upload_seed(client, key: str = "000", kind: str = "txt"):
    return upload(client, *seed_file(key, kind))


def review_post(response, **changes) -> dict:
    """What the browser posts from the review screen, unchanged unless `changes` says so."""
    review = response.context["review"]
    data = {"step": "confirm", "token": response.context["pending"]["token"]}
    forms = [review.form]
    for formset in review.formsets.values():
        data.update({f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()})
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field, LinesField) and isinstance(value, list):
                value = "\n".join(value)
            elif isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            elif isinstance(value, bool):
                if not value:
                    continue
                value = "on"
            elif value is None:
                value = ""
            elif isinstance(value, list):
                data[bound.html_name] = [str(v) for v in value]
                continue
            data[bound.html_name] = str(value)
    data.update(changes)
    return data


# --- who may use it ------------------------------------------------------------------------


def test_login_required(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("who", ["commune_officer", "province_reviewer", "outsider"])
def test_officers_and_reviewers_see_the_upload_form(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    assert 'data-testid="import-form"' in response.content.decode()


@pytest.mark.parametrize("who", ["unit_reporter", "commune_viewer", "superuser"])
def test_other_roles_get_403(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    plans = Plan.objects.count()
    assert upload_seed(client).status_code == 403
    assert client.post(URL, {"step": "confirm", "token": "x"}).status_code == 403
    assert Plan.objects.count() == plans


# --- upload → review → confirm -------------------------------------------------------------


def test_upload_shows_the_extraction_beside_the_source_and_saves_nothing(client, commune_officer, plan_ninh_binh):
    client.force_login(commune_officer)
    plans = Plan.objects.count()
    response = upload_seed(client, "000", "docx")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-source"' in page and "Vũ Mạnh Cường" in page
    review = response.context["review"]
    want = expected("000")
    assert review.form["title"].value() == want["title"]
    assert review.form["contents"].value() == "\n".join(want["contents"])
    assert review.form["period_start"].value() == 2025 and review.form["period_end"].value() == 2030
    assert len(review["criteria_groups"].forms) == 4 and len(review["award_sections"].forms) == 2
    assert review["parents"].forms[0]["plan"].value() == plan_ninh_binh.pk  # linked suggestion
    assert review["parents"].forms[1]["plan"].value() is None
    assert Plan.objects.count() == plans


def test_confirm_saves_the_edited_draft_with_the_parent_linked(client, commune_officer, plan_ninh_binh):
    client.force_login(commune_officer)
    response = upload_seed(client, "000")
    title = expected("000")["title"].replace("Triển khai", "Tổ chức triển khai")
    data = review_post(
        response, title=title, number="125/KH-UBND", issued_on="20/07/2025", **{"phases-1-end_year": "2031"}
    )
    response = client.post(URL, data)
    plan = Plan.objects.get(title=title)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.issuer == commune_officer.admin_unit and plan.status == Plan.Status.DRAFT
    assert plan.number == "125/KH-UBND" and plan.issued_on == datetime.date(2025, 7, 20)
    assert [p.parent_plan for p in plan.parents.order_by("number_in_list")] == [plan_ninh_binh, None]
    assert [c.text for c in plan.contents.all()] == expected("000")["contents"]
    assert plan.criterion_groups.count() == 4 and plan.phases.get(number=2).end_year == 2031
    assert plan.deadlines.get().day == 10
    assert [f.award_form.code for s in plan.award_sections.all() for f in s.forms.all()][-1] == "giay_khen"
    follow = client.get(response["Location"])
    assert "Đã lưu dự thảo kế hoạch từ tệp" in follow.content.decode()


def test_a_second_confirm_is_refused_not_saved_twice(client, commune_officer):
    client.force_login(commune_officer)
    data = review_post(upload_seed(client, "002"))
    client.post(URL, data)
    plans = Plan.objects.count()
    response = client.post(URL, data, follow=True)
    assert "Bản xem trước này đã cũ hoặc đã được lưu rồi" in response.content.decode()
    assert Plan.objects.count() == plans


def test_cancel_saves_nothing_and_forgets_the_upload(client, commune_officer):
    client.force_login(commune_officer)
    plans = Plan.objects.count()
    data = review_post(upload_seed(client, "001"))
    response = client.post(URL, {"step": "cancel"}, follow=True)
    assert "Đã hủy nhập văn bản; chưa có gì được lưu." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("campaigns:plan_list")
    response = client.post(URL, data, follow=True)
    assert "Bản xem trước này đã cũ" in response.content.decode()
    assert Plan.objects.count() == plans


def test_a_province_reviewer_imports_a_province_draft(client, province_reviewer):
    client.force_login(province_reviewer)
    response = client.post(URL, review_post(upload_seed(client, "004", "docx")))
    plan = Plan.objects.latest("pk")
    assert response["Location"] == plan.get_absolute_url()
    assert plan.issuer == province_reviewer.admin_unit and plan.number == ""
    assert plan.responsibilities.count() == 8 and plan.signer_name == ""


def test_a_plan_of_another_unit_saves_as_the_users_own_draft_with_a_warning(client, outsider, plan_ninh_binh):
    client.force_login(outsider)  # Tây Hiếu (Nghệ An) uploads Cổ Lễ's plan
    response = upload_seed(client, "000")
    page = response.content.decode()
    assert "Văn bản có vẻ là kế hoạch của xã Cổ Lễ; nếu lưu, dự thảo sẽ thuộc phường Tây Hiếu." in page
    assert response.context["review"]["parents"].forms[0]["plan"].value() is None  # not in their scope
    # A plan outside the user's scope cannot be linked by tampering with the form.
    data = review_post(response, **{"parents-0-plan": str(plan_ninh_binh.pk)})
    plans = Plan.objects.count()
    response = client.post(URL, data)
    assert response.status_code == 200 and Plan.objects.count() == plans
    assert response.context["review"]["parents"].forms[0].errors["plan"]


# --- bad input in the review: the page keeps what was typed, nothing is saved ---------------


def test_review_errors_keep_the_typed_values(client, commune_officer):
    client.force_login(commune_officer)
    response = upload_seed(client, "001")
    plans = Plan.objects.count()
    data = review_post(
        response,
        title="Tên đã sửa",
        issued_on="31/02/2026",
        period_start="2030",
        period_end="2026",
        **{"awards-0-forms_list": "Kỷ niệm chương vì sự nghiệp", "deadlines-TOTAL_FORMS": "1",
           "deadlines-0-day": "31", "deadlines-0-month": "2", "deadlines-0-reporter": "Các thôn",
           "deadlines-0-receiver": "UBND xã", "deadlines-0-reporters": "units"},
    )  # fmt: skip
    response = client.post(URL, data)
    assert response.status_code == 200 and Plan.objects.count() == plans
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    review = response.context["review"]
    assert review.form.errors["issued_on"] and review.form.errors["period_end"]
    assert "Không nhận ra hình thức khen thưởng “Kỷ niệm chương vì sự nghiệp”" in page
    assert "Ngày 31/02 không có thật." in page
    assert review.form["title"].value() == "Tên đã sửa"


def test_an_empty_required_field_is_refused(client, commune_officer):
    client.force_login(commune_officer)
    data = review_post(upload_seed(client, "003"), campaign="", **{"resp-0-duties": ""})
    plans = Plan.objects.count()
    response = client.post(URL, data)
    assert response.status_code == 200 and Plan.objects.count() == plans
    assert response.context["review"].form.errors["campaign"]
    assert response.context["review"]["responsibilities"].forms[0].errors["duties"]


def test_deleting_a_row_leaves_it_out(client, commune_officer):
    client.force_login(commune_officer)
    data = review_post(upload_seed(client, "000"), **{"groups-3-DELETE": "on", "resp-5-DELETE": "on"})
    client.post(URL, data)
    plan = Plan.objects.latest("pk")
    assert plan.criterion_groups.count() == 3 and plan.responsibilities.count() == 5


# --- bad files: a clear message on the upload form, no 500, nothing saved -------------------


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("ke-hoach.txt", b"", "Tệp “ke-hoach.txt” rỗng."),
        ("giay-moi.txt", "Giấy mời họp giao ban tháng 7.".encode(), "không giống một kế hoạch"),
        ("ke-hoach.txt", to_cp1258(seed_text("000")), "Windows-1258, TCVN3 (ABC) hoặc VNI"),
        ("ke-hoach.odt", seed_text("000").encode(), "chỉ nhận văn bản Word (.docx), văn bản thuần (.txt) hoặc PDF"),
        ("ke-hoach.docx", b"PK\x03\x04 not a zip", "không phải văn bản Word (.docx) hay PDF thật"),
        ("ke-hoach.pdf", make_docx(["KẾ HOẠCH"]), "nhưng tên tệp lại mang đuôi khác"),
    ],
    ids=["empty", "not-a-plan", "cp1258", "unknown-type", "broken-docx", "disguised"],
)
def test_bad_files_get_a_clear_message(client, commune_officer, name, content, message):
    client.force_login(commune_officer)
    plans = Plan.objects.count()
    response = upload(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "campaigns.plan_import" not in client.session and Plan.objects.count() == plans


def test_a_scanned_pdf_gets_a_clear_message(client, commune_officer):
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    client.force_login(commune_officer)
    response = upload(client, "ban-scan.pdf", buffer.getvalue())
    assert "không có lớp chữ (có thể là bản scan hoặc ảnh chụp)" in response.content.decode()


@override_settings(UPLOAD_MAX_BYTES=4096)
def test_a_file_over_the_limit_gets_a_clear_message(client, commune_officer):
    client.force_login(commune_officer)
    response = upload_seed(client, "000")
    assert "vượt giới hạn" in response.content.decode()


def test_no_file_at_all(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(URL, {"step": "upload"})
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_every_seed_goes_through_the_screen(client, commune_officer):
    client.force_login(commune_officer)
    for key in sorted(SEEDS):
        response = client.post(URL, review_post(upload_seed(client, key)))
        assert response.status_code == 302, key
        plan = Plan.objects.latest("pk")
        assert [c.text for c in plan.contents.all()] == expected(key)["contents"]
        assert [r.body for r in plan.responsibilities.all()] == [r["body"] for r in expected(key)["responsibilities"]]
