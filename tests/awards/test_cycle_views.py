"""The evaluation pages, view by view: anonymous visitors go to the login, other communes get
a 404 (a read-only role a 403), bad input is refused in Vietnamese keeping what was typed,
and the officer's happy path works."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Proposal, ProposalOverride, YearRating
from awards.services import council as council_services
from tests.awards.cycle_helpers import YEAR, council_vote, demo, form

pytestmark = pytest.mark.django_db
HUONG, THANG, SCHOOL = "Nguyễn Thị Hương", "Phạm Văn Thắng", "Trường Trung học cơ sở Cổ Lễ"


def page(client, user, name, *args, method="get", data=None, **query):
    client.force_login(user)
    return getattr(client, method)(reverse(name, args=args), data if method == "post" else (query or data))


# --- The evaluation of the year --------------------------------------------------------------------


def test_evaluation_needs_a_login(client):
    assert client.get(reverse("awards:cycle_evaluation")).status_code == 302


def test_evaluation_shows_only_the_users_own_unit(client, neighbour_officer, unit_reporter, province_reviewer):
    assert HUONG not in page(client, neighbour_officer, "awards:cycle_evaluation", nam=YEAR).content.decode()
    assert page(client, unit_reporter, "awards:cycle_evaluation").status_code == 403
    # The province evaluates its own proposals (what communes send up), not the communes'.
    assert HUONG not in page(client, province_reviewer, "awards:cycle_evaluation", nam=YEAR).content.decode()


def test_evaluation_with_a_bad_year_says_so_and_shows_this_year(client, commune_officer):
    response = page(client, commune_officer, "awards:cycle_evaluation", nam="hai nghìn")
    assert response.status_code == 200 and "Năm phải là một số" in response.content.decode()
    assert response.context["year"] == timezone.localdate().year


def test_evaluation_shows_each_check_with_its_explanation(client, commune_officer, commune_viewer):
    text = page(client, commune_officer, "awards:cycle_evaluation", nam=YEAR).content.decode()
    assert "Có 3/3 năm liên tục đạt CSTĐCS (2024, 2025, 2026)." in text
    assert "Xếp loại năm 2026: Hoàn thành tốt nhiệm vụ; cần từ “Hoàn thành xuất sắc nhiệm vụ”." in text
    assert "Có đề tài nghiên cứu khoa học sư phạm ứng dụng" in text  # Mai's override, with its reason
    assert 'data-testid="issue-form"' in text and 'data-testid="send-form"' not in text  # nothing approved yet
    viewer = page(client, commune_viewer, "awards:cycle_evaluation", nam=YEAR).content.decode()
    assert HUONG in viewer and 'data-testid="issue-form"' not in viewer


# --- A proposal ------------------------------------------------------------------------------------


def test_proposal_pages_need_a_login(client):
    proposal = demo(HUONG, "chien_si_thi_dua_co_so")
    for name in ("awards:proposal_detail", "awards:proposal_update", "awards:proposal_members"):
        assert client.get(reverse(name, args=[proposal.pk])).status_code == 302
    assert client.post(reverse("awards:proposal_override", args=[proposal.pk]), {"approved": "1"}).status_code == 302
    assert client.get(reverse("awards:proposal_create")).status_code == 302
    assert demo(HUONG, "chien_si_thi_dua_co_so").outcome == "pending"


def test_proposals_of_another_commune_are_404_and_a_viewer_gets_403(client, neighbour_officer, commune_viewer):
    proposal = demo(HUONG, "chien_si_thi_dua_co_so")
    for name in ("awards:proposal_detail", "awards:proposal_update", "awards:proposal_members"):
        assert page(client, neighbour_officer, name, proposal.pk).status_code == 404
    data = {"check_id": "1", "reason": "Lý do đủ dài để ghi"}
    assert (
        page(client, neighbour_officer, "awards:proposal_override", proposal.pk, method="post", data=data).status_code
        == 404
    )
    assert page(client, commune_viewer, "awards:proposal_detail", proposal.pk).status_code == 200
    assert page(client, commune_viewer, "awards:proposal_update", proposal.pk).status_code == 403
    assert (
        page(client, commune_viewer, "awards:proposal_override", proposal.pk, method="post", data=data).status_code
        == 403
    )
    assert page(client, commune_viewer, "awards:proposal_create").status_code == 403
    assert demo(HUONG, "chien_si_thi_dua_co_so").outcome == "pending"


def test_a_proposal_page_explains_each_check_and_keeps_the_history(client, commune_officer):
    proposal = demo("Lê Thị Mai", "chien_si_thi_dua_co_so")
    text = page(client, commune_officer, "awards:proposal_detail", proposal.pk).content.decode()
    assert "Xét vượt qua" in text and "Đưa ra Hội đồng" in text and "tạm thời" not in text
    assert reverse("awards:council_list") in text
    assert "Xét vượt qua tiêu chuẩn chưa đạt" in text  # the history line
    assert "Hoàn thành tốt nhiệm vụ" in text


def test_an_override_without_a_reason_is_refused(client, commune_officer):
    proposal = demo(HUONG, "chien_si_thi_dua_co_so")
    check = page(client, commune_officer, "awards:proposal_detail", proposal.pk).context["evaluation"].failed[0].check
    response = page(
        client, commune_officer, "awards:proposal_override", proposal.pk, method="post", data={"check_id": check.pk}
    )
    assert (
        response.status_code == 400 and "Hãy ghi lý do xét vượt qua tiêu chuẩn chưa đạt." in response.content.decode()
    )
    data = {"check_id": check.pk, "reason": "ngắn"}
    response = page(client, commune_officer, "awards:proposal_override", proposal.pk, method="post", data=data)
    assert response.status_code == 400 and "ít nhất 10 ký tự" in response.content.decode()
    assert not ProposalOverride.objects.filter(proposal=proposal).exists()


def test_a_council_vote_that_the_standards_refuse_is_a_message_not_a_change(client, commune_officer):
    proposal = demo(HUONG, "chien_si_thi_dua_co_so")
    held = council_services.meeting_create(
        by=commune_officer, held_on=datetime.date(YEAR, 12, 15), total_members=9, members_present=9, written_votes=0
    )
    data = {f"votes_for_p{proposal.pk}": "9", f"votes_against_p{proposal.pk}": "0"}
    response = page(client, commune_officer, "awards:council_add_ballots", held.pk, method="post", data=data)
    text = response.content.decode()
    assert response.status_code == 400 and "Chưa thể thông qua" in text and "Hãy ghi lý do xét vượt qua" in text
    assert not held.ballots.exists() and demo(HUONG, "chien_si_thi_dua_co_so").outcome == "pending"
    data = {f"votes_for_p{proposal.pk}": "9"}
    response = page(client, commune_officer, "awards:council_add_ballots", held.pk, method="post", data=data)
    assert response.status_code == 400 and "hãy ghi cả số phiếu đồng ý và không đồng ý" in response.content.decode()


def test_the_officer_overrides_with_a_reason_then_approves(client, commune_officer):
    proposal = demo(HUONG, "chien_si_thi_dua_co_so")
    check = page(client, commune_officer, "awards:proposal_detail", proposal.pk).context["evaluation"].failed[0].check
    reason = "Chủ trì đề án số hóa hồ sơ một cửa, được UBND xã ghi nhận"
    data = {"check_id": check.pk, "reason": reason}
    assert (
        page(client, commune_officer, "awards:proposal_override", proposal.pk, method="post", data=data).status_code
        == 302
    )
    held = council_vote(commune_officer, [(proposal, 9, 0)])
    text = page(client, commune_officer, "awards:proposal_detail", proposal.pk).content.decode()
    assert reason in text and "Được thông qua" in text and "9/9 phiếu" in text
    assert demo(HUONG, "chien_si_thi_dua_co_so").outcome == "approved" and not held.is_open


# --- Adding and editing a proposal's inputs ------------------------------------------------------------


def test_adding_a_proposal_by_hand(client, commune_officer, school):
    from tests.awards.cycle_helpers import person

    teacher = person(commune_officer, school, "Ngô Thị Thu")
    data = {"awardee": teacher.pk, "award_form": form("lao_dong_tien_tien").pk, "year": YEAR, "rating": "good"}
    data |= {"discipline": "none", "achievement": "Hoàn thành tốt nhiệm vụ năm 2026"}
    response = page(client, commune_officer, "awards:proposal_create", method="post", data=data)
    proposal = Proposal.objects.get(awardee=teacher)
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert YearRating.objects.get(awardee=teacher, year=YEAR).rating == "good"
    # The same one twice: refused, nothing doubled, what was typed kept.
    response = page(client, commune_officer, "awards:proposal_create", method="post", data=data)
    assert response.status_code == 400 and "đã được đề nghị" in response.content.decode()
    assert "Hoàn thành tốt nhiệm vụ năm 2026" in response.content.decode()
    assert Proposal.objects.filter(awardee=teacher).count() == 1


def test_a_form_that_does_not_suit_the_awardee_is_refused(client, commune_officer):
    thang = demo(THANG, "lao_dong_tien_tien").awardee
    data = {"awardee": thang.pk, "award_form": form("tap_the_lao_dong_tien_tien").pk, "year": "2026"}
    response = page(client, commune_officer, "awards:proposal_create", method="post", data=data)
    assert response.status_code == 400 and "không dành cho cá nhân" in response.content.decode()
    data["year"] = "1890"
    response = page(client, commune_officer, "awards:proposal_create", method="post", data=data)
    assert "Năm phải trong khoảng 2000–2100." in response.content.decode()


def test_editing_the_inputs_changes_the_evaluation(client, commune_officer):
    proposal = demo(HUONG, "chien_si_thi_dua_co_so")
    data = {"version": proposal.version, "rating": "excellent", "discipline": "none", "achievement": ""}
    response = page(client, commune_officer, "awards:proposal_update", proposal.pk, method="post", data=data)
    assert response.status_code == 302
    text = page(client, commune_officer, "awards:proposal_detail", proposal.pk).content.decode()
    assert "Xếp loại năm 2026: Hoàn thành xuất sắc nhiệm vụ." in text and 'data-testid="passed"' in text
    stale = page(client, commune_officer, "awards:proposal_update", proposal.pk, method="post", data=data)
    assert stale.status_code == 400 and "tải lại trang" in stale.content.decode()


def test_linking_someone_elses_initiative_is_refused(client, commune_officer):
    proposal = demo(HUONG, "chien_si_thi_dua_co_so")
    initiative = demo(THANG, "chien_si_thi_dua_tinh").initiatives.get()
    data = {"version": proposal.version, "initiatives": [initiative.pk], "discipline": "none"}
    response = page(client, commune_officer, "awards:proposal_update", proposal.pk, method="post", data=data)
    assert response.status_code == 400 and "không là tác giả của sáng kiến" in response.content.decode()


def test_members_of_a_collective_and_their_ratings(client, commune_officer, neighbour_officer):
    proposal = demo(SCHOOL, "tap_the_lao_dong_tien_tien")
    assert page(client, neighbour_officer, "awards:proposal_members", proposal.pk).status_code == 404
    response = page(client, commune_officer, "awards:proposal_members", proposal.pk)
    members = response.context["form"].members
    assert [m.name for m in members] == ["Lê Thị Mai", "Phạm Văn Thắng", "Trần Văn Đức", "Vũ Thị Lan"]
    lan = members[-1]
    bad = {f"rating_{lan.pk}": "superb", f"discipline_{lan.pk}": "none"}
    assert (
        page(client, commune_officer, "awards:proposal_members", proposal.pk, method="post", data=bad).status_code
        == 400
    )
    data = {f"rating_{m.pk}": "good" for m in members} | {f"discipline_{m.pk}": "none" for m in members}
    data[f"discipline_{lan.pk}"] = "warning"
    assert (
        page(client, commune_officer, "awards:proposal_members", proposal.pk, method="post", data=data).status_code
        == 302
    )
    text = page(client, commune_officer, "awards:proposal_detail", proposal.pk).content.decode()
    assert "Bị kỷ luật từ mức “Cảnh cáo” trở lên: Vũ Thị Lan." in text
    individual = demo(HUONG, "lao_dong_tien_tien")
    assert page(client, commune_officer, "awards:proposal_members", individual.pk).status_code == 302


# --- Proposals from the consolidated registrations ---------------------------------------------


def consolidate(officer):
    from awards.services.registration import registrations_consolidate_all

    return registrations_consolidate_all(admin_unit=officer.admin_unit, year=YEAR, by=officer)


def test_from_registrations_needs_a_login_and_the_office(client, commune_viewer, unit_reporter):
    url = reverse("awards:cycle_from_registrations")
    assert client.post(url, {"year": YEAR}).status_code == 302 and client.post(url).url.startswith("/dang-nhap/")
    for user in (commune_viewer, unit_reporter):
        assert (
            page(client, user, "awards:cycle_from_registrations", method="post", data={"year": YEAR}).status_code == 403
        )


def test_another_commune_takes_none_of_cole_registrations(client, commune_officer, neighbour_officer):
    consolidate(commune_officer)
    before = Proposal.objects.count()
    response = page(client, neighbour_officer, "awards:cycle_from_registrations", method="post", data={"year": YEAR})
    assert response.status_code == 400 and Proposal.objects.count() == before


def test_nothing_consolidated_is_a_message(client, commune_officer):
    before = Proposal.objects.count()
    response = page(client, commune_officer, "awards:cycle_from_registrations", method="post", data={"year": YEAR})
    assert (
        response.status_code == 400 and "chưa có bản đăng ký thi đua nào đã được tổng hợp" in response.content.decode()
    )
    assert Proposal.objects.count() == before


def test_the_consolidated_registrations_become_proposals_once(client, commune_officer):
    consolidate(commune_officer)
    response = page(client, commune_officer, "awards:cycle_from_registrations", method="post", data={"year": YEAR})
    assert response.status_code == 302
    office = Proposal.objects.get(awardee__name="Phòng Kinh tế xã Cổ Lễ", year=YEAR)
    assert office.award_form.code == "tap_the_lao_dong_tien_tien" and office.origin == "Đăng ký thi đua năm 2026"
    assert Proposal.objects.filter(awardee__name="Lê Văn Minh", award_form__code="lao_dong_tien_tien").exists()
    # Hương was proposed before (the demo): kept as it was, not doubled.
    assert Proposal.objects.filter(awardee__name=HUONG, award_form__code="chien_si_thi_dua_co_so").count() == 1
    count = Proposal.objects.count()
    page(client, commune_officer, "awards:cycle_from_registrations", method="post", data={"year": YEAR})
    assert Proposal.objects.count() == count
    text = page(client, commune_officer, "awards:cycle_evaluation", nam=YEAR).content.decode()
    assert "Phòng Kinh tế xã Cổ Lễ" in text and "Tập thể lao động tiên tiến" in text
