"""Decisions as records: lines, money, authority, signing, register numbers, revoking."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from awards.models import Awardee, BaseSalary, Decision, Nomination, RegisterEntry
from awards.models.money import reward_amount, round_up
from awards.services import decisions as services
from tests.awards.decision_helpers import decide, draft, form, last_number, people, signed

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 12, 20)


def test_money_is_the_multiple_of_the_base_salary_rounded_up_to_10000():
    assert round_up(Decimal("702000")) == 710_000
    assert round_up(Decimal("1410000")) == 1_410_000
    multiple, salary, amount = reward_amount(award_form_id=form("giay_khen").pk, recipient_kind="collective", day=DAY)
    assert (multiple, salary, amount) == (Decimal("0.60"), 2_340_000, 1_410_000)
    assert reward_amount(award_form_id=form("giay_khen").pk, recipient_kind="individual", day=DAY)[2] == 710_000
    assert reward_amount(award_form_id=form("giay_khen").pk, recipient_kind="household", day=DAY)[2] == 1_060_000


def test_a_signed_decision_keeps_its_money_and_numbers(commune_officer, school):
    base = last_number(2025)
    decision = signed(commune_officer, school)
    assert decision.status == Decision.Status.SIGNED
    assert decision.total == 1_410_000 + 710_000 + 1_060_000
    BaseSalary.objects.create(amount=2_600_000, valid_from=datetime.date(2025, 12, 1), source="giả định")
    decision.refresh_from_db()
    assert sorted(line.amount for line in decision.lines.all()) == [710_000, 1_060_000, 1_410_000]
    numbers = list(
        RegisterEntry.objects.filter(decision_line__decision=decision).values_list("register_number", flat=True)
    )
    assert sorted(numbers) == [base + 1, base + 2, base + 3]


def test_a_draft_follows_the_base_salary_of_its_date(commune_officer, school):
    decision = draft(commune_officer, decided_on=datetime.date(2024, 5, 2))
    awardee = people(commune_officer, school)["collective"]
    line = services.line_add(
        decision=decision, by=commune_officer, awardee=awardee, award_form=form("giay_khen"), achievement="Tốt"
    )
    assert line.amount == 0  # no multiple in force before the 2025 rules: nothing invented


def test_signing_needs_number_date_scan_and_lines(commune_officer):
    decision = draft(commune_officer)
    with pytest.raises(ValidationError) as refused:
        services.decision_sign(
            decision=decision, by=commune_officer, version=decision.version, number=" ", decided_on=None, scan=None
        )
    text = " ".join(refused.value.messages)
    assert "chưa có số" in text and "chưa có ngày ký" in text and "bản quét" in text and "chưa có tập thể" in text
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT and decision.number == ""


def test_a_signed_decision_cannot_be_edited(commune_officer, school):
    decision = signed(commune_officer, school)
    with pytest.raises(ValidationError, match="không sửa được"):
        services.decision_update(decision=decision, by=commune_officer, version=decision.version, title="Khác")
    decision.refresh_from_db()
    assert decision.title.startswith("Về việc khen thưởng")


@pytest.mark.parametrize(
    ("kind", "code", "reason"),
    [
        ("individual", "bang_khen_chu_tich_tinh", "không có thẩm quyền quyết định “Bằng khen của Chủ tịch"),
        ("household", "lao_dong_tien_tien", "“Lao động tiên tiến” không dành cho hộ gia đình"),
    ],
)
def test_a_line_the_issuer_may_not_grant_is_refused_with_the_reason(commune_officer, school, kind, code, reason):
    decision = draft(commune_officer)
    with pytest.raises(ValidationError) as refused:
        services.line_add(
            decision=decision,
            by=commune_officer,
            awardee=people(commune_officer, school)[kind],
            award_form=form(code),
            achievement="Xuất sắc",
        )
    assert reason in refused.value.messages[0]
    assert not decision.lines.exists()


def test_register_numbers_run_on_per_body_and_year(commune_officer, school):
    base, base_2026 = last_number(2025), last_number(2026)
    signed(commune_officer, school)
    second = signed(commune_officer, school, number="126/QĐ-UBND")
    numbers = sorted(
        RegisterEntry.objects.filter(decision_line__decision=second).values_list("register_number", flat=True)
    )
    assert numbers == [base + 4, base + 5, base + 6]
    third = signed(commune_officer, school, number="3/QĐ-UBND", day=datetime.date(2026, 1, 5))
    assert sorted(
        RegisterEntry.objects.filter(decision_line__decision=third).values_list("register_number", flat=True)
    ) == [base_2026 + 1, base_2026 + 2, base_2026 + 3]


def test_revoking_needs_another_signed_decision_and_a_reason(commune_officer, school):
    first = signed(commune_officer, school)
    with pytest.raises(ValidationError):
        services.decision_revoke(decision=first, by=commune_officer, revoking=first, reason="Sai")
    second = signed(commune_officer, school, number="130/QĐ-UBND")
    with pytest.raises(ValidationError, match="lý do"):
        services.decision_revoke(decision=first, by=commune_officer, revoking=second, reason=" ")
    services.decision_revoke(
        decision=first, by=commune_officer, revoking=second, reason="Kê khai thành tích không đúng"
    )
    first.refresh_from_db()
    assert first.status == Decision.Status.REVOKED and first.revoked_by == second
    entries = RegisterEntry.objects.filter(decision_line__decision=first)
    assert entries.count() == 3 and all(e.revoked and "130/QĐ-UBND" in e.revoked_note for e in entries)


def test_decided_nominations_become_lines(commune_officer, school, make_nomination):
    decided = [
        decide(
            make_nomination(nominee_kind="individual", individual_name=name, individual_position="Giáo viên"),
            commune_officer,
        )
        for name in ("Nguyễn Văn An", "Lê Thị Bình")
    ]
    decision = draft(commune_officer)
    lines = services.decision_add_nominations(decision=decision, by=commune_officer, nominations=decided)
    assert [line.awardee.name for line in lines] == ["Nguyễn Văn An", "Lê Thị Bình"]
    assert all(line.awardee.kind == Awardee.Kind.INDIVIDUAL and line.amount == 710_000 for line in lines)
    with pytest.raises(ValidationError, match="đã có trong một quyết định"):
        services.decision_add_nominations(decision=draft(commune_officer), by=commune_officer, nominations=decided[:1])


def test_an_undecided_nomination_is_refused(commune_officer, make_nomination):
    nomination = make_nomination()
    with pytest.raises(ValidationError, match="chưa được quyết định"):
        services.decision_add_nominations(decision=draft(commune_officer), by=commune_officer, nominations=[nomination])


def test_only_the_issuing_office_writes(commune_officer, neighbour_officer, commune_viewer, school):
    decision = draft(commune_officer)
    for user in (neighbour_officer, commune_viewer):
        with pytest.raises(PermissionDenied):
            services.decision_update(decision=decision, by=user, version=decision.version, title="Khác")


def test_national_id_is_shown_masked(commune_officer, school):
    person = people(commune_officer, school)["individual"]
    assert person.masked_national_id == "********1234"
    with pytest.raises(ValidationError):
        person.national_id = "12ab"
        person.full_clean()


def test_a_move_keeps_the_history(commune_officer, school, economic_office):
    from awards.services.awardees import awardee_save

    person = people(commune_officer, school)["individual"]
    awardee_save(
        by=commune_officer,
        awardee=person,
        name=person.name,
        kind=person.kind,
        unit=economic_office,
        position="Công chức",
        gender=person.gender,
        date_of_birth=person.date_of_birth,
    )
    postings = list(person.postings.order_by("pk"))
    assert [(p.unit, p.position, p.ended_on is None) for p in postings] == [
        (school, "Giáo viên", False),
        (economic_office, "Công chức", True),
    ]


def test_the_data_migration_turns_free_text_nominees_into_records(make_nomination, school):
    from importlib import import_module

    migration = import_module("awards.migrations.0012_titles_money_awardees")
    a = make_nomination(nominee_kind="individual", individual_name="Đỗ Văn Hải", individual_position="Giáo viên")
    b = make_nomination(nominee_kind="individual", individual_name="Đỗ  Văn Hải", individual_position="Giáo viên")
    c = make_nomination()
    made = set(Nomination.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("awardee", flat=True))
    Nomination.objects.filter(pk__in=[a.pk, b.pk, c.pk]).update(awardee=None)
    Awardee.objects.filter(pk__in=made, decision_lines__isnull=True).delete()
    migration.nominees_to_awardees(apps, None)
    a, b, c = (Nomination.objects.get(pk=n.pk) for n in (a, b, c))
    assert a.awardee == b.awardee and a.awardee.name == "Đỗ Văn Hải" and a.awardee.search_key == "do van hai"
    assert a.awardee.postings.get().unit == school
    assert c.awardee.kind == Awardee.Kind.COLLECTIVE and c.awardee.unit == school
    assert a.awardee.pk not in made
