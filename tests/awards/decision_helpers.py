"""Builders for decision tests: awardees of Cổ Lễ of every kind, a draft decision, a scan."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.utils import timezone

from awards.models import Awardee, AwardForm, Decision
from awards.services import awardees as awardee_services
from awards.services import decisions as services
from tests.awards.helpers import PDF_BYTES


def scan(name: str = "qd-da-ky.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def form(code: str) -> AwardForm:
    return AwardForm.objects.get(code=code)


def people(officer, school) -> dict[str, Awardee]:
    return {
        "collective": awardee_services.awardee_save(
            by=officer, kind=Awardee.Kind.COLLECTIVE, name=school.name, unit=school
        ),
        "individual": awardee_services.awardee_save(
            by=officer,
            kind=Awardee.Kind.INDIVIDUAL,
            name="Phạm Văn Thắng",
            gender=Awardee.Gender.MALE,
            date_of_birth=datetime.date(1980, 3, 4),
            position="Giáo viên",
            unit=school,
            national_id="036080001234",
        ),
        "household": awardee_services.awardee_save(
            by=officer, kind=Awardee.Kind.HOUSEHOLD, name="Trần Thị Hoa", address="Xóm 3", village="Thôn Trung Lễ"
        ),
    }


def draft(officer, **fields) -> Decision:
    data = {
        "title": "Về việc khen thưởng thành tích xuất sắc trong phong trào thi đua năm 2025",
        "place": "Cổ Lễ",
        "signer_name": "Vũ Mạnh Cường",
        "legal_bases": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    }
    data.update(fields)
    return services.decision_create(by=officer, **data)


def signed(officer, school, *, number="125/QĐ-UBND", day=datetime.date(2025, 12, 20)) -> Decision:
    decision = draft(officer)
    awardees = people(officer, school)
    giay_khen = form("giay_khen")
    for awardee in awardees.values():
        services.line_add(decision=decision, by=officer, awardee=awardee, award_form=giay_khen, achievement="Xuất sắc")
    decision.refresh_from_db()
    return services.decision_sign(
        decision=decision, by=officer, version=decision.version, number=number, decided_on=day, scan=scan()
    )


def last_number(year: int) -> int:
    """The last register number Cổ Lễ used in the year (the demo holds some)."""
    from awards.models import RegisterEntry

    entries = RegisterEntry.objects.filter(admin_unit__name="Cổ Lễ", year=year).order_by("-register_number")
    return entries.values_list("register_number", flat=True).first() or 0


def decide(nomination, officer, *, number: str = "125/QĐ-UBND", day=None):
    """Walk a dossier to the council (today) and record the commune's decision on it (today,
    unless told: a decision is never dated before the council)."""
    from awards import services as nomination_services
    from awards.models import Nomination
    from tests.awards.helpers import advance

    council_day = day or timezone.localdate()
    nomination = advance(nomination, officer, to=Nomination.Status.COUNCIL_REVIEWED, council_day=council_day)
    return nomination_services.nomination_decide(
        nomination=nomination,
        by=officer,
        version=nomination.version,
        decision_number=number,
        decision_date=day or timezone.localdate(),
        decision_signer="Vũ Mạnh Cường",
    )


def document_file(client, kind: str, fmt: str = "pdf", **subject) -> HttpResponse:
    """Ask for a background document as its page's button does, the task run on commit as a
    worker would, then download it: the file's response (its content read into memory)."""
    from django.test import TestCase
    from django.urls import reverse

    from reporting.models import GeneratedDocument

    with TestCase.captureOnCommitCallbacks(execute=True):
        asked = client.post(reverse("reporting:document_request"), {"kind": kind, "format": fmt, **subject})
    assert asked.status_code == 302, asked
    document = GeneratedDocument.objects.filter(kind=kind, format=fmt).latest("requested_at")
    assert document.status == "done", (document.status, document.error)
    download = client.get(reverse("reporting:document_download", args=[document.pk]))
    return HttpResponse(b"".join(download.streaming_content), content_type=download["Content-Type"])
