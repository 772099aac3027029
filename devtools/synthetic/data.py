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
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from awards.models import (
    Nomination,
)
from campaigns.models import (
    AdministrativeUnit,
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
]
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
