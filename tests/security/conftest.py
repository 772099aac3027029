"""Actors and objects of the security tests: everything belongs to xã Cổ Lễ (Ninh Bình), and
the actors who must not reach it come from another province, another commune of the same
province, or sit inside Cổ Lễ without the right role."""

from functools import cached_property

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.models import User
from awards import services as award_services
from awards.models import Awardee, AwardForm, Nomination, NominationDocument, Occasion, Registration
from awards.services import registration as registration_services
from campaigns.importer.parse import empty_plan
from campaigns.models import AdministrativeUnit, ParticipatingUnit, Plan, PlanImport
from campaigns.uploads import sniff_upload
from reporting.models import AnnualReport, CommuneReport, Evidence, GeneratedDocument, Notification
from reporting.selectors import commune_reports as province
from reporting.selectors import reports as report_selectors
from reporting.services import commune_reports as province_services
from reporting.services import reports as report_services

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
YEAR = 2026
# Written into Cổ Lễ's private objects (dossier, report, evidence, notification, commune
# report): a page of anyone outside must never show it.
MARK = "Bí mật riêng của xã Cổ Lễ 7Q"


def pdf(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and generated PDFs of these tests land in a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def client() -> Client:
    """A view that crashes answers 500 here instead of raising: the tests look at the status."""
    return Client(raise_request_exception=False)


@pytest.fixture
def nghe_an_reviewer(db) -> User:
    """A reviewer of the Department of Home Affairs of Nghệ An (another province)."""
    return User.objects.create_user(
        "nghean",
        password="demo12345",
        role=User.Role.REVIEWER,
        admin_unit=AdministrativeUnit.objects.get(name="Nghệ An"),
    )


@pytest.fixture
def other_unit_reporter(db) -> User:
    """Reporter of another unit of Cổ Lễ (Phòng Kinh tế xã Cổ Lễ)."""
    unit = ParticipatingUnit.objects.get(name="Phòng Kinh tế xã Cổ Lễ")
    return User.objects.create_user(
        "kinhte.cole",
        password="demo12345",
        role=User.Role.REPORTER,
        admin_unit=unit.admin_unit,
        participating_unit=unit,
    )


class CoLe:
    """Objects of xã Cổ Lễ, each made (through the services, as users would) the first time a
    test asks for it."""

    def __init__(self, officer: User, reporter: User, reviewer: User):
        self.officer = officer  # cole
        self.reporter = reporter  # donvi.cole, reporter of the lower secondary school
        self.reviewer = reviewer  # ninhbinh, the province
        self.year = YEAR

    @cached_property
    def commune(self) -> AdministrativeUnit:
        return AdministrativeUnit.objects.get(name="Cổ Lễ", province__isnull=False)

    @cached_property
    def plan(self) -> Plan:
        return Plan.objects.filter(issuer=self.commune).order_by("pk").first()

    @cached_property
    def draft_province_plan(self) -> Plan:
        """The Ninh Bình plan as the demo has it (a draft): communes build theirs from it."""
        return Plan.objects.filter(issuer=self.commune.province).order_by("pk").first()

    @cached_property
    def province_plan(self) -> Plan:
        """The Ninh Bình plan issued (02/KH-UBND, 09/7/2025): communes report to it."""
        plan = self.draft_province_plan
        Plan.objects.filter(pk=plan.pk).update(status="issued", number="02/KH-UBND", issued_on="2025-07-09")
        return Plan.objects.get(pk=plan.pk)

    @cached_property
    def school(self) -> ParticipatingUnit:
        return self.reporter.participating_unit

    @cached_property
    def village(self) -> ParticipatingUnit:
        return ParticipatingUnit.objects.get(name="Thôn Trung Lễ")

    @cached_property
    def criterion_group(self):
        return self.plan.criterion_groups.order_by("number").first()

    @cached_property
    def award_section(self):
        return self.plan.award_sections.order_by("number").first()

    def _complete_report(self, unit: ParticipatingUnit, by: User, uploads=()) -> AnnualReport:
        page = report_selectors.report_page(plan=self.plan, year=self.year, unit=unit)
        return report_services.report_save(
            plan=self.plan,
            year=self.year,
            unit=unit,
            by=by,
            version=page.report.version if page.report else 0,
            contents={c.pk: f"{MARK}: kết quả nội dung {c.number}" for c in page.contents},
            criteria={c.pk: (f"{MARK}: kết quả tiêu chí {c.number}", None) for c in page.criteria},
            uploads=uploads,
        )

    @cached_property
    def report(self) -> AnnualReport:
        """The school's 2026 report: a complete draft with one evidence file."""
        upload = pdf(f"{MARK}.pdf")
        return self._complete_report(self.school, self.reporter, uploads=[(upload, sniff_upload(upload))])

    @cached_property
    def evidence(self) -> Evidence:
        return self.report.evidence.get()

    @cached_property
    def submitted_report(self) -> AnnualReport:
        """The village's 2026 report, written and sent by the officer on its behalf."""
        report = self._complete_report(self.village, self.officer)
        return report_services.report_submit(report=report, by=self.officer, version=report.version)

    @cached_property
    def generated_document(self) -> GeneratedDocument:
        """The commune's 2026 summary, already rendered."""
        document = GeneratedDocument(
            key=GeneratedDocument.make_key("commune_summary", self.plan.pk, None, self.year),
            kind="commune_summary",
            plan=self.plan,
            year=self.year,
            status="done",
            progress=100,
            pages=1,
            requested_by=self.officer,
            finished_at=timezone.now(),
        )
        document.file.save("summary.pdf", ContentFile(PDF_BYTES), save=False)
        document.save()
        return document

    @cached_property
    def plan_import(self) -> PlanImport:
        """A plan document the officer uploaded, already read."""
        return PlanImport.objects.create(
            admin_unit=self.commune,
            uploaded_by=self.officer,
            file_name="ke-hoach.txt",
            status="done",
            progress=100,
            result={"kind": "txt", "text": MARK, "data": {**empty_plan(), "title": MARK}, "warnings": [], "unsure": {}},
        )

    @cached_property
    def notification(self) -> Notification:
        return Notification.objects.create(user=self.officer, title=MARK, body=MARK, url=self.plan.get_absolute_url())

    def _commune_report(self, year: int) -> CommuneReport:
        plan = self.province_plan
        page = province.commune_report_page(plan=plan, year=year, commune=self.commune)
        return province_services.commune_report_save(
            plan=plan,
            year=year,
            commune=self.commune,
            by=self.officer,
            version=page.report.version if page.report else 0,
            narratives={c.pk: f"{MARK}: nội dung {c.number}" for c in page.contents},
            general_assessment=f"{MARK}: đánh giá chung",
        )

    @cached_property
    def commune_report(self) -> CommuneReport:
        """Cổ Lễ's 2026 report to the province, a draft."""
        return self._commune_report(self.year)

    @cached_property
    def sent_commune_report(self) -> CommuneReport:
        """Cổ Lễ's 2025 report to the province, submitted."""
        report = self._commune_report(self.year - 1)
        return province_services.commune_report_submit(
            report=report, by=self.officer, version=report.version, confirmed=True
        )

    @cached_property
    def nomination(self) -> Nomination:
        """The school's dossier for a Giấy khen, a draft made by its reporter."""
        return award_services.nomination_create(
            by=self.reporter,
            plan=self.plan,
            occasion=Occasion.ANNUAL,
            award_form=AwardForm.objects.get(code="giay_khen"),
            nominee_kind=Nomination.NomineeKind.COLLECTIVE,
            unit=self.school,
            achievements=f"{MARK}: dẫn đầu chuyển đổi số trong dạy học.",
        )

    @cached_property
    def nomination_document(self) -> NominationDocument:
        return award_services.nomination_document_upload(
            nomination=self.nomination, by=self.reporter, kind="proposal", upload=pdf(f"{MARK} tờ trình.pdf")
        )

    # --- Decisions and the award register (issue 11) -------------------------------------------

    @cached_property
    def awardee(self):
        from awards.models import Awardee
        from awards.services.awardees import awardee_save

        return awardee_save(
            by=self.officer, kind=Awardee.Kind.INDIVIDUAL, name=f"{MARK} Phạm Văn Thắng", unit=self.school
        )

    def _decision(self, number: str = ""):
        from awards.services import decisions as decision_services

        decision = decision_services.decision_create(by=self.officer, title=f"{MARK} khen thưởng", place="Cổ Lễ")
        decision_services.line_add(
            decision=decision,
            by=self.officer,
            awardee=self.awardee,
            award_form=AwardForm.objects.get(code="giay_khen"),
            achievement="Xuất sắc",
        )
        if number:
            decision.refresh_from_db()
            decision = decision_services.decision_sign(
                decision=decision,
                by=self.officer,
                version=decision.version,
                number=number,
                decided_on=timezone.localdate(),
                scan=pdf("qd.pdf"),
            )
        return decision

    @cached_property
    def draft_decision(self):
        return self._decision()

    @cached_property
    def decision_line(self):
        return self.draft_decision.lines.get()

    @cached_property
    def signed_decision(self):
        return self._decision("125/QĐ-UBND")

    @cached_property
    def revoking_decision(self):
        return self._decision("130/QĐ-UBND")

    @cached_property
    def decided_nomination(self) -> Nomination:
        from tests.awards.decision_helpers import decide

        return decide(self.nomination, self.officer, day=timezone.localdate())

    # --- Registration (đăng ký thi đua) ---------------------------------------------------------

    @cached_property
    def registration(self):
        """The school's 2026 registration, submitted by its reporter: TTLĐTT and its teacher
        for LĐTT (the secret in the line's note)."""
        registration_services.registration_title_set(
            unit=self.school,
            year=self.year,
            title=AwardForm.objects.get(code="tap_the_lao_dong_tien_tien"),
            by=self.reporter,
        )
        registration_services.registration_line_add(
            unit=self.school,
            year=self.year,
            awardee=Awardee.objects.get(name="Phạm Văn Thắng", unit=self.school),
            award_form=AwardForm.objects.get(code="lao_dong_tien_tien"),
            by=self.reporter,
            note=MARK,
        )
        registration = Registration.objects.get(unit=self.school, year=self.year)
        return registration_services.registration_submit(registration=registration, by=self.reporter)

    @cached_property
    def registration_line(self):
        return self.registration.lines.get()

    # --- The council (Hội đồng Thi đua - Khen thưởng) ------------------------------------------

    def _appraised(self, name: str) -> Nomination:
        from tests.awards.helpers import advance

        nomination = award_services.nomination_create(
            by=self.officer,
            plan=self.plan,
            occasion=Occasion.ANNUAL,
            award_form=AwardForm.objects.get(code="giay_khen"),
            nominee_kind=Nomination.NomineeKind.INDIVIDUAL,
            unit=self.village,
            individual_name=name,
            individual_position="Trưởng thôn",
            achievements=f"{MARK}: dẫn đầu phong trào.",
        )
        return advance(nomination, self.officer, to=Nomination.Status.APPRAISED)

    @cached_property
    def council_meeting(self):
        """An open meeting of Cổ Lễ's council with one ballot line."""
        from awards.services import council

        meeting = council.meeting_create(
            by=self.officer, held_on=timezone.localdate(), total_members=9, members_present=9, notes=MARK
        )
        row = council.BallotRow(self._appraised("Đinh Văn Bảy"), 6, 3)
        council.ballots_add(meeting=meeting, by=self.officer, rows=[row])
        return meeting

    @cached_property
    def council_line(self):
        return self.council_meeting.ballots.get()

    @cached_property
    def waiting_nomination(self) -> Nomination:
        """A dossier waiting for the council, on no meeting yet."""
        return self._appraised("Hà Thị Tám")

    # --- The yearly cycle (issue 12) ------------------------------------------------------------

    @cached_property
    def initiative(self):
        from awards.services.initiatives import initiative_save

        return initiative_save(
            by=self.officer,
            authors=[self.awardee],
            title=f"{MARK} sáng kiến",
            year=self.year,
            scope="commune",
            decision_number="3/QĐ-HĐSK",
            decision_date=timezone.localdate(),
            decision_body="Hội đồng sáng kiến xã Cổ Lễ",
        )

    def _demo_proposal(self, name: str, code: str):
        from awards.models import Proposal

        return Proposal.objects.get(admin_unit=self.commune, year=self.year, awardee__name=name, award_form__code=code)

    @cached_property
    def proposal(self):
        """The demo's proposal of a CSTĐCS that fails a check (Nguyễn Thị Hương)."""
        return self._demo_proposal("Nguyễn Thị Hương", "chien_si_thi_dua_co_so")

    @cached_property
    def collective_proposal(self):
        return self._demo_proposal("Trường Trung học cơ sở Cổ Lễ", "tap_the_lao_dong_tien_tien")

    def approved(self, name: str, code: str):
        from awards.services.cycle import record_outcome

        return record_outcome(self._demo_proposal(name, code), True, self.officer, "Hội đồng thống nhất")

    def fresh(self, name: str):
        """The object again from the database (its version may have moved)."""
        obj = getattr(self, name)
        return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def cole(commune_officer, unit_reporter, province_reviewer) -> CoLe:
    return CoLe(commune_officer, unit_reporter, province_reviewer)


@pytest.fixture(scope="class")
def cole_of_the_class(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """Cổ Lễ's objects named in the class's `OBJECTS`, made once for all of its tests (as
    setUpTestData does): inside a transaction opened here and rolled back after the last test,
    each test running in a savepoint of its own (pytest-django's `db` nests in it), so a test
    still sees exactly these objects and never another test's writes. Uploads go to a
    throw-away folder; tasks run inline, as in the tests (tests/conftest.py: celery_eager)."""
    from django.db import transaction
    from django.test import override_settings

    from config.celery import app

    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    eager = app.conf.task_always_eager
    with django_db_blocker.unblock():
        media.enable()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            app.conf.task_always_eager = True
            users = User.objects.in_bulk(["cole", "donvi.cole", "ninhbinh"], field_name="username")
            cole = CoLe(users["cole"], users["donvi.cole"], users["ninhbinh"])
            for name in request.cls.OBJECTS:
                getattr(cole, name)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()
            raise
        finally:
            app.conf.task_always_eager = eager
    yield cole
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        media.disable()
