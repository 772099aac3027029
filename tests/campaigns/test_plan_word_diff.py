"""The comparison with the parent plan marks the words a reworded line changed, not the whole
paragraph, and reads as the plan does: no stored codes ("final:", "annual:")."""

import pytest
from django.urls import reverse

from campaigns.diff import word_diff
from tests.campaigns.test_plan_workspace import draft  # noqa: F401 - the derived draft of Cổ Lễ

pytestmark = pytest.mark.django_db


def test_word_diff_marks_only_the_changed_words():
    html = word_diff("Thi đua lao động sản xuất giỏi", "Thi đua lao động, sản xuất thật giỏi <b>")
    assert html == "Thi đua lao <del>động</del><ins>động,</ins> sản xuất <ins>thật </ins>giỏi<ins> &lt;b&gt;</ins>"


def test_a_reworded_content_shows_its_changed_words(client, draft):  # noqa: F811
    content = draft.contents.order_by("number").first()
    original = content.text
    words = original.split()
    content.text = " ".join([*words[:3], "tích cực", *words[3:]])
    content.save()
    response = client.get(reverse("campaigns:plan_diff", args=[draft.pk]))
    contents = next(s for s in response.context["sections"] if s.label == "Nội dung thi đua")
    assert contents.counts["changed"] == 1 and contents.counts["added"] == 0 and contents.counts["removed"] == 0
    [line] = [line for line in contents.lines if line.kind == "changed"]
    assert "<ins> tích cực</ins>" in line.html and "<del>" not in line.html
    html = response.content.decode()
    assert str(line.html) in html
    assert 'data-kind="changed"' in html


def test_no_stored_codes_in_the_comparison(client, draft):  # noqa: F811
    draft.award_sections.all().delete()  # every award form of the parent now reads as removed
    body = client.get(reverse("campaigns:plan_diff", args=[draft.pk])).content.decode()
    for code in ("final:", "annual:", "preliminary:", "general:", "units_and_localities", ": final", "?/?"):
        assert code not in body, code
    assert "Khen thưởng tổng kết:" in body or "Khen thưởng hàng năm:" in body
