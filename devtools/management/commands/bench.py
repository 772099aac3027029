"""python manage.py bench [--scale province|national] [--only reminders|pdf] [--reuse] [--profile DIR] --out FILE
(needs DATABASE_URL=postgres://…)"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from devtools import bench, synthetic


class Command(BaseCommand):
    help = (
        "Đo hiệu năng trên một cơ sở dữ liệu PostgreSQL riêng (tạo mới mỗi lần): độ trễ các trang chính "
        "qua gunicorn, số truy vấn ở 1× và 10× dữ liệu, thư nhắc qua Celery worker, thời gian tạo PDF."
    )

    def add_arguments(self, parser):
        defaults = bench.Options()
        parser.add_argument("--scale", choices=[s for s in synthetic.SCALES if s != "tiny"], default=defaults.scale)
        parser.add_argument("--out", type=Path, required=True, help="tệp JSON kết quả")
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--database", default=defaults.database, help="tên cơ sở dữ liệu đo (bị xóa và tạo lại)")
        parser.add_argument("--requests", type=int, default=defaults.requests, help="số yêu cầu đo cho mỗi trang")
        parser.add_argument("--concurrency", type=int, default=defaults.concurrency)
        parser.add_argument("--workers", type=int, default=defaults.workers, help="số worker gunicorn")
        parser.add_argument("--broker", default=os.environ.get("CELERY_BROKER_URL") or defaults.broker)
        parser.add_argument(
            "--reminder-timeout", type=float, default=defaults.reminder_timeout, help="giây chờ gửi hết thư nhắc"
        )
        parser.add_argument("--log-dir", type=Path, default=defaults.log_dir)
        parser.add_argument(
            "--only",
            choices=["reminders", "pdf"],
            default=defaults.only,
            help="chỉ đo phần này (reminders: thư nhắc; pdf: thời gian tạo PDF)",
        )
        parser.add_argument(
            "--reuse", action="store_true", help="dùng lại cơ sở dữ liệu đo nếu đã có dữ liệu quy mô này"
        )
        parser.add_argument("--profile", type=Path, help="thư mục ghi hồ sơ pyinstrument (lập danh sách và worker)")

    def handle(self, *args, out, log_dir, **options):
        options = {k: v for k, v in options.items() if k in bench.Options.__dataclass_fields__}
        try:
            outcome = bench.run(bench.Options(**options, log_dir=log_dir), log=self.stdout.write)
        except bench.BenchError as error:
            raise CommandError(str(error)) from error
        bench.write(outcome["result"], out)
        self.stdout.write(bench.table(outcome["result"], outcome["timings"]))
        self.stdout.write(f"Số bản ghi: {outcome['counts']}")
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {out}"))
