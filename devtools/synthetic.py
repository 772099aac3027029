"""Synthetic data at the scale of a province or of the whole country, for the benchmark
(`manage.py make_synthetic`, `manage.py bench`; the devtools app). Not demo data and not test fixtures.

Everything is drawn from random generators seeded with (seed, what is being made), so the
same seed gives the same data whatever the order of the work, and growing one commune or
province later (`Synthesizer.grow`) does not change what was made before. Dates depend on
the seed, `end_year` and `as_of` only (nothing is submitted after `as_of`).

Writes go through `bulk_create` in batches, not the per-object `full_clean()` path: the
rows are built to satisfy the models' rules (units belong to the plan's issuer, years lie in
the plan's period, award forms suit the nominee and the state of the dossier).
Synthetic rows are marked: administrative units have a code starting with "SYN", accounts
a username starting with "syn.".
"""

import datetime
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from awards.models import (
    AwardForm,
    AwardSection,
    Nomination,
    NominationDocument,
    NominationEvent,
    NominationStage,
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
    PlanAmendment,
    PlanParent,
    Purpose,
    Recipient,
    Requirement,
    Responsibility,
    Solution,
)
from criteria.models import Criterion, CriterionGroup, SubjectType
from criteria.reference import ensure_subject_types
from reporting.models import (
    AnnualReport,
    CommuneNarrative,
    CommuneReport,
    CommuneReportEvent,
    ContentResult,
    CriterionResult,
    Evidence,
    GeneratedDocument,
    Notification,
    Reminder,
    ReminderPolicy,
    ReportEvent,
    ReportingDeadline,
)

CODE_PREFIX = "SYN"
USER_PREFIX = "syn."
PASSWORD = "demo12345"  # noqa: S105 - the demo accounts' password, so the benchmark logs in the same way  # nosec
BATCH = 2000
CAMPAIGN = "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Status = Nomination.Status

# The 34 provinces and centrally-run cities since 12/6/2025 (kind, name).
PROVINCES = [
    ("thanh_pho", "Hà Nội"), ("thanh_pho", "Huế"), ("tinh", "Lai Châu"), ("tinh", "Điện Biên"),
    ("tinh", "Sơn La"), ("tinh", "Lạng Sơn"), ("tinh", "Quảng Ninh"), ("tinh", "Thanh Hóa"),
    ("tinh", "Nghệ An"), ("tinh", "Hà Tĩnh"), ("tinh", "Cao Bằng"), ("tinh", "Tuyên Quang"),
    ("tinh", "Lào Cai"), ("tinh", "Thái Nguyên"), ("tinh", "Phú Thọ"), ("tinh", "Bắc Ninh"),
    ("tinh", "Hưng Yên"), ("thanh_pho", "Hải Phòng"), ("tinh", "Ninh Bình"), ("tinh", "Quảng Trị"),
    ("thanh_pho", "Đà Nẵng"), ("tinh", "Quảng Ngãi"), ("tinh", "Gia Lai"), ("tinh", "Khánh Hòa"),
    ("tinh", "Lâm Đồng"), ("tinh", "Đắk Lắk"), ("thanh_pho", "Hồ Chí Minh"), ("tinh", "Đồng Nai"),
    ("tinh", "Tây Ninh"), ("thanh_pho", "Cần Thơ"), ("tinh", "Vĩnh Long"), ("tinh", "Đồng Tháp"),
    ("tinh", "Cà Mau"), ("tinh", "An Giang"),
]  # fmt: skip
PLACE_WORDS = [
    "An",
    "Bình",
    "Hòa",
    "Phú",
    "Tân",
    "Thạnh",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Hưng",
    "Long",
    "Phước",
    "Mỹ",
    "Lộc",
    "Thành",
    "Xuân",
    "Hải",
    "Sơn",
    "Lâm",
    "Quang",
    "Vĩnh",
    "Đức",
    "Hiệp",
    "Thuận",
    "Thịnh",
    "Khánh",
    "Ninh",
    "Yên",
    "Gia",
    "Kim",
    "Phong",
    "Minh",
    "Thái",
    "Cẩm",
    "Lạc",
    "Hồng",
    "Tiên",
    "Quảng",
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Hữu", "Đức", "Thanh", "Ngọc", "Quang", "Hồng", "Xuân", "Anh"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hạnh",
    "Hùng",
    "Hương",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
]  # noqa: E501
DEPARTMENTS = [
    ("Sở Nội vụ", "office"), ("Sở Tài chính", "office"), ("Sở Xây dựng", "office"), ("Sở Y tế", "office"),
    ("Sở Giáo dục và Đào tạo", "office"), ("Sở Khoa học và Công nghệ", "office"),
    ("Sở Văn hóa, Thể thao và Du lịch", "office"), ("Sở Nông nghiệp và Môi trường", "office"),
    ("Sở Công Thương", "office"), ("Sở Tư pháp", "office"), ("Thanh tra tỉnh", "office"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "front"), ("Tỉnh đoàn", "front"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "front"), ("Hội Nông dân tỉnh", "front"),
]  # fmt: skip
RESULT_PHRASES = [
    "Đã triển khai kế hoạch, tổ chức tuyên truyền đến toàn thể cán bộ, hội viên và Nhân dân.",
    "Hoàn thành số hóa hồ sơ, 100% văn bản được xử lý trên môi trường mạng.",
    "Tổ chức {n} lớp bồi dưỡng kỹ năng số cho {m} lượt người tham gia.",
    "Xây dựng {n} mô hình mới, cách làm hay được biểu dương trong toàn xã.",
    "Tỷ lệ thanh toán không dùng tiền mặt đạt {p}%, vượt chỉ tiêu đề ra.",
    "Phối hợp với các đơn vị triển khai phong trào Bình dân học vụ số, đạt kết quả tốt.",
]
# How dossiers are spread over the workflow (weights), at the commune and at the province.
NOMINATION_STATES = [
    (Status.DRAFT, 8), (Status.SUBMITTED, 8), (Status.RETURNED, 3), (Status.RECEIVED, 7), (Status.APPRAISED, 6),
    (Status.COUNCIL_REVIEWED, 6), (Status.DECIDED, 30), (Status.FORWARDED, 10), (Status.RECEIVED_BY_PROVINCE, 5),
    (Status.RETURNED_BY_PROVINCE, 2), (Status.APPRAISED_BY_PROVINCE, 4), (Status.PROVINCE_COUNCIL_REVIEWED, 3),
    (Status.DECIDED_BY_PROVINCE, 6), (Status.FORWARDED_TO_NATIONAL, 2),
]  # fmt: skip
PAST_COMMUNE_COUNCIL = {Status.COUNCIL_REVIEWED, Status.DECIDED} | {
    s for s, _w in NOMINATION_STATES[7:]
}  # forwarded and every province state
AT_PROVINCE = {s for s, _w in NOMINATION_STATES[7:]}
# Forms a dossier at the province may ask for, weighted (most are the province's own).
PROVINCE_FORMS = ["bang_khen_chu_tich_tinh"] * 5 + ["co_thi_dua_tinh"] * 2 + ["bang_khen_thu_tuong"]
PAST_PROVINCE_COUNCIL = {Status.PROVINCE_COUNCIL_REVIEWED, Status.DECIDED_BY_PROVINCE, Status.FORWARDED_TO_NATIONAL}


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: list[tuple[str, str]]
    communes: int
    units: tuple[int, int]  # participating units per commune (inclusive range)
    departments: int  # the province's own participating units
    even: bool = False  # the same number of communes in every province


SCALES = {
    "tiny": Scale("tiny", [("tinh", "Lai Châu"), ("tinh", "Điện Biên")], 6, (5, 5), 2, even=True),
    "province": Scale("province", [("tinh", "Ninh Bình")], 129, (24, 36), 12),
    "national": Scale("national", PROVINCES, 3321, (24, 36), 12),
}


def has_synthetic_data() -> bool:
    return AdministrativeUnit.objects.filter(code__startswith=CODE_PREFIX).exists()


def person(rng: random.Random) -> tuple[str, str]:
    """(last_name, first_name) in the User model's sense: family and middle names, given name."""
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)}", rng.choice(GIVEN)


def full_name(rng: random.Random) -> str:
    return " ".join(person(rng))


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, rng.randint(7, 16), rng.randint(0, 59), tzinfo=TZ)


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} {n}", n + 1
    taken.add(candidate)
    return candidate


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` communes over `parts` provinces, unevenly but deterministically (largest remainder)."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(parts), key=lambda i: shares[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Synthesizer:
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
            last, first = person(rng)
            reviewers.append(
                User(
                    username=f"{USER_PREFIX}{province.code.lower()}",
                    password=self.password,
                    last_name=last,
                    first_name=first,
                    email=f"{province.code.lower()}.sonoivu@thidua.example",
                    role=User.Role.REVIEWER,
                    admin_unit=province,
                )
            )
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
        self._bulk(AnnualReport, reports)
        self._results(reports, contents)

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
            last, first = person(self.rng("officer", commune.code))
            officers.append(
                User(
                    username=f"{USER_PREFIX}{commune.code.lower()}",
                    password=self.password,
                    last_name=last,
                    first_name=first,
                    email=f"canbo.{commune.code.lower()}@thidua.example",
                    role=User.Role.OFFICER,
                    admin_unit=commune,
                )
            )
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
        for batch_reports in chunks(reports, 20000):
            self._bulk(AnnualReport, batch_reports)
            self._results(batch_reports, contents)
        self._bulk_nominations(nominations)
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

    def _outcome(self, rng: random.Random, due: datetime.date, weights: tuple) -> tuple[str, datetime.date | None]:
        """("on_time" | "late" | "returned" | "draft" | "missing", first submission date)."""
        on_time, late, returned, draft = weights
        roll = rng.random()
        if roll < on_time:
            outcome, day = "on_time", due - datetime.timedelta(days=rng.randint(0, 25))
        elif roll < on_time + late:
            outcome, day = "late", due + datetime.timedelta(days=rng.randint(1, 30))
        elif roll < on_time + late + returned:
            outcome, day = "returned", due - datetime.timedelta(days=rng.randint(1, 15))
        elif roll < on_time + late + returned + draft:
            return "draft", None
        else:
            return "missing", None
        if day >= self.as_of:  # not yet: some have started a draft
            return ("draft", None) if rng.random() < 0.3 else ("missing", None)
        return outcome, day

    def _reports(self, plan: Plan, units: list, rng: random.Random, officer_id: int, due_dm: tuple) -> list:
        reports = []
        for year in range(plan.first_report_year, self.end_year + 1):
            due = datetime.date(year, due_dm[1], due_dm[0])
            for unit in units:
                outcome, day = self._outcome(rng, due, (0.68, 0.15, 0.03, 0.03))
                if outcome == "missing":
                    continue
                report = AnnualReport(plan=plan, year=year, unit=unit, status=AnnualReport.Status.DRAFT)
                if day is not None:
                    at = _at(day, rng)
                    report.submitted_at = report.first_submitted_at = at
                    report.submitted_by_id = officer_id
                    report.status = AnnualReport.Status.SUBMITTED
                    report.version = 2
                    if outcome == "returned":
                        report.status = AnnualReport.Status.RETURNED
                        report.returned_at = min(at + datetime.timedelta(days=2), self.cutoff)
                        report.returned_by_id = officer_id
                        report.returned_reason = "Đề nghị bổ sung minh chứng cho kết quả thực hiện nội dung 2."
                        report.version = 3
                reports.append(report)
        return reports

    def _results(self, reports: list[AnnualReport], contents: dict[int, list[int]]) -> None:
        """Results per content for the last two years' received reports (older years keep
        only their status: enough for the boards and statistics)."""
        results = []
        for report in reports:
            if report.year < self.end_year - 1 or report.status == AnnualReport.Status.DRAFT:
                continue
            rng = self.rng("results", report.unit.email, report.year)
            for content_id in contents[report.plan_id]:
                text = rng.choice(RESULT_PHRASES).format(
                    n=rng.randint(2, 12), m=rng.randint(30, 400), p=rng.randint(60, 98)
                )
                results.append(ContentResult(report=report, content_id=content_id, text=text))
        for batch in chunks(results, 20000):
            self._bulk(ContentResult, batch)

    def _commune_reports(self, plan: Plan, commune: AdministrativeUnit, rng: random.Random, officer_id: int) -> list:
        reports = []
        for year in range(plan.first_report_year, self.end_year + 1):
            outcome, day = self._outcome(rng, datetime.date(year, 12, 15), (0.6, 0.2, 0.03, 0.07))
            if outcome == "missing":
                continue
            report = CommuneReport(
                plan=plan,
                commune=commune,
                year=year,
                general_assessment=f"Phong trào thi đua năm {year} trên địa bàn {commune.full_name} đạt kết quả tốt.",
            )
            if day is not None:
                report.submitted_at = report.first_submitted_at = _at(day, rng)
                report.submitted_by_id = officer_id
                report.status = CommuneReport.Status.SUBMITTED
                report.version = 2
                if outcome == "returned":
                    report.status = CommuneReport.Status.RETURNED
                    report.returned_at = min(report.submitted_at + datetime.timedelta(days=3), self.cutoff)
                    report.returned_reason = "Đề nghị bổ sung số liệu về hồ sơ khen thưởng."
                    report.version = 3
            reports.append(report)
        return reports

    # --- dossiers -----------------------------------------------------------------------

    def _form_for(self, status: str, rng: random.Random) -> AwardForm:
        if status == Status.DECIDED:
            return self.forms["giay_khen"]
        if status == Status.DECIDED_BY_PROVINCE:
            return self.forms[rng.choice(["bang_khen_chu_tich_tinh", "co_thi_dua_tinh"])]
        if status == Status.FORWARDED_TO_NATIONAL:
            return self.forms[rng.choice(["bang_khen_thu_tuong", "co_thi_dua_chinh_phu"])]
        if status in AT_PROVINCE:
            return self.forms[rng.choice(PROVINCE_FORMS)]
        return self.forms[rng.choice(["giay_khen"] * 12 + PROVINCE_FORMS)]

    def _bulk_nominations(self, nominations: list) -> None:
        self._bulk(Nomination, nominations)
        self._bulk(NominationStage, [stage for nomination in nominations for stage in nomination.stage_rows])

    def _nominations(self, plan: Plan, units: list, rng: random.Random, officer: User, n: int) -> list:
        states, weights = zip(*NOMINATION_STATES, strict=True)
        years = list(range(plan.first_report_year, self.end_year + 1))
        nominations = []
        for _ in range(n):
            status = rng.choices(states, weights)[0]
            year = rng.choice(years)
            form = self._form_for(status, rng)
            unit = rng.choice(units)
            individual = form.recipients != AwardForm.Recipients.COLLECTIVE and rng.random() < 0.35
            # Everything happens around the year's deadline, never after `as_of`.
            moment = min(datetime.date(year, 12, 20), self.as_of - datetime.timedelta(days=1))
            nomination = Nomination(
                plan=plan,
                occasion="preliminary" if year == self.start_year + 4 and rng.random() < 0.3 else "annual",
                award_form=form,
                nominee_kind="individual" if individual else "collective",
                unit=unit,
                individual_name=full_name(rng) if individual else "",
                individual_position=f"Cán bộ, {unit.name}" if individual else "",
                achievements=f"Hoàn thành xuất sắc nhiệm vụ năm {year}; dẫn đầu phong trào thi đua đổi mới sáng tạo.",
                status=status,
                created_by=officer,
            )
            stages = {}  # the dossier's stage rows, saved after it (see _bulk_nominations)

            def stage(level: str, nomination=nomination, stages=stages) -> NominationStage:
                return stages.setdefault(level, NominationStage(nomination=nomination, level=level))

            if status != Status.DRAFT:
                stage("commune")
            if status == Status.RETURNED:
                stage("commune").returned_reason = "Thiếu báo cáo thành tích có xác nhận của đơn vị."
            if status in PAST_COMMUNE_COUNCIL:
                commune = stage("commune")
                commune.appraisal_comment = "Hồ sơ đầy đủ, đủ điều kiện trình Hội đồng."
                commune.council_meeting_date = moment
                commune.council_members_present = 9
                commune.council_votes_for = rng.randint(6, 9)
                commune.council_votes_against = 9 - commune.council_votes_for
            if status == Status.DECIDED:
                stage("commune").decision_number = f"{rng.randint(100, 999)}/QĐ-UBND"
                stage("commune").decision_date = moment
                stage("commune").decision_signer = full_name(rng)
            if status in AT_PROVINCE:
                stage("commune").forwarded_at = _at(moment, rng)
                stage("commune").forwarded_by = officer
                stage("province")
            if status == Status.RETURNED_BY_PROVINCE:
                stage("province").returned_reason = "Đề nghị bổ sung biên bản họp Hội đồng cấp xã."
            if status in PAST_PROVINCE_COUNCIL | {Status.APPRAISED_BY_PROVINCE}:
                stage("province").appraisal_comment = "Đủ điều kiện trình Hội đồng Thi đua - Khen thưởng tỉnh."
            if status in PAST_PROVINCE_COUNCIL:
                province = stage("province")
                province.council_meeting_date = moment
                province.council_members_present = 11
                province.council_votes_for = rng.randint(8, 11)
                province.council_votes_against = 11 - province.council_votes_for
            if status == Status.DECIDED_BY_PROVINCE:
                stage("province").decision_number = f"{rng.randint(1000, 3999)}/QĐ-UBND"
                stage("province").decision_date = moment
                stage("province").decision_signer = full_name(rng)
            if status == Status.FORWARDED_TO_NATIONAL:
                stage("province").submission_number = f"{rng.randint(100, 999)}/TTr-UBND"
                stage("province").submission_date = moment
                stage("national")
            nomination.stage_rows = list(stages.values())
            nominations.append(nomination)
        return nominations

    # --- the benchmark's 10× ------------------------------------------------------------

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
            for batch in chunks(reports, 20000):
                self._bulk(AnnualReport, batch)
                self._results(batch, self._contents([plan]))
            existing = Nomination.objects.filter(plan=plan).count()
            rng = self.rng("grow-nominations", commune.code, factor)
            self._bulk_nominations(self._nominations(plan, units + extra, rng, officer, existing * (factor - 1)))
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


def subjects() -> tuple[User, User, AdministrativeUnit, Plan]:
    """The benchmark's actors: the officer of the first synthetic commune with an issued plan,
    and the reviewer of its province; plus the commune and its plan."""
    plan = (
        Plan.objects.filter(issuer__code__startswith=CODE_PREFIX, issuer__province__isnull=False, status="issued")
        .select_related("issuer__province")
        .order_by("issuer__code")
        .first()
    )
    officer = User.objects.get(admin_unit=plan.issuer, role=User.Role.OFFICER, username__startswith=USER_PREFIX)
    reviewer = User.objects.get(admin_unit=plan.issuer.province, role=User.Role.REVIEWER)
    return officer, reviewer, plan.issuer, plan


def totals() -> dict[str, int]:
    """Rows of every synthetic kind in the database (synthetic or not), for the summary."""
    models = [
        AdministrativeUnit, ParticipatingUnit, User, Plan, Content, CriterionGroup, Criterion, AwardSection,
        PlanAwardForm, Phase, ReportingDeadline, AnnualReport, ContentResult, Nomination, CommuneReport,
    ]  # fmt: skip
    return {model._meta.model_name: model.objects.count() for model in models}


def delete_synthetic(log: Callable[[str], None] = print) -> None:
    """Remove every synthetic row. The big tables are deleted with plain DELETEs (no
    per-row signals), children first; the rest through the ORM."""
    admin_units = AdministrativeUnit.objects.filter(code__startswith=CODE_PREFIX)
    plans = Plan.objects.filter(issuer__in=admin_units)
    units = ParticipatingUnit.objects.filter(admin_unit__in=admin_units)
    users = User.objects.filter(username__startswith=USER_PREFIX)
    reports = AnnualReport.objects.filter(unit__in=units)
    commune_reports = CommuneReport.objects.filter(commune__in=admin_units)
    nominations = Nomination.objects.filter(plan__in=plans)
    deadlines = ReportingDeadline.objects.filter(plan__in=plans)
    steps = [
        ContentResult.objects.filter(report__in=reports),
        CriterionResult.objects.filter(report__in=reports),
        Evidence.objects.filter(report__in=reports),
        ReportEvent.objects.filter(report__in=reports),
        reports,
        CommuneNarrative.objects.filter(report__in=commune_reports),
        CommuneReportEvent.objects.filter(report__in=commune_reports),
        commune_reports,
        NominationEvent.objects.filter(nomination__in=nominations),
        NominationDocument.objects.filter(nomination__in=nominations),
        NominationStage.objects.filter(nomination__in=nominations),
        nominations,
        Notification.objects.filter(user__in=users),
        Notification.objects.filter(reminder__deadline__in=deadlines),
        Reminder.objects.filter(deadline__in=deadlines),
        GeneratedDocument.objects.filter(plan__in=plans),
        GeneratedDocument.objects.filter(admin_unit__in=admin_units),
        ReminderPolicy.objects.filter(plan__in=plans),
        PlanAmendment.objects.filter(plan__in=plans),
        Criterion.objects.filter(group__plan__in=plans),
        PlanAwardForm.objects.filter(section__plan__in=plans),
        *(model.objects.filter(plan__in=plans) for model in (CriterionGroup, AwardSection, ReportingDeadline)),
        *(model.objects.filter(plan__in=plans) for model in (Purpose, Requirement, Content, Solution, Recipient)),
        *(model.objects.filter(plan__in=plans) for model in (Phase, Responsibility, PlanParent)),
        Plan.other_campaigns.through.objects.filter(plan__in=plans),
    ]
    with transaction.atomic():
        for queryset in steps:
            queryset._raw_delete(queryset.db)
        PlanParent.objects.filter(parent_plan__in=plans).update(parent_plan=None)
        plans._raw_delete(plans.db)
        users.delete()
        units._raw_delete(units.db)
        communes = admin_units.filter(province__isnull=False)
        communes._raw_delete(communes.db)
        admin_units._raw_delete(admin_units.db)
    log("Đã xóa dữ liệu mô phỏng cũ.")
