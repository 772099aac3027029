"""Generated documents, one entry per kind: a pure renderer (its subject → PDF bytes) and
the rule for who may have it. `DOCUMENTS[kind]` is the registry the document service
(services.documents) and its views go through; a new kind is one more entry.

The plan itself is rendered by campaigns.pdf.render_plan_pdf; the summaries and the list of
nominations are rendered here from the same data the pages show.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scope import Scope
from awards import documents as award_documents
from awards import workflow
from awards.models import AwardForm, Nomination, Occasion
from campaigns.models import AdministrativeUnit, Plan
from campaigns.pdf import render_pdf, render_plan_pdf
from campaigns.selectors import plan_document_queryset
from reporting.models import GeneratedDocument
from reporting.selectors.board import report_board
from reporting.selectors.reports import submitted_results

Kind = GeneratedDocument.Kind

# Dossiers that have been through the commune council: the ones a decision lists.
LISTED_STATUSES = workflow.PAST_COMMUNE_COUNCIL_STATES


def _nominations(plan: Plan):
    return (
        Nomination.objects.filter(plan=plan)
        .select_related("award_form", "unit")
        .with_stages()
        .order_by("award_form__rank", "nominee_kind", "unit__name", "individual_name")
    )


def render_commune_summary_pdf(plan: Plan, year: int) -> bytes:
    """The commune's annual summary: units and their report status, results per content,
    dossiers and decisions."""
    board = report_board(plan=plan, year=year, user=None)
    results = submitted_results(plan=plan, year=year)
    context = {
        "plan": plan,
        "year": year,
        "board": board,
        "contents": [(content, results.get(content.pk, [])) for content in plan.contents.all()],
        "nominations": list(_nominations(plan)),
        "generated_on": timezone.localdate(),
    }
    return render_pdf("reporting/pdf/commune_summary.html", context)


@dataclass
class CommuneLine:
    commune: AdministrativeUnit
    plans: list[Plan]
    counts: dict | None
    due: datetime.date | None
    dossiers_by_form: list[int]  # aligned with the table's award-form columns

    @property
    def dossier_total(self) -> int:
        return sum(self.dossiers_by_form)


def render_province_summary_pdf(province: AdministrativeUnit, year: int) -> bytes:
    """Every commune of the province: its plan, how its units reported, dossiers by award form."""
    communes = list(province.communes.order_by("name"))
    plans = defaultdict(list)
    for plan in Plan.objects.filter(issuer__in=communes).order_by("-issued_on", "pk"):
        plans[plan.issuer_id].append(plan)
    dossiers: dict[int, Counter] = defaultdict(Counter)
    nominations = Nomination.objects.filter(plan__issuer__in=communes, plan__period_start__lte=year)
    for issuer_id, form_id in nominations.values_list("plan__issuer_id", "award_form_id"):
        dossiers[issuer_id][form_id] += 1
    forms = list(AwardForm.objects.filter(pk__in={f for c in dossiers.values() for f in c}).order_by("rank"))
    lines = []
    for commune in communes:
        issued = [p for p in plans[commune.pk] if p.is_issued and p.period_start <= year <= p.period_end]
        board = report_board(plan=issued[0], year=year, user=None) if issued else None
        lines.append(
            CommuneLine(
                commune=commune,
                plans=plans[commune.pk],
                counts=board["counts"] if board else None,
                due=board["due"] if board else None,
                dossiers_by_form=[dossiers[commune.pk][form.pk] for form in forms],
            )
        )
    context = {
        "province": province,
        "year": year,
        "lines": lines,
        "forms": forms,
        "province_plans": list(Plan.objects.filter(issuer=province).order_by("-issued_on", "pk")),
        "generated_on": timezone.localdate(),
    }
    return render_pdf("reporting/pdf/province_summary.html", context)


def render_nomination_list_pdf(plan: Plan, occasion: str) -> bytes:
    """Danh sách đề nghị khen thưởng: the dossiers of one occasion that passed the council."""
    nominations = list(_nominations(plan).filter(occasion=occasion, status__in=LISTED_STATUSES))
    context = {
        "plan": plan,
        "occasion": Occasion(occasion).label,
        "nominations": nominations,
        "generated_on": timezone.localdate(),
    }
    return render_pdf("reporting/pdf/nomination_list.html", context)


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


# --- the registry -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentKind:
    render: Callable[[GeneratedDocument], bytes]
    access: Rule


def _plan(document: GeneratedDocument) -> bytes:
    return render_plan_pdf(document.plan)


def _commune_summary(document: GeneratedDocument) -> bytes:
    return render_commune_summary_pdf(plan_document_queryset().get(pk=document.plan_id), document.year)


def _province_summary(document: GeneratedDocument) -> bytes:
    return render_province_summary_pdf(document.admin_unit, document.year)


def _nomination_list(document: GeneratedDocument) -> bytes:
    return render_nomination_list_pdf(document.plan, document.occasion)


DOCUMENTS: dict[str, DocumentKind] = {
    Kind.PLAN: DocumentKind(render=_plan, access=anyone_who_reads_the_plan),
    Kind.COMMUNE_SUMMARY: DocumentKind(render=_commune_summary, access=staff_of_the_issuer),
    Kind.PROVINCE_SUMMARY: DocumentKind(render=_province_summary, access=staff_of_the_province),
    Kind.NOMINATION_LIST: DocumentKind(render=_nomination_list, access=staff_of_the_issuer),
}


# --- Award documents (issue 11) -----------------------------------------------------------------
# A decision's PDFs are rendered when asked (awards.views.decisions, scoped by the decision:
# 404 outside it, a unit reporter 403), since a draft changes until it is signed and a signed
# one never does. Listed here so the document layer finds every renderer in one place.

AWARD_DOCUMENTS: dict[str, Callable[..., bytes]] = {
    "decision": award_documents.render_decision_pdf,
    "certificates": award_documents.render_certificates_pdf,  # blank=True: print onto blanks
    "certificate_calibration": award_documents.render_calibration_pdf,
    "submission": award_documents.render_submission_pdf,
}
