"""Upload checks shared by report evidence and nomination documents.

The type is read from the file's bytes, never from its name: a renamed .exe is refused.
"""

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class AllowedType:
    label: str
    extensions: tuple[str, ...]
    mime: str


ALLOWED_TYPES = {
    "application/pdf": AllowedType("PDF", (".pdf",), "application/pdf"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": AllowedType(
        "Word (DOCX)", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": AllowedType(
        "Excel (XLSX)", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "image/jpeg": AllowedType("JPG", (".jpg", ".jpeg"), "image/jpeg"),
    "image/png": AllowedType("PNG", (".png",), "image/png"),
}
ALLOWED_LABELS = ", ".join(t.label for t in ALLOWED_TYPES.values())


def sniff_upload(upload: UploadedFile, *, max_bytes: int | None = None) -> AllowedType:
    """Return the file's real type, or raise a ValidationError in Vietnamese.

    Checks: not empty, within the size limit, content of an allowed type, and a name whose
    extension agrees with the content (so a PDF named .jpg is refused too).
    """
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": upload.name}, code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” nặng %(size)s, vượt giới hạn %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    allowed = ALLOWED_TYPES.get(kind.mime) if kind else None
    if allowed is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải loại được chấp nhận (%(allowed)s).")
            % {"name": upload.name, "allowed": ALLOWED_LABELS},
            code="bad_type",
        )
    if not upload.name.lower().endswith(allowed.extensions):
        raise ValidationError(
            _("Tệp “%(name)s” có nội dung %(label)s nhưng tên tệp lại mang đuôi khác; hãy kiểm tra lại tệp.")
            % {"name": upload.name, "label": allowed.label},
            code="disguised",
        )
    return allowed
