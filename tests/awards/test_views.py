"""Nomination pages: each works, needs login, hides other communes and units (404) and refuses
read-only roles (403); bad input gets a Vietnamese message and changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardForm, AwardSection, Nomination, NominationDocument, NominationEvent, PlanAwardForm
from tests.awards.helpers import PDF_BYTES, PNG_BYTES, Kind, Status, add_document, advance, fresh, pdf

pytestmark = pytest.mark.django_db

ALL_ACTIONS = ["submit", "receive", "return", "appraise", "record_council", "decide", "forward"]


def detail_url(nomination: Nomination) -> str:
    return reverse("awards:nomination_detail", args=[nomination.pk])


def act(client, nomination: Nomination, action: str, version: int | None = None, **fields):
    data = {"action": action, f"{action}-version": nomination.version if version is None else version}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(reverse("awards:nomination_transition", args=[nomination.pk]), data)


def form_data(plan, unit, award_form, **extra) -> dict:
    data = {
        "plan": plan.pk,
        "occasion": "annual",
        "nominee_kind": "collective",
        "unit": unit.pk,
        "award_form": award_form.pk,
        "individual_name": "",
        "individual_position": "",
        "achievements": "Dẫn đầu phong trào chuyển đổi số của xã.",
    }
    data.update(extra)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def nomination(make_nomination, unit_reporter) -> Nomination:
    return make_nomination(by=unit_reporter)


@pytest.fixture
def document(nomination, unit_reporter) -> NominationDocument:
    return add_document(nomination, Kind.PROPOSAL, unit_reporter, name="Tờ trình khen thưởng.pdf")


def every_url(nomination: Nomination, document: NominationDocument) -> list[tuple[str, str]]:
    return [
        ("get", reverse("awards:nomination_list")),
        ("get", reverse("awards:nomination_create")),
        ("get", reverse("awards:award_form_options")),
        ("get", detail_url(nomination)),
        ("get", reverse("awards:nomination_update", args=[nomination.pk])),
        ("post", reverse("awards:nomination_transition", args=[nomination.pk])),
        ("post", reverse("awards:document_upload", args=[nomination.pk])),
        ("post", reverse("awards:document_delete", args=[document.pk])),
        ("get", reverse("awards:document_download", args=[document.pk])),
    ]


# --- Login, scope and roles for every view --------------------------------------------------


def test_every_page_needs_login(client, nomination, document):
    for method, url in every_url(nomination, document):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert NominationDocument.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("who", ["outsider", "neighbour_officer", "other_unit_reporter"])
def test_other_communes_and_units_get_404(request, client, nomination, document, who):
    client.force_login(request.getfixturevalue(who))
    for method, url in every_url(nomination, document)[3:]:
        assert getattr(client, method)(url).status_code == 404, url
    assert fresh(nomination).status == Status.DRAFT
    assert NominationDocument.objects.filter(pk=document.pk).exists()


def test_viewer_reads_but_every_write_is_403(client, commune_viewer, nomination, document):
    client.force_login(commune_viewer)
    assert client.get(detail_url(nomination)).status_code == 200
    assert client.get(reverse("awards:nomination_list")).status_code == 200
    assert client.get(reverse("awards:document_download", args=[document.pk])).status_code == 200
    assert client.get(reverse("awards:nomination_create")).status_code == 403
    assert client.get(reverse("awards:award_form_options")).status_code == 403
    assert client.get(reverse("awards:nomination_update", args=[nomination.pk])).status_code == 403
    upload = client.post(reverse("awards:document_upload", args=[nomination.pk]), {"kind": Kind.OTHER, "file": pdf()})
    assert upload.status_code == 403
    assert client.post(reverse("awards:document_delete", args=[document.pk])).status_code == 403
    for action in ALL_ACTIONS:
        assert act(client, nomination, action, comment="x", reason="x").status_code == 403, action
    assert fresh(nomination).status == Status.DRAFT
    assert nomination.documents.count() == 1


def test_viewer_gets_403_on_officer_actions_in_later_states(client, commune_viewer, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.COUNCIL_REVIEWED)
    client.force_login(commune_viewer)
    for action in ["decide", "forward", "return"]:
        assert act(client, nomination, action, reason="x").status_code == 403
    assert fresh(nomination).status == Status.COUNCIL_REVIEWED


def test_reporter_cannot_do_the_officers_steps(client, unit_reporter, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.SUBMITTED, reporter=unit_reporter)
    client.force_login(unit_reporter)
    assert act(client, nomination, "receive").status_code == 403
    assert act(client, nomination, "return", reason="Tự trả lại").status_code == 403
    assert fresh(nomination).status == Status.SUBMITTED


def test_province_sees_only_forwarded_dossiers_and_cannot_act(
    client, province_reviewer, commune_officer, make_nomination, bang_khen_tinh
):
    draft = make_nomination()
    forwarded = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)
    act_client = client
    act_client.force_login(commune_officer)
    assert act(act_client, forwarded, "forward").status_code == 302
    client.force_login(province_reviewer)
    assert client.get(detail_url(draft)).status_code == 404
    assert client.get(detail_url(forwarded)).status_code == 200
    assert [n.pk for n in client.get(reverse("awards:nomination_list")).context["page"]] == [forwarded.pk]
    assert act(client, fresh(forwarded), "decide").status_code == 403


# --- List ------------------------------------------------------------------------------------


def test_list_shows_the_communes_dossiers_with_counts(client, commune_officer, make_nomination, bang_khen_tinh):
    first = make_nomination()
    second = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.SUBMITTED)
    client.force_login(commune_officer)

    response = client.get(reverse("awards:nomination_list"))

    assert response.status_code == 200
    assert {n.pk for n in response.context["page"]} == {first.pk, second.pk}
    counts = {row["status"]: row["count"] for row in response.context["counts"]}
    assert (counts[Status.DRAFT], counts[Status.SUBMITTED], counts[Status.DECIDED]) == (1, 1, 0)
    assert "Trường Trung học cơ sở Cổ Lễ" in response.content.decode()


def test_list_filters(client, commune_officer, make_nomination, bang_khen_tinh, giay_khen, plan_co_le):
    annual = make_nomination()
    final = advance(make_nomination(award_form=bang_khen_tinh, occasion="final"), commune_officer, to=Status.SUBMITTED)
    client.force_login(commune_officer)
    url = reverse("awards:nomination_list")

    def pks(**params):
        return [n.pk for n in client.get(url, params).context["page"]]

    assert pks(status="submitted") == [final.pk]
    assert pks(occasion="annual") == [annual.pk]
    assert pks(award_form=giay_khen.pk) == [annual.pk]
    assert set(pks(plan=plan_co_le.pk)) == {annual.pk, final.pk}
    # A bad value in one filter is ignored, the others still apply.
    assert pks(plan="abc", status="draft") == [annual.pk]
    # Counts follow the other filters, not the status one.
    counts = client.get(url, {"occasion": "final", "status": "draft"}).context["counts"]
    assert {r["status"]: r["count"] for r in counts}[Status.SUBMITTED] == 1


def test_reporter_lists_only_their_units_dossiers(
    client, unit_reporter, other_unit_reporter, make_nomination, economic_office
):
    own = make_nomination(by=unit_reporter)
    make_nomination(unit=economic_office)
    client.force_login(unit_reporter)
    assert [n.pk for n in client.get(reverse("awards:nomination_list")).context["page"]] == [own.pk]
    client.force_login(other_unit_reporter)
    assert own.pk not in [n.pk for n in client.get(reverse("awards:nomination_list")).context["page"]]


def test_other_communes_list_is_empty(client, neighbour_officer, nomination):
    client.force_login(neighbour_officer)
    assert list(client.get(reverse("awards:nomination_list")).context["page"]) == []


# --- Create and edit ---------------------------------------------------------------------


def test_officer_creates_a_dossier(client, commune_officer, plan_co_le, school, giay_khen):
    client.force_login(commune_officer)
    page = client.get(reverse("awards:nomination_create"))
    assert page.status_code == 200 and 'hx-get="/khen-thuong/hinh-thuc/"' in page.content.decode()
    # The commune's only plan and annual awards are preselected, so the forms are already offered.
    assert giay_khen in page.context["form"].fields["award_form"].queryset

    response = client.post(reverse("awards:nomination_create"), form_data(plan_co_le, school, giay_khen))

    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response.url == detail_url(nomination)
    assert (nomination.status, nomination.created_by, nomination.unit) == (Status.DRAFT, commune_officer, school)
    assert nomination.events.get().to_status == Status.DRAFT


def test_individual_nominee_needs_name_and_position(client, unit_reporter, plan_co_le, school, giay_khen):
    client.force_login(unit_reporter)
    data = form_data(plan_co_le, school, giay_khen, nominee_kind="individual")
    response = client.post(reverse("awards:nomination_create"), data)
    assert response.status_code == 200
    assert "Hãy nhập họ và tên cá nhân được đề nghị." in response.content.decode()
    assert not Nomination.objects.exists()

    data.update(individual_name="Vũ Thị Hồng", individual_position="Hiệu trưởng")
    assert client.post(reverse("awards:nomination_create"), data).status_code == 302
    assert Nomination.objects.get().nominee_name == "Vũ Thị Hồng"


def test_reporter_can_only_nominate_their_own_unit(client, unit_reporter, plan_co_le, economic_office, giay_khen):
    client.force_login(unit_reporter)
    response = client.post(reverse("awards:nomination_create"), form_data(plan_co_le, economic_office, giay_khen))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Nomination.objects.exists()


def test_outsider_cannot_create_under_another_communes_plan(client, outsider, plan_co_le, school, giay_khen):
    client.force_login(outsider)
    response = client.post(reverse("awards:nomination_create"), form_data(plan_co_le, school, giay_khen))
    assert response.status_code == 200
    assert {"plan", "unit"} <= set(response.context["form"].errors)
    assert not Nomination.objects.exists()


def test_a_form_the_plan_does_not_list_for_the_occasion_is_refused(
    client, commune_officer, plan_co_le, school, giay_khen, bang_khen_tinh
):
    # The plan now lists only the Giấy khen for annual awards.
    section = AwardSection.objects.get(plan=plan_co_le, for_annual=True)
    PlanAwardForm.objects.create(section=section, number=1, award_form=giay_khen, name_in_plan="Giấy khen của UBND xã")
    client.force_login(commune_officer)

    response = client.post(reverse("awards:nomination_create"), form_data(plan_co_le, school, bang_khen_tinh))

    assert response.status_code == 200
    assert "Hình thức này không có trong kế hoạch" in response.content.decode()
    assert response.context["form"]["achievements"].value() == "Dẫn đầu phong trào chuyển đổi số của xã."
    assert not Nomination.objects.exists()


def test_collective_only_form_refused_for_an_individual(client, commune_officer, plan_co_le, school):
    client.force_login(commune_officer)
    flag = AwardForm.objects.get(code="co_thi_dua_tinh")
    data = form_data(plan_co_le, school, flag, nominee_kind="individual", individual_name="A", individual_position="B")
    response = client.post(reverse("awards:nomination_create"), data)
    assert response.status_code == 200 and "award_form" in response.context["form"].errors
    assert not Nomination.objects.exists()


def test_update_saves_and_bumps_the_version(client, unit_reporter, nomination, plan_co_le, school, giay_khen):
    client.force_login(unit_reporter)
    url = reverse("awards:nomination_update", args=[nomination.pk])
    assert client.get(url).status_code == 200
    data = form_data(plan_co_le, school, giay_khen, achievements="Thành tích mới", version=nomination.version)

    response = client.post(url, data)

    assert response.status_code == 302
    updated = fresh(nomination)
    assert (updated.achievements, updated.version) == ("Thành tích mới", nomination.version + 1)


def test_stale_edit_is_refused_and_keeps_what_was_typed(
    client, unit_reporter, nomination, plan_co_le, school, giay_khen
):
    client.force_login(unit_reporter)
    url = reverse("awards:nomination_update", args=[nomination.pk])
    client.post(url, form_data(plan_co_le, school, giay_khen, achievements="Tab một", version=nomination.version))

    response = client.post(
        url, form_data(plan_co_le, school, giay_khen, achievements="Tab hai", version=nomination.version)
    )

    assert response.status_code == 200
    assert "Hồ sơ đã thay đổi sau khi bạn mở trang" in response.content.decode()
    assert "Tab hai" in response.content.decode()
    assert fresh(nomination).achievements == "Tab một"


def test_submitted_dossier_cannot_be_edited(client, unit_reporter, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.SUBMITTED, reporter=unit_reporter)
    client.force_login(unit_reporter)
    response = client.get(reverse("awards:nomination_update", args=[nomination.pk]), follow=True)
    assert "Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại." in messages_of(response)


# --- Award form choices (htmx) -------------------------------------------------------------


def test_award_form_options_follow_plan_occasion_and_nominee(client, commune_officer, plan_co_le, giay_khen):
    client.force_login(commune_officer)
    url = reverse("awards:award_form_options")

    def names(**params):
        return [f.code for f in client.get(url, {"plan": plan_co_le.pk, **params}).context["award_forms"]]

    # Annual awards: the plan lists none ("theo thẩm quyền"), so every active form.
    suiting = AwardForm.Recipients.suiting("collective")
    collective_forms = AwardForm.objects.filter(is_active=True, recipients__in=suiting)
    assert len(names(occasion="annual", nominee_kind="collective")) == collective_forms.count() == 16
    assert "xa_tieu_bieu" in names(occasion="annual", nominee_kind="collective")  # the commune is a collective
    # Individuals cannot receive the emulation flags.
    assert "co_thi_dua_tinh" not in names(occasion="annual", nominee_kind="individual")
    section = AwardSection.objects.get(plan=plan_co_le, for_annual=True)
    PlanAwardForm.objects.create(section=section, number=1, award_form=giay_khen, name_in_plan="Giấy khen")
    assert names(occasion="annual", nominee_kind="collective") == ["giay_khen"]
    response = client.get(url, {"plan": plan_co_le.pk, "occasion": "annual", "award_form": giay_khen.pk})
    assert f'value="{giay_khen.pk}" selected' in response.content.decode()


def test_award_form_options_hide_other_communes_plans(client, outsider, plan_co_le):
    client.force_login(outsider)
    assert client.get(reverse("awards:award_form_options"), {"plan": plan_co_le.pk}).status_code == 404


# --- The dossier page ----------------------------------------------------------------------


def test_dossier_page_shows_data_checklist_actions_and_timeline(
    client, unit_reporter, nomination, document, time_machine
):
    client.force_login(unit_reporter)
    response = client.get(detail_url(nomination))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trường Trung học cơ sở Cổ Lễ" in html and "Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường" in html
    assert 'data-testid="checklist-proposal" data-present="1"' in html
    assert 'data-testid="checklist-achievement_report" data-present="0"' in html
    assert 'data-testid="action-submit"' in html and 'data-testid="action-receive"' not in html
    assert "Tờ trình khen thưởng.pdf" in html
    [submit] = response.context["actions"]
    assert submit["transition"].action == "submit"
    assert "còn thiếu Báo cáo thành tích" in submit["blocked"]
    assert 'data-testid="blocked-submit"' in html


def test_dossier_page_queries_stay_flat(client, commune_officer, nomination, django_assert_max_num_queries):
    for _ in range(4):
        add_document(nomination, Kind.OTHER, commune_officer)
    client.force_login(commune_officer)
    with django_assert_max_num_queries(15):
        client.get(detail_url(nomination))


# --- Workflow through the pages -------------------------------------------------------------


def _upload(client, nomination, kind, name="tai-lieu.pdf", content=PDF_BYTES):
    file = pdf(name, content)
    return client.post(reverse("awards:document_upload", args=[nomination.pk]), {"kind": kind, "file": file})


def test_giay_khen_full_path_through_the_pages(client, unit_reporter, commune_officer, nomination, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 9, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=7))))
    client.force_login(unit_reporter)
    assert _upload(client, nomination, Kind.PROPOSAL).status_code == 302
    assert _upload(client, nomination, Kind.ACHIEVEMENT_REPORT).status_code == 302
    assert act(client, nomination, "submit", comment="Kính đề nghị xét").status_code == 302

    client.force_login(commune_officer)
    steps = [
        ("receive", {}),
        ("appraise", {"comment": "Đủ điều kiện"}),
        ("upload", {}),  # a signed scan of the minutes may be attached; the council step does not wait for it
        (
            "record_council",
            {
                "council_meeting_date": "15/12/2026",
                "council_total_members": 9,
                "council_members_present": 9,
                "council_secret_ballot": "on",
                "council_votes_for": 9,
                "council_votes_against": 0,
            },
        ),
        (
            "decide",
            {"decision_number": "125/QĐ-UBND", "decision_date": "20/12/2026", "decision_signer": "Vũ Mạnh Cường"},
        ),
    ]
    for action, fields in steps:
        if action == "upload":
            assert _upload(client, fresh(nomination), Kind.COUNCIL_MINUTES, "bien-ban.pdf").status_code == 302
            continue
        response = act(client, fresh(nomination), action, **fields)
        assert response.status_code == 302, (action, response.content.decode()[:500])

    nomination = fresh(nomination)
    assert nomination.status == Status.DECIDED
    assert nomination.decision.decision_date == datetime.date(2026, 12, 20)
    html = client.get(detail_url(nomination)).content.decode()
    assert "9/9 phiếu = 100,0 % số thành viên tham gia bỏ phiếu; ngưỡng trên 50 % → đạt" in html
    assert "Số 125/QĐ-UBND ngày 20/12/2026, người ký: Vũ Mạnh Cường" in html
    # The timeline: every step with who, when (dd/mm/yyyy HH:MM), from → to and the comment.
    events = list(nomination.events.order_by("at", "pk"))
    assert len(events) == 6
    assert "03/12/2026 09:15" in html
    assert "Đang soạn → Đã gửi, chờ tiếp nhận" in html
    assert "Kính đề nghị xét" in html and "Đủ điều kiện" in html
    assert "Đã họp Hội đồng Thi đua - Khen thưởng → Đã quyết định khen thưởng" in html
    assert html.count('data-testid="event"') == 6


def test_forward_through_the_page(client, commune_officer, make_nomination, bang_khen_tinh):
    nomination = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)
    client.force_login(commune_officer)
    page = client.get(detail_url(nomination)).content.decode()
    assert 'data-testid="action-forward"' in page and 'data-testid="action-decide"' not in page

    response = act(client, nomination, "forward", comment="Trình Sở Nội vụ")

    assert response.status_code == 302
    forwarded = fresh(nomination)
    assert (forwarded.status, forwarded.commune_stage.forwarded_by) == (Status.FORWARDED, commune_officer)
    assert forwarded.events.order_by("at", "pk").last().comment == "Trình Sở Nội vụ"


def test_deciding_a_province_form_at_the_commune_is_refused_with_a_message(
    client, commune_officer, make_nomination, bang_khen_tinh
):
    nomination = advance(make_nomination(award_form=bang_khen_tinh), commune_officer, to=Status.COUNCIL_REVIEWED)
    client.force_login(commune_officer)
    data = {"decision_number": "1/QĐ-UBND", "decision_date": "20/12/2026", "decision_signer": "A"}

    response = act(client, nomination, "decide", **data)

    assert response.status_code == 302
    shown = messages_of(client.get(response.url))
    assert any("do Chủ tịch Ủy ban nhân dân tỉnh, thành phố quyết định" in m for m in shown)
    assert fresh(nomination).status == Status.COUNCIL_REVIEWED


def test_forwarding_a_commune_form_is_refused_with_a_message(client, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.COUNCIL_REVIEWED)
    client.force_login(commune_officer)
    response = act(client, nomination, "forward")
    shown = messages_of(client.get(response.url))
    assert any("hãy ghi quyết định khen thưởng tại xã" in m for m in shown)
    assert fresh(nomination).status == Status.COUNCIL_REVIEWED


def test_impossible_decision_date_is_refused_and_kept(client, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.COUNCIL_REVIEWED)
    client.force_login(commune_officer)

    response = act(
        client, nomination, "decide", decision_number="125/QĐ-UBND", decision_date="31/02/2026", decision_signer="B"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in html
    assert 'value="31/02/2026"' in html and 'value="125/QĐ-UBND"' in html
    assert fresh(nomination).status == Status.COUNCIL_REVIEWED


def test_council_votes_that_do_not_add_up_are_refused_on_the_page(client, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.APPRAISED)
    client.force_login(commune_officer)
    today = f"{timezone.localdate():%d/%m/%Y}"
    fields = {"council_meeting_date": today, "council_total_members": 9, "council_members_present": 5}

    response = act(client, nomination, "record_council", council_votes_for=4, council_votes_against=2, **fields)

    assert response.status_code == 200
    assert "vượt số thành viên bỏ phiếu (5: 5 dự họp, 0 gửi phiếu bằng văn bản)" in response.content.decode()
    more_present = act(
        client,
        nomination,
        "record_council",
        council_votes_for=4,
        council_votes_against=0,
        **{**fields, "council_members_present": 10},
    )
    assert "Số thành viên dự họp (10) không được lớn hơn tổng số thành viên Hội đồng (9)." in (
        more_present.content.decode()
    )
    negative = act(client, nomination, "record_council", council_votes_for=-1, council_votes_against=0, **fields)
    assert negative.status_code == 200
    assert fresh(nomination).status == Status.APPRAISED


def test_submit_without_documents_is_refused_on_the_page(client, unit_reporter, nomination):
    client.force_login(unit_reporter)
    response = act(client, nomination, "submit")
    shown = messages_of(client.get(response.url))
    assert any("còn thiếu Tờ trình, Báo cáo thành tích" in m for m in shown)
    assert fresh(nomination).status == Status.DRAFT


def test_double_submit_from_two_tabs_is_refused(client, unit_reporter, nomination):
    add_document(nomination, Kind.PROPOSAL, unit_reporter)
    add_document(nomination, Kind.ACHIEVEMENT_REPORT, unit_reporter)
    client.force_login(unit_reporter)
    seen = nomination.version

    first = act(client, nomination, "submit", version=seen)
    second = act(client, fresh(nomination), "submit", version=seen)

    assert first.status_code == second.status_code == 302
    shown = messages_of(client.get(second.url))
    assert any("Không thể “Gửi hồ sơ” khi hồ sơ đang ở trạng thái “Đã gửi, chờ tiếp nhận”" in m for m in shown)
    assert NominationEvent.objects.filter(nomination=nomination, to_status=Status.SUBMITTED).count() == 1


def test_stale_version_on_a_still_allowed_step_is_refused(client, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.SUBMITTED)
    client.force_login(commune_officer)
    response = act(client, nomination, "receive", version=nomination.version - 1)
    shown = messages_of(client.get(response.url))
    assert any("Hồ sơ đã thay đổi sau khi bạn mở trang" in m for m in shown)
    assert fresh(nomination).status == Status.SUBMITTED


def test_return_needs_a_reason_then_the_unit_resubmits(client, unit_reporter, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.RECEIVED, reporter=unit_reporter)
    client.force_login(commune_officer)
    empty = act(client, nomination, "return", reason="")
    assert empty.status_code == 200 and fresh(nomination).status == Status.RECEIVED

    assert act(client, nomination, "return", reason="Bổ sung xác nhận của Hiệu trưởng").status_code == 302
    client.force_login(unit_reporter)
    page = client.get(detail_url(nomination)).content.decode()
    assert "Bổ sung xác nhận của Hiệu trưởng" in page and 'data-testid="nomination-edit"' in page
    assert act(client, fresh(nomination), "submit", comment="Đã bổ sung").status_code == 302
    assert fresh(nomination).status == Status.SUBMITTED


def test_unknown_action_changes_nothing(client, unit_reporter, nomination):
    client.force_login(unit_reporter)
    response = act(client, nomination, "approve_everything")
    assert response.status_code == 302
    assert fresh(nomination).status == Status.DRAFT


# --- Documents ---------------------------------------------------------------------------------


def test_upload_stores_the_file_under_the_dossier(client, unit_reporter, nomination, media_root):
    client.force_login(unit_reporter)
    response = _upload(client, nomination, Kind.PROPOSAL, "Tờ trình.pdf")
    assert response.status_code == 302
    document = nomination.documents.get()
    assert (document.original_name, document.content_type) == ("Tờ trình.pdf", "application/pdf")
    assert document.file.name.startswith(f"awards/nominations/{nomination.pk}/")
    assert (media_root / document.file.name).read_bytes() == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.jpg", PDF_BYTES, "nhưng tên tệp lại mang đuôi khác"),
        ("to-trinh.pdf", b"MZ\x90\x00" + b"\x00" * 200, "không phải loại được chấp nhận"),
        ("anh.png", PNG_BYTES[:8], None),
    ],
)
def test_disguised_uploads_are_refused(client, unit_reporter, nomination, name, content, message):
    client.force_login(unit_reporter)
    response = _upload(client, nomination, Kind.PROPOSAL, name, content)
    if message is None:  # a real PNG header is accepted
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not nomination.documents.exists()


def test_oversized_upload_is_refused(client, unit_reporter, nomination, settings):
    settings.UPLOAD_MAX_BYTES = 64
    client.force_login(unit_reporter)
    response = _upload(client, nomination, Kind.PROPOSAL, "lon.pdf", PDF_BYTES + b"0" * 100)
    assert response.status_code == 200
    assert "vượt giới hạn" in response.content.decode()
    assert not nomination.documents.exists()


def test_reporter_cannot_add_documents_after_submitting(client, unit_reporter, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.SUBMITTED, reporter=unit_reporter)
    client.force_login(unit_reporter)
    response = _upload(client, nomination, Kind.OTHER)
    assert response.status_code == 302
    assert nomination.documents.count() == 2


def test_officer_adds_council_minutes_while_appraising(client, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.APPRAISED)
    client.force_login(commune_officer)
    refused = _upload(client, nomination, Kind.PROPOSAL)
    assert refused.status_code == 200 and "proposal" in refused.context["upload_form"].errors["kind"][0]
    assert nomination.documents.filter(kind=Kind.PROPOSAL).count() == 1
    assert _upload(client, nomination, Kind.COUNCIL_MINUTES, "bien-ban.pdf").status_code == 302
    assert nomination.documents.filter(kind=Kind.COUNCIL_MINUTES).exists()


def test_delete_while_draft_removes_row_and_file(
    client, unit_reporter, document, media_root, django_capture_on_commit_callbacks
):
    path = media_root / document.file.name
    assert path.exists()
    client.force_login(unit_reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:document_delete", args=[document.pk]))
    assert response.status_code == 302
    assert not NominationDocument.objects.filter(pk=document.pk).exists()
    assert not path.exists()


def test_delete_after_submitting_is_refused(client, unit_reporter, commune_officer, nomination):
    nomination = advance(nomination, commune_officer, to=Status.SUBMITTED, reporter=unit_reporter)
    document = nomination.documents.first()
    client.force_login(unit_reporter)
    response = client.post(reverse("awards:document_delete", args=[document.pk]))
    assert response.status_code == 302
    assert any("Không thể thêm hoặc xóa" in m for m in messages_of(client.get(response.url)))
    assert NominationDocument.objects.filter(pk=document.pk).exists()


def test_download_is_an_attachment_with_the_real_type(client, commune_officer, document):
    client.force_login(commune_officer)
    response = client.get(reverse("awards:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "T%E1%BB%9D%20tr%C3%ACnh" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_download_of_a_missing_file_is_404(client, commune_officer, document, media_root):
    (media_root / document.file.name).unlink()
    client.force_login(commune_officer)
    assert client.get(reverse("awards:document_download", args=[document.pk])).status_code == 404


# --- Home page card --------------------------------------------------------------------------


def test_home_card_shows_the_officers_queue(client, commune_officer, nomination):
    advance(nomination, commune_officer, to=Status.SUBMITTED)
    client.force_login(commune_officer)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="awards-home"' in html
    assert 'data-testid="awards-queue-submitted"' in html
    assert reverse("awards:nomination_list") + "?status=submitted" in html


def test_home_card_shows_the_reporters_dossiers(client, unit_reporter, nomination):
    client.force_login(unit_reporter)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="awards-home"' in html and detail_url(nomination) in html
