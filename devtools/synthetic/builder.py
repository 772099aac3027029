"""The Synthesizer: administrative units, units, accounts and plans at scale, then their
yearly activity (devtools.synthetic.activity); `grow` multiplies one commune."""

import datetime
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from awards.models import (
    AwardForm,
    AwardSection,
    Nomination,
    PlanAwardForm,
)
from awards.reference import ensure_award_forms
from campaigns.demo.loader import read_plan_file
from campaigns.models import (
    AdministrativeUnit,
    Campaign,
    Content,
    ParticipatingUnit,
    Phase,
    Plan,
    PlanParent,
    Purpose,
    Recipient,
    Requirement,
    Responsibility,
    Solution,
)
from criteria.models import Criterion, CriterionGroup, SubjectType
from criteria.reference import ensure_subject_types
from devtools.synthetic.activity import Activity
from devtools.synthetic.data import (
    BATCH,
    CAMPAIGN,
    CODE_PREFIX,
    DEPARTMENTS,
    PASSWORD,
    PLACE_WORDS,
    TZ,
    USER_PREFIX,
    Scale,
    _unique,
    chunks,
    full_name,
    person,
    split,
)
from devtools.synthetic.decisions import Decisions
from reporting.models import (
    AnnualReport,
    CommuneReport,
    ReportingDeadline,
)


class Synthesizer(Activity, Decisions):
    """Builds the data. `build(scale)` makes a whole scale; `grow(...)` adds more of it to one
    commune and its province (the benchmark's 10× data)."""

    def __init__(
        self,
        *,
        seed: int = 1,
        years: int = 5,
        end_year: int | None = None,
        as_of: datetime.date | None = None,
        log: Callable[[str], None] = print,
    ) -> None:
        self.seed = seed
        self.as_of = as_of or timezone.localdate()
        self.cutoff = datetime.datetime.combine(self.as_of, datetime.time(), tzinfo=TZ)  # nothing happens after
        self.end_year = end_year or self.as_of.year
        self.start_year = self.end_year - years + 1
        self.period_end = max(self.end_year, self.start_year + 8)
        self.log = log
        self.counts: Counter = Counter()
        self.started = time.monotonic()
        ensure_subject_types(SubjectType)
        ensure_award_forms(AwardForm)
        self.subject_types = dict(SubjectType.objects.values_list("code", "pk"))
        self.forms = {f.code: f for f in AwardForm.objects.all()}
        self.campaign, _ = Campaign.objects.get_or_create(
            name=CAMPAIGN, defaults={"launched_by": "Quyết định số 923/QĐ-TTg ngày 14/5/2025 của Thủ tướng Chính phủ"}
        )
        self.province_template = read_plan_file("004_ninh_binh.json")
        self.commune_template = read_plan_file("000_co_le.json")
        self._password: str | None = None

    # --- helpers --------------------------------------------------------------------------

    def rng(self, *key) -> random.Random:
        return random.Random(":".join(str(part) for part in (self.seed, *key)))  # noqa: S311 - not for secrets  # nosec

    @property
    def password(self) -> str:
        if self._password is None:  # hashed once: PBKDF2 per account would take hours
            self._password = make_password(PASSWORD)
        return self._password

    def _bulk(self, model, objects: list) -> list:
        if objects:
            model.objects.bulk_create(objects, batch_size=BATCH)
            self.counts[model._meta.model_name] += len(objects)
        return objects

    def _account(self, admin_unit: AdministrativeUnit, role: str, email: str, rng: random.Random) -> User:
        """The login of a province's reviewer or a commune's officer (username from the code)."""
        last, first = person(rng)
        return User(
            username=f"{USER_PREFIX}{admin_unit.code.lower()}",
            password=self.password,
            last_name=last,
            first_name=first,
            email=email,
            role=role,
            admin_unit=admin_unit,
        )

    def _bulk_reports(self, reports: list[AnnualReport], contents: dict[int, list[int]]) -> None:
        """Reports and their results, in batches (a commune batch makes tens of thousands)."""
        for batch in chunks(reports, 20000):
            self._bulk(AnnualReport, batch)
            self._results(batch, contents)

    def progress(self, message: str) -> None:
        self.log(f"[{time.monotonic() - self.started:7.1f} s] {message}")

    # --- the whole scale ------------------------------------------------------------------

    def build(self, scale: Scale, *, chunk: int = 150) -> Counter:
        rng = self.rng("scale", scale.name)
        taken = set(
            AdministrativeUnit.objects.filter(province__isnull=True).values_list("name", flat=True)
        )  # demo provinces keep their names; ours get a suffix
        provinces = []
        for number, (kind, name) in enumerate(scale.provinces, start=1):
            label = name if name not in taken else f"{name} (mô phỏng)"
            provinces.append(
                AdministrativeUnit(
                    kind=kind,
                    name=label,
                    code=f"{CODE_PREFIX}{number:02d}",
                    email=f"sonoivu.syn{number:02d}@thidua.example",
                )
            )
        with transaction.atomic():
            self._bulk(AdministrativeUnit, provinces)
            self._provinces(provinces, scale.departments)
        if scale.even:
            counts = [scale.communes // len(provinces)] * len(provinces)
        else:
            counts = split(scale.communes, len(provinces), rng)
        specs = [(province, index) for province, n in zip(provinces, counts, strict=True) for index in range(1, n + 1)]
        self.progress(f"{len(provinces)} tỉnh, {len(specs)} xã/phường sẽ được tạo")
        for batch in chunks(specs, chunk):
            with transaction.atomic():
                self._communes(batch, scale.units)
            self.progress(
                f"xã {self.counts['administrativeunit'] - len(provinces)}/{len(specs)} · "
                f"đơn vị {self.counts['participatingunit']} · báo cáo {self.counts['annualreport']} · "
                f"hồ sơ {self.counts['nomination']}"
            )
        return self.counts

    def _provinces(self, provinces: list[AdministrativeUnit], departments: int) -> None:
        reviewers, plans, units = [], [], []
        for province in provinces:
            rng = self.rng("province", province.code)
            email = f"{province.code.lower()}.sonoivu@thidua.example"
            reviewers.append(self._account(province, User.Role.REVIEWER, email, rng))
            issued = datetime.date(self.start_year, 2, rng.randint(1, 28))
            plans.append((self._plan(province, rng, issued, f"{rng.randint(10, 99):02d}/KH-UBND"), province))
            for index, (name, code) in enumerate(DEPARTMENTS[:departments], start=1):
                if name.endswith(" tỉnh") or name == "Tỉnh đoàn":
                    name = f"{name} {province.name}"
                units.append(self._unit(province, index, name, code, rng))
        self._bulk(User, reviewers)
        self._bulk_plans(
            [
                (plan, self.province_template, province, None, (15, 12), "units_and_localities")
                for plan, province in plans
            ]
        )
        self._bulk(ParticipatingUnit, units)
        by_province = defaultdict(list)
        for unit in units:
            by_province[unit.admin_unit_id].append(unit)
        reviewer_of = {u.admin_unit_id: u for u in reviewers}
        contents = self._contents([p for p, _ in plans])
        reports = []
        for plan, province in plans:
            rng = self.rng("province-reports", province.code)
            reports += self._reports(plan, by_province[province.pk], rng, reviewer_of[province.pk].pk, (15, 12))
        self._bulk_reports(reports, contents)

    # --- communes -----------------------------------------------------------------------

    def _communes(self, batch: list[tuple[AdministrativeUnit, int]], unit_range: tuple[int, int]) -> list:
        """Communes with their officer, plan, units, reports, dossiers and reports to the province."""
        province_plans = {
            p.issuer_id: p
            for p in Plan.objects.filter(issuer__in={province.pk for province, _ in batch}).select_related("issuer")
        }
        taken: dict[int, set[str]] = defaultdict(set)
        for province_id, name in AdministrativeUnit.objects.filter(
            province__in={province.pk for province, _ in batch}
        ).values_list("province_id", "name"):
            taken[province_id].add(name)
        communes = []
        for province, index in batch:
            rng = self.rng("commune", province.code, index)
            roll = rng.random()
            kind = "dac_khu" if roll < 0.005 else "phuong" if roll < 0.22 else "xa"
            words = rng.sample(PLACE_WORDS, 2)
            code = f"{province.code}{index:04d}"
            communes.append(
                AdministrativeUnit(
                    kind=kind,
                    name=_unique(" ".join(words), taken[province.pk]),
                    province=province,
                    code=code,
                    email=f"vhxh.{code.lower()}@thidua.example",
                )
            )
        self._bulk(AdministrativeUnit, communes)
        officers = []
        for commune in communes:
            email = f"canbo.{commune.code.lower()}@thidua.example"
            officers.append(self._account(commune, User.Role.OFFICER, email, self.rng("officer", commune.code)))
        self._bulk(User, officers)
        officer_of = {u.admin_unit_id: u for u in officers}
        items = []
        for commune in communes:
            rng = self.rng("plan", commune.code)
            province_plan = province_plans[commune.province_id]
            issued = province_plan.issued_on + datetime.timedelta(days=rng.randint(20, 120))
            plan = self._plan(commune, rng, issued, f"{rng.randint(10, 150)}/KH-UBND")
            plan.preamble = (
                f"Thực hiện Kế hoạch số {province_plan.number} ngày {province_plan.issued_on:%d/%m/%Y} của UBND "
                f"{province_plan.issuer.full_name} về việc triển khai thực hiện Phong trào thi đua “{CAMPAIGN}”.\n"
                f"Ủy ban nhân dân {commune.full_name} xây dựng Kế hoạch triển khai Phong trào thi đua như sau:"
            )
            if rng.random() < 0.04:  # a few communes have only a draft
                plan.status, plan.number, plan.issued_on = Plan.Status.DRAFT, "", None
            due = (10, 12) if rng.random() < 0.6 else (5, 12)
            items.append((plan, self.commune_template, commune, province_plan, due, "units"))
        self._bulk_plans(items)
        contents = self._contents([item[0] for item in items])
        units_of = {}
        units = []
        for commune in communes:
            rng = self.rng("units", commune.code)
            units_of[commune.pk] = self._commune_units(commune, rng, rng.randint(*unit_range))
            units += units_of[commune.pk]
        self._bulk(ParticipatingUnit, units)
        reports, nominations, commune_reports = [], [], []
        for plan, _data, commune, province_plan, due, _reporters in items:
            officer = officer_of[commune.pk]
            if plan.is_issued:
                rng = self.rng("reports", commune.code)
                reports += self._reports(plan, units_of[commune.pk], rng, officer.pk, due)
                rng = self.rng("nominations", commune.code)
                nominations += self._nominations(plan, units_of[commune.pk], rng, officer, rng.randint(4, 12))
            rng = self.rng("commune-reports", commune.code)
            commune_reports += self._commune_reports(province_plan, commune, rng, officer.pk)
        self._bulk_reports(reports, contents)
        self._bulk_nominations(nominations)
        self._bulk_decisions(nominations, officer_of)
        self._bulk(CommuneReport, commune_reports)
        return communes

    def _unit(self, admin_unit, index, name, subject_code, rng) -> ParticipatingUnit:
        return ParticipatingUnit(
            admin_unit=admin_unit,
            name=name,
            subject_type_id=self.subject_types[subject_code],
            contact_person=full_name(rng),
            email=f"dv{index:03d}.{admin_unit.code.lower()}@thidua.example",
            phone=f"0{rng.randint(200000000, 999999999)}",
        )

    def _commune_units(self, commune: AdministrativeUnit, rng: random.Random, n: int, start: int = 1) -> list:
        """`n` participating units: the commune's offices, the Front and its organisations,
        schools, a cooperative, then villages (khối in a ward) and enterprises."""
        core = [
            (f"Văn phòng HĐND và UBND {commune.full_name}", "office"),
            (f"Phòng Kinh tế {commune.full_name}", "office"),
            (f"Trạm Y tế {commune.full_name}", "office"),
            (f"Ủy ban Mặt trận Tổ quốc Việt Nam {commune.full_name}", "front"),
            (f"Đoàn Thanh niên Cộng sản Hồ Chí Minh {commune.full_name}", "front"),
            (f"Hội Liên hiệp Phụ nữ {commune.full_name}", "front"),
            (f"Hội Nông dân {commune.full_name}", "front"),
            (f"Hội Cựu chiến binh {commune.full_name}", "front"),
            (f"Trường Mầm non {commune.name}", "school"),
            (f"Trường Tiểu học {commune.name}", "school"),
            (f"Trường Trung học cơ sở {commune.name}", "school"),
            (f"Hợp tác xã Nông nghiệp {commune.name}", "cooperative"),
        ]
        village = "Khối" if commune.kind == AdministrativeUnit.Kind.WARD else "Thôn"
        taken: set[str] = set(
            ParticipatingUnit.objects.filter(admin_unit=commune).values_list("name", flat=True) if start > 1 else ()
        )
        rows = core[: max(0, n - (start - 1))] if start == 1 else []
        while len(rows) < n:
            if rng.random() < 0.7:
                rows.append((f"{village} {rng.choice(PLACE_WORDS)}", "village"))
            else:
                rows.append((f"Công ty TNHH {' '.join(rng.sample(PLACE_WORDS, 2))}", "enterprise"))
        return [
            self._unit(commune, start + i, _unique(name, taken), code, rng) for i, (name, code) in enumerate(rows[:n])
        ]

    # --- plans --------------------------------------------------------------------------

    def _plan(self, issuer: AdministrativeUnit, rng: random.Random, issued: datetime.date, number: str) -> Plan:
        template = self.commune_template if issuer.province_id else self.province_template
        area = issuer.full_name if not issuer.province_id else f"{issuer.full_name}, {issuer.province.full_name}"
        return Plan(
            issuer=issuer,
            campaign=self.campaign,
            status=Plan.Status.ISSUED,
            number=number,
            issued_on=issued,
            place=issuer.name,
            title=f"Triển khai Phong trào thi đua “{CAMPAIGN}” trên địa bàn {area}",
            period_start=self.start_year,
            period_end=self.period_end,
            preamble="\n".join(self._sub(p, issuer) for p in template["preamble"]),
            contents_intro=self._sub(template["contents_intro"], issuer),
            phases_intro=f"Phong trào thi đua được triển khai từ năm {self.start_year} đến năm {self.period_end}.",
            closing=self._sub(template["closing"], issuer),
            signer_capacity="TM. ỦY BAN NHÂN DÂN",
            signer_delegation="KT. CHỦ TỊCH",
            signer_title="PHÓ CHỦ TỊCH",
            signer_name=full_name(rng),
        )

    @staticmethod
    def _sub(text: str, issuer: AdministrativeUnit) -> str:
        province = issuer.province or issuer
        if issuer.province_id:
            text = text.replace("xã Cổ Lễ", issuer.full_name).replace("Cổ Lễ", issuer.name)
        return text.replace("Ninh Bình", province.name)

    def _bulk_plans(self, items: list[tuple]) -> None:
        """Plans and every section: (plan, template data, issuer, parent plan, (day, month), reporters)."""
        self._bulk(Plan, [item[0] for item in items])
        rows: dict = defaultdict(list)
        groups, sections = [], []
        middle = min(self.start_year + 4, self.period_end)
        for plan, data, issuer, parent, (day, month), reporters in items:
            for key, model in (
                ("purposes", Purpose),
                ("requirements", Requirement),
                ("contents", Content),
                ("solutions", Solution),
                ("recipients", Recipient),
            ):
                rows[model] += [
                    model(plan=plan, number=n, text=self._sub(t, issuer)) for n, t in enumerate(data[key], start=1)
                ]
            rows[Phase] += [
                Phase(plan=plan, number=1, name="Giai đoạn 1", start_year=self.start_year, end_year=middle,
                      review="preliminary", review_year=middle, description=data["phases"][0]["description"]),
                Phase(plan=plan, number=2, name="Giai đoạn 2", start_year=middle, end_year=self.period_end,
                      review="final", review_year=self.period_end, description=data["phases"][-1]["description"]),
            ]  # fmt: skip
            rows[Responsibility] += [
                Responsibility(plan=plan, number=n, body=r["body"], titled=r["titled"], duties="\n".join(r["duties"]))
                for n, r in enumerate(data["responsibilities"], start=1)
            ]
            template_deadline = data["deadlines"][0]
            rows[ReportingDeadline].append(
                ReportingDeadline(
                    plan=plan,
                    day=day,
                    month=month,
                    reporter=template_deadline["reporter"],
                    receiver=template_deadline["receiver"],
                    via=template_deadline["via"],
                    reporters=reporters,
                )
            )
            if parent is not None:
                rows[PlanParent].append(
                    PlanParent(
                        plan=plan,
                        number_in_list=1,
                        kind="Kế hoạch",
                        number=parent.number,
                        date=parent.issued_on,
                        issuer=f"UBND {parent.issuer.full_name}",
                        summary=f"về việc {parent.title[0].lower()}{parent.title[1:]}",
                        parent_plan=parent,
                    )
                )
            for n, group in enumerate(data["criteria_groups"], start=1):
                groups.append(
                    (
                        CriterionGroup(
                            plan=plan,
                            number=n,
                            subject_type_id=self.subject_types[group["subject_type"]],
                            heading=group["heading"],
                        ),
                        group["criteria"],
                    )
                )
            for n, section in enumerate(data["award_sections"], start=1):
                sections.append(
                    (
                        AwardSection(
                            plan=plan,
                            number=n,
                            heading=section["heading"],
                            for_annual="annual" in section["occasions"],
                            for_preliminary="preliminary" in section["occasions"],
                            for_final="final" in section["occasions"],
                            standards=section["standards"],
                        ),
                        section["forms"],
                    )
                )
        for model, objects in rows.items():
            self._bulk(model, objects)
        self._bulk(CriterionGroup, [g for g, _c in groups])
        self._bulk(
            Criterion,
            [
                Criterion(group=g, number=n, text=self._sub(t, g.plan.issuer))
                for g, criteria in groups
                for n, t in enumerate(criteria, start=1)
            ],
        )
        self._bulk(AwardSection, [s for s, _f in sections])
        self._bulk(
            PlanAwardForm,
            [
                PlanAwardForm(section=s, number=n, award_form=self.forms[f["award_form"]], name_in_plan=f["name"])
                for s, forms in sections
                for n, f in enumerate(forms, start=1)
            ],
        )

    @staticmethod
    def _contents(plans: list[Plan]) -> dict[int, list[int]]:
        contents = defaultdict(list)
        for plan_id, pk in Content.objects.filter(plan__in=plans).order_by("number").values_list("plan_id", "pk"):
            contents[plan_id].append(pk)
        return contents

    # --- reports ------------------------------------------------------------------------

    def grow(self, *, commune: AdministrativeUnit, factor: int = 10, chunk: int = 150) -> Counter:
        """Make the commune and its province `factor` times as big: (factor - 1) times more
        units, reports and dossiers in the commune, and (factor - 1) times more communes
        (each as full as the others) in the province."""
        self.counts = Counter()
        province = commune.province
        plan = Plan.objects.filter(issuer=commune, status=Plan.Status.ISSUED).prefetch_related("deadlines").first()
        officer = User.objects.filter(admin_unit=commune, role=User.Role.OFFICER).first()
        with transaction.atomic():
            units = list(ParticipatingUnit.objects.filter(admin_unit=commune).order_by("pk"))
            rng = self.rng("grow-units", commune.code, factor)
            extra = self._commune_units(commune, rng, len(units) * (factor - 1), start=len(units) + 1)
            self._bulk(ParticipatingUnit, extra)
            due = (plan.deadlines.all()[0].day, plan.deadlines.all()[0].month)
            reports = self._reports(plan, extra, self.rng("grow-reports", commune.code, factor), officer.pk, due)
            self._bulk_reports(reports, self._contents([plan]))
            existing = Nomination.objects.filter(plan=plan).count()
            rng = self.rng("grow-nominations", commune.code, factor)
            more = self._nominations(plan, units + extra, rng, officer, existing * (factor - 1))
            self._bulk_nominations(more)
            self._bulk_decisions(more, {commune.pk: officer})
        present = AdministrativeUnit.objects.filter(province=province).count()
        last = max(
            int(code[len(province.code) :])
            for code in AdministrativeUnit.objects.filter(province=province).values_list("code", flat=True)
        )
        specs = [(province, last + i) for i in range(1, present * (factor - 1) + 1)]
        for batch in chunks(specs, chunk):
            with transaction.atomic():
                self._communes(batch, (24, 36))
            self.progress(f"thêm xã {self.counts['administrativeunit']}/{len(specs)}")
        return self.counts
