"""python manage.py make_synthetic [--scale tiny|province|national] [--seed N] [--years 5] [--reset]"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from devtools import synthetic


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mô phỏng (xã, đơn vị, kế hoạch, báo cáo, hồ sơ) ở quy mô một tỉnh hoặc cả nước, "
        "xác định theo --seed. Dùng cho đo hiệu năng; không phải dữ liệu mẫu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(synthetic.SCALES), default="province")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--years", type=int, default=5, help="số năm báo cáo, đến --end-year")
        parser.add_argument("--end-year", type=int, default=None, help="năm báo cáo gần nhất (mặc định: năm nay)")
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            default=None,
            help="YYYY-MM-DD: không có gì được nộp từ ngày này (mặc định: hôm nay)",
        )
        parser.add_argument("--reset", action="store_true", help="xóa dữ liệu mô phỏng đã có trước khi tạo")

    def handle(self, *args, scale, seed, years, end_year, as_of, reset, **options):
        if years < 1:
            raise CommandError("--years phải ít nhất là 1.")
        if synthetic.has_synthetic_data():
            if not reset:
                raise CommandError("Cơ sở dữ liệu đã có dữ liệu mô phỏng. Thêm --reset để xóa và tạo lại.")
            synthetic.delete_synthetic(log=self.stdout.write)
        started = time.monotonic()
        maker = synthetic.Synthesizer(seed=seed, years=years, end_year=end_year, as_of=as_of, log=self.stdout.write)
        created = maker.build(synthetic.SCALES[scale])
        self.stdout.write(self.style.SUCCESS(f"Xong trong {time.monotonic() - started:.1f} s. Đã tạo:"))
        for name, count in sorted(created.items()):
            self.stdout.write(f"  {name:<22} {count:>9}")
