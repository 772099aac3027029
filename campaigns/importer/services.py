"""Who may import a plan document, its reading in the background, what to tell them before
they save, and the save itself."""

import copy
import datetime
import logging
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from awards.models import AwardForm
from campaigns.exchange import plan_from_data
from campaigns.importer import ImportedPlan, read_plan
from campaigns.importer.linking import issuer_unit, link_parents
from campaigns.models import Plan, PlanImport
from campaigns.selectors import plans_visible_to
from config.celery import enqueue

logger = logging.getLogger(__name__)
# A reading not finished well after the task's hard limit has lost its worker (or its broker).
STALE_AFTER = datetime.timedelta(minutes=3)


def can_import(user: User) -> bool:
    """A commune's Culture-Social Office officer or a province reviewer: they write their unit's plans."""
    scope = scope_of(user)
    return scope.is_officer or scope.is_reviewer


def require_importer(user: User) -> None:
    if not can_import(user):
        raise PermissionDenied(
            _("Chỉ cán bộ Phòng Văn hóa - Xã hội cấp xã hoặc chuyên viên Sở Nội vụ mới được nhập kế hoạch từ văn bản.")
        )


@transaction.atomic
def plan_import_request(*, upload: UploadedFile, by: User) -> PlanImport:
    """Store the file and queue its reading; the task runs at once where Celery is eager."""
    require_importer(by)
    pending = PlanImport(admin_unit=by.admin_unit, uploaded_by=by, file_name=upload.name[:255])
    pending.file.save(upload.name, upload, save=False)
    pending.full_clean()
    pending.save()
    transaction.on_commit(lambda: enqueue(parse_plan_import, pending.pk))
    return pending


# A plan of 100 pages reads in a few seconds; a file that takes a minute is refused, not waited on.
@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def parse_plan_import(import_id: int) -> None:
    plan_import_parse(import_id=import_id)


def plan_import_parse(*, import_id: int) -> None:
    """Read the stored file (the Celery task's body). A refusal, a time-out or a crash leaves
    the officer a message in Vietnamese; the file is deleted either way."""
    claimed = PlanImport.objects.filter(pk=import_id, status=PlanImport.Status.QUEUED).update(
        status=PlanImport.Status.RUNNING, progress=10
    )
    if not claimed:
        return  # already read (a task delivered twice)
    pending = PlanImport.objects.get(pk=import_id)
    outcome: dict[str, Any] = {"status": PlanImport.Status.FAILED, "progress": 0}
    try:
        with pending.file.open("rb") as stored:
            content = stored.read()
        imported = read_plan(name=pending.file_name, content=content, max_bytes=settings.UPLOAD_MAX_BYTES)
    except ValidationError as error:
        outcome["error"] = " ".join(error.messages)
    except SoftTimeLimitExceeded:
        outcome["error"] = _(
            "Đọc tệp “%(name)s” quá lâu nên đã dừng. Hãy tải lên bản ngắn hơn (bỏ phụ lục, ảnh) hoặc bản Word (.docx)."
        ) % {"name": pending.file_name}
    except Exception:
        logger.exception("Plan import %s failed", import_id)
        outcome["error"] = _("Không đọc được tệp “%(name)s” do lỗi của cổng; hãy thử lại hoặc báo quản trị viên.") % {
            "name": pending.file_name
        }
    else:
        outcome.update(status=PlanImport.Status.DONE, progress=100, result=_result_of(imported))
    pending.file.delete(save=False)
    PlanImport.objects.filter(pk=import_id).update(file="", finished_at=timezone.now(), **outcome)


def _result_of(imported: ImportedPlan) -> dict[str, Any]:
    return {
        "kind": imported.kind,
        "text": imported.text,
        "data": imported.data,
        "warnings": imported.warnings,
        "unsure": imported.unsure,
    }


def plan_import_stale(pending: PlanImport) -> bool:
    """Still queued or running long after the task's time limit: its worker or the broker is gone."""
    return pending.is_working and pending.requested_at < timezone.now() - STALE_AFTER


def imported_of(pending: PlanImport) -> ImportedPlan:
    result = pending.result or {}
    return ImportedPlan(
        name=pending.file_name,
        kind=result["kind"],
        text=result["text"],
        data=copy.deepcopy(result["data"]),
        warnings=list(result["warnings"]),
        unsure=dict(result["unsure"]),
    )


def prepare_review(imported: ImportedPlan, *, user: User) -> ImportedPlan:
    """Suggest the links to cited plans the user can see, and add what the user should check."""
    unit = user.admin_unit
    link_parents(imported.data, plans=plans_visible_to(user), province=unit.province_unit)
    issuer_name = (imported.data.get("issuer") or {}).get("name") or ""
    if issuer_name and issuer_name.casefold() != unit.full_name.casefold():
        imported.warnings.insert(
            0,
            _("Văn bản có vẻ là kế hoạch của %(issuer)s; nếu lưu, dự thảo sẽ thuộc %(unit)s.")
            % {"issuer": issuer_name, "unit": unit.full_name},
        )
    title = imported.data.get("title") or ""
    if title and Plan.objects.filter(issuer=unit, title=title).exists():
        imported.warnings.insert(
            0, _("%(unit)s đã có một kế hoạch cùng tên trong cổng; lưu nữa sẽ thành một dự thảo mới.") % {"unit": unit}
        )
    return imported


@transaction.atomic
def plan_import_save(*, data: dict[str, Any], by: User) -> Plan:
    """Save the reviewed data as a DRAFT plan of the user's own unit, with its sections.

    `parents[i]["plan_id"]` links a citation to a plan the user can see; any other id is refused.
    """
    require_importer(by)
    data = copy.deepcopy(data)
    data.update(status=Plan.Status.DRAFT, header_missing=False)
    visible = plans_visible_to(by)
    links: list[Plan | None] = []
    for ref in data.get("parents", []):
        plan_id = ref.get("plan_id")
        plan = visible.filter(pk=plan_id).first() if plan_id else None
        if plan_id and plan is None:
            raise ValidationError(_("Kế hoạch căn cứ đã chọn không còn trong phạm vi của bạn; hãy chọn lại."))
        links.append(plan)
        ref["in_system"] = False  # linked below, by position rather than by number
    codes = {form["award_form"] for section in data.get("award_sections", []) for form in section.get("forms", [])}
    unknown = codes - set(AwardForm.objects.filter(code__in=codes).values_list("code", flat=True))
    if unknown:
        raise ValidationError(
            _("Hình thức khen thưởng chưa có trong danh mục của cổng (%(codes)s); hãy báo quản trị viên.")
            % {"codes": ", ".join(sorted(unknown))}
        )
    plan = plan_from_data(data=data, issuer=by.admin_unit)
    for parent, linked in zip(plan.parents.order_by("number_in_list"), links, strict=True):
        if linked is not None:
            parent.parent_plan = linked
            parent.full_clean()
            parent.save(update_fields=["parent_plan"])
    PlanImport.objects.filter(uploaded_by=by).exclude(
        status__in=(PlanImport.Status.QUEUED, PlanImport.Status.RUNNING)
    ).delete()
    return plan


def as_export(data: dict[str, Any]) -> dict[str, Any]:
    """The extraction with the keys `export_plan` prints (README "The plan as JSON"), so one reader
    takes both: the derived `criteria` and `award_forms`, `id` (None: not saved), the province."""
    from criteria.models import SubjectType

    out = copy.deepcopy(data)
    names = dict(SubjectType.objects.values_list("code", "name"))
    granted_by = dict(AwardForm.objects.values_list("code", "granted_by"))
    issuer = out.setdefault("issuer", {})
    unit = issuer_unit(data)
    issuer["province"] = unit.province_unit.full_name if unit and unit.province_unit != unit else None
    out["criteria"] = {
        names.get(group["subject_type"], group["subject_type"]): group["criteria"] for group in out["criteria_groups"]
    }
    out["award_forms"] = [
        {"occasion": occasion, "name": form["name"], "granted_by": granted_by.get(form["award_form"], "")}
        for section in out["award_sections"]
        for form in section["forms"]
        for occasion in (section["occasions"] or ["general"])
    ]
    return {"id": None, **out}
