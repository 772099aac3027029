"""The pages of the decision's documents (the decision, its certificates) and of a tờ trình,
where they are asked for and made in the background (GeneratedDocument, as every other
document), and the council meeting's minutes, an official document (reporting.officialdoc)
rendered on request.

They are served under the awards paths and names (config/urls.py adds `award_documents` to
the awards namespace): the same rules as the decision and council pages, scope first (404
outside it), then the role (403), then the input (a message)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.scope import get_for_user, scope_of, scope_required
from awards.models import Decision, Nomination, Proposal
from awards.views.council import council_reader_required
from awards.views.decisions import decision_reader_required
from campaigns.downloads import download
from reporting.models import GeneratedDocument
from reporting.officialdoc import render_official_docx, render_official_pdf
from reporting.officialdoc.decision import submitted_nominations, submitted_proposals
from reporting.officialdoc.minutes import build_meeting_minutes, meeting_queryset

RENDERERS = {"pdf": render_official_pdf, "docx": render_official_docx}
Kind = GeneratedDocument.Kind


@decision_reader_required
@require_GET
def decision_documents(request, pk: int, fmt: str = "pdf"):
    """The decision (Điều 1–3, Nơi nhận, the signer, its annex list) and its certificates, full
    or onto pre-printed blanks: each asked for here, then its progress and download link."""
    decision = get_for_user(Decision.objects.select_related("admin_unit"), request.user, pk)
    return render(request, "reporting/decision_documents.html", {"decision": decision, "kinds": Kind})


def _submission_page(request, *, kind: str, number: str, unit, rows: list[tuple[str, str]]):
    context = {"kind": kind, "number": number, "unit": unit, "rows": rows}
    return render(request, "reporting/submission_document.html", context)


@scope_required(lambda s: s.is_officer, gettext_lazy("Chỉ cán bộ Phòng Văn hóa - Xã hội lập tờ trình lên tỉnh."))
@require_GET
def submission_document(request, fmt: str = "pdf"):
    """Tờ trình (Mẫu 01, NĐ 152): the dossiers sent to the province under one submission number."""
    number = request.GET.get("so", "").strip()
    unit = request.user.admin_unit
    nominations = submitted_nominations(unit.pk, number, Nomination.objects.visible_to(request.user))
    if not nominations:
        messages.error(
            request, _("Không có hồ sơ nào được trình tỉnh theo tờ trình số “%(number)s”.") % {"number": number}
        )
        return redirect("awards:nomination_list")
    rows = [(n.nominee_name, n.award_form.name) for n in nominations]
    return _submission_page(request, kind=Kind.SUBMISSION, number=number, unit=unit, rows=rows)


@council_reader_required
@require_GET
def council_minutes(request, pk: int, fmt: str = "pdf"):
    """Biên bản họp Hội đồng Thi đua - Khen thưởng of one meeting, each line with its result."""
    meeting = get_for_user(meeting_queryset(), request.user, pk)
    content_type = GeneratedDocument.CONTENT_TYPES[fmt]
    data = RENDERERS[fmt](build_meeting_minutes(meeting))
    return download(data, f"bien-ban-hop-hoi-dong-{pk}.{fmt}", content_type=content_type, inline=fmt == "pdf")


@decision_reader_required
@require_GET
def proposal_submission_document(request, fmt: str = "pdf"):
    """Tờ trình of the yearly cycle: the commune's proposals sent up under one number
    (?so=…; the province's staff add the commune, &don_vi=…)."""
    number = request.GET.get("so", "").strip()
    unit = request.GET.get("don_vi", "")
    unit_id = int(unit) if unit.isdigit() else scope_of(request.user).admin_unit_id
    proposals = submitted_proposals(unit_id, number, Proposal.objects.visible_to(request.user))
    if not proposals:
        messages.error(
            request, _("Không có đề nghị nào được trình theo tờ trình số “%(number)s”.") % {"number": number}
        )
        return redirect("awards:cycle_evaluation")
    rows = [(p.awardee.certificate_name, p.award_form.name) for p in proposals]
    unit = proposals[0].admin_unit
    return _submission_page(request, kind=Kind.PROPOSAL_SUBMISSION, number=number, unit=unit, rows=rows)
