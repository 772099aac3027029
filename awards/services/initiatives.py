"""Writes on the register of initiatives (sáng kiến): record one with its recognising
decision and authors, correct it, remove one that no proposal relies on. Kept by the
commune's office (or the province's, for its own), read by the standards' checks."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from awards.models import Awardee, Initiative
from campaigns.excel import clean_text

FIELDS = ("title", "summary", "year", "scope", "decision_number", "decision_date", "decision_body")


def may_keep_initiatives(user: User) -> bool:
    return scope_of(user).is_award_office


def _require_writer(by: User, admin_unit_id: int | None) -> None:
    if not may_keep_initiatives(by) or not scope_of(by).writes_area(admin_unit_id):
        raise PermissionDenied(_("Vai trò của bạn không được ghi sổ sáng kiến của đơn vị này."))


def _check(initiative: Initiative, authors: list[Awardee]) -> None:
    errors: dict[str, list[str]] = {}
    if not authors:
        errors["authors"] = [_("Hãy chọn ít nhất một tác giả.")]
    strangers = [a.name for a in authors if a.admin_unit_id != initiative.admin_unit_id or a.kind != "individual"]
    if strangers:
        errors["authors"] = [
            _("Tác giả phải là cá nhân thuộc đơn vị của bạn: %(names)s.") % {"names": ", ".join(strangers)}
        ]
    day: datetime.date | None = initiative.decision_date
    if day and initiative.year and day.year < initiative.year:
        errors["decision_date"] = [
            _("Ngày công nhận %(day)s trước năm áp dụng %(year)d.")
            % {"day": f"{day:%d/%m/%Y}", "year": initiative.year}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def initiative_save(*, by: User, initiative: Initiative | None = None, authors: list[Awardee], **fields) -> Initiative:
    """Create (initiative=None) or correct an initiative of the user's own unit."""
    initiative = initiative or Initiative(admin_unit_id=scope_of(by).admin_unit_id, created_by=by)
    _require_writer(by, initiative.admin_unit_id)
    for name in FIELDS:
        if name in fields:
            value = fields[name]
            setattr(initiative, name, clean_text(value) if isinstance(value, str) and name != "summary" else value)
    initiative.full_clean()
    _check(initiative, list(authors))
    initiative.save()
    initiative.authors.set(authors)
    return initiative


@transaction.atomic
def initiative_delete(*, by: User, initiative: Initiative) -> None:
    _require_writer(by, initiative.admin_unit_id)
    used = [str(proposal) for proposal in initiative.proposals.all()[:3]]
    if used:
        raise ValidationError(
            _("Sáng kiến đang là căn cứ của đề nghị: %(used)s. Hãy bỏ sáng kiến khỏi đề nghị trước khi xóa.")
            % {"used": "; ".join(used)}
        )
    initiative.delete()
