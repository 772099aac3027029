"""Decisions, awardees and the register for the synthetic communes (a mixin of the
Synthesizer): one signed decision per commune and year holding the dossiers the commune
decided that year, each line in the register with its number. `big_decision` builds the
benchmark's decision of 500 awardees (its PDF and certificates are timed).

Bulk-created like the rest: names are folded into `search_key` here, since bulk_create
skips the models' save()."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from awards.models import Awardee, AwardForm, Decision, DecisionLine, Nomination, RegisterCounter, RegisterEntry
from campaigns.excel import fold
from campaigns.models import AdministrativeUnit, ParticipatingUnit
from devtools.synthetic.data import Status, full_name

BASE_SALARY = 2_340_000
MULTIPLES = {"individual": Decimal("0.3"), "collective": Decimal("0.6")}


def _amount(kind: str) -> tuple[Decimal, int]:
    multiple = MULTIPLES.get(kind, Decimal("0.3"))
    return multiple, int(-(-(multiple * BASE_SALARY) // 10_000) * 10_000)


class Decisions:
    def _awardee(self, nomination: Nomination, commune_id: int) -> Awardee:
        individual = nomination.nominee_kind == Nomination.NomineeKind.INDIVIDUAL
        name = nomination.individual_name if individual else nomination.unit.name
        return Awardee(
            kind=Awardee.Kind.INDIVIDUAL if individual else Awardee.Kind.COLLECTIVE,
            admin_unit_id=commune_id,
            name=name,
            position=nomination.individual_position[:255] if individual else "",
            unit=nomination.unit,
            search_key=fold(name),
        )

    def _bulk_decisions(self, nominations: list[Nomination], officer_of: dict) -> None:
        """One signed decision per (commune, year) with the dossiers decided at the commune."""
        groups: dict[tuple[int, int], list[Nomination]] = defaultdict(list)
        for nomination in nominations:
            if nomination.status != Status.DECIDED:
                continue
            stage = next(s for s in nomination.stage_rows if s.level == "commune")
            groups[(nomination.plan.issuer_id, stage.decision_date.year)].append(nomination)
        if not groups:
            return
        communes = {c.pk: c for c in AdministrativeUnit.objects.filter(pk__in={key[0] for key in groups})}
        counters = {
            (c.admin_unit_id, c.year): c
            for c in RegisterCounter.objects.filter(admin_unit__in=communes.values(), year__in={k[1] for k in groups})
        }
        decisions, lines, entries, new_counters = [], [], [], []
        for (commune_id, year), members in sorted(groups.items()):
            commune = communes[commune_id]
            first = next(s for s in members[0].stage_rows if s.level == "commune")
            decision = Decision(
                admin_unit=commune,
                title=f"Về việc khen thưởng thành tích trong phong trào thi đua năm {year}",
                number=first.decision_number or f"{year % 1000}/QĐ-UBND",
                place=commune.name,
                decided_on=first.decision_date,
                legal_bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                proposal_by="Trưởng phòng Văn hóa - Xã hội",
                executors="Văn phòng HĐND và UBND, Phòng Văn hóa - Xã hội, các tập thể, cá nhân có tên tại Điều 1",
                recipients="Như Điều 3;\nLưu: VT.",
                signer_name=first.decision_signer or full_name(self.rng("signer", commune.code, year)),
                status=Decision.Status.SIGNED,
                signed_at=datetime.datetime.combine(first.decision_date, datetime.time(9), tzinfo=self.cutoff.tzinfo),
                signed_by=officer_of[commune_id],
                created_by=officer_of[commune_id],
                version=2,
            )
            decisions.append((decision, members))
        self._bulk(Decision, [d for d, _m in decisions])
        awardees = [(self._awardee(n, d.admin_unit_id), n, d) for d, members in decisions for n in members]
        self._bulk(Awardee, [a for a, _n, _d in awardees])
        numbers: dict[int, int] = defaultdict(int)
        for awardee, nomination, decision in awardees:
            numbers[decision.pk] += 1
            multiple, amount = _amount(awardee.kind)
            line = DecisionLine(
                decision=decision,
                number=numbers[decision.pk],
                awardee=awardee,
                award_form=nomination.award_form,
                achievement=nomination.achievements[:500],
                nomination=nomination,
                multiple=multiple,
                base_salary=BASE_SALARY,
                amount=amount,
            )
            lines.append((line, decision))
        self._bulk(DecisionLine, [line for line, _d in lines])
        for line, decision in lines:
            key = (decision.admin_unit_id, decision.decided_on.year)
            counter = counters.get(key)
            if counter is None:
                counter = counters[key] = RegisterCounter(admin_unit_id=key[0], year=key[1], last=0)
                new_counters.append(counter)
            counter.last += 1
            entries.append(
                RegisterEntry(
                    admin_unit_id=decision.admin_unit_id,
                    year=key[1],
                    register_number=counter.last,
                    awardee=line.awardee,
                    award_form=line.award_form,
                    level="commune",
                    issuer_name=decision.admin_unit.committee_name,
                    decision_number=decision.number,
                    decision_date=decision.decided_on,
                    achievement=line.achievement,
                    decision_line=line,
                    source=RegisterEntry.Source.DECISION,
                    search_key=line.awardee.search_key,
                )
            )
        self._bulk(RegisterEntry, entries)
        self._bulk(RegisterCounter, new_counters)
        for counter in counters.values():
            if counter.pk and counter not in new_counters:
                counter.save(update_fields=["last"])


def big_decision(commune: AdministrativeUnit, officer, *, awardees: int = 500) -> Decision:
    """A signed decision of the commune with `awardees` individuals (Giấy khen), each in the
    register: the benchmark renders its PDF and its certificates."""
    form = AwardForm.objects.get(code="giay_khen")
    units = list(ParticipatingUnit.objects.filter(admin_unit=commune).order_by("pk"))
    year = datetime.date.today().year
    day = datetime.date(year, 1, 15)
    decision = Decision.objects.create(
        admin_unit=commune,
        title=f"Về việc khen thưởng {awardees} cá nhân có thành tích xuất sắc (phép đo)",
        number=f"{awardees}/QĐ-UBND",
        place=commune.name,
        decided_on=day,
        legal_bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        proposal_by="Trưởng phòng Văn hóa - Xã hội",
        executors="Văn phòng HĐND và UBND, các cá nhân có tên tại Điều 1",
        recipients="Như Điều 3;\nLưu: VT.",
        signer_name="Nguyễn Văn An",
        status=Decision.Status.SIGNED,
        created_by=officer,
        signed_by=officer,
    )
    rng = random.Random(f"big-decision:{commune.code}")  # noqa: S311 - not for secrets  # nosec
    people = []
    for i in range(awardees):
        name = full_name(rng)
        unit = units[i % len(units)]
        people.append(
            Awardee(
                kind=Awardee.Kind.INDIVIDUAL,
                admin_unit=commune,
                name=name,
                gender=rng.choice(["male", "female"]),
                position="Cán bộ",
                unit=unit,
                search_key=fold(name),
            )
        )
    Awardee.objects.bulk_create(people, batch_size=1000)
    multiple, amount = _amount("individual")
    lines = DecisionLine.objects.bulk_create(
        [
            DecisionLine(
                decision=decision,
                number=i,
                awardee=person,
                award_form=form,
                achievement="Đã có thành tích xuất sắc trong phong trào thi đua đổi mới sáng tạo và chuyển đổi số",
                multiple=multiple,
                base_salary=BASE_SALARY,
                amount=amount,
            )
            for i, person in enumerate(people, start=1)
        ],
        batch_size=1000,
    )
    counter, _ = RegisterCounter.objects.get_or_create(admin_unit=commune, year=year)
    RegisterEntry.objects.bulk_create(
        [
            RegisterEntry(
                admin_unit=commune,
                year=year,
                register_number=counter.last + i,
                awardee=line.awardee,
                award_form=form,
                level="commune",
                issuer_name=commune.committee_name,
                decision_number=decision.number,
                decision_date=day,
                achievement=line.achievement,
                decision_line=line,
                source=RegisterEntry.Source.DECISION,
                search_key=line.awardee.search_key,
            )
            for i, line in enumerate(lines, start=1)
        ],
        batch_size=1000,
    )
    counter.last += len(lines)
    counter.save(update_fields=["last"])
    return decision
