"""The province's pages: the queue (awards:province_queue) and the province's steps on the
dossier page. Each works, needs login, hides other provinces' dossiers (404) and refuses
roles that may only read (403); bad input gets a Vietnamese message and changes nothing;
the commune sees the province's outcome on its dossier page and in its list."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from awards import services
from awards.models import Nomination, NominationEvent
from tests.awards.helpers import Kind, Status, advance, fresh, pdf
from tests.awards.test_province_workflow import decide_at_province, forwarded, make_reviewer, province_advance

pytestmark = pytest.mark.django_db

PROVINCE_ACTIONS = [
    "province_receive",
    "province_return",
    "province_appraise",
    "province_record_council",
    "province_decide",
    "forward_to_national",
]
QUEUE = reverse("awards:province_queue")
COUNCIL = {
    "council_meeting_date": "12/01/2027",
    "council_total_members": 11,
    "council_members_present": 11,
    "council_votes_for": 10,
    "council_votes_against": 1,
}
DECISION = {"decision_number": "45/QĐ-UBND", "decision_date": "20/01/2027", "decision_signer": "Phạm Quang Ngọc"}


def detail_url(nomination: Nomination) -> str:
    return reverse("awards:nomination_detail", args=[nomination.pk])


def act(client, nomination: Nomination, action: str, version: int | None = None, **fields):
    data = {"action": action, f"{action}-version": nomination.version if version is None else version}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(reverse("awards:nomination_transition", args=[nomination.pk]), data)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def shown_after(client, response) -> list[str]:
    """The messages on the page the action redirected to."""
    assert response.status_code == 302
    return messages_of(client.get(response.url))


def upload(client, nomination: Nomination, kind: str, name: str = "tai-lieu.pdf"):
    return client.post(reverse("awards:document_upload", args=[nomination.pk]), {"kind": kind, "file": pdf(name)})


def row_pks(response) -> list[int]:
    return [n.pk for n in response.context["page"]]


@pytest.fixture
def province_viewer(db) -> User:
    return make_reviewer("lanhdao.ninhbinh", "Ninh Bình", role=User.Role.VIEWER)


# --- Login, scope and roles -------------------------------------------------------------------


def test_queue_and_province_steps_need_login(client, dossier):
    assert client.get(QUEUE).status_code == 302
    assert client.get(QUEUE).url.startswith(reverse("login"))
    response = act(client, dossier, "province_receive")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert fresh(dossier).status == Status.FORWARDED


def test_a_reviewer_of_another_province_gets_404_and_an_empty_queue(
    client, nghe_an_reviewer, dossier, province_reviewer
):
    dossier = province_advance(dossier, province_reviewer, to=Status.RECEIVED_BY_PROVINCE)
    document = dossier.documents.first()
    client.force_login(nghe_an_reviewer)

    queue = client.get(QUEUE)

    assert queue.status_code == 200 and row_pks(queue) == []
    assert "Trường Trung học cơ sở Cổ Lễ" not in queue.content.decode()
    assert client.get(detail_url(dossier)).status_code == 404
    for action in PROVINCE_ACTIONS:
        assert act(client, dossier, action, reason="x", comment="x").status_code == 404, action
    assert upload(client, dossier, Kind.PROVINCE_OTHER).status_code == 404
    assert client.get(reverse("awards:document_download", args=[document.pk])).status_code == 404
    # Filtering by a commune of another province is ignored, never a leak.
    assert row_pks(client.get(QUEUE, {"commune": dossier.unit.admin_unit_id})) == []
    assert fresh(dossier).status == Status.RECEIVED_BY_PROVINCE


@pytest.mark.parametrize("who", ["commune_officer", "commune_viewer", "province_viewer"])
def test_roles_that_may_not_do_the_provinces_steps_get_403(request, client, dossier, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(detail_url(dossier)).status_code == 200
    for action in PROVINCE_ACTIONS:
        assert act(client, dossier, action, reason="x", comment="x", **DECISION).status_code == 403, action
    # The officer handles the commune's papers, not while the province has the dossier;
    # read-only accounts handle none.
    assert upload(client, dossier, Kind.PROVINCE_OTHER).status_code == (302 if who == "commune_officer" else 403)
    assert fresh(dossier).status == Status.FORWARDED
    assert NominationEvent.objects.filter(nomination=dossier).count() == 6
    assert dossier.documents.count() == 2  # the tờ trình and the report; the council is a meeting record


def test_the_queue_is_for_the_province(client, commune_officer, unit_reporter, province_viewer, dossier):
    for user in (commune_officer, unit_reporter):
        client.force_login(user)
        assert client.get(QUEUE).status_code == 403
    # A read-only account of the province reads the queue and the dossier, without buttons.
    client.force_login(province_viewer)
    assert row_pks(client.get(QUEUE)) == [dossier.pk]
    page = client.get(detail_url(dossier))
    assert page.context["actions"] == [] and page.context["upload_form"] is None


# --- The queue ---------------------------------------------------------------------------------


def test_queue_lists_every_dossier_forwarded_by_the_communes_with_counts(
    client, province_reviewer, commune_officer, make_nomination, bang_khen_tinh, dossier, xuan_truong_dossier
):
    draft = make_nomination(award_form=bang_khen_tinh)
    at_commune = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)
    received = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh), province_reviewer, to=Status.RECEIVED_BY_PROVINCE
    )
    client.force_login(province_reviewer)

    response = client.get(QUEUE)

    html = response.content.decode()
    assert response.status_code == 200
    assert set(row_pks(response)) == {dossier.pk, xuan_truong_dossier.pk, received.pk}
    assert not {draft.pk, at_commune.pk} & set(row_pks(response))
    counts = {row["status"]: row["count"] for row in response.context["counts"]}
    assert (counts[Status.FORWARDED], counts[Status.RECEIVED_BY_PROVINCE], counts[Status.DECIDED_BY_PROVINCE]) == (
        2,
        1,
        0,
    )
    assert response.context["waiting_count"] == 3
    assert "xã Cổ Lễ" in html and "xã Xuân Trường" in html
    assert detail_url(dossier) in html
    assert html.count('data-testid="nomination-row"') == 3


def test_queue_filters(
    client, province_reviewer, commune_officer, make_nomination, bang_khen_tinh, dossier, xuan_truong_dossier
):
    final = forwarded(make_nomination, commune_officer, bang_khen_tinh, occasion="final")
    decided = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_tinh),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )
    decide_at_province(decided, province_reviewer)
    client.force_login(province_reviewer)

    def pks(**params) -> set[int]:
        return set(row_pks(client.get(QUEUE, params)))

    cole, xuan_truong = dossier.unit.admin_unit_id, xuan_truong_dossier.unit.admin_unit_id
    assert pks(commune=xuan_truong) == {xuan_truong_dossier.pk}
    assert pks(commune=cole) == {dossier.pk, final.pk, decided.pk}
    assert pks(award_form=xuan_truong_dossier.award_form_id) == {xuan_truong_dossier.pk}
    assert pks(occasion="final") == {final.pk}
    assert pks(status=Status.DECIDED_BY_PROVINCE) == {decided.pk}
    assert pks(status="waiting") == {dossier.pk, final.pk, xuan_truong_dossier.pk}
    assert pks(commune=cole, status="waiting") == {dossier.pk, final.pk}
    assert pks(plan=xuan_truong_dossier.plan_id) == {xuan_truong_dossier.pk}
    # The province dashboard's link for one commune's plan, through the reviewers' list.
    listed = client.get(reverse("awards:nomination_list"), {"plan": dossier.plan_id, "status": "forwarded"})
    assert set(row_pks(listed)) == {dossier.pk, final.pk}
    # A bad value in one filter is ignored, the others still apply.
    assert pks(commune="abc", occasion="final") == {final.pk}
    assert pks(status="draft") == pks()
    # Counts follow the other filters, not the status one.
    counts = client.get(QUEUE, {"commune": cole, "status": Status.FORWARDED}).context["counts"]
    assert {r["status"]: r["count"] for r in counts}[Status.DECIDED_BY_PROVINCE] == 1


def test_the_reviewers_list_of_dossiers_is_the_queue(client, province_reviewer, dossier):
    client.force_login(province_reviewer)
    response = client.get(reverse("awards:nomination_list"), {"status": "waiting"})
    assert "awards/province_queue.html" in [template.name for template in response.templates]
    assert row_pks(response) == [dossier.pk]


def test_queue_queries_stay_flat(
    client, province_reviewer, commune_officer, make_nomination, bang_khen_tinh, django_assert_max_num_queries
):
    for _ in range(4):
        forwarded(make_nomination, commune_officer, bang_khen_tinh)
    client.force_login(province_reviewer)
    # 14 before the stage rows, plus one query that prefetches them for every row.
    with django_assert_max_num_queries(15):
        response = client.get(QUEUE)
    assert len(row_pks(response)) == 4


# --- The dossier page and the province's steps -------------------------------------------------


def test_the_dossier_page_offers_the_steps_the_state_allows(client, province_reviewer, dossier):
    client.force_login(province_reviewer)
    html = client.get(detail_url(dossier)).content.decode()
    assert 'data-testid="action-province_receive"' in html and 'data-testid="action-province_return"' in html
    assert 'data-testid="action-province_decide"' not in html
    assert reverse("awards:province_queue") in html  # the breadcrumb leads back to the queue

    act(client, dossier, "province_receive")
    html = client.get(detail_url(dossier)).content.decode()
    assert 'data-testid="action-province_appraise"' in html and 'data-testid="action-province_receive"' not in html
    assert 'data-testid="document-upload"' in html


def test_province_path_through_the_pages_and_what_the_commune_sees(
    client, province_reviewer, commune_officer, dossier, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 1, 8, 14, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7))))
    client.force_login(province_reviewer)
    assert act(client, dossier, "province_receive", comment="Đã nhận đủ hồ sơ").status_code == 302
    assert act(client, fresh(dossier), "province_appraise", comment="Đúng tiêu chuẩn").status_code == 302
    # The province's council is recorded as a meeting (no uploaded minutes asked for first);
    # a signed scan may still be attached.
    waiting = client.get(detail_url(dossier)).content.decode()
    assert 'data-testid="blocked-province_record_council"' not in waiting
    assert upload(client, fresh(dossier), Kind.PROVINCE_COUNCIL_MINUTES, "bien-ban-tinh.pdf").status_code == 302
    assert act(client, fresh(dossier), "province_record_council", **COUNCIL).status_code == 302
    response = act(client, fresh(dossier), "province_decide", **DECISION)

    assert any("hồ sơ chuyển sang “Tỉnh đã quyết định khen thưởng”" in m for m in shown_after(client, response))
    decided = fresh(dossier)
    assert (decided.status, decided.decision.decision_number, decided.decision.decision_date) == (
        Status.DECIDED_BY_PROVINCE,
        "45/QĐ-UBND",
        datetime.date(2027, 1, 20),
    )
    html = client.get(detail_url(decided)).content.decode()
    assert "10/11 phiếu = 90,9 % số thành viên tham gia bỏ phiếu; ngưỡng trên 50 % → đạt" in html
    assert "Ninh Bình" in html and "08/01/2027 14:30" in html
    assert "Đã trình cấp tỉnh → Tỉnh đã tiếp nhận" in html and "Đã nhận đủ hồ sơ" in html
    assert "Đã họp Hội đồng Thi đua - Khen thưởng tỉnh → Tỉnh đã quyết định khen thưởng" in html
    assert html.count('data-testid="event"') == 10

    # The commune officer sees the outcome on the dossier page and in the list.
    client.force_login(commune_officer)
    page = client.get(detail_url(decided)).content.decode()
    assert "Tỉnh đã quyết định khen thưởng" in page
    assert "Số 45/QĐ-UBND ngày 20/01/2027, người ký: Phạm Quang Ngọc" in page
    assert "Đúng tiêu chuẩn" in page
    listing = client.get(reverse("awards:nomination_list")).content.decode()
    assert "Quyết định số 45/QĐ-UBND ngày 20/01/2027" in listing


def test_national_form_is_forwarded_upward_and_cannot_be_decided(
    client, province_reviewer, commune_officer, make_nomination, bang_khen_thu_tuong
):
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_thu_tuong),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )
    client.force_login(province_reviewer)
    page = client.get(detail_url(nomination)).content.decode()
    assert 'data-testid="action-forward_to_national"' in page and 'data-testid="action-province_decide"' not in page
    assert "tỉnh xét và trình cấp Trung ương" in page

    refused = act(client, nomination, "province_decide", **DECISION)
    assert any("Hồ sơ này cần được trình cấp Trung ương." in m for m in shown_after(client, refused))
    assert fresh(nomination).status == Status.PROVINCE_COUNCIL_REVIEWED

    response = act(
        client, nomination, "forward_to_national", submission_number="12/TTr-UBND", submission_date="25/01/2027"
    )
    assert response.status_code == 302
    assert fresh(nomination).status == Status.FORWARDED_TO_NATIONAL
    client.force_login(commune_officer)
    assert "Tờ trình số 12/TTr-UBND ngày 25/01/2027" in client.get(detail_url(nomination)).content.decode()
    assert "Tờ trình số 12/TTr-UBND ngày 25/01/2027" in client.get(reverse("awards:nomination_list")).content.decode()


def test_forwarding_a_province_form_to_the_national_level_is_refused_with_a_message(client, province_reviewer, dossier):
    dossier = province_advance(dossier, province_reviewer, to=Status.PROVINCE_COUNCIL_REVIEWED)
    client.force_login(province_reviewer)
    response = act(
        client, dossier, "forward_to_national", submission_number="12/TTr-UBND", submission_date="25/01/2027"
    )
    assert any("hãy ghi quyết định khen thưởng của tỉnh" in m for m in shown_after(client, response))
    assert fresh(dossier).status == Status.PROVINCE_COUNCIL_REVIEWED


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({**DECISION, "decision_date": "31/02/2026"}, "decision_date", "Ngày không hợp lệ"),
        ({**DECISION, "decision_number": ""}, "decision_number", None),
        ({**DECISION, "decision_date": ""}, "decision_date", None),
    ],
)
def test_bad_decision_is_refused_and_what_was_typed_is_kept(client, province_reviewer, dossier, fields, field, message):
    dossier = province_advance(dossier, province_reviewer, to=Status.PROVINCE_COUNCIL_REVIEWED)
    client.force_login(province_reviewer)

    response = act(client, dossier, "province_decide", **fields)

    html = response.content.decode()
    assert response.status_code == 200
    [item] = [a for a in response.context["actions"] if a["transition"].action == "province_decide"]
    assert field in item["form"].errors
    if message:
        assert message in html and 'value="31/02/2026"' in html
    assert 'value="Phạm Quang Ngọc"' in html
    assert fresh(dossier).status == Status.PROVINCE_COUNCIL_REVIEWED
    assert fresh(dossier).province_stage.decision_number == ""


def test_bad_national_submission_is_refused_and_kept(
    client, province_reviewer, commune_officer, make_nomination, bang_khen_thu_tuong
):
    nomination = province_advance(
        forwarded(make_nomination, commune_officer, bang_khen_thu_tuong),
        province_reviewer,
        to=Status.PROVINCE_COUNCIL_REVIEWED,
    )
    client.force_login(province_reviewer)

    response = act(
        client, nomination, "forward_to_national", submission_number="12/TTr-UBND", submission_date="31/02/2027"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in html and 'value="12/TTr-UBND"' in html and 'value="31/02/2027"' in html
    nomination = fresh(nomination)
    assert (nomination.status, nomination.province_stage.submission_number) == (Status.PROVINCE_COUNCIL_REVIEWED, "")


def test_deciding_twice_is_refused_with_a_message(client, province_reviewer, dossier):
    dossier = province_advance(dossier, province_reviewer, to=Status.PROVINCE_COUNCIL_REVIEWED)
    client.force_login(province_reviewer)
    seen = dossier.version
    assert act(client, dossier, "province_decide", version=seen, **DECISION).status_code == 302

    again = act(client, fresh(dossier), "province_decide", version=seen, **{**DECISION, "decision_number": "46/QĐ"})

    shown = shown_after(client, again)
    assert any("khi hồ sơ đang ở trạng thái “Tỉnh đã quyết định khen thưởng”" in m for m in shown)
    assert fresh(dossier).province_stage.decision_number == "45/QĐ-UBND"
    assert NominationEvent.objects.filter(nomination=dossier, to_status=Status.DECIDED_BY_PROVINCE).count() == 1


def test_stale_version_from_another_tab_is_refused(client, province_reviewer, dossier):
    client.force_login(province_reviewer)
    seen = dossier.version
    assert act(client, dossier, "province_receive", version=seen).status_code == 302
    # The second tab still shows "forwarded": returning from it must not apply.
    stale = act(client, fresh(dossier), "province_return", version=seen, reason="Bổ sung")
    assert any("Hồ sơ đã thay đổi sau khi bạn mở trang" in m for m in shown_after(client, stale))
    assert fresh(dossier).status == Status.RECEIVED_BY_PROVINCE


def test_province_council_votes_that_do_not_add_up_are_refused_on_the_page(client, province_reviewer, dossier):
    dossier = province_advance(dossier, province_reviewer, to=Status.APPRAISED_BY_PROVINCE)
    client.force_login(province_reviewer)
    response = act(client, dossier, "province_record_council", **{**COUNCIL, "council_votes_against": 5})
    assert response.status_code == 200
    assert "vượt số thành viên bỏ phiếu (11: 11 dự họp, 0 gửi phiếu bằng văn bản)" in response.content.decode()
    assert 'value="10"' in response.content.decode()  # what was typed is kept
    assert fresh(dossier).status == Status.APPRAISED_BY_PROVINCE


def test_return_with_reason_the_commune_fixes_and_resubmits(
    client, province_reviewer, commune_officer, dossier, plan_co_le, school, bang_khen_tinh
):
    client.force_login(province_reviewer)
    empty = act(client, dossier, "province_return", reason="")
    assert empty.status_code == 200 and fresh(dossier).status == Status.FORWARDED
    reason = "Báo cáo thành tích thiếu xác nhận của Chủ tịch UBND xã."
    assert act(client, dossier, "province_return", reason=reason).status_code == 302

    # The commune officer sees the reason on the dossier and in the list, fixes and resubmits.
    client.force_login(commune_officer)
    page = client.get(detail_url(dossier)).content.decode()
    assert reason in page and 'data-testid="province-returned-reason"' in page
    assert 'data-testid="nomination-edit"' in page and 'data-testid="action-resubmit_to_province"' in page
    assert reason in client.get(reverse("awards:nomination_list")).content.decode()
    edit = reverse("awards:nomination_update", args=[dossier.pk])
    assert client.get(edit).status_code == 200
    data = {
        "plan": plan_co_le.pk,
        "occasion": "annual",
        "nominee_kind": "collective",
        "unit": school.pk,
        "award_form": bang_khen_tinh.pk,
        "achievements": "Thành tích có xác nhận của Chủ tịch UBND xã.",
        "version": fresh(dossier).version,
    }
    assert client.post(edit, data).status_code == 302
    assert upload(client, fresh(dossier), Kind.OTHER, "xac-nhan.pdf").status_code == 302
    response = act(client, fresh(dossier), "resubmit_to_province", comment="Đã bổ sung xác nhận")
    assert any("hồ sơ chuyển sang “Đã trình cấp tỉnh”" in m for m in shown_after(client, response))

    client.force_login(province_reviewer)
    assert act(client, fresh(dossier), "province_receive").status_code == 302
    received = fresh(dossier)
    assert received.status == Status.RECEIVED_BY_PROVINCE
    assert received.achievements == "Thành tích có xác nhận của Chủ tịch UBND xã."
    assert received.documents.filter(original_name="xac-nhan.pdf").exists()


def test_the_unit_cannot_edit_a_dossier_the_province_returned(client, unit_reporter, province_reviewer, dossier):
    services.nomination_province_return(nomination=dossier, by=province_reviewer, version=dossier.version, reason="x")
    client.force_login(unit_reporter)
    response = client.get(reverse("awards:nomination_update", args=[dossier.pk]), follow=True)
    assert "Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại." in messages_of(response)
    assert act(client, fresh(dossier), "resubmit_to_province").status_code == 403
    assert fresh(dossier).status == Status.RETURNED_BY_PROVINCE


def test_reviewer_adds_and_removes_only_the_provinces_papers(client, province_reviewer, dossier):
    dossier = province_advance(dossier, province_reviewer, to=Status.RECEIVED_BY_PROVINCE)
    client.force_login(province_reviewer)
    refused = upload(client, dossier, Kind.PROPOSAL)
    assert refused.status_code == 200 and "kind" in refused.context["upload_form"].errors
    assert upload(client, dossier, Kind.PROVINCE_OTHER, "phieu-lay-y-kien.pdf").status_code == 302
    added = dossier.documents.get(kind=Kind.PROVINCE_OTHER)
    commune_paper = dossier.documents.get(kind=Kind.PROPOSAL)
    kept = client.post(reverse("awards:document_delete", args=[commune_paper.pk]))
    assert any("Không thể thêm hoặc xóa" in m for m in shown_after(client, kept))
    assert client.post(reverse("awards:document_delete", args=[added.pk])).status_code == 302
    assert not dossier.documents.filter(pk=added.pk).exists()
    assert dossier.documents.filter(pk=commune_paper.pk).exists()


# --- Home page ---------------------------------------------------------------------------------


def test_home_card_shows_what_waits_for_the_province(client, province_reviewer, dossier, xuan_truong_dossier):
    client.force_login(province_reviewer)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="awards-queue-forwarded"' in html
    assert f"{QUEUE}?status=forwarded" in html
    assert response_badge(html, "forwarded") == "2"


def response_badge(html: str, status: str) -> str:
    """The number on the home card's row for `status`."""
    row = html.split(f'data-testid="awards-queue-{status}"', 1)[1].split("</li>", 1)[0]
    return row.rsplit('">', 1)[1].split("<", 1)[0].strip()


def test_home_card_tells_the_officer_what_the_province_returned(client, commune_officer, province_reviewer, dossier):
    services.nomination_province_return(
        nomination=dossier, by=province_reviewer, version=dossier.version, reason="Bổ sung xác nhận"
    )
    client.force_login(commune_officer)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="awards-province-returned"' in html and "Bổ sung xác nhận" in html
