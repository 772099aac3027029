"""Upload checks shared by report evidence and nomination documents.

The type is read from the file's bytes, never from its name: a renamed .exe is refused.
Office files are zips: what they would unpack to is checked from the zip's directory before
anything reads them (a 600 KB sheet of empty rows can unpack to hundreds of megabytes).
"""

import io
import zipfile
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
ZIP_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Real sheets and documents of the portal's size unpack to a few megabytes; pictures are
# stored nearly uncompressed, so a 10 MB file with photos stays far below the total.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_XML_PART_BYTES = 20 * 1024 * 1024


def check_zip(data: bytes, *, name: str, max_part: int = MAX_XML_PART_BYTES) -> list[str]:
    """The zip's member names, once its declared sizes are within the limits; ValidationError
    otherwise. Declared sizes are what counts: zipfile stops reading a member there."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    xml_sizes = [info.file_size for info in infos if info.filename.endswith((".xml", ".rels"))]
    total = sum(info.file_size for info in infos)
    for size, limit in ((max(xml_sizes, default=0), max_part), (total, MAX_UNZIPPED_BYTES)):
        if size > limit:
            raise ValidationError(
                _(
                    "Tệp “%(name)s” giải nén ra %(size)s, vượt giới hạn %(limit)s (thường do bảng tính có rất "
                    "nhiều dòng hoặc cột trống). Hãy xóa các dòng, cột trống thừa hoặc chép phần có dữ liệu "
                    "sang một tệp mới rồi tải lên lại."
                )
                % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
                code="too_big_unzipped",
            )
    return [info.filename for info in infos]


def sniff_upload(upload: UploadedFile, *, max_bytes: int | None = None, unpacked: bool = False) -> AllowedType:
    """Return the file's real type, or raise a ValidationError in Vietnamese.

    Checks: not empty, within the size limit, content of an allowed type, and a name whose
    extension agrees with the content (so a PDF named .jpg is refused too); with `unpacked`,
    also what a Word or Excel file unpacks to (`check_zip`).
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
    if unpacked and allowed.mime in ZIP_TYPES:
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        try:
            check_zip(data, name=upload.name)
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise ValidationError(
                _("Tệp “%(name)s” bị hỏng: không mở được nội dung %(label)s.")
                % {"name": upload.name, "label": allowed.label},
                code="unreadable",
            ) from exc
    return allowed
