"""Import a plan document (.docx, .txt, .pdf) into a structured draft.

`read_plan` turns an upload into the export_plan / demo-file schema (nothing is saved);
`linking` suggests which cited plans are in the portal; `services.plan_import_save`
saves the reviewed data as a draft plan of the officer's own unit.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.importer.extract import VIETNAMESE_LETTERS, ExtractedText, extract_text
from campaigns.importer.parse import looks_like_plan, parse_plan


@dataclass
class ImportedPlan:
    name: str
    kind: str
    text: str
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    unsure: dict[str, str] = field(default_factory=dict)  # {review section: reason it is low confidence}


def read_plan(*, name: str, content: bytes, max_bytes: int | None = None) -> ImportedPlan:
    """The plan in the file, as schema data; a ValidationError in Vietnamese when it is not one."""
    extracted: ExtractedText = extract_text(name=name, content=content, max_bytes=max_bytes)
    if without_accents(extracted.text):
        raise ValidationError(
            _(
                "Tệp “%(name)s” có chữ nhưng không có dấu tiếng Việt (có thể là chữ nhận dạng từ bản scan, hoặc gõ "
                "không dấu), nên không đọc đúng được. Hãy tải lên bản Word (.docx) hoặc bản có đủ dấu."
            )
            % {"name": name},
            code="no_accents",
        )
    if not looks_like_plan(extracted.text):
        raise ValidationError(
            _(
                "Tệp “%(name)s” không giống một kế hoạch: không có dòng “KẾ HOẠCH” và không có mục nào như "
                "“I. MỤC ĐÍCH, YÊU CẦU”, “II. NỘI DUNG…”, “TỔ CHỨC THỰC HIỆN”. Hãy chọn đúng tệp kế hoạch."
            )
            % {"name": name},
            code="not_a_plan",
        )
    parsed = parse_plan(extracted.text)
    return ImportedPlan(
        name=name,
        kind=extracted.kind,
        text=extracted.text,
        data=parsed.data,
        warnings=parsed.warnings,
        unsure=parsed.unsure,
    )


def without_accents(text: str) -> bool:
    """Vietnamese text without a single accented letter in hundreds of words: OCR or unaccented typing."""
    words = re.findall(r"[^\W\d_]+", text)
    if len(words) < 200:
        return False
    accented = sum(1 for word in words if VIETNAMESE_LETTERS.search(word) or re.search("[à-ỹÀ-Ỹ]", word))
    return accented < 0.02 * len(words)
