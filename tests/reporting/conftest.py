"""Actors and helpers for annual reports. The reporter `donvi.cole` reports for the lower
secondary school of Cổ Lễ, a school: the Cổ Lễ plan has no school criteria, so it reports
against the office criteria (a school's broader subject type)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import ParticipatingUnit, Plan
from reporting.selectors import reports as selectors
from reporting.services import reports as services

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def pdf(name: str = "bien-ban.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def school(unit_reporter) -> ParticipatingUnit:
    return unit_reporter.participating_unit


@pytest.fixture
def village(db) -> ParticipatingUnit:
    return ParticipatingUnit.objects.get(name="Thôn Trung Lễ")


@pytest.fixture
def plan_xuan_truong(db) -> Plan:
    return Plan.objects.get(issuer__name="Xuân Trường")


def page_of(plan, year, unit):
    return selectors.report_page(plan=plan, year=year, unit=unit)


def filled(page, text="Đã hoàn thành", **extra) -> dict:
    """POST data for the report form with every item written (extra keys override)."""
    data = {"version": page.report.version if page.report else 0}
    for content in page.contents:
        data[f"content_{content.pk}"] = f"{text} nội dung {content.number}"
    for criterion in page.criteria:
        data[f"criterion_{criterion.pk}"] = f"{text} tiêu chí {criterion.number}"
        data[f"points_{criterion.pk}"] = ""
    data.update(extra)
    return data


def save_complete(plan, year, unit, by, text="Đã hoàn thành"):
    """A complete draft saved through the service, ready to submit."""
    page = page_of(plan, year, unit)
    return services.report_save(
        plan=plan,
        year=year,
        unit=unit,
        by=by,
        version=page.report.version if page.report else 0,
        contents={c.pk: f"{text} {c.number}" for c in page.contents},
        criteria={c.pk: (f"{text} {c.number}", None) for c in page.criteria},
    )


def submitted(plan, year, unit, by):
    report = save_complete(plan, year, unit, by)
    return services.report_submit(report=report, by=by, version=report.version)
