"""Writes on decisions: the draft and its awardee lines, signing (number, date, scan; money
and register numbers frozen), revoking by another decision.

Every refusal is a ValidationError with the reason in Vietnamese; nothing is changed.
Who may grant what is read from the forms' authority rows (level and dates), never hard-coded.
"""

import copy
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from awards.models import (
    Authority,
    Awardee,
    AwardForm,
    Decision,
    DecisionLine,
    Nomination,
    RegisterCounter,
    RegisterEntry,
)
from awards.models.money import reward_amount
from awards.models.nominations import STATES_OF, award_form_suits
from awards.models.stage_dates import date_order_errors
from awards.services.awardees import awardee_for_nomination
from campaigns.uploads import sniff_upload

HEADER_FIELDS = (
    "kind",
    "title",
    "number",
    "place",
    "decided_on",
    "legal_bases",
    "proposal_by",
    "proposal_number",
    "proposal_date",
    "executors",
    "recipients",
    "signer_capacity",
    "signer_delegation",
    "signer_title",
    "signer_name",
)
SCAN_TYPES = ("application/pdf", "image/jpeg", "image/png")


def may_write_decisions(user: User) -> bool:
    """A commune's officer or a province's reviewer, for their own administrative unit."""
    return scope_of(user).is_award_office


def _require_writer(by: User, decision: Decision) -> None:
    if not may_write_decisions(by) or not scope_of(by).writes_area(decision.admin_unit_id):
        raise PermissionDenied(_("Vai trò của bạn không được soạn, ký quyết định khen thưởng của đơn vị này."))


def _require_draft(decision: Decision) -> None:
    if not decision.is_draft:
        raise ValidationError(
            _("Quyết định đã ở trạng thái “%(status)s”: không sửa được. Muốn thay đổi, hãy ban hành quyết định khác.")
            % {"status": decision.get_status_display()}
        )


def _lock(decision: Decision, version: int | None = None) -> Decision:
    locked = Decision.objects.select_for_update().select_related("admin_unit").get(pk=decision.pk)
    if version is not None and version != locked.version:
        raise ValidationError(_("Quyết định đã được người khác thay đổi sau khi bạn mở trang; hãy tải lại trang."))
    return locked


@transaction.atomic
def decision_create(*, by: User, **header) -> Decision:
    if not may_write_decisions(by):
        raise PermissionDenied(_("Vai trò của bạn không được soạn quyết định khen thưởng."))
    decision = Decision(admin_unit_id=scope_of(by).admin_unit_id, created_by=by)
    for name in HEADER_FIELDS:
        if name in header:
            setattr(decision, name, header[name])
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, by: User, version: int, **header) -> Decision:
    _require_writer(by, decision)
    locked = _lock(decision, version)
    _require_draft(locked)
    for name in HEADER_FIELDS:
        if name in header:
            setattr(locked, name, header[name])
    locked.version += 1
    locked.full_clean()
    locked.save()
    _reprice(locked)
    return locked


# --- Who may grant what ---------------------------------------------------------------------


def authority_refusal(decision: Decision, award_form: AwardForm, kind: str) -> str | None:
    """Why this decision's issuing level may not grant the form to this kind of awardee on
    the decision's date (today while it has none): read from the form's authority rows."""
    day = decision.decided_on or timezone.localdate()
    authority = Authority.on(award_form, day)
    if authority is None:
        return _("“%(form)s” không áp dụng vào ngày %(day)s.") % {"form": award_form.name, "day": f"{day:%d/%m/%Y}"}
    if authority.level != decision.admin_unit.level:
        return _(
            "%(issuer)s không có thẩm quyền quyết định “%(form)s”: hình thức này do %(granted_by)s quyết định."
        ) % {
            "issuer": decision.admin_unit.committee_name,
            "form": award_form.name,
            "granted_by": authority.office,
        }
    if not award_form.in_force_on(day):
        return _("“%(form)s” không áp dụng vào ngày %(day)s.") % {"form": award_form.name, "day": f"{day:%d/%m/%Y}"}
    if not award_form_suits(award_form, kind):
        return _("“%(form)s” không dành cho %(kind)s.") % {
            "form": award_form.name,
            "kind": str(Awardee.Kind(kind).label).lower(),
        }
    return None


def _price(line: DecisionLine, day: datetime.date) -> None:
    line.multiple, line.base_salary, line.amount = reward_amount(
        award_form_id=line.award_form_id, recipient_kind=line.awardee.kind, day=day
    )


def _reprice(decision: Decision) -> None:
    """A draft's money follows its date (today while it has none); a signed one never moves."""
    day = decision.decided_on or timezone.localdate()
    for line in decision.lines.select_related("awardee"):
        _price(line, day)
        line.save(update_fields=["multiple", "base_salary", "amount"])


# --- Lines ----------------------------------------------------------------------------------


def add_line(decision: Decision, *, awardee: Awardee, award_form: AwardForm, achievement: str, nomination=None):
    if awardee.admin_unit_id != decision.admin_unit_id and awardee.admin_unit.province_id != decision.admin_unit_id:
        raise ValidationError(_("“%(name)s” không thuộc địa bàn của cơ quan ban hành.") % {"name": awardee.name})
    if denied := authority_refusal(decision, award_form, awardee.kind):
        raise ValidationError(denied)
    if decision.lines.filter(awardee=awardee, award_form=award_form).exists():
        raise ValidationError(
            _("“%(name)s” đã có trong quyết định với hình thức “%(form)s”.")
            % {"name": awardee.name, "form": award_form.name}
        )
    last = decision.lines.order_by("-number").values_list("number", flat=True).first() or 0
    line = DecisionLine(
        decision=decision,
        number=last + 1,
        awardee=awardee,
        award_form=award_form,
        achievement=" ".join(achievement.split())[:500],
        nomination=nomination,
    )
    _price(line, decision.decided_on or timezone.localdate())
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def line_add(*, decision: Decision, by: User, awardee: Awardee, award_form: AwardForm, achievement: str):
    _require_writer(by, decision)
    locked = _lock(decision)
    _require_draft(locked)
    if not achievement.strip():
        raise ValidationError({"achievement": _("Hãy ghi thành tích (một dòng ngắn).")})
    return add_line(locked, awardee=awardee, award_form=award_form, achievement=achievement)


@transaction.atomic
def lines_add(*, decision: Decision, by: User, items: list[tuple[Awardee, AwardForm, str]]) -> list[DecisionLine]:
    """Several awardee lines at once (the approved proposals of the yearly cycle)."""
    _require_writer(by, decision)
    locked = _lock(decision)
    _require_draft(locked)
    return [add_line(locked, awardee=awardee, award_form=form, achievement=text) for awardee, form, text in items]


def council_date_refusal(decision: Decision, nomination: Nomination, day: datetime.date | None) -> str | None:
    """A dossier's decision is dated on or after its council (and its receipt) at the deciding
    level: the one rule of awards.models.stage_dates.date_order_errors, read on the dossier's stage row."""
    stage = nomination.stage(decision.admin_unit.level)
    if stage is None or day is None:
        return None
    stage = copy.copy(stage)  # not saved: only read by the rule
    stage.decision_date = day
    if refused := date_order_errors(stage).get("decision_date"):
        return f"{nomination.nominee_name}: {refused}"
    return None


def nomination_refusal(decision: Decision, nomination: Nomination) -> str | None:
    decided = STATES_OF[decision.admin_unit.level].decided
    if nomination.status != decided:
        return _("Hồ sơ “%(name)s” chưa được quyết định khen thưởng ở cấp này.") % {"name": nomination.nominee_name}
    if refused := council_date_refusal(decision, nomination, decision.decided_on):
        return refused
    if nomination.plan.issuer_id != decision.admin_unit_id and decision.admin_unit.level == "commune":
        return _("Hồ sơ “%(name)s” không thuộc xã ban hành quyết định.") % {"name": nomination.nominee_name}
    if DecisionLine.objects.filter(nomination=nomination).exists():
        return _("Hồ sơ “%(name)s” đã có trong một quyết định.") % {"name": nomination.nominee_name}
    return None


@transaction.atomic
def decision_add_nominations(*, decision: Decision, by: User, nominations: list[Nomination]) -> list[DecisionLine]:
    """Decided dossiers become awardee lines, each with its form and a line of its achievements."""
    _require_writer(by, decision)
    locked = _lock(decision)
    _require_draft(locked)
    if not nominations:
        raise ValidationError(_("Hãy chọn ít nhất một hồ sơ đã được quyết định khen thưởng."))
    refusals = [reason for n in nominations if (reason := nomination_refusal(locked, n))]
    if refusals:
        raise ValidationError(refusals)
    lines = []
    for nomination in nominations:
        if nomination.awardee_id is None:
            nomination.awardee = awardee_for_nomination(nomination)
            nomination.save(update_fields=["awardee"])
        achievement = nomination.achievements.strip().splitlines()[0] if nomination.achievements.strip() else ""
        lines.append(
            add_line(
                locked,
                awardee=nomination.awardee,
                award_form=nomination.award_form,
                achievement=achievement,
                nomination=nomination,
            )
        )
    return lines


@transaction.atomic
def line_remove(*, line: DecisionLine, by: User) -> None:
    _require_writer(by, line.decision)
    locked = _lock(line.decision)
    _require_draft(locked)
    line.delete()
    for number, each in enumerate(locked.lines.order_by("number", "pk"), start=1):
        if each.number != number:
            each.number = number
            each.save(update_fields=["number"])


# --- Signing and revoking -----------------------------------------------------------------


def next_register_number(*, admin_unit_id: int, year: int) -> int:
    """The next number of this body's register for the year. The counter row stays locked
    until the transaction ends, so two signings at once get consecutive numbers, never a
    gap or a repeat (a failed signing rolls its numbers back with it)."""
    counters = RegisterCounter.objects.select_for_update()
    counter = counters.filter(admin_unit_id=admin_unit_id, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                RegisterCounter.objects.create(admin_unit_id=admin_unit_id, year=year)
        except IntegrityError:
            pass  # another signing created it first: lock theirs
        counter = counters.get(admin_unit_id=admin_unit_id, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def sign_refusals(decision: Decision, *, number: str, decided_on, scan) -> list[str]:
    errors = []
    if not number.strip():
        errors.append(_("Quyết định chưa có số, ký hiệu: không ký ban hành được."))
    if not decided_on:
        errors.append(_("Quyết định chưa có ngày ký: không ký ban hành được."))
    if not scan and not decision.scan:
        errors.append(_("Hãy đính kèm bản quét quyết định đã ký (PDF, JPG hoặc PNG)."))
    lines = list(decision.lines.select_related("awardee", "award_form").prefetch_related("nomination__stages"))
    if not lines:
        errors.append(_("Quyết định chưa có tập thể, cá nhân, hộ gia đình nào được khen."))
    if decided_on:
        decision.decided_on = decided_on
        errors += [
            f"{line.awardee.name}: {r}"
            for line in lines
            if (r := authority_refusal(decision, line.award_form, line.awardee.kind))
        ]
        errors += [
            r
            for line in lines
            if line.nomination_id and (r := council_date_refusal(decision, line.nomination, decided_on))
        ]
    return errors


@transaction.atomic
def decision_sign(
    *,
    decision: Decision,
    by: User,
    version: int,
    number: str,
    decided_on: datetime.date | None,
    scan: UploadedFile | None,
) -> Decision:
    _require_writer(by, decision)
    locked = _lock(decision, version)
    _require_draft(locked)
    if errors := sign_refusals(locked, number=number, decided_on=decided_on, scan=scan):
        raise ValidationError(errors)
    if scan:
        kind = sniff_upload(scan)
        if kind.mime not in SCAN_TYPES:
            raise ValidationError(_("Bản quét phải là tệp PDF, JPG hoặc PNG."))
        locked.scan.save(scan.name, scan, save=False)
        locked.scan_name = scan.name[:255]
    locked.number, locked.decided_on = number.strip(), decided_on
    locked.full_clean()
    _reprice(locked)
    for line in locked.lines.select_related("awardee", "award_form").order_by("number", "pk"):
        entry = RegisterEntry(
            admin_unit_id=locked.admin_unit_id,
            year=decided_on.year,
            register_number=next_register_number(admin_unit_id=locked.admin_unit_id, year=decided_on.year),
            awardee=line.awardee,
            award_form=line.award_form,
            level=locked.admin_unit.level,
            issuer_name=locked.admin_unit.committee_name,
            decision_number=locked.number,
            decision_date=decided_on,
            achievement=line.achievement,
            decision_line=line,
            source=RegisterEntry.Source.DECISION,
            kind_id=locked.kind.pk,
        )
        entry.full_clean()
        entry.save()
    locked.status = Decision.Status.SIGNED
    locked.signed_at, locked.signed_by = timezone.now(), by
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def decision_revoke(*, decision: Decision, by: User, revoking: Decision, reason: str) -> Decision:
    """Revoked by another signed decision of the same body, with the reason; the register
    keeps the entries, marked revoked, and the revoking decision."""
    _require_writer(by, decision)
    locked = _lock(decision)
    if locked.status != Decision.Status.SIGNED:
        raise ValidationError(_("Chỉ thu hồi được quyết định đã ký ban hành."))
    if revoking.pk == locked.pk or revoking.status != Decision.Status.SIGNED:
        raise ValidationError(_("Quyết định thu hồi phải là một quyết định khác đã ký ban hành."))
    if revoking.admin_unit_id != locked.admin_unit_id:
        raise ValidationError(_("Quyết định thu hồi phải do cùng cơ quan ban hành."))
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do thu hồi.")})
    locked.status, locked.revoked_by, locked.revoke_reason = Decision.Status.REVOKED, revoking, reason.strip()
    locked.version += 1
    locked.save()
    note = _("Thu hồi theo Quyết định số %(number)s ngày %(day)s: %(reason)s") % {
        "number": revoking.number,
        "day": f"{revoking.decided_on:%d/%m/%Y}",
        "reason": reason.strip(),
    }
    RegisterEntry.objects.filter(decision_line__decision=locked).update(revoked=True, revoked_note=note[:500])
    return locked
