"""The awards app's models: titles, forms, who decides them and the kinds of commendation
(`reference`), nomination dossiers (`nominations`), the people,
collectives and households awarded (`awardees`), reward money as data (`money`), decisions
and their awardee lines (`decisions`), the award register (`register`), and the yearly cycle's
initiatives and proposals (`cycle`) with the standards they are checked against (`standards`)."""

from awards.models.awardees import Awardee, AwardeePosting, AwardeeQuerySet
from awards.models.cycle import SCOPE_RANK, Initiative, InitiativeScope
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

__all__ = [
    "DECIDED_STATES",
    "EDITABLE_STATES",
    "LEVEL_STATES",
    "PROVINCE_STATES",
    "RETURNED_STATES",
    "STATES_OF",
    "SCOPE_RANK",
    "STATUS_LEVEL",
    "Authority",
    "AwardForm",
    "AwardSection",
    "Awardee",
    "AwardeePosting",
    "AwardeeQuerySet",
    "BaseSalary",
    "CertificateLayout",
    "CommendationKind",
    "Decision",
    "DecisionLine",
    "DecidingLevel",
    "DecisionQuerySet",
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
    "RegisterCounter",
    "RegisterEntry",
    "RewardMultiple",
    "Status",
    "_nomination_upload_to",
    "award_form_suits",
    "deciding_level",
    "forms_decided_at",
]
