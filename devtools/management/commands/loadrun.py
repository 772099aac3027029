"""python manage.py loadrun [--users 50] [--seconds 300] --out FILE (needs DATABASE_URL=postgres://…)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from devtools import loadrun
from devtools.bench import BenchError


class Command(BaseCommand):
    help = (
        "Chạy tải và lỗi trên một cơ sở dữ liệu PostgreSQL riêng (tạo mới mỗi lần): gunicorn, Redis riêng, "
        "Celery worker; N phiên của mọi vai trò đọc và ghi; giữa chừng giết rồi chạy lại worker và Redis; "
        "kiểm tra trong cơ sở dữ liệu không mất, không lặp lần ghi hay thư nhắc nào."
    )

    def add_arguments(self, parser):
        defaults = loadrun.Options()
        parser.add_argument("--out", type=Path, required=True, help="tệp JSON kết quả")
        parser.add_argument("--users", type=int, default=defaults.users, help="số phiên đăng nhập đồng thời")
        parser.add_argument("--seconds", type=float, default=defaults.seconds, help="thời gian chạy tải")
        parser.add_argument("--database", default=defaults.database, help="tên cơ sở dữ liệu (bị xóa và tạo lại)")
        parser.add_argument("--workers", type=int, default=defaults.workers, help="số worker gunicorn")
        parser.add_argument("--log-dir", type=Path, default=defaults.log_dir)

    def handle(self, *args, out, users, seconds, database, workers, log_dir, **options):
        if users < 1 or seconds <= 0:
            raise CommandError("--users và --seconds phải lớn hơn 0.")
        opts = loadrun.Options(users=users, seconds=seconds, database=database, workers=workers, log_dir=log_dir)
        try:
            result = loadrun.run(opts, log=self.stdout.write)
        except BenchError as error:
            raise CommandError(str(error)) from error
        loadrun.write(result, out)
        self.stdout.write(
            f"{result['requests']} yêu cầu, {result['errors']} lỗi, p50/p95 {result['latency']}, "
            f"mất hoặc lặp: {loadrun.losses(result)}"
        )
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {out}"))
