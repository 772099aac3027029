"""The awards app's models: titles, forms, who decides them and the kinds of commendation
(`reference`), nomination dossiers (`nominations`), the people, collectives and households
awarded (`awardees`), reward money as data (`money`), the council's meetings, ballots and vote
thresholds (`council`), decisions and their awardee lines (`decisions`), the award register
(`register`), the units' yearly registration for titles (`registration`), and the yearly
cycle's initiatives and proposals (`cycle`) with the standards they are checked against
(`standards`)."""

from awards.models.awardees import Awardee, AwardeePosting, AwardeeQuerySet
from awards.models.council import Comparison, CouncilBallot, CouncilMeeting, VoteBase, VoteThreshold
from awards.models.cycle import (
    DISCIPLINE_RANK,
    RATING_RANK,
    SCOPE_RANK,
    Discipline,
    Initiative,
    InitiativeScope,
    Proposal,
    ProposalEvent,
    ProposalOverride,
    TaskRating,
    YearRating,
)
from awards.models.decisions import Decision, DecisionLine, DecisionQuerySet
from awards.models.money import BaseSalary, RewardMultiple
from awards.models.nominations import (
    DECIDED_STATES,
    EDITABLE_STATES,
    LEVEL_STATES,
    PROVINCE_STATES,
    RETURNED_STATES,
    STATES_OF,
    STATUS_LEVEL,
    AwardSection,
    LevelStates,
    Nomination,
    NominationDocument,
    NominationEvent,
    NominationPartQuerySet,
    NominationQuerySet,
    NominationStage,
    Occasion,
    PlanAwardForm,
    Status,
    _nomination_upload_to,
    award_form_suits,
)
from awards.models.reference import (
    Authority,
    AwardForm,
    CommendationKind,
    DecidingLevel,
    deciding_level,
    forms_decided_at,
)
from awards.models.register import CertificateLayout, RegisterCounter, RegisterEntry
from awards.models.registration import (
    Registration,
    RegistrationDeadline,
    RegistrationEvent,
    RegistrationLine,
    registrable_titles,
)
from awards.models.standards import CheckType, StandardCheck, StandardRule

__all__ = [
    "DECIDED_STATES",
    "DISCIPLINE_RANK",
    "EDITABLE_STATES",
    "LEVEL_STATES",
    "PROVINCE_STATES",
    "RATING_RANK",
    "RETURNED_STATES",
    "SCOPE_RANK",
    "STATES_OF",
    "STATUS_LEVEL",
    "Authority",
    "AwardForm",
    "AwardSection",
    "Awardee",
    "AwardeePosting",
    "AwardeeQuerySet",
    "BaseSalary",
    "CertificateLayout",
    "CheckType",
    "CommendationKind",
    "Comparison",
    "CouncilBallot",
    "CouncilMeeting",
    "DecidingLevel",
    "Decision",
    "DecisionLine",
    "DecisionQuerySet",
    "Discipline",
    "Initiative",
    "InitiativeScope",
    "LevelStates",
    "Nomination",
    "NominationDocument",
    "NominationEvent",
    "NominationPartQuerySet",
    "NominationQuerySet",
    "NominationStage",
    "Occasion",
    "PlanAwardForm",
    "Proposal",
    "ProposalEvent",
    "ProposalOverride",
    "RegisterCounter",
    "RegisterEntry",
    "Registration",
    "RegistrationDeadline",
    "RegistrationEvent",
    "RegistrationLine",
    "RewardMultiple",
    "StandardCheck",
    "StandardRule",
    "Status",
    "TaskRating",
    "VoteBase",
    "VoteThreshold",
    "YearRating",
    "_nomination_upload_to",
    "award_form_suits",
    "deciding_level",
    "forms_decided_at",
    "registrable_titles",
]
