"""Honest statistics: an individual is counted as an individual, not under their unit's type;
"on time" is drawn in green, never in red; the page and its export filter by year (in the URL)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.selectors import statistics as province
from tests.reporting.test_province_statistics import co_le, data_set, province_plan, tables, xuan_truong  # noqa: F401

pytestmark = pytest.mark.django_db
RED = "#b02a37"


def test_an_individual_is_counted_as_an_individual(data_set, province_reviewer):  # noqa: F811
    subject = {row[0]: row[1:3] for row in tables(province_reviewer)["by_subject_type"].rows if row[1]}
    # The individual of the Economic Office is no longer under "Cơ quan, đơn vị".
    assert subject == {"Trường học": [1, 1], "Cơ quan, đơn vị": [1, 0], "Thôn, khối": [1, 0], "Cá nhân": [1, 1]}


def test_on_time_is_green_late_amber_missing_grey(data_set, province_reviewer):  # noqa: F811
    chart = tables(province_reviewer)["commune_timeliness"].chart()
    colours = {d["label"]: d["color"] for d in chart["datasets"]}
    assert colours == {"Đúng hạn": "#198754", "Muộn": "#ffc107", "Chưa nộp": "#6c757d"}
    for table in tables(province_reviewer).values():
        assert RED not in {d["color"] for d in table.chart()["datasets"]}


def test_statistics_filter_by_year(data_set, province_reviewer):  # noqa: F811
    stats = {t.key: t for t in province.province_statistics(province_reviewer.admin_unit, year=2025)}
    assert stats["commune_timeliness"].rows == [[2025, 2, 0, 0, 0, 0, 2]]
    assert stats["unit_timeliness"].rows == [[2025, 10, 0, 0, 0, 0, 10]]
    assert sum(row[1] for row in stats["by_award_form"].rows) == 0  # every dossier was made in 2026
    this_year = {t.key: t for t in province.province_statistics(province_reviewer.admin_unit, year=2026)}
    assert sum(row[1] for row in this_year["by_award_form"].rows) == 4
    assert [row[0] for row in this_year["commune_timeliness"].rows] == [2026]


def test_the_page_and_its_export_keep_the_year_in_the_url(client, data_set, province_reviewer):  # noqa: F811
    client.force_login(province_reviewer)
    page = client.get(reverse("reporting:province_statistics"), {"year": 2025})
    body = page.content.decode()
    assert page.status_code == 200 and '<option value="2025" selected>' in body
    assert f"{reverse('reporting:province_statistics_export')}?year=2025" in body
    export = client.get(reverse("reporting:province_statistics_export"), {"year": 2025})
    years = list(load_workbook(io.BytesIO(export.content))["Báo cáo xã theo năm"].iter_rows(values_only=True))
    assert years[2:] == [(2025, 2, 0, 0, 0, 0, 2)]
    odd = client.get(reverse("reporting:province_statistics"), {"year": "abc"})
    assert odd.status_code == 200 and 'data-testid="filter-errors"' in odd.content.decode()
