"""The benchmark's pages on its tiny synthetic data: every one answers, and its SQL queries
do not grow when the commune and its province grow threefold (the bench's 10× in small).
A query count that grows with the data is an N+1; no timing is asserted."""

import pytest

from awards.models import Decision, RegisterEntry
from devtools import bench, synthetic


@pytest.fixture
def tiny(db):
    synthetic.Synthesizer(seed=3, log=lambda _m: None).build(synthetic.SCALES["tiny"])
    return bench.bench_subjects()


def measure(subjects: dict) -> dict[str, dict]:
    actors = {"officer": subjects["officer"], "reviewer": subjects["reviewer"]}
    pages = bench.pages_for(subjects["plan"], subjects["decision_id"], "nguyen")
    return {page.name: bench.measure_page(actors.get(page.actor), page.path) for page in pages}


def test_every_bench_page_keeps_its_query_count_as_the_data_grows(tiny):
    assert tiny["decision_id"], "the synthetic commune has a signed decision to show"
    before = measure(tiny)
    assert set(before) >= {"blank", "officer_home", "province_queue", "statistics", "register_search", "decision_page"}
    lines = Decision.objects.get(pk=tiny["decision_id"]).lines.count()

    synthetic.Synthesizer(seed=3, log=lambda _m: None).grow(commune=tiny["commune"], factor=3)
    grown = bench.bench_subjects()
    after = measure(grown)

    assert Decision.objects.get(pk=grown["decision_id"]).lines.count() > lines  # the page has more to show
    assert RegisterEntry.objects.filter(admin_unit__province=tiny["commune"].province).exists()
    assert {name: row["queries"] for name, row in after.items()} == {
        name: row["queries"] for name, row in before.items()
    }


def test_the_blank_page_is_the_base_template_and_little_else(tiny):
    blank = bench.measure_page(tiny["officer"], "/_dev/trang-trong/")
    home = bench.measure_page(tiny["officer"], "/")
    assert blank["queries"] < home["queries"]
    assert blank["html_kb"] < home["html_kb"]
