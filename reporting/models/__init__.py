"""The reporting app's models, one module per part (Django finds them through this package).

submission       the abstract Submission / SubmissionEvent every report sent up shares
deadlines        ReportingDeadline
reports          AnnualReport (a unit → its commune), its results, evidence and events
commune_reports  CommuneReport (a commune → the province), its narratives and events
reminders        ReminderPolicy, Reminder, Notification
notices          EventNotice, NoticePreference (workflow events told to the next actors)
documents        GeneratedDocument
"""

from simple_history import register

from reporting.models.commune_reports import (
    CommuneNarrative,
    CommuneReport,
    CommuneReportEvent,
    CommuneReportQuerySet,
)
from reporting.models.deadlines import ReportingDeadline
from reporting.models.documents import GeneratedDocument, GeneratedDocumentQuerySet, document_upload_to
from reporting.models.notices import Delivery, EventNotice, NoticePreference
from reporting.models.reminders import Notification, NotificationQuerySet, Reminder, ReminderPolicy, parse_offsets
from reporting.models.reports import (
    AnnualReport,
    AnnualReportQuerySet,
    ContentResult,
    CriterionResult,
    Evidence,
    EvidenceQuerySet,
    ReportEvent,
    evidence_upload_to,
    format_points,
)
from reporting.models.submission import Submission, SubmissionEvent

__all__ = [
    "AnnualReport",
    "AnnualReportQuerySet",
    "CommuneNarrative",
    "CommuneReport",
    "CommuneReportEvent",
    "CommuneReportQuerySet",
    "ContentResult",
    "CriterionResult",
    "Delivery",
    "EventNotice",
    "Evidence",
    "EvidenceQuerySet",
    "GeneratedDocument",
    "GeneratedDocumentQuerySet",
    "NoticePreference",
    "Notification",
    "NotificationQuerySet",
    "Reminder",
    "ReminderPolicy",
    "ReportEvent",
    "ReportingDeadline",
    "Submission",
    "SubmissionEvent",
    "document_upload_to",
    "evidence_upload_to",
    "format_points",
    "parse_offsets",
]

# Every change to reports and their results is kept as a version (who, when, what changed).
for _model in (AnnualReport, ContentResult, CriterionResult, CommuneReport, CommuneNarrative):
    register(_model, excluded_fields=["version", "updated_at"] if hasattr(_model, "version") else [])
