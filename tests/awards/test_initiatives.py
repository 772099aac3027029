"""The register of initiatives: recorded with the recognising decision and authors, found
without diacritics, corrected and removed by the office; read by the commune's and the
province's staff, nobody else."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Awardee, Initiative
from awards.services import awardees as awardee_services
from awards.services import initiatives as services

pytestmark = pytest.mark.django_db
TITLE = "Ứng dụng bản đồ tư duy số trong dạy học môn Toán"


@pytest.fixture
def teacher(commune_officer, school) -> Awardee:
    return awardee_services.awardee_save(
        by=commune_officer, kind="individual", name="Đỗ Thị Ngọc Ánh", position="Giáo viên", unit=school
    )


@pytest.fixture
def initiative(commune_officer, teacher) -> Initiative:
    return services.initiative_save(
        by=commune_officer,
        authors=[teacher],
        title=TITLE,
        summary="Áp dụng tại 3 trường trong tỉnh.",
        year=2026,
        scope="province",
        decision_number="15/QĐ-HĐSK",
        decision_date=datetime.date(2026, 10, 5),
        decision_body="Hội đồng sáng kiến tỉnh Ninh Bình",
    )


def form_data(teacher, **changes) -> dict:
    data = {
        "title": "Số hóa sổ điểm điện tử",
        "authors": [teacher.pk],
        "year": "2026",
        "scope": "unit",
        "decision_number": "7/QĐ-THCS",
        "decision_date": "12/09/2026",
        "decision_body": "Trường Trung học cơ sở Cổ Lễ",
        "summary": "",
    }
    data.update(changes)
    return data


# --- The service ------------------------------------------------------------------------------


def test_an_initiative_keeps_its_decision_and_authors(initiative, teacher):
    assert list(initiative.authors.all()) == [teacher]
    assert initiative.decision_label == "15/QĐ-HĐSK ngày 05/10/2026 của Hội đồng sáng kiến tỉnh Ninh Bình"
    assert initiative.history.first().title == TITLE  # kept as a version


def test_authors_are_individuals_of_the_unit(commune_officer, neighbour_officer, school):
    stranger = awardee_services.awardee_save(by=neighbour_officer, kind="individual", name="Bùi Văn Long")
    collective = awardee_services.awardee_save(by=commune_officer, kind="collective", name=school.name, unit=school)
    for authors in ([], [stranger], [collective]):
        with pytest.raises(ValidationError) as refused:
            services.initiative_save(
                by=commune_officer,
                authors=authors,
                title="x",
                year=2026,
                scope="unit",
                decision_number="1",
                decision_date=datetime.date(2026, 1, 1),
                decision_body="x",
            )
        assert "authors" in refused.value.message_dict
    assert not Initiative.objects.filter(title="x").exists()


def test_a_recognition_before_its_year_is_refused(commune_officer, teacher):
    with pytest.raises(ValidationError, match="trước năm áp dụng"):
        services.initiative_save(
            by=commune_officer,
            authors=[teacher],
            title="x",
            year=2026,
            scope="unit",
            decision_number="1",
            decision_date=datetime.date(2025, 12, 1),
            decision_body="x",
        )


# --- The pages: anonymous, wrong scope, bad input, happy path -------------------------------------


def test_the_pages_need_a_login(client, initiative):
    for url in (
        reverse("awards:initiative_list"),
        reverse("awards:initiative_create"),
        reverse("awards:initiative_update", args=[initiative.pk]),
    ):
        assert client.get(url).status_code == 302
    assert client.post(reverse("awards:initiative_delete", args=[initiative.pk])).status_code == 302
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_other_communes_see_nothing_and_change_nothing(client, outsider, neighbour_officer, initiative):
    for user in (outsider, neighbour_officer):
        client.force_login(user)
        assert TITLE not in client.get(reverse("awards:initiative_list"), {"q": "ban do"}).content.decode()
        assert client.get(reverse("awards:initiative_update", args=[initiative.pk])).status_code == 404
        assert client.post(reverse("awards:initiative_delete", args=[initiative.pk])).status_code == 404
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_a_viewer_reads_and_a_reporter_has_no_register(client, commune_viewer, unit_reporter, initiative):
    client.force_login(commune_viewer)
    assert TITLE in client.get(reverse("awards:initiative_list")).content.decode()
    assert client.get(reverse("awards:initiative_create")).status_code == 403
    assert client.post(reverse("awards:initiative_delete", args=[initiative.pk])).status_code == 403
    client.force_login(unit_reporter)
    assert client.get(reverse("awards:initiative_list")).status_code == 403


def test_the_province_reads_its_communes_initiatives(client, province_reviewer, initiative):
    client.force_login(province_reviewer)
    assert TITLE in client.get(reverse("awards:initiative_list"), {"year": 2026}).content.decode()
    assert client.get(reverse("awards:initiative_update", args=[initiative.pk])).status_code == 403


def test_search_forgives_diacritics_and_a_bad_year_is_no_error(client, commune_officer, initiative):
    client.force_login(commune_officer)
    page = client.get(reverse("awards:initiative_list"), {"q": "BAN DO TU DUY"}).content.decode()
    assert TITLE in page
    assert TITLE not in client.get(reverse("awards:initiative_list"), {"q": "so diem"}).content.decode()
    assert client.get(reverse("awards:initiative_list"), {"q": "do thi ngoc anh"}).content.decode().count(TITLE) == 1
    response = client.get(reverse("awards:initiative_list"), {"year": "hai nghìn"})
    assert response.status_code == 200 and "Năm phải là một số" in response.content.decode()


def test_a_bad_date_is_refused_in_vietnamese_keeping_what_was_typed(client, commune_officer, teacher):
    client.force_login(commune_officer)
    response = client.post(reverse("awards:initiative_create"), form_data(teacher, decision_date="31/02/2026"))
    page = response.content.decode()
    assert response.status_code == 400 and "Số hóa sổ điểm điện tử" in page and "31/02/2026" in page
    assert "ngày hợp lệ" in page.lower() or "nhập một ngày" in page.lower()
    response = client.post(reverse("awards:initiative_create"), form_data(teacher, authors=[], year="1890"))
    page = response.content.decode()
    assert "Hãy chọn ít nhất một tác giả." in page and "Năm phải trong khoảng 2000–2100." in page
    assert not Initiative.objects.filter(title="Số hóa sổ điểm điện tử").exists()


def test_the_officer_records_corrects_and_removes(client, commune_officer, teacher, initiative):
    client.force_login(commune_officer)
    assert client.post(reverse("awards:initiative_create"), form_data(teacher)).status_code == 302
    made = Initiative.objects.get(title="Số hóa sổ điểm điện tử")
    assert (made.scope, made.decision_date, list(made.authors.all())) == ("unit", datetime.date(2026, 9, 12), [teacher])
    url = reverse("awards:initiative_update", args=[initiative.pk])
    assert client.post(url, form_data(teacher, title=TITLE, scope="commune")).status_code == 302
    initiative.refresh_from_db()
    assert initiative.scope == "commune"
    assert client.post(reverse("awards:initiative_delete", args=[made.pk])).status_code == 302
    assert not Initiative.objects.filter(pk=made.pk).exists()
