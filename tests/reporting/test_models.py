"""Model rules of annual reports, each with its Vietnamese message."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import ParticipatingUnit
from criteria.models import Criterion
from reporting.models import AnnualReport, CriterionResult

pytestmark = pytest.mark.django_db


def test_year_outside_the_plan_period_is_refused(plan_co_le, school):
    with pytest.raises(ValidationError) as excinfo:
        AnnualReport(plan=plan_co_le, year=2031, unit=school).full_clean()
    assert excinfo.value.message_dict["year"] == ["Năm 2031 không thuộc thời gian thực hiện kế hoạch (2025 - 2030)."]


def test_unit_of_another_commune_cannot_report_on_the_plan(plan_co_le):
    other = ParticipatingUnit.objects.get(name="Thôn Xuân Bảng")
    with pytest.raises(ValidationError) as excinfo:
        AnnualReport(plan=plan_co_le, year=2026, unit=other).full_clean()
    assert excinfo.value.message_dict["unit"] == ["Đơn vị phải thuộc đơn vị hành chính ban hành kế hoạch."]


def test_one_report_per_plan_year_and_unit(plan_co_le, school):
    AnnualReport.objects.create(plan=plan_co_le, year=2026, unit=school)
    with pytest.raises(ValidationError) as excinfo:
        AnnualReport(plan=plan_co_le, year=2026, unit=school).full_clean()
    assert "Đơn vị đã có báo cáo của năm này theo kế hoạch này." in excinfo.value.messages


def test_self_assessed_points_cannot_exceed_the_criterion_maximum(plan_co_le, school):
    report = AnnualReport.objects.create(plan=plan_co_le, year=2026, unit=school)
    criterion = Criterion.objects.filter(group__plan=plan_co_le).first()
    criterion.max_points = Decimal("7.5")
    criterion.save()
    criterion.refresh_from_db()
    result = CriterionResult(report=report, criterion=criterion, text="Tốt", points=Decimal("8"))
    with pytest.raises(ValidationError) as excinfo:
        result.full_clean()
    assert excinfo.value.message_dict["points"] == ["Điểm tự chấm không được vượt quá điểm tối đa 7,5."]
    result.points = Decimal("7.5")
    result.full_clean()


def test_points_are_free_when_the_criterion_has_no_maximum(plan_co_le, school):
    report = AnnualReport.objects.create(plan=plan_co_le, year=2026, unit=school)
    criterion = Criterion.objects.filter(group__plan=plan_co_le, max_points__isnull=True).first()
    CriterionResult(report=report, criterion=criterion, text="Tốt", points=Decimal("42")).full_clean()
    with pytest.raises(ValidationError) as excinfo:
        CriterionResult(report=report, criterion=criterion, text="Tốt", points=Decimal("-1")).full_clean()
    assert "Điểm tự chấm không được âm." in excinfo.value.messages
