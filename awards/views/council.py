"""The council (Hội đồng Thi đua - Khen thưởng) of a commune or a province: its meetings, the
votes on the dossiers waiting for it, closing a meeting (which moves the dossiers), and the
minutes (reporting.views.decisions, served under these paths).

Scope first (404 outside it), then the role (403), then the state (a message, nothing changed).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.scope import get_for_user, scope_of, scope_required
from awards import council_forms as forms
from awards import selectors
from awards.models import CouncilBallot, CouncilMeeting
from awards.services import council as services
from awards.services.steps import meeting_close
from awards.workflow import TransitionRefused

council_reader_required = scope_required(
    lambda scope: scope.is_commune_staff or scope.is_province_staff,
    gettext_lazy("Vai trò của bạn không xem được kết quả họp Hội đồng Thi đua - Khen thưởng."),
)
council_writer_required = scope_required(
    services.holds_councils,
    gettext_lazy(
        "Chỉ cán bộ Phòng Văn hóa - Xã hội (xã) hoặc chuyên viên Sở Nội vụ (tỉnh) ghi được kết quả họp Hội đồng."
    ),
)


def _rows_form(meeting: CouncilMeeting, user, data=None) -> forms.BallotRowsForm:
    waiting = list(selectors.council_waiting(meeting, user))
    proposals = list(selectors.council_waiting_proposals(meeting, user))
    return forms.BallotRowsForm(data, waiting=waiting, proposals=proposals)


def _page(request, meeting: CouncilMeeting, *, rows_form=None, errors=(), status: int = 200):
    meeting = selectors.council_meeting_page(request.user, meeting.pk)
    writes = meeting.is_open and services.may_hold_councils(request.user)
    writes = writes and scope_of(request.user).writes_area(meeting.admin_unit_id)
    if writes and rows_form is None:
        rows_form = _rows_form(meeting, request.user)
    context = {
        "meeting": meeting,
        "lines": list(meeting.ballots.all()),
        "writes": writes,
        "rows_form": rows_form if writes else None,
        "close_form": forms.CloseForm(initial={"version": meeting.version}),
        "errors": list(errors),
    }
    return render(request, "awards/council_detail.html", context, status=status)


@council_reader_required
@require_GET
def council_list(request):
    context = {
        "meetings": selectors.council_meetings(request.user),
        "can_create": services.may_hold_councils(request.user),
    }
    return render(request, "awards/council_list.html", context)


def _meeting_form(request, meeting: CouncilMeeting | None):
    if meeting is not None and not meeting.is_open:
        messages.error(request, _("Cuộc họp đã chốt kết quả: không sửa được."))
        return redirect(meeting)
    initial = {"version": meeting.version} if meeting else {"total_members": None}
    form = forms.MeetingForm(request.POST or None, instance=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                meeting = services.meeting_create(by=request.user, **form.service_kwargs())
            else:
                version = form.cleaned_data["version"]
                services.meeting_update(meeting=meeting, by=request.user, version=version, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu cuộc họp Hội đồng."))
            return redirect(meeting)
    return render(request, "awards/council_form.html", {"form": form, "meeting": meeting})


@council_writer_required
def council_create(request):
    return _meeting_form(request, None)


@council_writer_required
def council_update(request, pk: int):
    return _meeting_form(request, selectors.council_meeting_page(request.user, pk, write=True))


@council_reader_required
@require_GET
def council_detail(request, pk: int):
    return _page(request, selectors.council_meeting_page(request.user, pk))


@council_writer_required
@require_POST
def council_add_ballots(request, pk: int):
    meeting = selectors.council_meeting_page(request.user, pk, write=True)
    form = _rows_form(meeting, request.user, request.POST)
    if not form.is_valid():
        return _page(request, meeting, rows_form=form, status=400)
    try:
        lines = services.ballots_add(meeting=meeting, by=request.user, rows=form.ballot_rows)
    except ValidationError as error:
        return _page(request, meeting, rows_form=form, errors=error.messages, status=400)
    messages.success(request, _("Đã ghi kết quả bỏ phiếu cho %(n)d hồ sơ.") % {"n": len(lines)})
    return redirect(meeting)


def _line(request, pk: int) -> CouncilBallot:
    lines = CouncilBallot.objects.select_related("meeting__admin_unit")
    return get_for_user(lines, request.user, pk, write=True, message=str(selectors.READ_ONLY_MEETING))


@council_writer_required
@require_POST
def council_ballot_update(request, pk: int):
    line = _line(request, pk)
    form = forms.BallotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Số phiếu phải là số nguyên từ 0 trở lên; đã giữ nguyên kết quả cũ."))
        return redirect(line.meeting)
    try:
        services.ballot_update(ballot=line, by=request.user, **form.service_kwargs())
    except ValidationError as error:
        return _page(request, line.meeting, errors=error.messages, status=400)
    messages.success(request, _("Đã sửa kết quả bỏ phiếu của “%(name)s”.") % {"name": line.nominee_name})
    return redirect(line.meeting)


@council_writer_required
@require_POST
def council_ballot_remove(request, pk: int):
    line = _line(request, pk)
    try:
        services.ballot_remove(ballot=line, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã bỏ “%(name)s” khỏi cuộc họp.") % {"name": line.nominee_name})
    return redirect(line.meeting)


@council_writer_required
@require_POST
def council_close(request, pk: int):
    meeting = selectors.council_meeting_page(request.user, pk, write=True)
    form = forms.CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thao tác không hợp lệ; hãy tải lại trang."))
        return redirect(meeting)
    try:
        meeting_close(meeting=meeting, by=request.user, version=form.cleaned_data["version"])
    except TransitionRefused as refused:
        return _page(request, meeting, errors=[refused.message], status=400)
    except ValidationError as error:
        return _page(request, meeting, errors=error.messages, status=400)
    messages.success(request, _("Đã chốt kết quả họp Hội đồng; các hồ sơ đã chuyển bước."))
    return redirect(meeting)
