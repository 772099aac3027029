"""The council's pages: each needs a login, is a 404 to another commune and a 403 to a role
that may only read, answers bad input with a Vietnamese message that keeps what was typed
and saves nothing, and does its work. The minutes (PDF, DOCX) are read back in
tests/reporting/test_council_minutes.py."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import CouncilBallot, CouncilMeeting
from awards.services import council
from tests.awards.helpers import Status, advance, fresh

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def today() -> str:
    return f"{TODAY():%d/%m/%Y}"


@pytest.fixture
def appraised(make_nomination, commune_officer):
    def make(**fields):
        return advance(make_nomination(**fields), commune_officer, to=Status.APPRAISED)

    return make


@pytest.fixture
def held(commune_officer, appraised):
    """An open meeting of Cổ Lễ's council with one line (Giấy khen, 5 of 9: approved)."""
    meeting = council.meeting_create(
        by=commune_officer,
        held_on=TODAY(),
        total_members=9,
        members_present=8,
        written_votes=1,
        chair_name="Vũ Mạnh Cường",
    )
    council.ballots_add(meeting=meeting, by=commune_officer, rows=[council.BallotRow(appraised(), 5, 4)])
    return CouncilMeeting.objects.get(pk=meeting.pk)


@pytest.fixture
def line(held) -> CouncilBallot:
    return held.ballots.get()


MEETING_FORM = {
    "held_on": "",
    "number": "01/BB-HĐTĐKT",
    "place": "Hội trường UBND xã",
    "chair_name": "Vũ Mạnh Cường",
    "secretary_name": "Trần Thị Hoa",
    "total_members": "9",
    "members_present": "8",
    "written_votes": "1",
    "written_voters": "Nguyễn Văn Hòa",
    "secret_ballot": "on",
    "notes": "",
}


def urls(held: CouncilMeeting, line: CouncilBallot) -> dict[str, str]:
    return {
        "council_list": reverse("awards:council_list"),
        "council_create": reverse("awards:council_create"),
        "council_detail": reverse("awards:council_detail", args=[held.pk]),
        "council_update": reverse("awards:council_update", args=[held.pk]),
        "council_add_ballots": reverse("awards:council_add_ballots", args=[held.pk]),
        "council_close": reverse("awards:council_close", args=[held.pk]),
        "council_ballot_update": reverse("awards:council_ballot_update", args=[line.pk]),
        "council_ballot_remove": reverse("awards:council_ballot_remove", args=[line.pk]),
        "council_minutes_pdf": reverse("awards:council_minutes_pdf", args=[held.pk]),
        "council_minutes_docx": reverse("awards:council_minutes_docx", args=[held.pk]),
    }


NAMES = [
    "council_list",
    "council_create",
    "council_detail",
    "council_update",
    "council_add_ballots",
    "council_close",
    "council_ballot_update",
    "council_ballot_remove",
    "council_minutes_pdf",
    "council_minutes_docx",
]
POSTED = {"council_add_ballots", "council_close", "council_ballot_update", "council_ballot_remove"}
OF_THE_MEETING = set(POSTED) | {"council_detail", "council_update", "council_minutes_pdf", "council_minutes_docx"}
WRITES = POSTED | {"council_create", "council_update"}


# --- Anonymous, wrong scope, wrong role: the same for every page --------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_is_sent_to_the_login(client, held, line, name):
    url = urls(held, line)[name]
    response = client.post(url) if name in POSTED else client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert CouncilMeeting.objects.get(pk=held.pk).status == "open" and held.ballots.count() == 1


@pytest.mark.parametrize("name", sorted(OF_THE_MEETING))
def test_another_communes_or_provinces_staff_get_404(client, held, line, outsider, neighbour_officer, name):
    url = urls(held, line)[name]
    for user in (outsider, neighbour_officer):
        client.force_login(user)
        response = client.post(url, {"version": held.version}) if name in POSTED else client.get(url)
        assert response.status_code == 404, (user, name)
    assert fresh_meeting(held).is_open and held.ballots.get().votes_for == 5


@pytest.mark.parametrize("name", sorted(WRITES))
def test_read_only_roles_get_403(client, held, line, commune_viewer, unit_reporter, name):
    url = urls(held, line)[name]
    for user in (commune_viewer, unit_reporter):
        client.force_login(user)
        response = client.post(url, {"version": held.version, **MEETING_FORM})
        assert response.status_code == 403, (user, name)
    assert fresh_meeting(held).is_open and held.ballots.get().votes_for == 5
    assert CouncilMeeting.objects.count() == 1


@pytest.mark.parametrize("name", ["council_list", "council_detail", "council_minutes_pdf", "council_minutes_docx"])
def test_a_unit_reporter_reads_no_council_papers(client, held, line, unit_reporter, name):
    client.force_login(unit_reporter)
    assert client.get(urls(held, line)[name]).status_code == 403


def fresh_meeting(meeting: CouncilMeeting) -> CouncilMeeting:
    return CouncilMeeting.objects.get(pk=meeting.pk)


# --- The list -------------------------------------------------------------------------------------


def test_the_list_shows_the_councils_own_meetings(client, held, commune_officer, commune_viewer, neighbour_officer):
    client.force_login(commune_officer)
    html = client.get(reverse("awards:council_list")).content.decode()
    assert held.get_absolute_url() in html and 'data-testid="council-create"' in html
    client.force_login(commune_viewer)
    html = client.get(reverse("awards:council_list")).content.decode()
    assert held.get_absolute_url() in html and 'data-testid="council-create"' not in html
    client.force_login(neighbour_officer)  # wrong scope: its own (none), nothing of Cổ Lễ
    html = client.get(reverse("awards:council_list"), {"page": "abc"}).content.decode()
    assert held.get_absolute_url() not in html and "Chưa có cuộc họp nào." in html


# --- Create and edit the meeting ------------------------------------------------------------------


def test_create_a_meeting(client, commune_officer):
    client.force_login(commune_officer)
    assert client.get(reverse("awards:council_create")).status_code == 200
    response = client.post(reverse("awards:council_create"), {**MEETING_FORM, "held_on": today()})
    meeting = CouncilMeeting.objects.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    assert (meeting.admin_unit, meeting.voters, meeting.written_voter_names, meeting.secret_ballot) == (
        commune_officer.admin_unit,
        9,
        ["Nguyễn Văn Hòa"],
        True,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": "31/02/2026"}, "Ngày không hợp lệ; hãy nhập một ngày có thật"),
        ({"members_present": "10"}, "Số thành viên dự họp (10) không được lớn hơn tổng số thành viên Hội đồng (9)."),
        ({"written_votes": "2"}, "Đã ghi 1 họ tên nhưng số thành viên gửi phiếu bằng văn bản là 2."),
        ({"total_members": "chín"}, "Hãy nhập một số nguyên, ví dụ 9."),
    ],
)
def test_a_bad_meeting_keeps_what_was_typed_and_saves_nothing(client, commune_officer, changes, message):
    client.force_login(commune_officer)
    response = client.post(reverse("awards:council_create"), {**MEETING_FORM, "held_on": today(), **changes})
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert 'value="Trần Thị Hoa"' in html and 'value="01/BB-HĐTĐKT"' in html
    assert not CouncilMeeting.objects.exists()


def test_edit_a_meeting_and_its_lines_follow(client, held, commune_officer):
    client.force_login(commune_officer)
    url = reverse("awards:council_update", args=[held.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {**MEETING_FORM, "held_on": today(), "written_voters": "", "members_present": "3"})
    assert bad.status_code == 200 and "vượt số thành viên bỏ phiếu (4: 3 dự họp, 1 gửi phiếu bằng văn bản)" in (
        bad.content.decode()
    )
    assert fresh_meeting(held).members_present == 8
    data = {**MEETING_FORM, "held_on": today(), "total_members": "12", "members_present": "11", "version": held.version}
    assert client.post(url, data).status_code == 302
    assert held.ballots.get().explanation == (
        "5/12 phiếu = 41,7 % số thành viên tham gia bỏ phiếu; ngưỡng trên 50 % → không đạt"
    )
    stale = client.post(url, data)
    assert "Cuộc họp đã được người khác thay đổi sau khi bạn mở trang" in stale.content.decode()


# --- The meeting's page, and the votes on the waiting dossiers ---------------------------------


def test_the_meeting_page_shows_each_line_and_the_waiting_dossiers(client, held, commune_officer, appraised):
    waiting = appraised(nominee_kind="individual", individual_name="Lê Thị Bình", individual_position="Giáo viên")
    client.force_login(commune_officer)
    html = client.get(held.get_absolute_url()).content.decode()
    assert "5/9 phiếu = 55,6 % số thành viên tham gia bỏ phiếu; ngưỡng trên 50 % → đạt" in html
    assert 'data-testid="waiting-row"' in html and "Lê Thị Bình" in html
    assert f'name="votes_for_{waiting.pk}"' in html and 'data-testid="council-close"' in html
    assert client.get(reverse("awards:council_detail", args=[held.pk + 999])).status_code == 404


def test_add_the_votes_of_many_waiting_dossiers(client, held, commune_officer, appraised):
    first = appraised(nominee_kind="individual", individual_name="Lê Thị Bình", individual_position="Giáo viên")
    second = appraised(nominee_kind="individual", individual_name="Đỗ Văn Cường", individual_position="Kế toán")
    skipped = appraised(nominee_kind="individual", individual_name="Mai Thị Dung", individual_position="Văn thư")
    client.force_login(commune_officer)
    url = reverse("awards:council_add_ballots", args=[held.pk])
    data = {f"votes_for_{first.pk}": "7", f"votes_against_{first.pk}": "2"}
    data.update({f"votes_for_{second.pk}": "3", f"votes_against_{second.pk}": "5", f"votes_invalid_{second.pk}": "1"})
    response = client.post(url, data)
    assert response.status_code == 302
    outcomes = dict(held.ballots.values_list("nomination__individual_name", "outcome"))
    assert outcomes == {"": "approved", "Lê Thị Bình": "approved", "Đỗ Văn Cường": "rejected"}
    assert not held.ballots.filter(nomination=skipped).exists()


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        ({"for": "7"}, "“Lê Thị Bình”: hãy ghi cả số phiếu đồng ý và không đồng ý."),
        ({"for": "7", "against": "3"}, "cộng lại là 10, vượt số thành viên bỏ phiếu (9: 8 dự họp, 1 gửi phiếu"),
        ({"for": "bảy", "against": "2"}, "Hãy nhập một số nguyên, ví dụ 9."),
        ({}, "Hãy ghi số phiếu cho ít nhất một hồ sơ."),
    ],
)
def test_bad_votes_keep_what_was_typed_and_add_nothing(client, held, commune_officer, appraised, votes, message):
    waiting = appraised(nominee_kind="individual", individual_name="Lê Thị Bình", individual_position="Giáo viên")
    client.force_login(commune_officer)
    data = {f"votes_{key}_{waiting.pk}": value for key, value in votes.items()}
    response = client.post(reverse("awards:council_add_ballots", args=[held.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    if votes.get("for"):
        assert f'value="{votes["for"]}"' in html
    assert held.ballots.count() == 1


# --- One line: edit, remove ---------------------------------------------------------------------


def test_edit_a_lines_votes(client, line, commune_officer):
    client.force_login(commune_officer)
    url = reverse("awards:council_ballot_update", args=[line.pk])
    response = client.post(url, {"votes_for": "4", "votes_against": "5", "votes_invalid": ""})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.votes_for, line.outcome) == (4, "rejected")
    letters = client.post(url, {"votes_for": "bốn", "votes_against": "5"}, follow=True)
    assert "Số phiếu phải là số nguyên từ 0 trở lên; đã giữ nguyên kết quả cũ." in letters.content.decode()
    too_many = client.post(url, {"votes_for": "9", "votes_against": "5"})
    assert too_many.status_code == 400 and "vượt số thành viên bỏ phiếu" in too_many.content.decode()
    line.refresh_from_db()
    assert (line.votes_for, line.votes_against) == (4, 5)


def test_remove_a_line_but_not_from_a_closed_meeting(client, held, line, commune_officer, appraised):
    client.force_login(commune_officer)
    response = client.post(reverse("awards:council_ballot_remove", args=[line.pk]), follow=True)
    assert response.status_code == 200 and not held.ballots.exists()
    other = appraised(nominee_kind="individual", individual_name="Lê Thị Bình", individual_position="Giáo viên")
    [kept] = council.ballots_add(meeting=held, by=commune_officer, rows=[council.BallotRow(other, 6, 3)])
    council_close = reverse("awards:council_close", args=[held.pk])
    assert client.post(council_close, {"version": fresh_meeting(held).version}).status_code == 302
    refused = client.post(reverse("awards:council_ballot_remove", args=[kept.pk]), follow=True)
    assert "Cuộc họp đã chốt kết quả: không sửa được." in refused.content.decode()
    assert held.ballots.filter(pk=kept.pk).exists()


# --- Closing ----------------------------------------------------------------------------------------


def test_close_the_meeting_moves_the_dossiers(client, held, line, commune_officer):
    client.force_login(commune_officer)
    url = reverse("awards:council_close", args=[held.pk])
    missing = client.post(url, {}, follow=True)
    assert "Thao tác không hợp lệ; hãy tải lại trang." in missing.content.decode()
    stale = client.post(url, {"version": held.version - 1})
    assert stale.status_code == 400 and "Cuộc họp đã được người khác thay đổi" in stale.content.decode()
    assert fresh_meeting(held).is_open

    response = client.post(url, {"version": held.version})
    assert response.status_code == 302
    assert fresh_meeting(held).status == "closed"
    assert fresh(line.nomination).status == Status.COUNCIL_REVIEWED
    html = client.get(held.get_absolute_url()).content.decode()
    assert 'data-testid="council-close"' not in html and 'data-testid="ballot-edit"' not in html
    # The dossier's page shows the result and leads to the meeting and its minutes.
    page = client.get(reverse("awards:nomination_detail", args=[line.nomination_id])).content.decode()
    assert "Họp ngày" in page and "5/9 phiếu = 55,6 %" in page
    assert reverse("awards:council_minutes_pdf", args=[held.pk]) in page


def test_the_dossier_page_offers_the_one_line_meeting_and_the_council_pages(client, commune_officer, appraised):
    dossier = appraised()
    client.force_login(commune_officer)
    html = client.get(reverse("awards:nomination_detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="council-meetings-hint"' in html and reverse("awards:council_list") in html
    data = {
        "action": "record_council",
        "record_council-version": dossier.version,
        "record_council-council_meeting_date": today(),
        "record_council-council_total_members": "9",
        "record_council-council_members_present": "9",
        "record_council-council_votes_for": "4",
        "record_council-council_votes_against": "5",
    }
    response = client.post(reverse("awards:nomination_transition", args=[dossier.pk]), data, follow=True)
    html = response.content.decode()
    assert "hồ sơ chuyển sang “Hội đồng Thi đua - Khen thưởng không thông qua”" in html
    assert "4/9 phiếu = 44,4 % số thành viên tham gia bỏ phiếu; ngưỡng trên 50 % → không đạt" in html
    assert 'data-testid="council-outcome">Không đạt' in html


def test_the_provinces_reviewer_holds_the_provinces_council(
    client, province_reviewer, commune_officer, make_nomination, bang_khen_tinh
):
    from tests.awards.test_province_workflow import forwarded, province_advance

    dossier = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh), province_reviewer, to=Status.APPRAISED_BY_PROVINCE
    )
    client.force_login(province_reviewer)
    data = {**MEETING_FORM, "held_on": today(), "total_members": "11", "members_present": "10"}
    assert client.post(reverse("awards:council_create"), data).status_code == 302
    meeting = CouncilMeeting.objects.get(admin_unit=province_reviewer.admin_unit)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-testid="waiting-row"' in page and dossier.nominee_name in page
    votes = {f"votes_for_{dossier.pk}": "9", f"votes_against_{dossier.pk}": "2"}
    assert client.post(reverse("awards:council_add_ballots", args=[meeting.pk]), votes).status_code == 302
    assert client.post(reverse("awards:council_close", args=[meeting.pk]), {"version": fresh_meeting(meeting).version})
    assert fresh(dossier).status == Status.PROVINCE_COUNCIL_REVIEWED
    # The commune's officer does not write the province's council.
    client.force_login(commune_officer)
    assert client.get(reverse("awards:council_update", args=[meeting.pk])).status_code == 404
