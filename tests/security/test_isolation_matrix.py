"""Tenant isolation, view by view: every URL of the portal is requested by every actor who must
not reach xã Cổ Lễ's objects, with those objects in the URL (or the form), and must answer 403
or 404 — never 200, never a redirect, never 500.

Three tables cover the whole URLconf:

- OBJECT_VIEWS: views that take an object (in the URL, or in the posted form). Each row says
  how to fill the URL with an object of Cổ Lễ, what the owner would post, and which actors
  must be refused on GET and on POST.
- PAGES: views without an object (lists, dashboards, create pages). Each row says which
  actors get a 403; everyone else gets the page, which must not show anything of Cổ Lễ.
- SECRET_LINKS: views without a login whose URL carries a secret (the calendar feed): a forged
  or revoked secret is a 404 for everyone.

`test_every_view_is_in_the_matrix` walks django.urls.get_resolver(): a new view that is in
no table fails it, so no view escapes these checks.
"""

import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from awards.forms import NominationForm
from awards.models import Nomination
from campaigns.forms.plans import PlanGeneralForm
from campaigns.forms.units import UnitForm
from campaigns.models import Plan
from campaigns.plan_sections import SECTIONS
from campaigns.selectors import plans_visible_to
from reporting import calendar as reporting_calendar
from reporting.forms import CommuneReportForm, ReportForm
from reporting.models import ContentResult
from reporting.selectors import commune_reports as province
from reporting.selectors import reports as report_selectors
from tests.security.conftest import MARK, CoLe, pdf

pytestmark = pytest.mark.django_db

# Actors outside Cổ Lễ: another province's officer (tayhieu, phường Tây Hiếu, Nghệ An) and
# reviewer, and the officer of another commune of Ninh Bình (xuantruong).
OUTSIDERS = ("outsider", "nghe_an_reviewer", "neighbour_officer")
# Actors inside Cổ Lễ who may read but not write: the read-only viewer, and the reporter of
# another unit (Phòng Kinh tế) who has no business with the school's report or dossier.
INSIDERS = ("commune_viewer", "other_unit_reporter")
EVERYONE = OUTSIDERS + INSIDERS
# Public URLs: no login needed, nothing of a commune behind them.
PUBLIC = {"login", "logout", "set_language", "healthz", "favicon"}
REFUSED = (403, 404)

Data = Callable[[CoLe], dict]


def nothing(cole: CoLe) -> dict:
    return {}


# --- What the owner posts: a payload that would succeed, so a missing check would show ------------


def as_post(form) -> dict:
    """The POST data a browser sends for this (unbound) form as the page shows it."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            value = ""
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
            continue
        if hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        data[bound.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    return data


def plan_general(cole: CoLe) -> dict:
    plan = cole.fresh("plan")
    return {**as_post(PlanGeneralForm(instance=plan)), "version": plan.version, "reason": "Điều chỉnh câu chữ"}


def plan_section(key: str, sub: str | None = None) -> Data:
    def data(cole: CoLe) -> dict:
        plan = cole.fresh("plan")
        spec = SECTIONS[key]
        parent = getattr(cole, sub) if sub else plan
        formset = spec.formset_class()(instance=parent, queryset=spec.queryset(parent), prefix="items")
        if "parent_plan" in spec.fields:
            for form in formset.forms:
                form.fields["parent_plan"].queryset = plans_visible_to(cole.officer)
        payload = as_post(formset.management_form)
        for form in formset.forms:  # the saved items, then the blank row the page adds
            payload.update(as_post(form))
        return {**payload, "version": plan.version, "reason": "Điều chỉnh câu chữ"}

    return data


def plan_issue(cole: CoLe) -> dict:
    return {
        "number": "99/KH-UBND",
        "issued_on": "01/12/2026",
        "place": "Cổ Lễ",
        "signer_capacity": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Vũ Mạnh Cường",
        "version": cole.fresh("plan").version,
    }


def unit_edit(cole: CoLe) -> dict:
    return as_post(UnitForm(instance=cole.school))


def reporter_account(cole: CoLe) -> dict:
    password = "Thi-dua-Co-Le-2026"
    return {"username": "moi.cole", "full_name": "Nguyễn Văn Mới", "password1": password, "password2": password}


def report_form(cole: CoLe) -> dict:
    page = report_selectors.report_page(plan=cole.plan, year=cole.year, unit=cole.school)
    return {**as_post(ReportForm(page=page)), "version": cole.fresh("report").version}


def version_of(name: str, **extra) -> Data:
    return lambda cole: {"version": cole.fresh(name).version, **extra}


def commune_report_form(cole: CoLe) -> dict:
    page = province.commune_report_page(plan=cole.province_plan, year=cole.year, commune=cole.commune)
    return as_post(CommuneReportForm(page=page))


def nomination_form(cole: CoLe) -> dict:
    return as_post(NominationForm(instance=cole.fresh("nomination"), user=cole.officer))


def nomination_step(cole: CoLe) -> dict:
    return {"action": "submit", "submit-version": cole.fresh("nomination").version}


def nomination_upload(cole: CoLe) -> dict:
    return {"kind": "achievement_report", "file": pdf("bao-cao-thanh-tich.pdf")}


def decision_header(cole: CoLe) -> dict:
    from awards.decision_forms import DecisionForm

    decision = cole.fresh("draft_decision")
    return {**as_post(DecisionForm(instance=decision)), "version": decision.version}


def decision_sign(cole: CoLe) -> dict:
    decision = cole.fresh("draft_decision")
    return {"version": decision.version, "number": "126/QĐ-UBND", "decided_on": "20/12/2026", "scan": pdf("qd.pdf")}


def decision_line(cole: CoLe) -> dict:
    from awards.models import AwardForm

    collective = cole.fresh("awardee")
    collective.pk = None
    collective.name, collective.kind, collective.unit = cole.village.name, "collective", cole.village
    collective.save()
    return {"awardee": collective.pk, "award_form": AwardForm.objects.get(code="giay_khen").pk, "achievement": "Tốt"}


def council_meeting_form(cole: CoLe) -> dict:
    from awards.council_forms import MeetingForm

    meeting = cole.fresh("council_meeting")
    return {**as_post(MeetingForm(instance=meeting)), "version": meeting.version}


def council_votes(cole: CoLe) -> dict:
    waiting = cole.waiting_nomination
    return {f"votes_for_{waiting.pk}": 8, f"votes_against_{waiting.pk}": 1}


def awardee_form(cole: CoLe) -> dict:
    from awards.decision_forms import AwardeeForm

    return as_post(AwardeeForm(instance=cole.fresh("awardee"), admin_unit_id=cole.commune.pk))


def proposal_inputs(cole: CoLe) -> dict:
    return {"version": cole.fresh("proposal").version, "rating": "good", "discipline": "none", "achievement": "Tốt"}


def proposal_override(cole: CoLe) -> dict:
    from awards.services.evaluation import evaluate

    check = evaluate(cole.fresh("proposal")).failed[0].check
    return {"check_id": check.pk, "reason": "Có đề án được UBND xã ghi nhận"}


def members_ratings(cole: CoLe) -> dict:
    from awards.cycle_selectors import members_and_ratings

    members, _ratings = members_and_ratings(cole.collective_proposal)
    return {f"rating_{m.pk}": "good" for m in members} | {f"discipline_{m.pk}": "none" for m in members}


def from_registrations(cole: CoLe) -> dict:
    from awards.services.registration import registrations_consolidate_all

    registrations_consolidate_all(admin_unit=cole.commune, year=cole.year, by=cole.officer)
    return {"year": cole.year}


def issue_decisions(cole: CoLe) -> dict:
    cole.approved("Phạm Văn Thắng", "lao_dong_tien_tien")
    return {"year": cole.year, "grouping": "one"}


def send_to_province(cole: CoLe) -> dict:
    sent = cole.approved("Phạm Văn Thắng", "chien_si_thi_dua_tinh")
    return {
        "year": cole.year,
        "proposals": [sent.pk],
        "submission_number": "61/TTr-UBND",
        "submission_date": "23/12/2026",
    }


def initiative_form(cole: CoLe) -> dict:
    from awards.cycle_forms import InitiativeForm

    return as_post(InitiativeForm(instance=cole.fresh("initiative"), admin_unit_id=cole.commune.pk))


# --- The table of views that take an object ---------------------------------------------------------


@dataclass(frozen=True)
class View:
    name: str
    kwargs: Callable[[CoLe], dict]  # the URL filled with an object of Cổ Lễ
    get_refused: tuple[str, ...]  # actors whose GET must be a 403/404 (a POST-only view may say 405)
    post_refused: tuple[str, ...]  # actors whose POST must be a 403/404 (a GET-only view may say 405)
    data: Data = nothing  # what the owner would post: valid, so a missing check would save it
    query: Data = nothing  # GET parameters
    owner: str = "commune_officer"  # who may use it: proves the URL really reaches the object
    writes: bool = False  # the owner's POST is accepted (a redirect): the payload is a real one
    variant: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name


def read(name, kwargs, *, also=(), **options) -> View:
    """A page that reads the object: the actors outside Cổ Lễ (and `also`) are refused."""
    refused = OUTSIDERS + tuple(also)
    return View(name, kwargs, get_refused=refused, post_refused=refused, **options)


def write(name, kwargs, data=nothing, *, readers=(), **options) -> View:
    """A page that changes the object: everyone but its writers is refused; `readers` may
    still GET the page (read-only)."""
    get_refused = tuple(role for role in EVERYONE if role not in readers)
    return View(name, kwargs, get_refused=get_refused, post_refused=EVERYONE, data=data, writes=True, **options)


def plan(cole: CoLe) -> dict:
    return {"pk": cole.plan.pk}


def school(cole: CoLe) -> dict:
    return {"pk": cole.school.pk}


def pk_of(name: str) -> Callable[[CoLe], dict]:
    return lambda cole: {"pk": getattr(cole, name).pk}


def the_report(cole: CoLe) -> dict:
    return {"plan_id": cole.plan.pk, "year": cole.year, "unit_id": cole.report.unit_id}


def the_commune_report(cole: CoLe) -> dict:
    return {"plan_id": cole.province_plan.pk, "year": cole.year, "commune_id": cole.commune.pk}


def registration_page(cole: CoLe) -> dict:
    cole.registration  # noqa: B018 - the school's registration exists, with its secret
    return {"year": cole.year, "unit_id": cole.school.pk}


def the_commune(cole: CoLe) -> dict:
    cole.registration  # noqa: B018
    return {"commune_id": cole.commune.pk}


def code_pk(code: str) -> int:
    from awards.models import AwardForm

    return AwardForm.objects.get(code=code).pk


def registration_line(cole: CoLe) -> dict:
    from awards.models import Awardee

    teacher = Awardee.objects.get(name="Phạm Văn Thắng", unit=cole.school)
    return {"awardee": teacher.pk, "award_form": code_pk("chien_si_thi_dua_co_so")}


def section(key: str) -> View:
    return write(
        "campaigns:plan_section",
        lambda cole: {"pk": cole.plan.pk, "section": key},
        plan_section(key),
        variant=key,
    )


def subsection(key: str, sub: str) -> View:
    return write(
        "campaigns:plan_subsection",
        lambda cole: {"pk": cole.plan.pk, "section": key, "sub_id": getattr(cole, sub).pk},
        plan_section(key, sub),
        variant=key,
    )


OBJECT_VIEWS: list[View] = [
    # Plans
    read("campaigns:plan_detail", plan),
    read("campaigns:plan_diff", plan),
    write("campaigns:plan_edit", plan, plan_general),
    *[section(key) for key, spec in SECTIONS.items() if not spec.nested],
    subsection("criteria", "criterion_group"),
    subsection("award_forms", "award_section"),
    write("campaigns:plan_issue", plan, plan_issue),
    # Deriving works on the province plan, which Xuân Trường (same province) may derive from
    # too: the actors of another province and the roles of Cổ Lễ that may not write are refused.
    View(
        "campaigns:plan_derive",
        lambda cole: {"pk": cole.draft_province_plan.pk},
        get_refused=(),
        post_refused=("outsider", "nghe_an_reviewer", *INSIDERS),
        writes=True,
    ),
    # Participating units
    write("campaigns:unit_update", school, unit_edit),
    write("campaigns:unit_deactivate", school),
    write("campaigns:unit_reactivate", school),
    write("campaigns:unit_reporter_create", school, reporter_account),
    # Annual reports
    read("reporting:unit_reports", lambda cole: {"unit_id": cole.school.pk}, also=["other_unit_reporter"]),
    write("reporting:report", the_report, report_form, readers=["commune_viewer"]),
    write("reporting:report_submit", pk_of("report"), version_of("report")),
    write("reporting:report_return", pk_of("submitted_report"), version_of("submitted_report", reason="Thiếu số liệu")),
    read("reporting:evidence_download", pk_of("evidence"), also=["other_unit_reporter"]),
    write("reporting:evidence_delete", pk_of("evidence")),
    # Chasing from the board: the plan is in the form (remind) or the query (the Excel list).
    write("reporting:board_remind", nothing, lambda cole: {"plan": cole.plan.pk, "year": cole.year}),
    View(
        "reporting:board_missing_export",
        nothing,
        get_refused=EVERYONE,  # the officer's working list (contacts), not the viewer's
        post_refused=EVERYONE,
        query=lambda cole: {"plan": cole.plan.pk, "year": cole.year},
    ),
    write("reporting:reminder_policy", lambda cole: {"plan_id": cole.plan.pk}, lambda cole: {"offsets": "7, 3, 1"}),
    # Many dossiers at once from the list: the ids are in the form.
    write(
        "awards:nomination_bulk",
        nothing,
        lambda cole: {"action": "receive", "ids": [cole.nomination.pk], f"version_{cole.nomination.pk}": 1},
    ),
    # Chasing the communes from the province dashboard: the province's reviewer only.
    View(
        "reporting:province_remind",
        nothing,
        get_refused=EVERYONE,
        post_refused=EVERYONE,
        data=lambda cole: {"plan": cole.province_plan.pk, "year": cole.year},
        writes=True,
        owner="province_reviewer",
    ),
    View(
        "reporting:province_missing_export",
        nothing,
        get_refused=EVERYONE,
        post_refused=EVERYONE,
        query=lambda cole: {"plan": cole.province_plan.pk, "year": cole.year},
        owner="province_reviewer",
    ),
    # PDFs: the subject is in the posted form; a unit reporter may have the plan, not a summary.
    read(
        "reporting:document_request",
        nothing,
        also=["other_unit_reporter"],
        data=lambda cole: {"kind": "commune_summary", "plan": cole.plan.pk, "year": cole.year},
    ),
    # A plan document being imported: only the officer who uploaded it reads its progress and review.
    read("campaigns:plan_import_progress", pk_of("plan_import"), also=INSIDERS),
    read("campaigns:plan_import_status", pk_of("plan_import"), also=INSIDERS),
    read("reporting:document_status", pk_of("generated_document"), also=["other_unit_reporter"]),
    read("reporting:document_download", pk_of("generated_document"), also=["other_unit_reporter"]),
    # A notification is its recipient's alone.
    read("reporting:notification_open", pk_of("notification"), also=INSIDERS),
    # The commune's report to the province
    write("reporting:commune_report", the_commune_report, commune_report_form, readers=["commune_viewer"]),
    write("reporting:commune_report_submit", pk_of("commune_report"), version_of("commune_report", confirm_early="1")),
    write(
        "reporting:commune_report_return",
        pk_of("sent_commune_report"),
        version_of("sent_commune_report", reason="Thiếu số liệu"),
        owner="province_reviewer",
    ),
    # Nomination dossiers
    read("awards:nomination_detail", pk_of("nomination"), also=["other_unit_reporter"]),
    write("awards:nomination_update", pk_of("nomination"), nomination_form),
    write("awards:nomination_transition", pk_of("nomination"), nomination_step),
    write("awards:document_upload", pk_of("nomination"), nomination_upload),
    write("awards:document_delete", pk_of("nomination_document")),
    read("awards:document_download", pk_of("nomination_document"), also=["other_unit_reporter"]),
    # Decisions, their PDFs and the register (a unit reporter has none of them)
    read("awards:decision_detail", pk_of("signed_decision"), also=["other_unit_reporter"]),
    read("awards:decision_pdf", pk_of("signed_decision"), also=["other_unit_reporter"]),
    read("awards:decision_docx", pk_of("signed_decision"), also=["other_unit_reporter"]),
    read("awards:decision_certificates", pk_of("signed_decision"), also=["other_unit_reporter"]),
    read("awards:decision_scan", pk_of("signed_decision"), also=["other_unit_reporter"]),
    write("awards:decision_update", pk_of("draft_decision"), decision_header),
    write(
        "awards:decision_add_nominations",
        pk_of("draft_decision"),
        lambda cole: {"nominations": [cole.decided_nomination.pk]},
    ),
    write("awards:decision_add_line", pk_of("draft_decision"), decision_line),
    write("awards:decision_remove_line", pk_of("decision_line")),
    write("awards:decision_sign", pk_of("draft_decision"), decision_sign),
    write(
        "awards:decision_revoke",
        pk_of("signed_decision"),
        lambda cole: {"revoking": cole.revoking_decision.pk, "reason": "Kê khai sai"},
    ),
    # The council: its meetings and their minutes are the commune's staff's (a unit reporter
    # reads its dossier's result on the dossier page); written by the commune's office.
    read("awards:council_detail", pk_of("council_meeting"), also=["other_unit_reporter"]),
    read("awards:council_minutes_pdf", pk_of("council_meeting"), also=["other_unit_reporter"]),
    read("awards:council_minutes_docx", pk_of("council_meeting"), also=["other_unit_reporter"]),
    write("awards:council_update", pk_of("council_meeting"), council_meeting_form),
    write("awards:council_add_ballots", pk_of("council_meeting"), council_votes),
    write("awards:council_close", pk_of("council_meeting"), version_of("council_meeting")),
    write("awards:council_ballot_update", pk_of("council_line"), lambda cole: {"votes_for": 7, "votes_against": 2}),
    write("awards:council_ballot_remove", pk_of("council_line")),
    read("awards:awardee_detail", pk_of("awardee"), also=["other_unit_reporter"]),
    # The yearly cycle: initiatives, proposals, their evaluation and what comes out of it.
    write("awards:initiative_update", pk_of("initiative"), initiative_form, readers=()),
    write("awards:initiative_delete", pk_of("initiative")),
    read("awards:proposal_detail", pk_of("proposal"), also=["other_unit_reporter"]),
    write("awards:proposal_update", pk_of("proposal"), proposal_inputs),
    write("awards:proposal_override", pk_of("proposal"), proposal_override),
    write("awards:proposal_members", pk_of("collective_proposal"), members_ratings),
    # The unit's own approved proposals (in the form, or all of them): another commune finds none
    # of Cổ Lễ's among its own (a message, nothing changed); Cổ Lễ's read-only roles are refused.
    View("awards:cycle_from_registrations", nothing, INSIDERS, INSIDERS, data=from_registrations, writes=True),
    View("awards:cycle_issue_decisions", nothing, INSIDERS, INSIDERS, data=issue_decisions, writes=True),
    View("awards:cycle_send_to_province", nothing, INSIDERS, INSIDERS, data=send_to_province, writes=True),
    write("awards:awardee_update", pk_of("awardee"), awardee_form),
    # Registration (đăng ký thi đua): the school's page and steps (its reporter or the
    # officer write, the viewer reads); the commune's steps are the officer's.
    read("awards:registration_unit", registration_page, also=["other_unit_reporter"]),
    write(
        "awards:registration_title",
        registration_page,
        lambda cole: {"collective_title": code_pk("tap_the_lao_dong_tien_tien")},
    ),
    write("awards:registration_line_add", registration_page, registration_line),
    write(
        "awards:registration_person_add",
        registration_page,
        lambda cole: {"name": "Lê Thị Lan", "award_form": code_pk("lao_dong_tien_tien")},
    ),
    write("awards:registration_line_remove", pk_of("registration_line")),
    write("awards:registration_submit", pk_of("registration")),
    write("awards:registration_return", pk_of("registration"), lambda cole: {"reason": "Thiếu ngày sinh"}),
    write("awards:registration_consolidate", pk_of("registration")),
    write("awards:registration_consolidate_all", the_commune, lambda cole: {"year": cole.year}),
    write("awards:registration_remind", the_commune, lambda cole: {"year": cole.year}),
    # The award forms a dossier under Cổ Lễ's plan may ask for (htmx): Cổ Lễ's own reporters
    # nominate their units under it; the viewer nominates nothing.
    read(
        "awards:award_form_options",
        nothing,
        also=["commune_viewer"],
        query=lambda cole: {"plan": cole.plan.pk, "occasion": "annual", "nominee_kind": "collective"},
    ),
]


# --- The table of pages without an object -----------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    query: Data = nothing  # parameters that try to pull Cổ Lễ's objects into the page
    status: dict[str, int] = field(default_factory=dict)  # actor → status, when not 200

    @property
    def id(self) -> str:
        return self.name


def only(status: int, *roles: str) -> dict[str, int]:
    return dict.fromkeys(roles, status)


COMMUNE_WRITERS_ONLY = only(403, "nghe_an_reviewer", *INSIDERS)  # a commune's officer writes
PROVINCE_ONLY = only(403, "outsider", "neighbour_officer", *INSIDERS)  # the province's staff

PAGES: list[Page] = [
    Page("home"),
    # Search words that Cổ Lễ's plan and units match (the box shows them back, so not the name).
    Page("campaigns:plan_list", lambda cole: {"q": "chuyển đổi số"}),
    Page("campaigns:plan_import", status=only(403, *INSIDERS)),
    Page("campaigns:unit_list", lambda cole: {"q": "Trường", "status": "all"}),
    Page("campaigns:unit_create", status=COMMUNE_WRITERS_ONLY),
    Page("campaigns:unit_import", status=COMMUNE_WRITERS_ONLY),
    Page("campaigns:unit_export", lambda cole: {"q": "Trường", "status": "all"}),
    Page(
        "reporting:board",
        lambda cole: {"plan": cole.plan.pk, "year": cole.year},
        status={"other_unit_reporter": 302},  # a reporter is sent to their own unit's reports
    ),
    Page("reporting:notifications"),
    Page("reporting:notice_preferences"),  # the user's own choice of how they are told
    # Asking for Ninh Bình's plan on Nghệ An's dashboard is outside the reviewer's scope.
    Page(
        "reporting:province_dashboard",
        lambda cole: {"plan": cole.province_plan.pk},
        status={**PROVINCE_ONLY, "nghe_an_reviewer": 404},
    ),
    Page("reporting:province_statistics", status=PROVINCE_ONLY),
    Page("reporting:province_statistics_export", status=PROVINCE_ONLY),
    # The province's staff are sent to their dashboard; a unit reporter has no commune report.
    Page("reporting:commune_reports", status={"nghe_an_reviewer": 302, "other_unit_reporter": 404}),
    Page("awards:nomination_list", lambda cole: {"plan": cole.plan.pk, "status": "draft"}),
    Page(
        "awards:province_queue",
        lambda cole: {"commune": cole.commune.pk, "plan": cole.plan.pk},
        status=PROVINCE_ONLY,
    ),
    # The queue's suggestions, asked for Cổ Lễ: another province's reviewer is offered nothing of it.
    Page("awards:province_queue_communes", lambda cole: {"commune": cole.commune.name}, status=PROVINCE_ONLY),
    Page("awards:province_queue_plans", lambda cole: {"plan": cole.commune.name}, status=PROVINCE_ONLY),
    Page("awards:nomination_create", status=only(403, "nghe_an_reviewer", "commune_viewer")),
    Page("reporting:calendar_settings"),  # the user's own calendar link and deadlines
    Page("devtools:blank"),  # the benchmark's floor: the base template only, nothing of a commune
    # Decisions and the register: the commune's staff and the province's; written by their offices.
    Page("awards:decision_list", status=only(403, "other_unit_reporter")),
    Page("awards:decision_create", status=only(403, *INSIDERS)),
    Page("awards:register_list", lambda cole: {"q": "pham van thang"}, status=only(403, "other_unit_reporter")),
    Page("awards:register_export", lambda cole: {"q": "pham"}, status=only(403, "other_unit_reporter")),
    Page("awards:register_add", status=only(403, *INSIDERS)),
    Page("awards:register_import", status=only(403, *INSIDERS)),
    Page("awards:awardee_create", status=only(403, *INSIDERS)),
    Page("awards:certificate_calibration", status=only(403, "other_unit_reporter")),
    # Registration: the commune's list (a reporter is sent to their own unit's page), its
    # Excel, the missing list, the import and the deadline (the officer's).
    Page(
        "awards:registration_board",
        lambda cole: {"year": cole.year},
        status={"nghe_an_reviewer": 403, "other_unit_reporter": 302},
    ),
    Page(
        "awards:registration_export",
        lambda cole: {"year": cole.year},
        status=only(403, "nghe_an_reviewer", "other_unit_reporter"),
    ),
    Page("awards:registration_missing_export", lambda cole: {"year": cole.year}, status=COMMUNE_WRITERS_ONLY),
    Page("awards:registration_import", status=COMMUNE_WRITERS_ONLY),
    Page("awards:registration_deadline", status=COMMUNE_WRITERS_ONLY),
    Page("awards:council_list", status=only(403, "other_unit_reporter")),
    Page("awards:council_create", status=only(403, *INSIDERS)),
    Page("awards:initiative_list", lambda cole: {"q": "sang kien"}, status=only(403, "other_unit_reporter")),
    Page("awards:initiative_create", status=only(403, *INSIDERS)),
    Page("awards:cycle_evaluation", lambda cole: {"nam": cole.year}, status=only(403, "other_unit_reporter")),
    Page("awards:proposal_create", status=only(403, *INSIDERS)),
    # A tờ trình number asked for: nothing is sent under it here, so everyone is sent back to their page.
    Page(
        "awards:proposal_submission_pdf",
        lambda cole: {"so": "61/TTr-UBND", "don_vi": cole.commune.pk},
        status={**only(403, "other_unit_reporter"), **only(302, *OUTSIDERS, "commune_viewer")},
    ),
    Page(
        "awards:proposal_submission_docx",
        lambda cole: {"so": "61/TTr-UBND", "don_vi": cole.commune.pk},
        status={**only(403, "other_unit_reporter"), **only(302, *OUTSIDERS, "commune_viewer")},
    ),
    # Cổ Lễ's submission number asked by others: nothing of theirs under it, back to their list.
    Page(
        "awards:submission_pdf",
        lambda cole: {"so": "12/TTr-UBND"},
        status={**only(403, "nghe_an_reviewer", *INSIDERS), **only(302, "outsider", "neighbour_officer")},
    ),
    Page(
        "awards:submission_docx",
        lambda cole: {"so": "12/TTr-UBND"},
        status={**only(403, "nghe_an_reviewer", *INSIDERS), **only(302, "outsider", "neighbour_officer")},
    ),
]


# --- The table of links that carry a secret instead of a login -------------------------------------


@dataclass(frozen=True)
class SecretLink:
    name: str
    kwargs: Callable[[CoLe], dict]  # the real link of Cổ Lễ's officer
    forged: Callable[[CoLe], list[dict]]  # links that must lead nowhere, for anyone

    @property
    def id(self) -> str:
        return self.name


def calendar_token(cole: CoLe) -> dict:
    return {"token": reporting_calendar.calendar_token_for(cole.officer)}


def forged_calendar_tokens(cole: CoLe) -> list[dict]:
    real = reporting_calendar.calendar_token_for(cole.officer)
    revoked = real
    reporting_calendar.calendar_token_for(cole.officer, renew=True)  # the old link stops working
    current = cole.officer.calendar_token
    return [
        {"token": revoked},
        {"token": current[:-1] + ("A" if current[-1] != "A" else "B")},
        {"token": current[:16]},
        {"token": secrets.token_urlsafe(32)},
        {"token": current.upper() if current.upper() != current else current.lower()},
    ]


SECRET_LINKS: list[SecretLink] = [
    SecretLink("reporting:calendar_feed", calendar_token, forged_calendar_tokens),
]


# --- Helpers ------------------------------------------------------------------------------------------


def url_names() -> tuple[set[str], list[str]]:
    """Every named URL of the portal (outside the admin), and the routes that have no name."""
    names: set[str] = set()
    unnamed: list[str] = []

    def walk(patterns, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.name:
                    names.add(namespace + pattern.name)
                else:
                    unnamed.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", "/")
    return names - PUBLIC, unnamed


def call(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, data)


def body_text(response) -> str:
    """What the user would read: the HTML, or every cell of an Excel file, or the file."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
        )
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def cole_urls(cole: CoLe) -> set[str]:
    """Addresses of Cổ Lễ's objects: no redirect may lead an outsider there."""
    return {
        cole.plan.get_absolute_url(),
        reverse("reporting:unit_reports", args=[cole.school.pk]),
        reverse("campaigns:unit_update", args=[cole.school.pk]),
    }


def cases(table, roles_of) -> list:
    return [pytest.param(view, role, id=f"{view.id}-{role}") for view in table for role in roles_of(view)]


# --- The matrix is complete -----------------------------------------------------------------------------


def test_every_view_is_in_the_matrix():
    names, unnamed = url_names()
    covered = {view.name for view in [*OBJECT_VIEWS, *PAGES, *SECRET_LINKS]}
    missing = sorted(names - covered)
    assert not unnamed, (
        f"Routes without a name: {unnamed}. Name them (path(..., name=...)) and add them to "
        "OBJECT_VIEWS or PAGES in tests/security/test_isolation_matrix.py."
    )
    assert not missing, (
        f"New view(s) not in the isolation matrix: {missing}. Add each one to "
        "tests/security/test_isolation_matrix.py: to OBJECT_VIEWS when its URL or form takes an object "
        "(say how to fill it with an object of Cổ Lễ and who must be refused), to PAGES when it is a list, "
        "dashboard or create page (say who gets a 403), to SECRET_LINKS when a secret in the URL replaces the login."
    )
    stale = sorted(covered - names)
    assert not stale, f"The matrix lists views that no longer exist: {stale}; remove them."


def test_the_public_urls_need_no_login(client):
    """The URLs the matrix leaves out hold nothing of a commune and work without a login."""
    assert client.get(reverse("login")).status_code == 200
    language = client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert language.status_code == 302 and not language.url.startswith(reverse("login"))
    assert client.post(reverse("logout")).status_code in (200, 302)
    health = client.get(reverse("healthz"))
    assert (health.status_code, health.content) == (200, b"ok")


# --- Views that take an object ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "role"), cases(OBJECT_VIEWS, lambda view: dict.fromkeys(view.get_refused + view.post_refused))
)
def test_another_commune_or_role_is_refused(request, client, cole, view: View, role: str):
    url = reverse(view.name, kwargs=view.kwargs(cole))
    client.force_login(request.getfixturevalue(role))
    checked = []
    if role in view.get_refused:
        checked.append(("get", call(client, "get", url, view.query(cole)).status_code))
    if role in view.post_refused:
        checked.append(("post", call(client, "post", url, view.data(cole)).status_code))
    for method, status in checked:
        assert status in (*REFUSED, 405), f"{role} {method.upper()} {url} ({view.id}) answered {status}"
    assert any(status in REFUSED for _method, status in checked), (
        f"{role} on {url} ({view.id}): only 405s ({checked}); the view's own method was never checked"
    )


@pytest.mark.parametrize("view", [pytest.param(view, id=view.id) for view in OBJECT_VIEWS])
def test_the_owner_reaches_the_object(request, client, cole, view: View):
    """The other side of the matrix: with the same URL and payload the owner is let in, so a
    404 above means "outside your scope", not "no such object"."""
    url = reverse(view.name, kwargs=view.kwargs(cole))
    client.force_login(request.getfixturevalue(view.owner))
    got = call(client, "get", url, view.query(cole)).status_code
    posted = call(client, "post", url, view.data(cole)).status_code
    assert got not in REFUSED and posted not in REFUSED, f"{view.id}: GET {got}, POST {posted}"
    assert got < 500 and posted < 500, f"{view.id}: GET {got}, POST {posted}"
    assert min(got, posted) < 400, f"{view.id}: GET {got}, POST {posted}"
    if view.writes:
        assert posted == 302, f"{view.id}: the owner's POST was not accepted ({posted}): fix its payload"


# --- Pages without an object -------------------------------------------------------------------------------


class TestPages:
    # Cổ Lễ's private objects exist, so a page that leaked them would show them. They are made
    # once for the class (tests/security/conftest.py: cole_of_the_class); each test runs in a
    # savepoint inside that transaction.
    OBJECTS = (
        "report",
        "submitted_report",
        "nomination_document",
        "notification",
        "commune_report",
        "signed_decision",
        "registration",
        "council_meeting",
    )

    @pytest.mark.parametrize(("page", "role"), cases(PAGES, lambda page: EVERYONE))
    def test_pages_refuse_roles_and_show_nothing_of_another_commune(
        self, request, client, cole_of_the_class, page: Page, role: str
    ):
        cole = cole_of_the_class
        client.force_login(request.getfixturevalue(role))
        response = client.get(reverse(page.name), page.query(cole))
        expected = page.status.get(role, 200)
        assert response.status_code == expected, f"{role} GET {page.name}: {response.status_code}, expected {expected}"
        if response.status_code in (301, 302):
            assert response.url not in cole_urls(cole), f"{role} sent to Cổ Lễ's {response.url}"
        if response.status_code != 200 or role == "commune_viewer":
            return
        text = body_text(response)
        secrets = [MARK] if role == "other_unit_reporter" else [MARK, "Cổ Lễ"]
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, f"{page.name} shows {leaked} to {role}"


# --- Links that carry a secret ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "role"),
    [pytest.param(link, role, id=f"{link.id}-{role}") for link in SECRET_LINKS for role in ("anonymous", *EVERYONE)],
)
def test_a_forged_or_revoked_secret_leads_nowhere(request, client, cole, link: SecretLink, role: str):
    forged = link.forged(cole)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for kwargs in forged:
        url = reverse(link.name, kwargs=kwargs)
        assert client.get(url).status_code == 404, f"{role} GET {url} ({link.id})"


@pytest.mark.parametrize("link", [pytest.param(link, id=link.id) for link in SECRET_LINKS])
def test_the_real_secret_works_without_a_login(client, cole, link: SecretLink):
    response = client.get(reverse(link.name, kwargs=link.kwargs(cole)))
    assert response.status_code == 200


# --- Mixed URLs: the actor's own object with a part of Cổ Lễ's ----------------------------------------------


def test_own_plan_with_cole_criteria_group_is_404(client, cole, neighbour_officer):
    own = Plan.objects.get(issuer=neighbour_officer.admin_unit)
    url = reverse(
        "campaigns:plan_subsection", kwargs={"pk": own.pk, "section": "criteria", "sub_id": cole.criterion_group.pk}
    )
    client.force_login(neighbour_officer)
    assert client.get(url).status_code == 404
    assert client.post(url, plan_section("criteria", "criterion_group")(cole)).status_code == 404


def test_own_plan_with_cole_unit_report_is_404(client, cole, neighbour_officer):
    own = Plan.objects.get(issuer=neighbour_officer.admin_unit)
    url = reverse("reporting:report", args=[own.pk, cole.year, cole.school.pk])
    client.force_login(neighbour_officer)
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": 0}).status_code == 404


def test_commune_report_of_cole_under_another_province_plan_is_404(client, cole, outsider):
    nghe_an = Plan.objects.create(
        issuer=outsider.admin_unit.province,
        campaign=cole.plan.campaign,
        status="issued",
        number="430/KH-UBND",
        issued_on="2025-06-06",
        title="Thực hiện phong trào thi đua trên địa bàn tỉnh Nghệ An",
        period_start=2025,
        period_end=2030,
    )
    client.force_login(outsider)
    for commune in (cole.commune, outsider.admin_unit):
        url = reverse("reporting:commune_report", args=[cole.province_plan.pk, cole.year, commune.pk])
        assert client.get(url).status_code == 404
    url = reverse("reporting:commune_report", args=[nghe_an.pk, cole.year, cole.commune.pk])
    assert client.get(url).status_code == 404


def test_a_dossier_cannot_name_another_communes_plan_or_unit(client, cole, neighbour_officer):
    award_form = cole.nomination.award_form_id
    client.force_login(neighbour_officer)
    before = Nomination.objects.count()
    response = client.post(
        reverse("awards:nomination_create"),
        {
            "plan": cole.plan.pk,
            "occasion": "annual",
            "nominee_kind": "collective",
            "unit": cole.school.pk,
            "award_form": award_form,
            "achievements": "Hồ sơ lập hộ xã khác",
        },
    )
    assert response.status_code == 200
    assert {"plan", "unit"} <= set(response.context["form"].errors)
    assert Nomination.objects.count() == before


def test_a_reporter_cannot_nominate_another_unit_of_the_commune(client, cole, other_unit_reporter):
    award_form = cole.nomination.award_form_id
    client.force_login(other_unit_reporter)
    before = Nomination.objects.count()
    response = client.post(
        reverse("awards:nomination_create"),
        {
            "plan": cole.plan.pk,
            "occasion": "annual",
            "nominee_kind": "collective",
            "unit": cole.school.pk,
            "award_form": award_form,
            "achievements": "Đề nghị hộ đơn vị khác",
        },
    )
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert Nomination.objects.count() == before


@pytest.mark.parametrize("attempt", ["edit", "delete"])
def test_a_plan_section_post_cannot_touch_another_plans_items(client, cole, commune_officer, attempt):
    """The formset's hidden ids are the user's to change: with an id of Xuân Trường's purposes
    the row is treated as a new item of Cổ Lễ's plan; Xuân Trường's item is neither changed nor deleted."""
    other_plan = Plan.objects.get(issuer__name="Xuân Trường")
    other = other_plan.purposes.order_by("number").first()
    before = list(other_plan.purposes.order_by("number").values_list("pk", "text"))
    data = plan_section("purposes")(cole)
    data["items-0-id"] = str(other.pk)
    data["items-0-text"] = "Đã bị sửa từ xã khác"
    if attempt == "delete":
        data["items-0-DELETE"] = "on"
    client.force_login(commune_officer)
    response = client.post(reverse("campaigns:plan_section", args=[cole.plan.pk, "purposes"]), data)
    assert response.status_code in (200, 302)
    assert list(other_plan.purposes.order_by("number").values_list("pk", "text")) == before


def test_report_form_ignores_items_of_another_plan(client, cole, unit_reporter):
    other_content = Plan.objects.get(issuer__name="Xuân Trường").contents.first()
    data = report_form(cole)
    data[f"content_{other_content.pk}"] = "Chen vào kế hoạch khác"
    client.force_login(unit_reporter)
    url = reverse("reporting:report", kwargs=the_report(cole))
    assert client.post(url, data).status_code == 302
    assert not ContentResult.objects.filter(content=other_content).exists()
    assert ContentResult.objects.filter(report__unit=cole.school, report__year=cole.year).exists()


# --- Anonymous visitors ----------------------------------------------------------------------------------------


def every_url() -> list:
    return [pytest.param(view, id=view.id) for view in OBJECT_VIEWS] + [
        pytest.param(page, id=page.id) for page in PAGES
    ]


@pytest.mark.parametrize("view", every_url())
def test_anonymous_visitors_are_sent_to_login(client, cole, view):
    kwargs = view.kwargs(cole) if isinstance(view, View) else {}
    url = reverse(view.name, kwargs=kwargs)
    login = reverse("login")
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(f"{login}?next="), (
            f"anonymous {method.upper()} {url}: {response.status_code}"
        )
