"""The awards app's models: award forms and nomination dossiers (`nominations`), the people,
collectives and households awarded (`awardees`), reward money as data (`money`), the council's
meetings, ballots and vote thresholds (`council`), decisions and their awardee lines
(`decisions`), the award register (`register`), and the units' yearly registration for
titles (`registration`)."""

from awards.models.awardees import Awardee, AwardeePosting, AwardeeQuerySet
from awards.models.council import Comparison, CouncilBallot, CouncilMeeting, VoteBase, VoteThreshold
from awards.models.decisions import (
    CommendationKind,
    Decision,
    DecisionLine,
    DecisionQuerySet,
)
from awards.models.money import BaseSalary, RewardMultiple
from awards.models.nominations import (
    DECIDED_STATES,
    EDITABLE_STATES,
    LEVEL_STATES,
    PROVINCE_STATES,
    RETURNED_STATES,
    STATES_OF,
    STATUS_LEVEL,
    AwardForm,
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
from awards.models.register import CertificateLayout, RegisterCounter, RegisterEntry
from awards.models.registration import (
    Registration,
    RegistrationDeadline,
    RegistrationEvent,
    RegistrationLine,
    registrable_titles,
)

__all__ = [
    "DECIDED_STATES",
    "EDITABLE_STATES",
    "LEVEL_STATES",
    "PROVINCE_STATES",
    "RETURNED_STATES",
    "STATES_OF",
    "STATUS_LEVEL",
    "AwardForm",
    "AwardSection",
    "Awardee",
    "AwardeePosting",
    "AwardeeQuerySet",
    "BaseSalary",
    "CertificateLayout",
    "Comparison",
    "CouncilBallot",
    "CouncilMeeting",
    "CommendationKind",
    "Decision",
    "DecisionLine",
    "DecisionQuerySet",
    "LevelStates",
    "Nomination",
    "NominationDocument",
    "NominationEvent",
    "NominationPartQuerySet",
    "NominationQuerySet",
    "NominationStage",
    "Occasion",
    "PlanAwardForm",
    "RegisterCounter",
    "RegisterEntry",
    "Registration",
    "RegistrationDeadline",
    "RegistrationEvent",
    "RegistrationLine",
    "RewardMultiple",
    "Status",
    "VoteBase",
    "VoteThreshold",
    "_nomination_upload_to",
    "award_form_suits",
    "registrable_titles",
]
