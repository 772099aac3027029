"""Helpers shared by the nomination tests: upload a document, walk a dossier through the workflow."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from awards import services
from awards.models import Nomination, NominationDocument

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
Kind = NominationDocument.Kind
Status = Nomination.Status


def pdf(name: str = "to-trinh.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_document(nomination: Nomination, kind: str, by: User, name: str | None = None) -> NominationDocument:
    return services.nomination_document_upload(
        nomination=nomination, by=by, kind=kind, upload=pdf(name or f"{kind}.pdf")
    )


def fresh(nomination: Nomination) -> Nomination:
    return Nomination.objects.get(pk=nomination.pk)


def advance(
    nomination: Nomination,
    officer: User,
    *,
    to: str,
    reporter: User | None = None,
    council_day: datetime.date = datetime.date(2026, 12, 15),
) -> Nomination:
    """Walk the dossier through the workflow up to the state `to`, the way users would. The
    council meets on `council_day`; a receipt (stamped now) later than that is dated back to
    that morning, as a dossier received on paper before the council, so the dates stay in order
    whatever day the tests run."""
    steps = [Status.SUBMITTED, Status.RECEIVED, Status.APPRAISED, Status.COUNCIL_REVIEWED]
    by = reporter or officer
    for target in steps[: steps.index(to) + 1]:
        nomination = fresh(nomination)
        if target == Status.SUBMITTED:
            add_document(nomination, Kind.PROPOSAL, by)
            add_document(nomination, Kind.ACHIEVEMENT_REPORT, by)
            nomination = services.nomination_submit(nomination=nomination, by=by, version=nomination.version)
        elif target == Status.RECEIVED:
            nomination = services.nomination_receive(nomination=nomination, by=officer, version=nomination.version)
            morning = timezone.make_aware(datetime.datetime.combine(council_day, datetime.time(8)))
            nomination.stages.filter(level="commune", received_at__gt=morning).update(received_at=morning)
        elif target == Status.APPRAISED:
            nomination = services.nomination_appraise(
                nomination=nomination, by=officer, version=nomination.version, comment="Hồ sơ đầy đủ, đúng tiêu chuẩn."
            )
        else:
            nomination = services.nomination_record_council(
                nomination=nomination,
                by=officer,
                version=nomination.version,
                meeting_date=council_day,
                total_members=9,
                members_present=9,
                votes_for=8,
                votes_against=1,
            )
    return fresh(nomination)
