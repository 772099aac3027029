"""The views every report sent up a level shares: its page (read; the sender drafts it),
the confirmation before submitting, and the receiver's return with a reason. One `Pages`
per kind of report (views.reports.ANNUAL_PAGES, views.commune_reports.COMMUNE_PAGES) says
how to find its page, which form and template it uses and what it says."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.scope import get_for_user, scope_of
from reporting.forms import ReturnForm, VersionForm
from reporting.services import submission
from reporting.services.submission import Workflow


class Pages:
    """What the shared views need to know about one kind of report."""

    workflow: Workflow
    template: str  # the report's own page
    texts: str  # the partial with its wording on the submit and return pages
    submit_url: str  # URL name of the confirmation page
    saved_message: str
    returned_message: str
    return_help: str = ""

    def reports(self) -> QuerySet:
        """The reports, before scoping (with what the pages show joined)."""
        raise NotImplementedError

    def page_for(self, *, plan, year: int, owner) -> Any:
        """The page of (plan, year, owner), read fresh."""
        raise NotImplementedError

    def page_of(self, report) -> Any:
        return self.page_for(plan=report.plan, year=report.year, owner=self.workflow.owner_of(report))

    def fresh(self, page) -> Any:
        return self.page_for(plan=page.plan, year=page.year, owner=self.owner(page))

    def form(self, page, data=None, files=None):
        raise NotImplementedError

    def save(self, request, page, form):
        raise NotImplementedError

    def context(self, request, page) -> dict:
        """What the report's own page shows beyond the report and its form."""
        return {}

    def submit_context(self, page) -> dict:
        return {}

    def submitted_message(self, report, page) -> str:
        raise NotImplementedError

    def owner(self, page):
        return getattr(page, self.workflow.owner)


def render_page(request, pages: Pages, page, form=None, status: int = 200):
    owner = pages.owner(page)
    context = {
        "page": page,
        "report": page.report,
        "form": form,
        "editable": page.report is None or page.report.is_editable,
        "can_write": submission.can_write(pages.workflow, request.user, owner),
        "can_return": submission.can_return(pages.workflow, request.user, owner),
        "scope": scope_of(request.user),
        **pages.context(request, page),
    }
    return render(request, pages.template, context, status=status)


def edit(request, pages: Pages, page):
    """GET: the report, with its form for whoever may write it. POST: save the draft (and,
    with "submit", go on to the confirmation)."""
    workflow = pages.workflow
    editable = page.report is None or page.report.is_editable
    if request.method != "POST":
        can_write = submission.can_write(workflow, request.user, pages.owner(page))
        return render_page(request, pages, page, pages.form(page) if can_write and editable else None)
    submission.require_writer(workflow, request.user, pages.owner(page))
    form = pages.form(page, request.POST, request.FILES)
    if not editable:  # shown again with what was typed, so nothing is lost, but not saved
        messages.error(request, submission.locked_message(workflow, page.report))
        return render_page(request, pages, page, form, 403)
    if not form.is_valid():
        messages.error(request, _("Báo cáo chưa được lưu: hãy xem các lỗi bên dưới."))
        return render_page(request, pages, page, form)
    try:
        report = pages.save(request, page, form)
    except submission.ReportLocked as error:
        messages.error(request, error.messages[0])
        return render_page(request, pages, pages.fresh(page), form, 403)
    except submission.ReportStale as error:
        form.add_error(None, error)
        form.show_version(error.current_version)
        return render_page(request, pages, page, form)
    if "submit" in request.POST:
        return redirect(pages.submit_url, pk=report.pk)
    messages.success(request, pages.saved_message)
    return redirect(page.url)


def confirm_submit(request, pages: Pages, pk: int):
    """Confirm, then send the report up (or again after a return)."""
    workflow = pages.workflow
    report = get_for_user(pages.reports(), request.user, pk)
    submission.require_writer(workflow, request.user, workflow.owner_of(report))
    page = pages.page_of(report)
    if request.method == "POST":
        form = VersionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Biểu mẫu không hợp lệ; hãy tải lại trang."))
            version, confirmed = form.cleaned_data["version"], bool(request.POST.get("confirm_early"))
            report = submission.submit(workflow, report=report, by=request.user, version=version, confirmed=confirmed)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, pages.submitted_message(report, page))
        return redirect(page.url)
    if not report.is_editable:
        messages.error(request, submission.locked_message(workflow, report))
        return redirect(page.url)
    context = {"page": page, "report": report, "texts": pages.texts, **pages.submit_context(page)}
    return render(request, "reporting/submit.html", context)


def send_back(request, pages: Pages, pk: int):
    """The receiver sends a submitted report back, with a reason."""
    workflow = pages.workflow
    report = get_for_user(pages.reports(), request.user, pk)
    submission.require_returner(workflow, request.user, workflow.owner_of(report))
    form = ReturnForm(request.POST or None, initial={"version": report.version})
    if pages.return_help:
        form.fields["reason"].help_text = pages.return_help
    context = {"report": report, "form": form, "texts": pages.texts}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reason, version = data["reason"], data["version"]
            submission.send_back(workflow, report=report, by=request.user, reason=reason, version=version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            if not isinstance(error, submission.TransitionRefused):
                return render(request, "reporting/return.html", context)
        else:
            messages.success(request, pages.returned_message)
        return redirect(report.get_absolute_url())
    return render(request, "reporting/return.html", context)


def views_of(pages: Pages, name: str):
    """The submit and return views of one kind of report, named `<name>_submit`, `<name>_return`."""

    def submit_view(request, pk: int):
        return confirm_submit(request, pages, pk)

    def return_view(request, pk: int):
        return send_back(request, pages, pk)

    for view, suffix, shared in ((submit_view, "submit", confirm_submit), (return_view, "return", send_back)):
        view.__name__ = view.__qualname__ = f"{name}_{suffix}"
        view.__doc__ = shared.__doc__
    return login_required(submit_view), login_required(return_view)
