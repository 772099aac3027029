"""The decision, the tờ trình and the council meeting's minutes as official documents
(reporting.officialdoc), PDF and DOCX.

They are served under the awards paths and names (config/urls.py adds `award_documents` to
the awards namespace): the same rules as the decision and council pages, scope first (404
outside it), then the role (403)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.scope import get_for_user, scope_of, scope_required
from awards.models import Nomination, Proposal
from awards.views.council import council_reader_required
from awards.views.decisions import decision_reader_required
from reporting.models import GeneratedDocument
from reporting.officialdoc import OfficialDocument, render_official_docx, render_official_pdf
from reporting.officialdoc.decision import (
    build_decision,
    build_proposal_submission,
    build_submission,
    decision_queryset,
    submission_nominations,
)
from reporting.officialdoc.minutes import build_meeting_minutes, meeting_queryset

RENDERERS = {"pdf": render_official_pdf, "docx": render_official_docx}


def _file(doc: OfficialDocument, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(RENDERERS[fmt](doc), content_type=GeneratedDocument.CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{fmt}"'
    return response


@decision_reader_required
@require_GET
def decision_document(request, pk: int, fmt: str = "pdf"):
    """The decision with Điều 1–3, Nơi nhận and the signer, then its annex list."""
    decision = get_for_user(decision_queryset(), request.user, pk)
    return _file(build_decision(decision), fmt, f"quyet-dinh-{pk}")


@scope_required(lambda s: s.is_officer, gettext_lazy("Chỉ cán bộ Phòng Văn hóa - Xã hội lập tờ trình lên tỉnh."))
@require_GET
def submission_document(request, fmt: str = "pdf"):
    """Tờ trình (Mẫu 01, NĐ 152): the dossiers sent to the province under one submission number."""
    number = request.GET.get("so", "").strip()
    nominations = Nomination.objects.visible_to(request.user).filter(
        stages__level="commune", stages__submission_number=number, plan__issuer_id=scope_of(request.user).admin_unit_id
    )
    nominations = submission_nominations(nominations)
    if not number or not nominations:
        messages.error(
            request, _("Không có hồ sơ nào được trình tỉnh theo tờ trình số “%(number)s”.") % {"number": number}
        )
        return redirect("awards:nomination_list")
    return _file(build_submission(nominations, number=number), fmt, "to-trinh")


@council_reader_required
@require_GET
def council_minutes(request, pk: int, fmt: str = "pdf"):
    """Biên bản họp Hội đồng Thi đua - Khen thưởng of one meeting, each line with its result."""
    meeting = get_for_user(meeting_queryset(), request.user, pk)
    return _file(build_meeting_minutes(meeting), fmt, f"bien-ban-hop-hoi-dong-{pk}")


@decision_reader_required
@require_GET
def proposal_submission_document(request, fmt: str = "pdf"):
    """Tờ trình of the yearly cycle: the commune's proposals sent up under one number
    (?so=…; the province's staff add the commune, &don_vi=…)."""
    number = request.GET.get("so", "").strip()
    unit = request.GET.get("don_vi", "")
    unit_id = int(unit) if unit.isdigit() else scope_of(request.user).admin_unit_id
    proposals = Proposal.objects.visible_to(request.user).filter(
        admin_unit_id=unit_id, submission_number=number, forwarded_at__isnull=False
    )
    proposals = list(proposals.select_related("awardee__unit", "award_form", "admin_unit__province"))
    if not number or not proposals:
        messages.error(
            request, _("Không có đề nghị nào được trình theo tờ trình số “%(number)s”.") % {"number": number}
        )
        return redirect("awards:cycle_evaluation")
    return _file(build_proposal_submission(proposals, number=number), fmt, "to-trinh-binh-xet")
