from django.core.management.base import BaseCommand

from campaigns.demo.loader import load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: năm kế hoạch thật, các đơn vị liên quan và tài khoản demo (chạy lại không thay đổi gì)."

    def handle(self, *args, **options):
        created = load_demo(log=self.stdout.write)
        summary = ", ".join(f"{key}: {count}" for key, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu (mới tạo — {summary})."))
