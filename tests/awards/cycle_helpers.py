"""Builders for the yearly cycle's tests: the demo's 2026 evaluation of xã Cổ Lễ, people
and their proposals, a decision signed with a kind."""

import datetime

from awards.models import Awardee, AwardForm, CommendationKind, Proposal, StandardCheck
from awards.services import awardees as awardee_services
from awards.services import council, cycle
from awards.services import decisions as decision_services
from awards.services.steps import meeting_close
from tests.awards.decision_helpers import scan

YEAR = 2026


def form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


def demo(name: str, code: str, year: int = YEAR) -> Proposal:
    """The demo's proposal of Cổ Lễ for that person (or collective) and form."""
    return Proposal.objects.get(admin_unit__name="Cổ Lễ", year=year, awardee__name=name, award_form__code=code)


def person(officer, unit, name: str, **fields) -> Awardee:
    return awardee_services.awardee_save(by=officer, kind="individual", name=name, unit=unit, **fields)


def propose(officer, awardee: Awardee, code: str, *, year: int = YEAR, rating: str = "", **inputs) -> Proposal:
    [proposal] = cycle.create_proposals(officer.admin_unit, year, [(awardee, form(code))], officer)
    if rating or inputs:
        proposal = cycle.proposal_update(
            proposal=proposal, by=officer, version=proposal.version, rating=rating, **inputs
        )
    return proposal


def signed_award(
    officer, awardee: Awardee, code: str, day: datetime.date, *, kind: str = "campaign", number="9/QĐ-UBND"
):
    """A decision of the commune, signed on `day`, giving the form to the awardee."""
    decision = decision_services.decision_create(
        by=officer, title="Khen thưởng", place="Cổ Lễ", kind=CommendationKind.objects.get(code=kind)
    )
    decision_services.line_add(decision=decision, by=officer, awardee=awardee, award_form=form(code), achievement="x")
    decision.refresh_from_db()
    return decision_services.decision_sign(
        decision=decision, by=officer, version=decision.version, number=number, decided_on=day, scan=scan()
    )


def check_of(code: str, check_type: str, kind: str = "") -> StandardCheck:
    checks = StandardCheck.objects.filter(rule__award_form__code=code, check_type=check_type)
    return checks.filter(rule__recipient_kind=kind).get() if kind else checks.get()


def texts(evaluation) -> list[str]:
    """Every explanation, the groups' children included."""

    def walk(results):
        for result in results:
            yield result.text
            yield from walk(result.children)

    return list(walk(evaluation.results))


def council_vote(by, proposals_votes, *, held_on: datetime.date | None = None, close: bool = True):
    """A meeting of `by`'s council voting on each (proposal, for, against) among 9 members
    present; closed (which records the outcomes) unless `close=False`."""
    held = council.meeting_create(
        by=by, held_on=held_on or datetime.date(YEAR, 12, 15), total_members=9, members_present=9, written_votes=0
    )
    rows = [council.BallotRow(None, votes_for, against, proposal=p) for p, votes_for, against in proposals_votes]
    council.ballots_add(meeting=held, by=by, rows=rows)
    if close:
        held.refresh_from_db()
        held = meeting_close(meeting=held, by=by, version=held.version)
    return held
