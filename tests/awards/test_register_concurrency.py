"""Two decisions of Cổ Lễ signed at the same moment: their register numbers are distinct and
consecutive (1…6, no gap, no repeat). Real threads with their own connections, on PostgreSQL
(CI); SQLite serialises writers anyway, so the test is skipped there."""

import datetime
import threading

from django.db import connection, connections

from accounts.models import User
from awards.models import Decision, RegisterEntry
from awards.services import decisions as services
from campaigns.models import ParticipatingUnit
from tests.awards.decision_helpers import draft, form, last_number, people, scan
from tests.live import require

DAY = datetime.date(2025, 12, 20)


def test_concurrent_signings_get_consecutive_register_numbers(demo, settings, tmp_path):
    require(connection.vendor == "postgresql", "Cần PostgreSQL (CI chạy phép thử này với .ci/run).")
    settings.MEDIA_ROOT = tmp_path
    officer = User.objects.get(username="cole")
    school = ParticipatingUnit.objects.get(name="Trường Trung học cơ sở Cổ Lễ")
    decisions = []
    for _ in range(2):
        decision = draft(officer)
        for awardee in people(officer, school).values():
            services.line_add(
                decision=decision, by=officer, awardee=awardee, award_form=form("giay_khen"), achievement="Tốt"
            )
        decisions.append(Decision.objects.get(pk=decision.pk))
    base = last_number(DAY.year)
    barrier = threading.Barrier(len(decisions))
    errors: list = []

    def sign(decision: Decision, number: str) -> None:
        try:
            barrier.wait(timeout=30)
            services.decision_sign(
                decision=decision, by=officer, version=decision.version, number=number, decided_on=DAY, scan=scan()
            )
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(d, f"{i}/QĐ-UBND")) for i, d in enumerate(decisions, start=1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    entries = RegisterEntry.objects.filter(year=DAY.year, admin_unit=school.admin_unit, register_number__gt=base)
    assert sorted(entries.values_list("register_number", flat=True)) == list(range(base + 1, base + 7))
    for decision in decisions:
        mine = sorted(
            RegisterEntry.objects.filter(decision_line__decision=decision).values_list("register_number", flat=True)
        )
        assert mine == list(range(mine[0], mine[0] + 3))  # one signing's numbers are not interleaved
