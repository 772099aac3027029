"""Every form users post, fed odd input by Hypothesis: Vietnamese text, 10,000-character
strings, impossible dates, numbers out of range, NUL bytes and control characters, HTML and
script snippets, fields left out or sent twice, fields the form does not have.

What must hold whatever is typed:
- never a 500: the page answers with the form and its errors (200/400), or a redirect;
- a refused post changes nothing that was saved;
- no NUL byte reaches the database (PostgreSQL refuses them: that would be a 500 there).

Each example runs in a savepoint that is rolled back, so examples do not see each other.
The runs are derandomized: CI tries the same inputs every time.
"""

import operator
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from axes.models import AccessAttempt
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from awards import services as award_services
from awards.models import CouncilBallot, CouncilMeeting, Nomination, NominationDocument
from campaigns.exchange import plan_to_data
from campaigns.forms.imports import PlanReview
from campaigns.models import ParticipatingUnit, Plan
from campaigns.plan_sections import SECTIONS
from campaigns.services import plans as plan_services
from reporting.models import AnnualReport, CommuneReport, GeneratedDocument, ReminderPolicy
from tests.awards.helpers import add_document, advance
from tests.campaigns.test_import_views import review_post, upload_seed
from tests.campaigns.test_unit_excel import xlsx as unit_sheet
from tests.security.conftest import PDF_BYTES, CoLe
from tests.security.test_isolation_matrix import (
    commune_report_form,
    nomination_form,
    plan_general,
    plan_section,
    report_form,
    unit_edit,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- What users type -------------------------------------------------------------------------------

LETTERS = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
vietnamese = st.text(alphabet=LETTERS + LETTERS.upper() + " ,.-/()0123456789", min_size=1, max_size=60)
ODD_DATES = [
    "31/02/2026",
    "00/00/0000",
    "2026-13-01",
    "05/12/99999",
    "",
    "29/02/2025",
    "32/01/2026",
    "01/01/0001",
    "31/12/9999",
    "5/12/26",
    " 05/12/2026 ",
    "05.12.2026",
    "٠٥/١٢/٢٠٢٦",
    "ngày 5 tháng 12 năm 2026",
]
NASTY = [
    "",
    " ",
    "\x00",
    "Cổ\x00Lễ",
    "\x01\x02\x1b[31m\x7f\x9f",
    "\r\n\r\n",
    "\u202eLễ\u200b\ufeff",
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ request.user.password }}{% debug %}",
    "'; DROP TABLE campaigns_plan; --",
    "%s %d %(x)s",
    "../../etc/passwd",
    "Nguyễn Thị Hạnh",
    "Ủy ban nhân dân xã Cổ Lễ",
    "²",
    "١٢",
    "１２",
    "1_000",
    "-0",
    "NaN",
    "Infinity",
    "1e400",
    "8,5",
    "1.234.567,89",
    "true",
    "None",
]
NUMBERS = [0, -1, 1, 31, 32767, 32768, 65536, 2**31, 2**63, 2**64, 10**30, -(10**30)]
numbers = st.one_of(st.sampled_from(NUMBERS), st.integers(-(10**6), 10**6)).map(str)
long_text = st.builds(
    operator.mul,
    st.sampled_from(["a", "Ễ", "<b>", " ", "\x00", "9", "ư\n"]),
    st.sampled_from([101, 256, 5_001, 10_000]),
)
any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
junk = st.one_of(st.sampled_from(NASTY), st.sampled_from(ODD_DATES), vietnamese, long_text, numbers, any_text)
# A field sent twice (name=a&name=b) reaches the form as its last value; send it anyway.
field_value = st.one_of(junk, junk, junk, st.lists(junk, min_size=2, max_size=2))
# Names a form does not have: a user may post them, the view must ignore them.
EXTRA_FIELDS = ["status", "id", "pk", "issuer", "admin_unit", "created_by", "role", "is_superuser", "version"]


def fuzz(data: st.DataObject, valid: dict, *, fixed: tuple = ()) -> dict:
    """The valid payload with a few fields replaced by junk, left out or sent twice, and maybe a
    field the form does not have."""
    payload = dict(valid)
    names = sorted(name for name in valid if name not in fixed)
    for name in data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=min(4, len(names)), unique=True)):
        if data.draw(st.integers(0, 5)) == 0:
            del payload[name]
        else:
            payload[name] = data.draw(field_value)
    if data.draw(st.integers(0, 4)) == 0:
        payload.setdefault(data.draw(st.sampled_from(EXTRA_FIELDS)), data.draw(field_value))
    return payload


# --- What must hold ----------------------------------------------------------------------------------


@contextmanager
def example():
    """One example: its writes are rolled back at the end."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


SNIPPETS_AS_MARKUP = ("<script>alert(", "<img src=x onerror")  # what NASTY's snippets become if unescaped


def answered(response, *, allowed=(200, 302, 400)) -> bool:
    """The page answered without crashing, and shows what was typed as text, not markup;
    True when the post was accepted (a redirect)."""
    path = response.request["PATH_INFO"]
    assert response.status_code < 500, f"{response.status_code} on {path}"
    assert response.status_code in allowed, f"{response.status_code} on {path}"
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        body = response.content.decode("utf-8", "replace")
        assert not any(snippet in body for snippet in SNIPPETS_AS_MARKUP), f"{path} shows typed HTML as markup"
    return response.status_code in (301, 302)


def check(response, before, after, **options) -> None:
    """Refused → nothing saved changed; accepted or not → no NUL byte stored."""
    accepted = answered(response, **options)
    if not accepted:
        assert after == before, "a refused post changed what was saved"
    assert not has_nul(after), "a NUL byte was saved"


def rows(queryset, *fields) -> list:
    return list(queryset.values(*fields)) if fields else list(queryset.values())


@pytest.fixture
def officer_client(commune_officer) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(commune_officer)
    return client


@pytest.fixture
def reporter_client(unit_reporter) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(unit_reporter)
    return client


@pytest.fixture
def reviewer_client(province_reviewer) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(province_reviewer)
    return client


# --- Plans ---------------------------------------------------------------------------------------------


def plan_state(plan: Plan) -> dict:
    return model_to_dict(Plan.objects.get(pk=plan.pk))


@FUZZ
@given(data=st.data())
def test_plan_general_form(officer_client, cole: CoLe, data):
    with example():
        url = reverse("campaigns:plan_edit", args=[cole.plan.pk])
        before = plan_state(cole.plan)
        payload = fuzz(data, plan_general(cole))
        response = officer_client.post(url, payload)
        check(response, before, plan_state(cole.plan))
        title = payload.get("title")
        if response.status_code == 200 and isinstance(title, str) and title.isprintable() and title.strip():
            assert escape(title) in response.content.decode(), "the page lost what the user typed"


# The formset's hidden counters keep their values here; test_a_tampered_formset_count_changes_nothing
# changes them (a random count of 100000 rows would make every example slow).
MANAGEMENT = tuple(f"items-{name}" for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"))
SECTION_CASES = [
    ("purposes", None),
    ("phases", None),
    ("deadlines", None),
    ("parents", None),
    ("criteria", "criterion_group"),
]


@pytest.mark.parametrize(("key", "sub"), SECTION_CASES, ids=[key for key, _sub in SECTION_CASES])
def test_plan_section_forms(officer_client, cole: CoLe, key, sub):
    spec = SECTIONS[key]

    def items():
        parent = getattr(cole, sub) if sub else cole.plan
        return rows(spec.queryset(parent))

    url = reverse(
        "campaigns:plan_subsection" if sub else "campaigns:plan_section",
        kwargs={"pk": cole.plan.pk, "section": key, **({"sub_id": getattr(cole, sub).pk} if sub else {})},
    )

    valid = plan_section(key, sub)(cole)

    @FUZZ
    @given(data=st.data())
    def run(data):
        with example():
            before = (items(), plan_state(cole.plan))
            response = officer_client.post(url, fuzz(data, valid, fixed=MANAGEMENT))
            check(response, before, (items(), plan_state(cole.plan)))

    run()


@pytest.mark.parametrize("count", ["abc", "-1", "", "1.5", "²", "100000", "3\x00"])
@pytest.mark.parametrize("field", ["TOTAL_FORMS", "INITIAL_FORMS"])
def test_a_tampered_formset_count_changes_nothing(officer_client, cole: CoLe, field, count):
    """The formset's hidden counters, changed by hand: an error or a capped number of rows, never a 500."""
    url = reverse("campaigns:plan_section", args=[cole.plan.pk, "purposes"])
    before = (rows(cole.plan.purposes.order_by("pk")), plan_state(cole.plan))
    response = officer_client.post(url, {**plan_section("purposes")(cole), f"items-{field}": count})
    assert response.status_code == 200
    assert (rows(cole.plan.purposes.order_by("pk")), plan_state(cole.plan)) == before
    page = response.content.decode()
    formset = response.context["formset"]
    assert formset.total_error_count() or "Biểu mẫu không khớp với các mục đang lưu" in page


@pytest.fixture
def draft_plan(cole: CoLe) -> Plan:
    """A draft of Cổ Lễ built from the province plan: one the officer may issue."""
    return plan_services.plan_derive(parent=cole.draft_province_plan, commune=cole.commune, by=cole.officer)


@FUZZ
@given(data=st.data())
def test_plan_issue_form(officer_client, draft_plan: Plan, data):
    with example():
        valid = {
            "number": "99/KH-UBND",
            "issued_on": "01/12/2026",
            "place": "Cổ Lễ",
            "signer_capacity": "TM. ỦY BAN NHÂN DÂN",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Vũ Mạnh Cường",
            "version": Plan.objects.get(pk=draft_plan.pk).version,
        }
        before = plan_state(draft_plan)
        response = officer_client.post(reverse("campaigns:plan_issue", args=[draft_plan.pk]), fuzz(data, valid))
        after = plan_state(draft_plan)
        check(response, before, after)
        if after["status"] == "issued":
            assert after["number"] and after["issued_on"], "a plan was issued without its number and date"


# --- Participating units ---------------------------------------------------------------------------


def units_of(cole: CoLe) -> list:
    return rows(ParticipatingUnit.objects.filter(admin_unit=cole.commune).order_by("pk"))


UNIT_CREATE = {
    "name": "Trường Mầm non Cổ Lễ",
    "subject_type": "",
    "contact_person": "Trần Thị Lan",
    "email": "mamnon@cole.gov.vn",
    "phone": "0228 3812 345",
}


@pytest.mark.parametrize("form", ["create", "update"])
def test_unit_forms(officer_client, cole: CoLe, form):
    valid = unit_edit(cole) if form == "update" else {**UNIT_CREATE, "subject_type": unit_edit(cole)["subject_type"]}
    url = (
        reverse("campaigns:unit_update", args=[cole.school.pk])
        if form == "update"
        else reverse("campaigns:unit_create")
    )

    @FUZZ
    @given(data=st.data())
    def run(data):
        with example():
            before = units_of(cole)
            check(officer_client.post(url, fuzz(data, valid)), before, units_of(cole))

    run()


def test_a_duplicate_unit_name_is_a_form_error(officer_client, cole: CoLe):
    before = units_of(cole)
    payload = {**UNIT_CREATE, "subject_type": unit_edit(cole)["subject_type"], "name": f"  {cole.school.name.upper()} "}
    response = officer_client.post(reverse("campaigns:unit_create"), payload)
    assert response.status_code == 200 and response.context["form"].errors
    assert units_of(cole) == before


@FUZZ
@given(data=st.data())
def test_reporter_account_form(officer_client, cole: CoLe, data):
    password = "Thi-dua-Co-Le-2026"
    valid = {
        "username": data.draw(st.sampled_from(["moi.cole", "cole", "DONVI.COLE", "mới.cổlễ"])),
        "full_name": "Nguyễn Văn Mới",
        "email": "moi@cole.gov.vn",
        "password1": password,
        "password2": password,
    }
    with example():
        before = rows(User.objects.order_by("pk"), "pk", "username", "participating_unit")
        response = officer_client.post(
            reverse("campaigns:unit_reporter_create", args=[cole.school.pk]), fuzz(data, valid)
        )
        after = rows(
            User.objects.order_by("pk"), "pk", "username", "participating_unit", "first_name", "last_name", "email"
        )
        accepted = answered(response)
        if not accepted:
            assert [{k: u[k] for k in ("pk", "username", "participating_unit")} for u in after] == before
        assert not has_nul(after)
        usernames = [u["username"].casefold() for u in after]
        assert len(usernames) == len(set(usernames)), "two accounts with the same user name"


@pytest.fixture
def pending_unit_import(officer_client):
    """A preview of a one-row sheet waits in the officer's session for its confirm."""
    content = unit_sheet(
        [("Trường Mầm non Cổ Lễ", "Trường học", "Trần Thị Lan", "mamnon@cole.gov.vn", "0228 3812 345")]
    )
    preview = officer_client.post(
        reverse("campaigns:unit_import"), {"step": "upload", "file": SimpleUploadedFile("don-vi.xlsx", content)}
    )
    assert preview.status_code == 200
    return preview.context["pending"]["token"]


@pytest.mark.parametrize("pending", [False, True], ids=["no preview", "preview waiting"])
def test_unit_import_without_a_file(request, officer_client, cole: CoLe, pending):
    """The Excel import's steps posted by hand: no file, a stale or forged token, an unknown step."""
    token = request.getfixturevalue("pending_unit_import") if pending else "không có"

    @FUZZ
    @given(data=st.data())
    def run(data):
        with example():
            before = units_of(cole)
            payload = fuzz(data, {"step": "confirm", "token": token})
            if data.draw(st.booleans()):
                name = data.draw(st.sampled_from(["a.xlsx", "x.pdf", "tệp.xlsx"]))
                payload["file"] = SimpleUploadedFile(name, data.draw(st.binary(max_size=200)))
            accepted = answered(officer_client.post(reverse("campaigns:unit_import"), payload))
            confirmed = payload.get("step") == "confirm" and payload.get("token") == token and pending
            if not (accepted and confirmed):
                assert units_of(cole) == before, "the import changed units without its confirm"

    run()


# --- Annual reports ----------------------------------------------------------------------------------


def report_state(report: AnnualReport) -> tuple:
    fresh = AnnualReport.objects.get(pk=report.pk)
    return (
        model_to_dict(fresh, exclude=["updated_at"]),
        rows(fresh.content_results.order_by("pk"), "content", "text"),
        rows(fresh.criterion_results.order_by("pk"), "criterion", "text", "points"),
        rows(fresh.evidence.order_by("pk"), "pk", "original_name"),
    )


@FUZZ
@given(data=st.data())
def test_report_form(reporter_client, cole: CoLe, data):
    cole.report  # noqa: B018 - made once, outside the rolled-back examples
    with example():
        url = reverse("reporting:report", args=[cole.plan.pk, cole.year, cole.school.pk])
        before = report_state(cole.report)
        payload = fuzz(data, report_form(cole))
        if data.draw(st.booleans()):
            payload["files"] = SimpleUploadedFile(
                data.draw(st.sampled_from(["a.pdf", "ảnh.png", "x.exe", ".pdf"])),
                data.draw(st.one_of(st.just(PDF_BYTES), st.binary(max_size=100))),
            )
        if data.draw(st.booleans()):
            payload["submit"] = "1"
        check(reporter_client.post(url, payload), before, report_state(cole.report))


def same_version(posted, version: int) -> bool:
    """Whether the posted version field means `version` to the form."""
    try:
        return forms.IntegerField().clean(posted[-1] if isinstance(posted, list) else posted) == version
    except ValidationError:
        return False


@pytest.mark.parametrize("step", ["report_submit", "report_return"])
def test_report_workflow_forms(officer_client, cole: CoLe, step):
    """Submit and return redirect back to the report with a message whatever happens; a step
    is only taken with the version the page showed."""
    report = cole.report if step == "report_submit" else cole.submitted_report
    valid = {"version": report.version, **({"reason": "Thiếu minh chứng"} if step == "report_return" else {})}
    url = reverse(f"reporting:{step}", args=[report.pk])

    @FUZZ
    @given(data=st.data())
    def run(data):
        with example():
            before = report_state(report)
            payload = fuzz(data, valid)
            answered(officer_client.post(url, payload))
            after = report_state(report)
            if after[0]["status"] != before[0]["status"]:
                assert same_version(payload.get("version"), before[0]["version"]), "a stale step was applied"
            else:
                assert after == before
            assert not has_nul(after)

    run()


@FUZZ
@given(data=st.data())
def test_reminder_policy_form(officer_client, cole: CoLe, data):
    with example():
        before = rows(ReminderPolicy.objects.filter(plan=cole.plan))
        payload = fuzz(data, {"offsets": "14, 7, 3, 1, 0, -3"})
        response = officer_client.post(reverse("reporting:reminder_policy", args=[cole.plan.pk]), payload)
        after = rows(ReminderPolicy.objects.filter(plan=cole.plan))
        check(response, before, after)
        for policy in after:
            assert all(-30 <= offset <= 60 for offset in ReminderPolicy(offsets=policy["offsets"]).offset_list)


# --- The commune's report to the province ---------------------------------------------------------------


def commune_state(report: CommuneReport) -> tuple:
    fresh = CommuneReport.objects.get(pk=report.pk)
    return model_to_dict(fresh, exclude=["updated_at"]), rows(fresh.narratives.order_by("pk"), "content", "text")


@FUZZ
@given(data=st.data())
def test_commune_report_form(officer_client, cole: CoLe, data):
    cole.commune_report  # noqa: B018 - made once, outside the rolled-back examples
    with example():
        url = cole.commune_report.get_absolute_url()
        before = commune_state(cole.commune_report)
        payload = fuzz(data, commune_report_form(cole))
        if data.draw(st.booleans()):
            payload["submit"] = "1"
        check(officer_client.post(url, payload), before, commune_state(cole.commune_report))


@FUZZ
@given(data=st.data())
def test_commune_report_return_form(reviewer_client, cole: CoLe, data):
    cole.sent_commune_report  # noqa: B018 - made once, outside the rolled-back examples
    with example():
        report = cole.sent_commune_report
        before = commune_state(report)
        payload = fuzz(data, {"version": report.version, "reason": "Thiếu số liệu"})
        answered(reviewer_client.post(reverse("reporting:commune_report_return", args=[report.pk]), payload))
        after = commune_state(report)
        if after[0]["status"] != before[0]["status"]:
            assert same_version(payload.get("version"), before[0]["version"]), "a stale return was applied"
            assert after[0]["returned_reason"].strip()
        else:
            assert after == before
        assert not has_nul(after)


# --- Nomination dossiers ----------------------------------------------------------------------------


def nomination_state(nomination: Nomination) -> tuple:
    fresh = Nomination.objects.get(pk=nomination.pk)
    return (
        {**model_to_dict(fresh, exclude=["updated_at"]), "stages": rows(fresh.stages.order_by("pk"))},
        rows(fresh.documents.order_by("pk"), "pk", "kind", "original_name"),
        fresh.events.count(),
    )


def nominations_of(cole: CoLe) -> list:
    return rows(Nomination.objects.filter(unit__admin_unit=cole.commune).order_by("pk"), "pk", "achievements", "status")


@FUZZ
@given(data=st.data())
def test_nomination_create_form(officer_client, cole: CoLe, data):
    cole.nomination  # noqa: B018 - made once, outside the rolled-back examples
    with example():
        valid = {key: value for key, value in nomination_form(cole).items() if key != "version"}
        before = nominations_of(cole)
        response = officer_client.post(reverse("awards:nomination_create"), fuzz(data, valid))
        after = nominations_of(cole)
        check(response, before, after)
        assert len(after) <= len(before) + 1


@FUZZ
@given(data=st.data())
def test_nomination_update_form(officer_client, cole: CoLe, data):
    cole.nomination  # noqa: B018 - made once, outside the rolled-back examples
    with example():
        before = nomination_state(cole.nomination)
        response = officer_client.post(
            reverse("awards:nomination_update", args=[cole.nomination.pk]), fuzz(data, nomination_form(cole))
        )
        check(response, before, nomination_state(cole.nomination))


STEP_FIELDS = {
    "submit": {"comment": "Kính gửi"},
    "receive": {"comment": ""},
    "return": {"reason": "Thiếu tờ trình"},
    "appraise": {"comment": "Hồ sơ đầy đủ"},
    "record_council": {
        "comment": "",
        "council_meeting_date": "15/12/2026",
        "council_total_members": "9",
        "council_members_present": "9",
        "council_votes_for": "8",
        "council_votes_against": "1",
    },
    "decide": {
        "comment": "",
        "decision_number": "125/QĐ-UBND",
        "decision_date": "20/12/2026",
        "decision_signer": "Vũ Mạnh Cường",
    },
    "forward": {"comment": ""},
}


@pytest.fixture
def dossiers(cole: CoLe, commune_officer) -> dict[str, Nomination]:
    """Dossiers of Thôn Trung Lễ, one at each step of the commune's workflow."""

    def made(to: str) -> Nomination:
        nomination = award_services.nomination_create(
            by=commune_officer,
            plan=cole.plan,
            occasion="annual",
            award_form=cole.nomination.award_form,
            nominee_kind="collective",
            unit=cole.village,
            achievements=f"Thôn dẫn đầu phong trào ({to})",
        )
        nomination = advance(nomination, commune_officer, to=to) if to != "draft" else nomination
        if to == "appraised":  # a signed scan of the minutes, as an office may attach (not required)
            add_document(nomination, "council_minutes", commune_officer)
        return Nomination.objects.get(pk=nomination.pk)

    return {to: made(to) for to in ("draft", "submitted", "received", "appraised", "council_reviewed")}


@FUZZ
@given(data=st.data())
def test_nomination_steps(officer_client, dossiers, data):
    with example():
        state = data.draw(st.sampled_from(sorted(dossiers)))
        nomination = Nomination.objects.get(pk=dossiers[state].pk)
        action = data.draw(st.one_of(st.sampled_from(sorted(STEP_FIELDS)), junk))
        fields = STEP_FIELDS.get(action, {}) if isinstance(action, str) else {}
        valid = {"action": action, f"{action}-version": nomination.version}
        valid.update({f"{action}-{name}": value for name, value in fields.items()})
        before = nomination_state(nomination)
        payload = fuzz(data, valid)
        response = officer_client.post(reverse("awards:nomination_transition", args=[nomination.pk]), payload)
        after = nomination_state(nomination)
        check(response, before, after)
        if after[0]["status"] != before[0]["status"]:
            assert after[2] == before[2] + 1, "a step was taken without being recorded"
            assert same_version(payload.get(f"{action}-version"), before[0]["version"]), "a stale step was applied"
        decided = after[0]
        voted = {"council_reviewed": True, "council_rejected": False}
        if decided["status"] in voted and before[0]["status"] not in voted:
            [council] = [stage for stage in decided["stages"] if stage["level"] == "commune"]
            ballot = CouncilBallot.objects.select_related("meeting").get(pk=council["council_ballot_id"])
            assert ballot.cast <= ballot.meeting.voters <= ballot.meeting.total_members
            assert ballot.approved is voted[decided["status"]], "the dossier went against its vote"


@FUZZ
@given(data=st.data())
def test_nomination_document_upload(reporter_client, cole: CoLe, data):
    cole.nomination  # noqa: B018 - made once, outside the rolled-back examples
    with example():
        before = nomination_state(cole.nomination)
        name = data.draw(st.one_of(st.sampled_from(["to-trinh.pdf", "Tờ trình.pdf", "x.exe", "a.jpg", ".pdf"]), junk))
        content = data.draw(st.one_of(st.just(PDF_BYTES), st.binary(max_size=200)))
        payload = fuzz(data, {"kind": "proposal"})
        if data.draw(st.integers(0, 4)):
            payload["file"] = SimpleUploadedFile(str(name).replace("/", "_")[-200:] or "x", content)
        response = reporter_client.post(reverse("awards:document_upload", args=[cole.nomination.pk]), payload)
        after = nomination_state(cole.nomination)
        check(response, before, after)
        for document in NominationDocument.objects.filter(nomination=cole.nomination):
            assert document.original_name.isprintable()


# --- The plan import's review screen --------------------------------------------------------------------


@pytest.fixture
def review(officer_client):
    """The review screen of Cổ Lễ's seed plan, uploaded as text: what the browser posts from it."""
    response = upload_seed(officer_client, "000")
    assert response.status_code == 200
    return review_post(response)


@FUZZ
@given(data=st.data())
def test_import_review_form(officer_client, cole: CoLe, review, data):
    with example():
        before = Plan.objects.count()
        payload = fuzz(data, review, fixed=("step",))
        response = officer_client.post(reverse("campaigns:plan_import"), payload)
        accepted = answered(response)
        if not accepted:
            assert Plan.objects.count() == before
        else:
            plan = Plan.objects.order_by("-pk").first()
            assert not has_nul(plan_to_data(plan)), "a NUL byte was saved with the imported plan"


# --- Login ----------------------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_login_form(db, data):
    with example():
        client = Client(raise_request_exception=False)
        payload = fuzz(data, {"username": "cole", "password": "demo12345"})
        response = client.post(reverse("login"), payload)
        assert response.status_code < 500
        assert response.status_code in (200, 302, 429)
        if response.status_code == 302:  # logged in: only ever with the right password
            password = payload.get("password")
            assert (password[-1] if isinstance(password, list) else password) == "demo12345"


# --- Filters on list pages (GET) --------------------------------------------------------------------------

FILTERS = {
    # page: (who looks, its GET parameters)
    "campaigns:plan_list": ("officer", ["q", "status", "level", "page"]),
    "campaigns:unit_list": ("officer", ["q", "subject_type", "status", "page"]),
    "campaigns:unit_export": ("officer", ["q", "subject_type", "status", "template"]),
    "reporting:board": ("officer", ["plan", "year", "status", "subject_type"]),
    "reporting:notifications": ("officer", ["page"]),
    "reporting:commune_reports": ("officer", ["page"]),
    "awards:nomination_list": ("officer", ["plan", "occasion", "award_form", "status", "page"]),
    "awards:award_form_options": ("officer", ["plan", "occasion", "nominee_kind", "award_form"]),
    "awards:province_queue": ("reviewer", ["commune", "plan", "award_form", "occasion", "status", "page"]),
    "reporting:province_dashboard": ("reviewer", ["plan", "year", "plan_status", "report_status", "sort"]),
}
# Pages that answer 404 to a plan outside the user's scope (any other value is as good as that):
# the htmx options of a dossier's award forms, and the province dashboard.
PLAN_404 = {"awards:award_form_options", "reporting:province_dashboard"}


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_filter_forms(officer_client, reviewer_client, cole: CoLe, name):
    who, params = FILTERS[name]
    client = officer_client if who == "officer" else reviewer_client
    cole.nomination  # noqa: B018 - lists have something to filter
    valid = dict.fromkeys(params, "")

    @FUZZ
    @given(data=st.data())
    def run(data):
        with example():
            response = client.get(reverse(name), fuzz(data, valid))
            answered(response, allowed=(200, 404) if name in PLAN_404 else (200,))

    run()


# --- Asking for a PDF --------------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_document_request_form(officer_client, cole: CoLe, data):
    with example():
        valid = {
            "kind": data.draw(st.sampled_from(GeneratedDocument.Kind.values)),
            "plan": cole.plan.pk,
            "admin_unit": "",
            "year": cole.year,
            "occasion": "annual",
            "next": "/",
        }
        before = rows(GeneratedDocument.objects.order_by("pk"), "pk", "key")
        response = officer_client.post(reverse("reporting:document_request"), fuzz(data, valid))
        # An unknown kind or subject is "no such document" (404); a role that may not have it, 403.
        accepted = answered(response, allowed=(200, 302, 400, 403, 404))
        after = rows(GeneratedDocument.objects.order_by("pk"), "pk", "key", "year", "plan", "admin_unit", "kind")
        if not accepted:
            assert [{"pk": d["pk"], "key": d["key"]} for d in after] == before
        for document in after:
            assert document["kind"] == "province_summary" or document["plan"], "a document without its subject"
            assert document["year"] is None or 2000 <= document["year"] <= 2100


# --- NUL bytes, field by field ------------------------------------------------------------------------
# Random input reaches each field now and then; a NUL byte in a field that lets it through is a
# 500 on PostgreSQL, so every form also gets one in every field at once, and each field must
# say so (the form checks its fields independently of each other).

KEEP_AS_IS = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS", "step", "token", "action")


def with_nul(payload: dict) -> dict:
    def spoil(value):
        if isinstance(value, list):
            return [spoil(item) for item in value]
        if isinstance(value, SimpleUploadedFile):
            return value
        return f"Cổ\x00Lễ{value}"

    return {key: value if key.endswith(KEEP_AS_IS) else spoil(value) for key, value in payload.items()}


def bound_forms(response) -> list:
    """The bound forms of the page that answered (forms, formsets, the import review)."""
    found: dict[int, object] = {}

    def visit(value) -> None:
        if isinstance(value, BaseForm) and value.is_bound:
            found[id(value)] = value
        elif isinstance(value, BaseFormSet) and value.is_bound:
            for form in value.forms:
                visit(form)
        elif isinstance(value, PlanReview):
            visit(value.form)
            visit(list(value.formsets.values()))
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    contexts = response.context if isinstance(response.context, list) else [response.context]
    for context in contexts:
        visit(context.flatten())
    return list(found.values())


def fields_letting_nul_through(response) -> list[str]:
    through = []
    for form in bound_forms(response):
        for name, field in form.fields.items():
            if isinstance(field, forms.BooleanField | forms.FileField):
                continue  # any text is "checked", and files come apart from the text fields
            key = form.add_prefix(name)
            values = form.data.getlist(key) if hasattr(form.data, "getlist") else [form.data.get(key)]
            if any(isinstance(v, str) and "\x00" in v for v in values) and name not in form.errors:
                through.append(key)
    return through


def step(action: str, state: str) -> Callable:
    def url_and_payload(request, cole: CoLe):
        nomination = request.getfixturevalue("dossiers")[state]
        payload = {"action": action, f"{action}-version": nomination.version}
        payload.update({f"{action}-{name}": value for name, value in STEP_FIELDS[action].items()})
        return reverse("awards:nomination_transition", args=[nomination.pk]), payload

    return url_and_payload


def section_form(key: str, sub: str | None = None) -> Callable:
    def url_and_payload(request, cole: CoLe):
        kwargs = {"pk": cole.plan.pk, "section": key, **({"sub_id": getattr(cole, sub).pk} if sub else {})}
        url = reverse("campaigns:plan_subsection" if sub else "campaigns:plan_section", kwargs=kwargs)
        return url, plan_section(key, sub)(cole)

    return url_and_payload


def issue_form(request, cole: CoLe):
    plan = request.getfixturevalue("draft_plan")
    payload = {"number": "99/KH-UBND", "issued_on": "01/12/2026", "place": "Cổ Lễ", "signer_name": "Vũ Mạnh Cường"}
    payload.update(signer_capacity="TM. ỦY BAN NHÂN DÂN", signer_title="CHỦ TỊCH", version=plan.version)
    return reverse("campaigns:plan_issue", args=[plan.pk]), payload


def review_form(request, cole: CoLe):
    # The pending import waits in the session of officer_client, which posts it.
    return reverse("campaigns:plan_import"), request.getfixturevalue("review")


NUL_FORMS: dict[str, tuple[str, Callable]] = {
    # form: (who posts it, (request, cole) → (url, valid payload))
    "plan general": ("officer", lambda r, c: (reverse("campaigns:plan_edit", args=[c.plan.pk]), plan_general(c))),
    **{f"plan section {key}": ("officer", section_form(key)) for key, spec in SECTIONS.items() if not spec.nested},
    "plan section criteria": ("officer", section_form("criteria", "criterion_group")),
    "plan section award_forms": ("officer", section_form("award_forms", "award_section")),
    "plan issue": ("officer", issue_form),
    "plan import review": ("officer", review_form),
    "unit create": (
        "officer",
        lambda r, c: (reverse("campaigns:unit_create"), {**UNIT_CREATE, "subject_type": unit_edit(c)["subject_type"]}),
    ),
    "unit update": ("officer", lambda r, c: (reverse("campaigns:unit_update", args=[c.school.pk]), unit_edit(c))),
    "reporter account": (
        "officer",
        lambda r, c: (
            reverse("campaigns:unit_reporter_create", args=[c.school.pk]),
            {
                "username": "moi.cole",
                "full_name": "Nguyễn Văn Mới",
                "email": "moi@cole.gov.vn",
                "password1": "Thi-dua-2026",
                "password2": "Thi-dua-2026",
            },
        ),
    ),
    "report": ("reporter", lambda r, c: (c.report.get_absolute_url(), report_form(c))),
    "report return": (
        "officer",
        lambda r, c: (
            reverse("reporting:report_return", args=[c.submitted_report.pk]),
            {"version": c.submitted_report.version, "reason": "Thiếu"},
        ),
    ),
    "reminder policy": (
        "officer",
        lambda r, c: (reverse("reporting:reminder_policy", args=[c.plan.pk]), {"offsets": "7, 3"}),
    ),
    "commune report": ("officer", lambda r, c: (c.commune_report.get_absolute_url(), commune_report_form(c))),
    "commune report return": (
        "reviewer",
        lambda r, c: (
            reverse("reporting:commune_report_return", args=[c.sent_commune_report.pk]),
            {"version": c.sent_commune_report.version, "reason": "Thiếu"},
        ),
    ),
    "nomination create": (
        "officer",
        lambda r, c: (
            reverse("awards:nomination_create"),
            {k: v for k, v in nomination_form(c).items() if k != "version"},
        ),
    ),
    "nomination update": (
        "officer",
        lambda r, c: (reverse("awards:nomination_update", args=[c.nomination.pk]), nomination_form(c)),
    ),
    "step return": ("officer", step("return", "submitted")),
    "step receive": ("officer", step("receive", "submitted")),
    "step appraise": ("officer", step("appraise", "received")),
    "step record_council": ("officer", step("record_council", "appraised")),
    "step decide": ("officer", step("decide", "council_reviewed")),
    "council meeting": (
        "officer",
        lambda r, c: (
            reverse("awards:council_create"),
            {
                "held_on": "15/12/2026",
                "number": "01/BB-HĐTĐKT",
                "place": "Hội trường",
                "chair_name": "Vũ Mạnh Cường",
                "secretary_name": "Trần Thị Hoa",
                "total_members": "9",
                "members_present": "9",
                "written_votes": "0",
                "written_voters": "",
                "secret_ballot": "on",
                "notes": "Ghi chú",
            },
        ),
    ),
    "document upload": (
        "reporter",
        lambda r, c: (
            reverse("awards:document_upload", args=[c.nomination.pk]),
            {"kind": "proposal", "file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
        ),
    ),
    "login": ("anonymous", lambda r, c: (reverse("login"), {"username": "cole", "password": "demo12345"})),
}


@pytest.mark.parametrize("name", list(NUL_FORMS))
def test_every_field_refuses_a_nul_byte(request, cole: CoLe, name):
    who, url_and_payload = NUL_FORMS[name]
    client = Client(raise_request_exception=False)
    if who == "officer":
        client = request.getfixturevalue("officer_client")
    elif who != "anonymous":
        client.force_login(
            request.getfixturevalue(
                {"officer": "commune_officer", "reporter": "unit_reporter", "reviewer": "province_reviewer"}[who]
            )
        )
    url, payload = url_and_payload(request, cole)
    response = client.post(url, with_nul(payload))
    assert response.status_code in (200, 400), f"{name}: {response.status_code}"
    assert bound_forms(response), f"{name}: no form on the page to check"
    assert not fields_letting_nul_through(response), f"{name}: these fields accept a NUL byte"
    if name != "document upload":  # its only text is a choice: "not one of the choices"
        assert "ký tự rỗng (NUL)" in response.content.decode(), f"{name}: the page does not say what is wrong"


# --- Odd dates, in every date field of a workflow step ---------------------------------------------------

DATE_FIELDS = [
    # (form in NUL_FORMS, date field, what it changes)
    ("plan issue", "issued_on", lambda request: plan_state(request.getfixturevalue("draft_plan"))),
    (
        "step record_council",
        "record_council-council_meeting_date",
        lambda request: nomination_state(request.getfixturevalue("dossiers")["appraised"]),
    ),
    (
        "step decide",
        "decide-decision_date",
        lambda request: nomination_state(request.getfixturevalue("dossiers")["council_reviewed"]),
    ),
    ("council meeting", "held_on", lambda request: rows(CouncilMeeting.objects.order_by("pk"))),
]


@pytest.mark.parametrize("date", ["31/02/2026", "00/00/0000", "2026-13-01", "05/12/99999", "", "29/02/2025"])
@pytest.mark.parametrize(("form", "field", "state"), DATE_FIELDS, ids=[form for form, *_rest in DATE_FIELDS])
def test_an_odd_date_is_a_form_error(request, officer_client, cole: CoLe, form, field, state, date):
    url, payload = NUL_FORMS[form][1](request, cole)
    before = state(request)
    response = officer_client.post(url, {**payload, field: date})
    assert response.status_code == 200
    assert field.split("-")[-1] in {name for f in bound_forms(response) for name in f.errors}
    assert state(request) == before
    if date:
        assert "Ngày không hợp lệ" in response.content.decode()


# --- Sharp values, every parameter in turn ----------------------------------------------------------------
# Values that once crashed a view, tried in every parameter of the filter pages and of the PDF
# request (random input reaches a given parameter with a given value only now and then).

SHARP = ["²", "Cổ\x00Lễ", "9" * 25, "9" * 5_000, "-1", "x" * 10_000, "31/02/2026"]


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_filter_parameters_take_sharp_values(officer_client, reviewer_client, cole: CoLe, name):
    who, params = FILTERS[name]
    client = officer_client if who == "officer" else reviewer_client
    allowed = (200, 404) if name in PLAN_404 else (200,)
    for param in params:
        for value in SHARP:
            response = client.get(reverse(name), {param: value})
            assert response.status_code in allowed, f"{name}?{param}={value[:20]!r}: {response.status_code}"


def test_document_request_takes_sharp_values(officer_client, cole: CoLe):
    valid = {"kind": "commune_summary", "plan": cole.plan.pk, "year": cole.year, "occasion": "", "next": "/"}
    for param in valid:
        for value in SHARP:
            response = officer_client.post(reverse("reporting:document_request"), {**valid, param: value})
            assert response.status_code in (200, 302, 404), f"{param}={value[:20]!r}: {response.status_code}"
    assert all(d.year == cole.year and d.plan_id == cole.plan.pk for d in GeneratedDocument.objects.all())


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "province_summary", "year": "2026"},  # no province
        {"kind": "commune_summary", "year": "2026"},  # no plan
        {"kind": "plan"},  # no plan
        {"kind": "commune_summary", "plan": "abc", "year": "2026"},
        {"kind": "commune_summary", "plan": "PLAN", "year": "²"},
        {"kind": "commune_summary", "plan": "PLAN", "year": "99999"},
        {"kind": "commune_summary", "plan": "PLAN"},  # no year
        {"kind": "nomination_list", "plan": "PLAN"},  # no occasion
        {"kind": "nomination_list", "plan": "PLAN", "occasion": "hàng năm"},
    ],
    ids=lambda payload: "&".join(f"{k}={v}" for k, v in payload.items()),
)
def test_a_pdf_request_without_its_subject_is_404(officer_client, cole: CoLe, payload):
    """The PDF buttons post hidden fields; a request they never make is "no such document"."""
    payload = {key: cole.plan.pk if value == "PLAN" else value for key, value in payload.items()}
    response = officer_client.post(reverse("reporting:document_request"), payload)
    assert response.status_code == 404
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize("plan", ["²", "9" * 5_000])
def test_award_form_options_with_a_plan_that_is_no_number(officer_client, plan):
    """ "²".isdigit() is true but int("²") fails, and so does int() of 5,000 digits: the options
    answer as if no plan were chosen."""
    response = officer_client.get(reverse("awards:award_form_options"), {"plan": plan, "occasion": "annual"})
    assert response.status_code == 200 and response.context["award_forms"].count() == 0


@pytest.mark.parametrize("which", ["units", "plan"])
def test_a_hand_made_confirm_token_is_refused_as_stale(request, officer_client, cole: CoLe, which):
    """A token with non-ASCII letters (compare_digest refuses to compare them) while a preview waits."""
    if which == "units":
        request.getfixturevalue("pending_unit_import")
        url, payload, before = reverse("campaigns:unit_import"), {"step": "confirm"}, units_of(cole)
    else:
        url, payload, before = reverse("campaigns:plan_import"), request.getfixturevalue("review"), units_of(cole)
    plans = Plan.objects.count()
    response = officer_client.post(url, {**payload, "token": "mã-giả-Cổ-Lễ"})
    assert response.status_code == 302 and response.url == url
    assert (units_of(cole), Plan.objects.count()) == (before, plans)


def test_a_user_name_longer_than_any_is_a_form_error():
    client = Client(raise_request_exception=False)
    response = client.post(reverse("login"), {"username": "a" * 256, "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not AccessAttempt.objects.exists()  # nothing recorded (PostgreSQL keeps 255 characters)
