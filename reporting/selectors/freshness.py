"""When the data a generated document summarises last changed: a document finished before that
says so on its widget and offers to regenerate (templates/reporting/_document_status.html).
One reader per kind of document, from the same subject (plan, area, year, occasion) the
document was made for."""

import datetime
from collections.abc import Callable

from django.db.models import Max, Q

from awards.models import Nomination
from campaigns.models import Plan
from reporting.models import AnnualReport, CommuneReport, GeneratedDocument

Kind = GeneratedDocument.Kind


def _latest(queryset, field: str = "updated_at") -> datetime.datetime | None:
    return queryset.order_by().aggregate(latest=Max(field))["latest"]


def _plan(document: GeneratedDocument):
    return _latest(Plan.objects.filter(pk=document.plan_id))


def _unit_reports(document: GeneratedDocument):
    return _latest(AnnualReport.objects.filter(plan_id=document.plan_id, year=document.year))


def _commune_reports(document: GeneratedDocument):
    province = Q(commune__province_id=document.admin_unit_id) | Q(commune_id=document.admin_unit_id)
    return _latest(CommuneReport.objects.filter(province, year=document.year))


def _dossiers(document: GeneratedDocument):
    return _latest(Nomination.objects.filter(plan_id=document.plan_id, occasion=document.occasion))


def _province_dossiers(document: GeneratedDocument):
    return _latest(Nomination.objects.filter(plan__issuer__province_id=document.admin_unit_id))


def _submitted_dossiers(document: GeneratedDocument):
    sent = Q(stages__level="commune", stages__submission_number=document.reference)
    return _latest(Nomination.objects.filter(sent, plan__issuer_id=document.admin_unit_id))


def _untracked(document: GeneratedDocument):
    """A decision is changed only while it is a draft and keeps no time of change, nor does a
    proposal sent up: never shown as stale."""
    return None


SOURCES: dict[str, Callable[[GeneratedDocument], datetime.datetime | None]] = {
    Kind.PLAN: _plan,
    Kind.COMMUNE_SUMMARY: _unit_reports,
    Kind.PROVINCE_SUMMARY: _commune_reports,
    Kind.NOMINATION_LIST: _dossiers,
    Kind.COUNCIL_MINUTES: _dossiers,
    Kind.MINISTRY_STATISTICS: _province_dossiers,
    Kind.DECISION: _untracked,
    Kind.CERTIFICATES: _untracked,
    Kind.CERTIFICATES_BLANK: _untracked,
    Kind.SUBMISSION: _submitted_dossiers,
    Kind.PROPOSAL_SUBMISSION: _untracked,
}


def data_changed_at(document: GeneratedDocument) -> datetime.datetime | None:
    return SOURCES[document.kind](document)


def stale_since(document: GeneratedDocument | None) -> datetime.datetime | None:
    """When the data changed after the document was made; None while it is up to date."""
    if document is None or document.status != GeneratedDocument.Status.DONE or document.finished_at is None:
        return None
    changed = data_changed_at(document)
    return changed if changed and changed > document.finished_at else None
