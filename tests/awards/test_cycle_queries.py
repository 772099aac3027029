"""The yearly cycle reads the law's rows and the awardees' history once per call, not once per
proposal: the evaluation page, the proposals to send up and the unit's decisions cost the
same number of queries for 3 proposals as for 30."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import cycle_selectors as selectors
from awards.models import Awardee, Proposal, YearRating
from awards.services import cycle
from awards.services import decisions as decision_services
from awards.services.evaluation import evaluate, evaluate_all
from tests.awards.cycle_helpers import form, person, texts

pytestmark = pytest.mark.django_db
YEAR = 2027  # a year of its own: the demo's 2026 proposals stay out of the counts
# The commune decides the first two; the province the last two (they are sent up).
FORMS = ["lao_dong_tien_tien", "chien_si_thi_dua_co_so", "chien_si_thi_dua_tinh", "bang_khen_chu_tich_tinh"]


@pytest.fixture
def grow(commune_officer, school):
    """Proposals of YEAR at Cổ Lễ, up to `n` in all: the school's TTLĐTT (its members are the
    school's people), then people of the school across four forms, each rated; approved."""
    collective = Awardee.objects.get(kind="collective", unit=school)
    made: list[Proposal] = []

    def grow_to(n: int) -> list[Proposal]:
        pairs = [] if made else [(collective, form("tap_the_lao_dong_tien_tien"))]
        for i in range(len(made) + len(pairs), n):
            someone = person(commune_officer, school, f"Giáo viên số {i}")
            YearRating.objects.create(awardee=someone, year=YEAR, rating="excellent", updated_by=commune_officer)
            pairs.append((someone, form(FORMS[i % len(FORMS)])))
        made.extend(cycle.create_proposals(commune_officer.admin_unit, YEAR, pairs, commune_officer))
        Proposal.objects.filter(pk__in=[p.pk for p in made]).update(outcome=Proposal.Outcome.APPROVED)
        return made

    return grow_to


def _count(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_the_evaluation_rows_cost_the_same_for_3_and_30_proposals(commune_officer, grow):
    grow(3)
    few = _count(lambda: selectors.evaluation_rows(commune_officer, YEAR))
    grow(30)
    rows = []
    many = _count(lambda: rows.extend(selectors.evaluation_rows(commune_officer, YEAR)))
    assert len(rows) == 30
    assert many == few


def test_the_proposals_to_send_up_cost_the_same_for_3_and_30(commune_officer, grow):
    grow(3)
    few = _count(lambda: list(selectors.to_send_up(commune_officer, YEAR)))
    grow(30)
    sent: list[Proposal] = []
    many = _count(lambda: sent.extend(selectors.to_send_up(commune_officer, YEAR)))
    assert many == few
    # Only the forms the province decides (CSTĐ cấp tỉnh, Bằng khen) go up.
    assert {p.award_form.code for p in sent} == set(FORMS[2:]) and len(sent) == 14


def test_the_evaluation_page_costs_the_same_for_3_and_30_proposals(client, commune_officer, grow):
    client.force_login(commune_officer)
    url = reverse("awards:cycle_evaluation") + f"?nam={YEAR}"
    grow(3)
    client.get(url)  # warm: the session, the user's scope
    few = _count(lambda: client.get(url))
    grow(30)
    response = []
    many = _count(lambda: response.append(client.get(url)))
    assert response[0].status_code == 200 and response[0].content.decode().count('data-testid="proposal"') == 30
    assert many == few


@contextmanager
def _reads_outside_the_writers(monkeypatch):
    """How many reads the block makes, leaving out those of the writers it calls once per
    line: awards.services.decisions.lines_add (each line is checked, priced and numbered
    there) and Proposal.save (its history keeps a copy of the initiatives)."""
    inner: list[range] = []

    def watch(owner, name):
        real = getattr(owner, name)

        def counted(*args, **kwargs):
            before = len(queries.captured_queries)
            try:
                return real(*args, **kwargs)
            finally:
                inner.append(range(before, len(queries.captured_queries)))

        monkeypatch.setattr(owner, name, counted)

    watch(decision_services, "lines_add")
    watch(Proposal, "save")
    found: list[int] = []
    with CaptureQueriesContext(connection) as queries:
        yield found
    outside = [q for i, q in enumerate(queries.captured_queries) if not any(i in r for r in inner)]
    found.append(sum(1 for q in outside if q["sql"].lstrip().upper().startswith("SELECT")))


def test_issuing_the_decisions_reads_the_same_for_3_and_30_proposals(commune_officer, grow, monkeypatch):
    grow(3)
    with _reads_outside_the_writers(monkeypatch) as few:
        decisions, left = cycle.issue_decisions(by=commune_officer, year=YEAR, grouping="one")
    assert len(left) == 1 and decisions[0].lines.count() == 2
    grow(30)
    with _reads_outside_the_writers(monkeypatch) as many:
        decisions, left = cycle.issue_decisions(by=commune_officer, year=YEAR, grouping="one")
    assert decisions[0].lines.count() == 14 and len(left) == 14
    assert many == few


def _said(evaluation) -> tuple:
    return evaluation.passed, [r.check.pk for r in evaluation.overridden], texts(evaluation)


def test_a_batch_says_what_each_proposal_alone_says(commune_officer, grow):
    """The demo's 2026 proposals (the register, same-year proposals, an override, initiatives,
    a collective's members) and this section's 2027 ones, evaluated together and one by one."""
    grow(8)
    proposals = list(Proposal.objects.filter(admin_unit=commune_officer.admin_unit, year__in=[2026, YEAR]))
    together = evaluate_all(proposals)
    assert len(proposals) == 20 and any(e.overridden for e in together) and not all(e.passed for e in together)
    for proposal, evaluation in zip(proposals, together, strict=True):
        assert _said(evaluation) == _said(evaluate(Proposal.objects.get(pk=proposal.pk))), proposal
