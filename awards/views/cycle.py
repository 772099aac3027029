"""The yearly cycle's pages: the evaluation of the year (each proposal with its checks and
their explanations), a proposal (inputs, overrides with a reason, the outcome the council
voted — awards.views.council —, history), a
collective's members and their ratings, and what comes out of it (the unit's decisions, the
tờ trình to the province). Scope first (404 outside it), then the role (403)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.scope import scope_of
from awards import cycle_forms as forms
from awards import cycle_selectors as selectors
from awards.models import Awardee, Proposal
from awards.services import cycle as services
from awards.services.council import open_ballot_of
from awards.services.evaluation import evaluate
from awards.views.decisions import decision_reader_required, decision_writer_required


def _evaluation_page(request, year: int, **bound):
    send_form = bound.get("send_form") or forms.SendToProvinceForm(
        initial={"year": year}, proposals=selectors.to_send_up(request.user, year)
    )
    context = {
        "year": year,
        "year_form": bound.get("year_form") or forms.YearForm(initial={"nam": year}),
        "rows": selectors.evaluation_rows(request.user, year),
        "writes": services.may_run_cycle(request.user),
        "at_province": scope_of(request.user).at_province,
        "issue_form": bound.get("issue_form") or forms.IssueDecisionsForm(initial={"year": year, "grouping": "form"}),
        "send_form": send_form,
        "errors": bound.get("errors", []),
    }
    return render(request, "awards/cycle/evaluation.html", context, status=400 if bound.get("errors") else 200)


@decision_reader_required
@require_GET
def cycle_evaluation(request):
    year_form = forms.YearForm(request.GET or None)
    return _evaluation_page(request, year_form.year(), **({"year_form": year_form} if year_form.errors else {}))


def _detail(request, proposal: Proposal, status: int = 200, **bound):
    proposal = selectors.proposal_page(request.user, proposal.pk)
    writes = services.may_run_cycle(request.user) and scope_of(request.user).writes_area(proposal.admin_unit_id)
    context = {
        "proposal": proposal,
        "evaluation": evaluate(proposal),
        "rating": selectors.year_rating(proposal),
        "events": proposal.events.select_related("by"),
        "writes": writes and proposal.is_open,
        "override_form": bound.get("override_form") or forms.OverrideForm(),
        "council_line": open_ballot_of(proposal),
        "errors": bound.get("errors", []),
    }
    return render(request, "awards/cycle/proposal_detail.html", context, status=status)


@decision_reader_required
@require_GET
def proposal_detail(request, pk: int):
    return _detail(request, selectors.proposal_page(request.user, pk))


def _inputs_form(request, proposal: Proposal | None):
    """The create page (proposal=None) or the inputs of an existing proposal."""
    admin_unit_id = proposal.admin_unit_id if proposal else scope_of(request.user).admin_unit_id
    if proposal is None:
        form = forms.ProposalCreateForm(request.POST or None, admin_unit_id=admin_unit_id)
    else:
        rates = scope_of(request.user).writes_area(proposal.awardee.admin_unit_id)
        form = forms.ProposalUpdateForm(
            request.POST or None, admin_unit_id=proposal.awardee.admin_unit_id, rates=rates, initial=_initial(proposal)
        )
    if request.method == "POST" and form.is_valid():
        try:
            if proposal is None:
                data = form.cleaned_data
                pair = {"awardee": data["awardee"], "award_form": data["award_form"]}
                proposal = services.proposal_add(by=request.user, year=data["year"], **pair, **form.inputs())
            else:
                version = form.cleaned_data["version"]
                services.proposal_update(proposal=proposal, by=request.user, version=version, **form.inputs())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu đề nghị."))
            return redirect(proposal)
    context = {"form": form, "proposal": proposal}
    return render(request, "awards/cycle/proposal_form.html", context, status=400 if form.errors else 200)


def _initial(proposal: Proposal) -> dict:
    rating = selectors.year_rating(proposal)
    return {
        "version": proposal.version,
        "achievement": proposal.achievement,
        "initiatives": list(proposal.initiatives.all()),
        "rating": rating.rating if rating else "",
        "discipline": rating.discipline if rating else "none",
    }


@decision_writer_required
def proposal_create(request):
    return _inputs_form(request, None)


@decision_writer_required
def proposal_update(request, pk: int):
    return _inputs_form(request, selectors.proposal_page(request.user, pk, write=True))


def _step(request, pk: int, form_class, key: str, act, done: str):
    """A step posted on the proposal page: the form, then the service; refused, the page
    again with the reasons and what was typed."""
    proposal = selectors.proposal_page(request.user, pk, write=True)
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail(request, proposal, 400, **{key: form})
    try:
        act(proposal, request.user, form.cleaned_data)
    except ValidationError as error:
        return _detail(request, proposal, 400, errors=error.messages, **{key: form})
    messages.success(request, done)
    return redirect(proposal)


@decision_writer_required
@require_POST
def proposal_override(request, pk: int):
    def act(proposal, by, data):
        services.override_check(proposal=proposal, by=by, **data)

    return _step(request, pk, forms.OverrideForm, "override_form", act, _("Đã ghi lý do xét vượt qua tiêu chuẩn."))


@decision_writer_required
def proposal_members(request, pk: int):
    proposal = selectors.proposal_page(request.user, pk, write=True)
    if proposal.awardee.kind != Awardee.Kind.COLLECTIVE:
        messages.error(request, _("Chỉ tập thể mới có danh sách thành viên."))
        return redirect(proposal)
    members, ratings = selectors.members_and_ratings(proposal)
    form = forms.MembersForm(request.POST or None, members=members, ratings=ratings)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.year_ratings_save(by=request.user, year=proposal.year, rows=form.rows())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu xếp loại của %(n)d thành viên.") % {"n": saved})
            return redirect(proposal)
    context = {"proposal": proposal, "form": form}
    return render(request, "awards/cycle/proposal_members.html", context, status=400 if form.errors else 200)


@decision_writer_required
@require_POST
def cycle_from_registrations(request):
    year = forms.YearForm({"nam": request.POST.get("year")}).year()
    try:
        proposals, made = services.proposals_from_registrations(by=request.user, year=year)
    except ValidationError as error:
        return _evaluation_page(request, year, errors=error.messages)
    messages.success(
        request, _("Đã lập %(made)d đề nghị mới từ %(all)d dòng đăng ký.") % {"made": made, "all": len(proposals)}
    )
    return redirect(f"{reverse('awards:cycle_evaluation')}?nam={year}")


@decision_writer_required
@require_POST
def cycle_issue_decisions(request):
    form = forms.IssueDecisionsForm(request.POST)
    year = forms.YearForm({"nam": request.POST.get("year")}).year()
    if not form.is_valid():
        return _evaluation_page(request, year, issue_form=form, errors=[_("Hãy sửa các ô được đánh dấu.")])
    data = form.cleaned_data
    try:
        made, above = services.issue_decisions(
            by=request.user, year=data["year"], grouping=data["grouping"], decided_on=data["decided_on"]
        )
    except ValidationError as error:
        return _evaluation_page(request, year, issue_form=form, errors=error.messages)
    messages.success(request, _("Đã lập %(n)d dự thảo quyết định; hãy ký ban hành từng quyết định.") % {"n": len(made)})
    if above:
        messages.warning(
            request, _("%(n)d đề nghị do cấp trên quyết định: hãy trình bằng tờ trình.") % {"n": len(above)}
        )
    return redirect(made[0] if len(made) == 1 else reverse("awards:decision_list"))


@decision_writer_required
@require_POST
def cycle_send_to_province(request):
    year = forms.YearForm({"nam": request.POST.get("year")}).year()
    form = forms.SendToProvinceForm(request.POST, proposals=selectors.to_send_up(request.user, year))
    if not form.is_valid():
        return _evaluation_page(request, year, send_form=form, errors=[_("Hãy sửa các ô được đánh dấu.")])
    data = form.cleaned_data
    try:
        services.send_to_province(
            by=request.user,
            proposals=list(data["proposals"]),
            submission_number=data["submission_number"],
            submission_date=data["submission_date"],
        )
    except ValidationError as error:
        return _evaluation_page(request, year, send_form=form, errors=error.messages)
    messages.success(request, _("Đã trình tỉnh theo Tờ trình số %(n)s.") % {"n": data["submission_number"]})
    return redirect(f"{reverse('awards:cycle_evaluation')}?nam={year}")
