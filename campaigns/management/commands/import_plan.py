import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from campaigns.importer import read_plan
from campaigns.importer.linking import issuer_unit, link_parents, plans_of_province
from campaigns.importer.services import as_export

SUMMARY = (
    ("preamble", "Căn cứ"),
    ("parents", "Văn bản căn cứ"),
    ("purposes", "Mục đích"),
    ("requirements", "Yêu cầu"),
    ("contents", "Nội dung thi đua"),
    ("criteria_groups", "Nhóm tiêu chí"),
    ("award_sections", "Mục khen thưởng"),
    ("solutions", "Giải pháp"),
    ("phases", "Giai đoạn"),
    ("deadlines", "Hạn báo cáo"),
    ("responsibilities", "Tổ chức thực hiện"),
    ("recipients", "Nơi nhận"),
)


class Command(BaseCommand):
    help = "Đọc một văn bản kế hoạch (.docx, .txt, .pdf) và in cấu trúc trích ra; không lưu gì."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp kế hoạch")
        parser.add_argument("--json", dest="as_json", action="store_true", help="In toàn bộ dữ liệu dạng JSON (UTF-8)")

    def handle(self, *args, path, as_json: bool = False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Không có tệp “{path}”.")
        try:
            imported = read_plan(name=file.name, content=file.read_bytes())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        unit = issuer_unit(imported.data)
        if unit is not None:  # read-only: which cited plans are in the portal
            link_parents(imported.data, plans=plans_of_province(unit), province=unit.province_unit)
        if as_json:
            self.stdout.write(json.dumps(as_export(imported.data), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_summary(imported))
        for warning in imported.warnings:
            self.stderr.write(f"Lưu ý: {warning}")


def _summary(imported) -> str:
    data = imported.data
    period = data["period"]
    lines = [
        f"Tệp: {imported.name} ({imported.kind})",
        f"Cơ quan ban hành: {data['issuer']['name'] or '(không rõ)'}",
        f"Số: {data['number'] or '(trống)'}   Ngày: {data['issued_on'] or '(trống)'}",
        f"Địa danh: {data['place'] or '—'}",
        f"Tên: {data['title']}",
        f"Phong trào: {data['campaign']}",
        f"Thời gian: {period['start_year'] or '?'} - {period['end_year'] or '?'}",
        f"Người ký: {data['signer']['name'] if data['signer'] else '(chưa ký)'}",
    ]
    for key, label in SUMMARY:
        lines.append(f"{label}: {len(data[key])}")
    lines.append(f"Tiêu chí: {sum(len(g['criteria']) for g in data['criteria_groups'])}")
    lines.append(f"Hình thức khen thưởng: {sum(len(s['forms']) for s in data['award_sections'])}")
    return "\n".join(lines)
