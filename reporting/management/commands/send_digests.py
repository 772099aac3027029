from django.core.management.base import BaseCommand
from django.db import transaction

from reporting.services.notices import send_digests


class Command(BaseCommand):
    help = "Gửi thư tổng hợp thông báo cho người chọn nhận lúc 07:00 (cùng mã với việc chạy hằng ngày)."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = send_digests()
        self.stdout.write(f"{users} digests sent")
