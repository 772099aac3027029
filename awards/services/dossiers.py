"""Writes on nomination dossiers other than workflow steps (those are in steps.py):
creating and editing a dossier, adding and removing its documents."""

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from awards import selectors, workflow
from awards.models import AwardForm, Nomination, NominationDocument, Occasion
from awards.services.awardees import awardee_for_nomination
from awards.services.steps import check_version, lock_nomination, record_event
from campaigns.models import ParticipatingUnit, Plan
from campaigns.uploads import sniff_upload
from config import cache


def _check_choices(*, user: User, plan: Plan, occasion: str, award_form: AwardForm, unit: ParticipatingUnit) -> None:
    """The rules the form's choices follow, enforced here too: the user's own plan and unit, and
    a form the plan offers for the occasion."""
    errors = {}
    if not selectors.plans_open_for_nominations(user).filter(pk=plan.pk).exists():
        errors["plan"] = _("Bạn không lập được hồ sơ theo kế hoạch này.")
    if not selectors.units_open_for_nominations(user).filter(pk=unit.pk).exists():
        errors["unit"] = _("Bạn không lập được hồ sơ cho đơn vị này.")
    if not selectors.award_forms_for(plan=plan, occasion=occasion).filter(pk=award_form.pk).exists():
        errors["award_form"] = _("Kế hoạch không có hình thức “%(form)s” cho %(occasion)s.") % {
            "form": award_form.name,
            "occasion": str(Occasion(occasion).label).lower() if occasion in Occasion.values else occasion,
        }
    if errors:
        raise ValidationError(errors)


def _check_still_for_the_province(*, nomination: Nomination, award_form: AwardForm) -> None:
    """A dossier the province sent back goes back to the province: its form must stay one
    decided above the commune (by the form's level, never its name)."""
    probe = Nomination(plan=nomination.plan, award_form=award_form)
    if not workflow.decided_above(probe, workflow.issuer_level(nomination)):
        raise ValidationError(
            {
                "award_form": _(
                    "Hồ sơ do tỉnh trả lại sẽ được gửi lại cấp tỉnh: hãy chọn hình thức do cấp tỉnh hoặc "
                    "cấp trên quyết định (“%(form)s” do %(granted_by)s quyết định)."
                )
                % {"form": award_form.name, "granted_by": award_form.granted_by}
            }
        )


@transaction.atomic
def nomination_create(
    *,
    by: User,
    plan: Plan,
    occasion: str,
    award_form: AwardForm,
    nominee_kind: str,
    unit: ParticipatingUnit,
    achievements: str,
    individual_name: str = "",
    individual_position: str = "",
) -> Nomination:
    if not workflow.creates_dossiers(scope_of(by)):
        raise PermissionDenied(_("Vai trò của bạn không được lập hồ sơ đề nghị khen thưởng."))
    _check_choices(user=by, plan=plan, occasion=occasion, award_form=award_form, unit=unit)
    nomination = Nomination(
        plan=plan,
        occasion=occasion,
        award_form=award_form,
        nominee_kind=nominee_kind,
        unit=unit,
        individual_name=individual_name.strip(),
        individual_position=individual_position.strip(),
        achievements=achievements.strip(),
        created_by=by,
    )
    nomination.full_clean()
    nomination.awardee = awardee_for_nomination(nomination)
    nomination.save()
    cache.changed(plan.issuer)
    record_event(nomination=nomination, from_status="", to_status=nomination.status, by=by, comment=_("Lập hồ sơ"))
    return nomination


@transaction.atomic
def nomination_update(
    *,
    nomination: Nomination,
    by: User,
    version: int,
    plan: Plan,
    occasion: str,
    award_form: AwardForm,
    nominee_kind: str,
    unit: ParticipatingUnit,
    achievements: str,
    individual_name: str = "",
    individual_position: str = "",
) -> Nomination:
    locked = lock_nomination(nomination)
    workflow.require_editor(by, locked)
    check_version(locked, version)
    if not workflow.may_edit(by, locked):
        raise workflow.TransitionRefused(
            _("Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại; hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    _check_choices(user=by, plan=plan, occasion=occasion, award_form=award_form, unit=unit)
    if locked.status in workflow.COMMUNE_FIX_STATES:
        _check_still_for_the_province(nomination=locked, award_form=award_form)
    locked.plan = plan
    locked.occasion = occasion
    locked.award_form = award_form
    locked.nominee_kind = nominee_kind
    locked.unit = unit
    locked.individual_name = individual_name.strip()
    locked.individual_position = individual_position.strip()
    locked.achievements = achievements.strip()
    locked.version += 1
    locked.full_clean()
    locked.awardee = awardee_for_nomination(locked)
    locked.save()
    cache.changed(nomination.plan.issuer, plan.issuer)  # the cached lists show its name, form and plan
    return locked


@transaction.atomic
def nomination_document_upload(
    *, nomination: Nomination, by: User, kind: str, upload: UploadedFile
) -> NominationDocument:
    """Add a document; its type is read from the content (PDF, DOCX, XLSX, JPG, PNG)."""
    locked = lock_nomination(nomination)
    workflow.require_document_role(by, locked)
    reason = workflow.document_refusal(by, locked, kind)
    if reason:
        raise workflow.TransitionRefused(reason)
    try:
        allowed = sniff_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    original_name = os.path.basename(upload.name)[-255:]
    document = NominationDocument(
        nomination=locked,
        kind=kind,
        file=upload,
        original_name=original_name,
        content_type=allowed.mime,
        size=upload.size,
        uploaded_by=by,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def nomination_document_delete(*, document: NominationDocument, by: User) -> None:
    locked = lock_nomination(document.nomination)
    workflow.require_document_role(by, locked)
    reason = workflow.document_refusal(by, locked, document.kind)
    if reason:
        raise workflow.TransitionRefused(reason)
    storage, name = document.file.storage, document.file.name
    document.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(name))
