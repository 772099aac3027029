import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from reporting.services.reminders import send_reminders


class Command(BaseCommand):
    help = "Gửi thư nhắc hạn báo cáo và hạn đăng ký thi đua đến hạn trong ngày (cùng mã với việc chạy 07:00 hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày chạy, dạng YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không gửi")

    def handle(self, *args, date, dry_run, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"Ngày không hợp lệ: {date} (cần dạng YYYY-MM-DD, ví dụ 2026-12-02).") from error
        with transaction.atomic():
            reminders = send_reminders(today=today, dry_run=dry_run)
        for r in reminders:
            when = (
                f"còn {r.offset} ngày" if r.offset > 0 else ("đúng hạn" if r.offset == 0 else f"quá {-r.offset} ngày")
            )
            if r.deadline is None:
                what = f"Đăng ký thi đua năm {r.year}"
            else:
                what = f"{r.deadline.plan.reference} – {r.deadline.plan.issuer.committee_name}"
            self.stdout.write(f"{r.email}\t{r.name}\t{what}\thạn {r.due:%d/%m}\t{r.offset:+d} ({when})")
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{len(reminders)} reminders {verb}")
