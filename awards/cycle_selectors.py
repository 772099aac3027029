"""Reads of the yearly cycle's pages, scoped to what the user may see."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.scope import get_for_user, scope_of
from awards.models import Awardee, Proposal, YearRating
from awards.services.cycle import deciding_here
from awards.services.evaluation import Evaluation, collective_members, evaluate_all


@dataclass
class Row:
    proposal: Proposal
    evaluation: Evaluation
    decided_here: bool  # the unit decides this form itself today (else: sent up)


def own_proposals(user: User, year: int) -> QuerySet[Proposal]:
    """The proposals the user's own unit evaluates in the year (not its communes')."""
    proposals = Proposal.objects.visible_to(user).filter(admin_unit_id=scope_of(user).admin_unit_id, year=year)
    return proposals.page_rows()


def evaluation_rows(user: User, year: int) -> list[Row]:
    proposals = list(own_proposals(user, year))
    here = deciding_here(proposals, timezone.localdate())
    return [Row(p, evaluation, here[p.pk]) for p, evaluation in zip(proposals, evaluate_all(proposals), strict=True)]


def proposal_page(user: User, pk: int, *, write: bool = False) -> Proposal:
    return get_for_user(Proposal.objects.page_rows(), user, pk, write=write)


def to_send_up(user: User, year: int) -> QuerySet[Proposal]:
    """Approved, open proposals of the unit whose form a higher level decides today."""
    rows = own_proposals(user, year).filter(outcome=Proposal.Outcome.APPROVED, decision_line__isnull=True)
    rows = rows.filter(forwarded_at__isnull=True)
    here = deciding_here(list(rows.prefetch_related(None)), timezone.localdate())
    return rows.filter(pk__in=[pk for pk, decided_here in here.items() if not decided_here])


def members_and_ratings(proposal: Proposal) -> tuple[list[Awardee], dict[int, YearRating]]:
    members = collective_members(proposal)
    ratings = YearRating.objects.filter(awardee__in=members, year=proposal.year)
    return members, {row.awardee_id: row for row in ratings}


def year_rating(proposal: Proposal) -> YearRating | None:
    return YearRating.objects.filter(awardee=proposal.awardee, year=proposal.year).first()
