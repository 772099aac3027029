import json

from django.core.management.base import BaseCommand, CommandError

from campaigns.exchange import plan_to_data
from campaigns.selectors import plan_document_queryset


class Command(BaseCommand):
    help = "In kế hoạch dưới dạng JSON (UTF-8): --all hoặc danh sách mã kế hoạch."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Mã (id) các kế hoạch")
        parser.add_argument("--all", action="store_true", help="Xuất mọi kế hoạch")

    def handle(self, *args, ids, all, **options):
        if not ids and not all:
            raise CommandError("Cần chỉ rõ mã kế hoạch hoặc dùng --all.")
        plans = plan_document_queryset().order_by("pk")
        if not all:
            plans = plans.filter(pk__in=ids)
            missing = set(ids) - set(plans.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"Không có kế hoạch mã: {', '.join(map(str, sorted(missing)))}")
        data = [plan_to_data(plan) for plan in plans]
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
