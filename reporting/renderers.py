"""Generated documents, one entry per kind: its renderers (its subject → bytes, one per
format) and the rule for who may have it. `DOCUMENTS[kind]` is the registry the document
service (services.documents) and its views go through; a new kind is one more entry.

Every official document is described once (reporting.officialdoc) and offered as PDF and DOCX
through `official(build, access)`; the ministry statistics (reporting.statistics_tt02) are
an Excel workbook and a PDF.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope
from awards.documents import render_certificates_pdf
from awards.models import Decision
from campaigns.models import AdministrativeUnit, Plan
from campaigns.selectors import plan_document_queryset
from reporting.models import GeneratedDocument
from reporting.officialdoc import OfficialDocument, Signer, render_official_docx, render_official_pdf
from reporting.officialdoc.decision import (
    build_decision,
    build_proposal_submission,
    build_submission,
    decision_queryset,
    submitted_nominations,
    submitted_proposals,
)
from reporting.officialdoc.minutes import build_council_minutes
from reporting.officialdoc.plan import build_plan
from reporting.officialdoc.summaries import (
    Issue,
    build_commune_summary,
    build_nomination_list,
    build_province_summary,
)
from reporting.statistics_tt02 import render_statistics_pdf, render_statistics_xlsx

Kind = GeneratedDocument.Kind


def render_plan_pdf(plan: Plan) -> bytes:
    """The plan as an official document, in the layout of Nghị định 30/2020/NĐ-CP."""
    return render_official_pdf(build_plan(plan_document_queryset().get(pk=plan.pk)))


def render_commune_summary_pdf(plan: Plan, year: int) -> bytes:
    return render_official_pdf(build_commune_summary(plan_document_queryset().get(pk=plan.pk), year))


def render_province_summary_pdf(province: AdministrativeUnit, year: int) -> bytes:
    return render_official_pdf(build_province_summary(province, year))


def render_nomination_list_pdf(plan: Plan, occasion: str) -> bytes:
    return render_official_pdf(build_nomination_list(plan, occasion))


# --- who may have which document ------------------------------------------------------------
# A rule returns None when the user may have the document, else the reason for the 403. The
# subject (plan, administrative unit) being in the user's scope is checked before, as a 404.

Rule = Callable[[Scope, Plan | None, AdministrativeUnit | None], str | None]


def anyone_who_reads_the_plan(scope: Scope, plan: Plan | None, admin_unit: AdministrativeUnit | None) -> str | None:
    return None


def _staff(scope: Scope) -> str | None:
    """Summaries and lists are the commune's officers' and viewers' and the province's
    reviewers' and viewers'; never a unit reporter's."""
    if scope.is_commune_staff or scope.is_province_staff:
        return None
    return _("Vai trò của bạn không xem được tài liệu tổng hợp này.")


def staff_of_the_issuer(scope: Scope, plan: Plan | None, admin_unit: AdministrativeUnit | None) -> str | None:
    """A province plan's documents belong to the province's own staff."""
    if denied := _staff(scope):
        return denied
    if plan.issuer.is_province and scope.admin_unit_id != plan.issuer_id:
        return _("Tài liệu này thuộc cấp tỉnh.")
    return None


def staff_of_the_province(scope: Scope, plan: Plan | None, admin_unit: AdministrativeUnit | None) -> str | None:
    if denied := _staff(scope):
        return denied
    if scope.admin_unit_id != admin_unit.pk:
        return _("Chỉ cán bộ cấp tỉnh xem được báo cáo tổng hợp toàn tỉnh.")
    return None


def staff_of_the_area(scope: Scope, plan: Plan | None, admin_unit: AdministrativeUnit | None) -> str | None:
    """The statistics of an area are its own staff's: the province's, or a commune's own."""
    if denied := _staff(scope):
        return denied
    if scope.admin_unit_id != admin_unit.pk:
        return _("Chỉ cán bộ của địa phương này xem được số liệu thống kê của nó.")
    return None


def decision_readers(scope: Scope, plan: Plan | None, admin_unit: AdministrativeUnit | None) -> str | None:
    """A decision and what is printed from it: the commune's and the province's staff (the
    decision being in the user's scope is checked before, as a 404)."""
    if scope.is_commune_staff or scope.is_province_staff:
        return None
    return _("Vai trò của bạn không xem được quyết định khen thưởng.")


def officers_of_the_commune(scope: Scope, plan: Plan | None, admin_unit: AdministrativeUnit | None) -> str | None:
    """The tờ trình of a commune's dossiers is made by that commune's officers."""
    if scope.is_officer and scope.admin_unit_id == admin_unit.pk:
        return None
    return _("Chỉ cán bộ Phòng Văn hóa - Xã hội lập tờ trình lên tỉnh.")


class DocumentError(Exception):
    """The subject no longer gives a document (the dossiers of a tờ trình were withdrawn since
    it was asked for): the message is the user's, shown instead of the file."""


# --- the registry -------------------------------------------------------------------------------

Render = Callable[[GeneratedDocument], bytes]


@dataclass(frozen=True)
class DocumentKind:
    """`render` is the PDF (the one format a kind may have alone); `formats` adds the others."""

    render: Render | None = None
    access: Rule = anyone_who_reads_the_plan
    formats: dict[str, Render] = field(default_factory=dict)
    issue: bool = True  # the officer may set the number and signer before printing

    @property
    def renderers(self) -> dict[str, Render]:
        return {"pdf": self.render, **self.formats} if self.render else dict(self.formats)


def issue_of(document: GeneratedDocument) -> Issue:
    """The number and signer the officer set before printing (blank: the record's)."""
    parts = (document.signer_capacity, document.signer_delegation, document.signer_title, document.signer_name)
    return Issue(number=document.number, signer=Signer(*parts) if any(parts) else None)


def official(build: Callable[[GeneratedDocument], OfficialDocument], access: Rule, issue: bool = True) -> DocumentKind:
    """An official document: one description, rendered as PDF and as DOCX."""
    return DocumentKind(
        render=lambda document: render_official_pdf(build(document)),
        access=access,
        formats={"docx": lambda document: render_official_docx(build(document))},
        issue=issue,
    )


def _plan(document: GeneratedDocument) -> OfficialDocument:
    plan = build_plan(plan_document_queryset().get(pk=document.plan_id))
    if document.number or document.signer_name:  # a draft's number and signer, set before printing
        issue = issue_of(document)
        return replace(plan, number=issue.number or plan.number, signer=issue.signer or plan.signer)
    return plan


def _commune_summary(document: GeneratedDocument) -> OfficialDocument:
    plan = plan_document_queryset().get(pk=document.plan_id)
    return build_commune_summary(plan, document.year, issue_of(document))


def _decision(document: GeneratedDocument) -> Decision:
    return decision_queryset().get(pk=document.decision_id)


def _submission(document: GeneratedDocument) -> OfficialDocument:
    nominations = submitted_nominations(document.admin_unit_id, document.reference)
    if not nominations:
        raise DocumentError(
            _("Không còn hồ sơ nào được trình tỉnh theo tờ trình số “%(number)s”.") % {"number": document.reference}
        )
    return build_submission(nominations, number=document.reference)


def _proposal_submission(document: GeneratedDocument) -> OfficialDocument:
    proposals = submitted_proposals(document.admin_unit_id, document.reference)
    if not proposals:
        raise DocumentError(
            _("Không còn đề nghị nào được trình theo tờ trình số “%(number)s”.") % {"number": document.reference}
        )
    return build_proposal_submission(proposals, number=document.reference)


DOCUMENTS: dict[str, DocumentKind] = {
    Kind.PLAN: official(_plan, anyone_who_reads_the_plan),
    Kind.COMMUNE_SUMMARY: official(_commune_summary, staff_of_the_issuer),
    Kind.PROVINCE_SUMMARY: official(
        lambda d: build_province_summary(d.admin_unit, d.year, issue_of(d)), staff_of_the_province
    ),
    Kind.NOMINATION_LIST: official(
        lambda d: build_nomination_list(d.plan, d.occasion, issue_of(d)), staff_of_the_issuer
    ),
    Kind.COUNCIL_MINUTES: official(
        lambda d: build_council_minutes(d.plan, d.occasion, issue_of(d)), staff_of_the_issuer
    ),
    Kind.MINISTRY_STATISTICS: DocumentKind(
        render=lambda d: render_statistics_pdf(d.admin_unit, d.year),
        access=staff_of_the_area,
        formats={"xlsx": lambda d: render_statistics_xlsx(d.admin_unit, d.year)},
    ),
    # The decision's number and signer are its own, set when it is signed.
    Kind.DECISION: official(lambda d: build_decision(_decision(d)), decision_readers, issue=False),
    Kind.CERTIFICATES: DocumentKind(
        render=lambda d: render_certificates_pdf(d.decision), access=decision_readers, issue=False
    ),
    Kind.CERTIFICATES_BLANK: DocumentKind(
        render=lambda d: render_certificates_pdf(d.decision, blank=True), access=decision_readers, issue=False
    ),
    Kind.SUBMISSION: official(_submission, officers_of_the_commune, issue=False),
    Kind.PROPOSAL_SUBMISSION: official(_proposal_submission, decision_readers, issue=False),
}
