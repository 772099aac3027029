"""Field accuracy of the plan importer over every document the tests hold, per field and per form.

Each document is read as an officer may hold it (.txt, .docx, and the web copy when there is
one) and compared leaf by leaf with its expected values: the demo files for the seeds
(tests/fixtures/seeds/NNN.txt ↔ campaigns/demo/plans/NNN_*.json), and `<name>.expected.json`
for the real plans in tests/fixtures/plans_real/. Nothing is saved; no database is needed.
"""

import io
import json
import zipfile
from html import escape
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from campaigns.importer import read_plan
from campaigns.importer.accuracy import combine, field_accuracy, format_accuracy

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_file(text: str) -> bytes:
    """The text as a Word document, one paragraph per line (how the seed tests build theirs)."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line, quote=False)}</w:t></w:r></w:p>'
        for line in text.split("\n")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def documents(fixtures: Path, demo: Path):
    """(document, form, file name, content, expected data) for every document held."""
    for seed in sorted((fixtures / "seeds").glob("*.txt")):
        match = sorted(demo.glob(f"{seed.stem}_*.json"))
        if not match:
            continue
        want = json.loads(match[0].read_text(encoding="utf-8"))
        text = seed.read_text(encoding="utf-8")
        yield seed.stem, "txt", f"{seed.stem}.txt", text.encode(), want
        yield seed.stem, "docx", f"{seed.stem}.docx", word_file(text), want
    for expected in sorted((fixtures / "plans_real").glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        want = json.loads(expected.read_text(encoding="utf-8"))
        for form, suffix in (("txt", ".txt"), ("docx", ".docx"), ("pdf", ".pdf"), ("web", ".web.txt")):
            path = expected.parent / f"{stem}{suffix}"
            if path.is_file():
                yield stem, form, path.name, path.read_bytes(), want


class Command(BaseCommand):
    help = "In độ chính xác từng trường khi nhập kế hoạch từ văn bản, theo từng dạng tệp (.txt/.docx/.pdf/web)."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", default=str(Path(settings.BASE_DIR) / "tests" / "fixtures"))
        parser.add_argument("--documents", action="store_true", help="In cả từng văn bản, từng trường")

    def handle(self, *args, fixtures: str, documents: bool = False, **options):
        demo = Path(settings.BASE_DIR) / "campaigns" / "demo" / "plans"
        by_form: dict[str, list] = {}
        for stem, form, name, content, want in globals()["documents"](Path(fixtures), demo):
            try:
                got = read_plan(name=name, content=content).data
            except ValidationError as error:
                got = {}
                self.stderr.write(f"{name}: {' '.join(error.messages)}")
            report = field_accuracy(want, got)
            by_form.setdefault(form, []).append(report)
            if documents:
                self.stdout.write(f"\n== {stem} ({form})\n{format_accuracy(report)}")
        for form, reports in by_form.items():
            self.stdout.write(f"\n== {form}: {len(reports)} văn bản\n{format_accuracy(combine(reports))}")
        everything = [r for reports in by_form.values() for r in reports]
        self.stdout.write(f"\n== tất cả: {len(everything)} văn bản\n{format_accuracy(combine(everything))}")
