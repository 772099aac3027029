"""Writes of the yearly cycle: proposals (made by hand or from the consolidated registrations), the
year's ratings they read, the council's overrides and outcome, and what comes out of it:
the unit's own decisions (through awards.services.decisions, so certificates and register
entries come from signing) and the tờ trình that sends the rest up to the province.

Who decides a form is its authority row on the day (awards.models.reference): a proposal
the commune may not decide is never put into a commune decision, it is sent up.
Every refusal is a ValidationError with the reason in Vietnamese; nothing is changed.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_of
from awards.models import (
    Awardee,
    AwardForm,
    Decision,
    Initiative,
    Proposal,
    ProposalEvent,
    ProposalOverride,
    YearRating,
    deciding_levels,
)
from awards.selectors import registered_candidates
from awards.services import decisions as decision_services
from awards.services.evaluation import evaluate
from awards.workflow import LEVEL_RANK
from campaigns.models import AdministrativeUnit, Level

Action = ProposalEvent.Action
MIN_REASON = 10
LEGAL_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
    "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều "
    "của Luật Thi đua, khen thưởng;"
)
PROPOSED_BY = {Level.COMMUNE: "Trưởng phòng Văn hóa - Xã hội", Level.PROVINCE: "Giám đốc Sở Nội vụ"}
GROUPINGS = ("form", "kind", "one")


def may_run_cycle(user: User) -> bool:
    """The commune's Culture-Social Office, or the province's Department of Home Affairs."""
    return scope_of(user).is_award_office


def _require_writer(by: User, admin_unit_id: int) -> None:
    if not may_run_cycle(by) or not scope_of(by).writes_area(admin_unit_id):
        raise PermissionDenied(_("Vai trò của bạn không được bình xét thi đua của đơn vị này."))


def _event(proposal: Proposal, action: str, by: User, note: str = "") -> None:
    ProposalEvent.objects.create(proposal=proposal, action=action, by=by, note=note.strip())


def _locked_rows():
    return Proposal.objects.select_for_update().select_related("awardee", "award_form", "admin_unit")


def _lock_all(proposals: Iterable[Proposal]) -> list[Proposal]:
    """The proposals read again and locked in one query (in id order), given back in the
    order they came."""
    pks = [p.pk for p in proposals]
    locked = {p.pk: p for p in _locked_rows().filter(pk__in=pks).order_by("pk")}
    return [locked[pk] for pk in pks]


def _lock(proposal: Proposal, version: int | None = None) -> Proposal:
    locked = _locked_rows().get(pk=proposal.pk)
    if version is not None and version != locked.version:
        raise ValidationError(_("Đề nghị đã được người khác thay đổi sau khi bạn mở trang; hãy tải lại trang."))
    return locked


def _require_open(proposal: Proposal) -> None:
    if proposal.is_decided:
        raise ValidationError(_("Đề nghị đã được đưa vào quyết định khen thưởng: không thay đổi được nữa."))
    if proposal.is_forwarded:
        raise ValidationError(
            _("Đề nghị đã được trình cấp trên (Tờ trình số %(number)s): không thay đổi được ở đây nữa.")
            % {"number": proposal.submission_number}
        )


def _label(proposal: Proposal) -> str:
    return f"“{proposal.awardee.name}” – “{proposal.award_form.name}”"


# --- Proposals ---------------------------------------------------------------------------------


def candidate_refusal(admin_unit: AdministrativeUnit, awardee: Awardee, award_form: AwardForm) -> str | None:
    in_area = awardee.admin_unit_id == admin_unit.pk or awardee.admin_unit.province_id == admin_unit.pk
    if not in_area:
        return _("“%(name)s” không thuộc địa bàn của đơn vị bình xét.") % {"name": awardee.name}
    if not award_form.is_active:
        return _("“%(form)s” không còn được dùng.") % {"form": award_form.name}
    if not award_form.suits(awardee.kind):
        return _("“%(form)s” không dành cho %(kind)s.") % {
            "form": award_form.name,
            "kind": str(Awardee.Kind(awardee.kind).label).lower(),
        }
    return None


@transaction.atomic
def create_proposals(
    admin_unit: AdministrativeUnit,
    year: int,
    candidates: Iterable[tuple[Awardee, AwardForm]],
    user: User,
    *,
    origin: str = "",
) -> list[Proposal]:
    """Proposals of `admin_unit` for the year from (awardee, form) pairs (a registration's
    lines, or the officer's choice). A pair already proposed is returned as it is; any bad
    pair refuses them all, naming each."""
    _require_writer(user, admin_unit.pk)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Năm phải trong khoảng 2000–2100.")})
    pairs = list(candidates)
    errors = [
        f"“{awardee.name}” – “{form.name}”: {reason}"
        for awardee, form in pairs
        if (reason := candidate_refusal(admin_unit, awardee, form))
    ]
    if errors:
        raise ValidationError(errors)
    proposals = []
    for awardee, award_form in pairs:
        proposal, made = Proposal.objects.get_or_create(
            admin_unit=admin_unit,
            year=year,
            awardee=awardee,
            award_form=award_form,
            defaults={"created_by": user, "origin": origin.strip()[:255]},
        )
        if made:
            _event(proposal, Action.CREATED, user, origin)
        proposals.append(proposal)
    return proposals


@transaction.atomic
def proposals_from_registrations(*, by: User, year: int) -> tuple[list[Proposal], int]:
    """The evaluation starts from the registrations the office has consolidated (closed): each
    unit's collective title and its people's titles become proposals; those already proposed
    are kept as they are. Returns the proposals and how many are new."""
    admin_unit = AdministrativeUnit.objects.get(pk=scope_of(by).admin_unit_id)
    _require_writer(by, admin_unit.pk)
    pairs = registered_candidates(admin_unit=admin_unit, year=year, user=by, consolidated_only=True)
    if not pairs:
        raise ValidationError(
            _("Năm %(year)d chưa có bản đăng ký thi đua nào đã được tổng hợp: hãy tổng hợp ở trang Đăng ký thi đua.")
            % {"year": year}
        )
    before = Proposal.objects.filter(admin_unit=admin_unit, year=year).count()
    proposals = create_proposals(admin_unit, year, pairs, by, origin=_("Đăng ký thi đua năm %(year)d") % {"year": year})
    return proposals, Proposal.objects.filter(admin_unit=admin_unit, year=year).count() - before


@transaction.atomic
def proposal_add(*, by: User, year: int, awardee: Awardee, award_form: AwardForm, **inputs) -> Proposal:
    """A proposal the officer adds by hand, with its inputs; the same one twice is refused."""
    admin_unit = AdministrativeUnit.objects.get(pk=scope_of(by).admin_unit_id)
    if Proposal.objects.filter(admin_unit=admin_unit, year=year, awardee=awardee, award_form=award_form).exists():
        raise ValidationError(
            _("“%(name)s” đã được đề nghị “%(form)s” năm %(year)d.")
            % {"name": awardee.name, "form": award_form.name, "year": year}
        )
    [proposal] = create_proposals(admin_unit, year, [(awardee, award_form)], by, origin=_("Cán bộ lập trên cổng"))
    return proposal_update(proposal=proposal, by=by, version=proposal.version, **inputs)


def _check_initiatives(proposal: Proposal, initiatives: list[Initiative]) -> None:
    awardee = proposal.awardee
    units = (awardee.admin_unit_id, proposal.admin_unit_id)
    strangers = [i.title for i in initiatives if i.admin_unit_id not in units]
    if awardee.kind == Awardee.Kind.INDIVIDUAL:
        strangers += [i.title for i in initiatives if awardee not in i.authors.all()]
    if strangers:
        raise ValidationError(
            {
                "initiatives": _("“%(name)s” không là tác giả của sáng kiến: %(titles)s.")
                % {"name": awardee.name, "titles": "; ".join(sorted(set(strangers)))}
            }
        )


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    by: User,
    version: int,
    achievement: str = "",
    initiatives: Iterable[Initiative] = (),
    rating: str = "",
    discipline: str = "",
) -> Proposal:
    """The inputs the standards read: the achievement line, the initiatives it relies on,
    and the awardee's rating and discipline of the year (kept by the awardee's own unit)."""
    _require_writer(by, proposal.admin_unit_id)
    locked = _lock(proposal, version)
    _require_open(locked)
    if locked.outcome != Proposal.Outcome.PENDING:
        raise ValidationError(
            _("Đề nghị đã có kết quả “%(outcome)s”: không sửa thông tin xét nữa.")
            % {"outcome": locked.get_outcome_display()}
        )
    chosen = list(initiatives)
    _check_initiatives(locked, chosen)
    if rating:
        year_rating_save(by=by, awardee=locked.awardee, year=locked.year, rating=rating, discipline=discipline)
    locked.achievement = " ".join(achievement.split())[:500]
    locked.version += 1
    locked.full_clean()
    locked.save()
    locked.initiatives.set(chosen)
    _event(locked, Action.UPDATED, by)
    return locked


def year_rating_save(*, by: User, awardee: Awardee, year: int, rating: str, discipline: str = "") -> YearRating:
    """The awardee's rating and discipline of the year, written by the awardee's own unit."""
    if not scope_of(by).writes_area(awardee.admin_unit_id) or scope_of(by).is_reporter:
        raise PermissionDenied(_("Xếp loại, kỷ luật trong năm do đơn vị quản lý đối tượng ghi."))
    row = YearRating.objects.filter(awardee=awardee, year=year).first() or YearRating(awardee=awardee, year=year)
    row.rating, row.discipline, row.updated_by = rating, discipline or row.discipline or "none", by
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def year_ratings_save(*, by: User, year: int, rows: Iterable[tuple[Awardee, str, str]]) -> int:
    """Several people's ratings at once (a collective's members); rows without a rating are
    left as they are."""
    saved = 0
    for awardee, rating, discipline in rows:
        if rating:
            year_rating_save(by=by, awardee=awardee, year=year, rating=rating, discipline=discipline)
            saved += 1
    return saved


# --- The council: overrides and the outcome ----------------------------------------------------


@transaction.atomic
def override_check(*, proposal: Proposal, by: User, check_id: int, reason: str) -> ProposalOverride:
    """Let a failed check pass, with the reason written (printed on the decision's annex)."""
    _require_writer(by, proposal.admin_unit_id)
    locked = _lock(proposal)
    _require_open(locked)
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        message = _("Hãy ghi rõ lý do xét vượt qua tiêu chuẩn chưa đạt (ít nhất %(n)d ký tự).")
        raise ValidationError({"reason": message % {"n": MIN_REASON}})
    failed = {result.check.pk: result for result in evaluate(locked).results if not result.passed}
    if check_id not in failed:
        raise ValidationError(_("Tiêu chuẩn này đã đạt hoặc đã được xét vượt qua."))
    result = failed[check_id]
    override = ProposalOverride.objects.create(
        proposal=locked, check_row=result.check, requirement=result.requirement[:500], reason=reason, by=by
    )
    _event(locked, Action.OVERRIDDEN, by, f"{result.requirement}: {reason}")
    return override


def approval_refusal(proposal: Proposal) -> str | None:
    """Why the proposal cannot be approved yet: a check neither met nor overridden."""
    if failed := evaluate(proposal).failed:
        return _(
            "Chưa thể thông qua %(label)s: chưa đạt %(missing)s. Hãy ghi lý do xét vượt qua "
            "trên trang đề nghị, hoặc để Hội đồng không thông qua."
        ) % {"label": _label(proposal), "missing": "; ".join(f"“{r.requirement}”" for r in failed)}
    return None


@transaction.atomic
def record_outcome(proposal: Proposal, approved: bool, by: User, note: str = "") -> Proposal:
    """The council's outcome (approved or rejected). A proposal is approved only when every
    check is met or overridden with a reason. Called by the council's record; may be
    recorded again while the proposal is open."""
    _require_writer(by, proposal.admin_unit_id)
    locked = _lock(proposal)
    _require_open(locked)
    if approved and (reason := approval_refusal(locked)):
        raise ValidationError(reason)
    locked.outcome = Proposal.Outcome.APPROVED if approved else Proposal.Outcome.REJECTED
    locked.outcome_note, locked.outcome_by, locked.outcome_at = note.strip(), by, timezone.now()
    locked.version += 1
    locked.save()
    _event(locked, Action.OUTCOME, by, f"{locked.get_outcome_display()}. {note}".strip())
    return locked


# --- Decisions of the unit's own titles and forms ------------------------------------------------


def deciding_here(proposals: Iterable[Proposal], day: datetime.date) -> dict[int, bool]:
    """Whether each proposal's unit decides its form on the day (proposal id → yes/no), from
    the forms' authority rows read once."""
    proposals = list(proposals)
    levels = deciding_levels({p.award_form for p in proposals}, day)
    return {p.pk: levels[p.award_form_id] == p.admin_unit.level for p in proposals}


def _decision_refusal(decision: Decision, proposal: Proposal, decided_here: bool) -> str | None:
    day = decision.decided_on or timezone.localdate()
    if proposal.admin_unit_id != decision.admin_unit_id:
        return _("%(label)s không phải đề nghị của cơ quan ban hành.") % {"label": _label(proposal)}
    if proposal.outcome != Proposal.Outcome.APPROVED:
        return _("%(label)s chưa được Hội đồng thông qua.") % {"label": _label(proposal)}
    if not proposal.is_open:
        return _("%(label)s đã được quyết định hoặc đã trình cấp trên.") % {"label": _label(proposal)}
    if not decided_here:
        return _(
            "%(label)s không quyết định tại %(issuer)s được: hình thức này do cấp trên quyết định "
            "vào ngày %(day)s; hãy trình cấp trên trong tờ trình."
        ) % {"label": _label(proposal), "issuer": decision.admin_unit.committee_name, "day": f"{day:%d/%m/%Y}"}
    return None


def _achievement(proposal: Proposal, rating: YearRating | None) -> str:
    if proposal.achievement:
        return proposal.achievement
    if rating:
        return f"{rating.get_rating_display()} năm {proposal.year}"
    return _("Có thành tích trong phong trào thi đua năm %(year)d") % {"year": proposal.year}


def _ratings(proposals: list[Proposal]) -> dict[tuple[int, int], YearRating]:
    """The year's rating of each awardee of the proposals without an achievement line."""
    wanted = [p for p in proposals if not p.achievement]
    rows = YearRating.objects.filter(awardee_id__in={p.awardee_id for p in wanted}, year__in={p.year for p in wanted})
    return {(row.awardee_id, row.year): row for row in rows} if wanted else {}


@transaction.atomic
def decision_add_proposals(*, decision: Decision, by: User, proposals: list[Proposal]):
    """Approved proposals within the issuer's authority become the decision's lines."""
    proposals = _lock_all(proposals)
    if not proposals:
        raise ValidationError(_("Hãy chọn ít nhất một đề nghị đã được thông qua."))
    here = deciding_here(proposals, decision.decided_on or timezone.localdate())
    if refusals := [reason for p in proposals if (reason := _decision_refusal(decision, p, here[p.pk]))]:
        raise ValidationError(refusals)
    ratings = _ratings(proposals)
    items = [(p.awardee, p.award_form, _achievement(p, ratings.get((p.awardee_id, p.year)))) for p in proposals]
    lines = decision_services.lines_add(decision=decision, by=by, items=items)
    for proposal, line in zip(proposals, lines, strict=True):
        proposal.decision_line = line
        proposal.save(update_fields=["decision_line"])
        _event(proposal, Action.DECIDED, by, _("Dự thảo quyết định “%(title)s”") % {"title": decision.title})
    return lines


def _title(forms: list[AwardForm], year: int) -> str:
    if len(forms) == 1 and forms[0].is_title:
        return _("Về việc công nhận danh hiệu “%(form)s” năm %(year)d") % {"form": forms[0].name, "year": year}
    if len(forms) == 1:
        return _("Về việc tặng %(form)s năm %(year)d") % {"form": forms[0].name, "year": year}
    return _("Về việc công nhận danh hiệu thi đua và khen thưởng năm %(year)d") % {"year": year}


def _groups(proposals: list[Proposal], grouping: str) -> list[list[Proposal]]:
    keys = {"form": lambda p: p.award_form_id, "kind": lambda p: p.award_form.kind, "one": lambda p: 0}[grouping]
    groups: dict = {}
    for proposal in proposals:
        groups.setdefault(keys(proposal), []).append(proposal)
    return list(groups.values())


@transaction.atomic
def issue_decisions(
    *, by: User, year: int, grouping: str = "form", decided_on: datetime.date | None = None
) -> tuple[list[Decision], list[Proposal]]:
    """Draft decisions (one per form, per kind, or one) of the approved proposals the unit
    decides itself; returns them and the approved proposals left for the level above."""
    scope = scope_of(by)
    _require_writer(by, scope.admin_unit_id)
    if grouping not in GROUPINGS:
        raise ValidationError(_("Cách gộp quyết định không hợp lệ."))
    approved = Proposal.objects.filter(
        admin_unit_id=scope.admin_unit_id, year=year, outcome=Proposal.Outcome.APPROVED, decision_line__isnull=True
    ).filter(forwarded_at__isnull=True)
    approved = list(approved.select_related("awardee", "award_form", "admin_unit").order_by("award_form__rank", "pk"))
    decided_here = deciding_here(approved, decided_on or timezone.localdate())
    here = [p for p in approved if decided_here[p.pk]]
    if not here:
        raise ValidationError(
            _("Năm %(year)d chưa có đề nghị nào đã được thông qua thuộc thẩm quyền quyết định của đơn vị.")
            % {"year": year}
        )
    unit = here[0].admin_unit
    decisions = []
    for group in _groups(here, grouping):
        forms = list({p.award_form_id: p.award_form for p in group}.values())
        decision = decision_services.decision_create(
            by=by,
            title=_title(forms, year),
            place=unit.name,
            decided_on=decided_on,
            legal_bases=LEGAL_BASES,
            proposal_by=PROPOSED_BY.get(unit.level, ""),
        )
        decision_add_proposals(decision=decision, by=by, proposals=group)
        decisions.append(decision)
    return decisions, [p for p in approved if p not in here]


# --- The tờ trình to the province ------------------------------------------------------------------


def _forward_refusal(proposal: Proposal, admin_unit_id: int, deciding: str) -> str | None:
    if proposal.admin_unit_id != admin_unit_id:
        return _("%(label)s không phải đề nghị của xã.") % {"label": _label(proposal)}
    if proposal.outcome != Proposal.Outcome.APPROVED:
        return _("%(label)s chưa được Hội đồng thông qua.") % {"label": _label(proposal)}
    if not proposal.is_open:
        return _("%(label)s đã được quyết định hoặc đã trình cấp trên.") % {"label": _label(proposal)}
    if LEVEL_RANK.get(deciding, -1) <= LEVEL_RANK[Level.COMMUNE]:
        return _("%(label)s thuộc thẩm quyền của xã: hãy đưa vào quyết định của xã.") % {"label": _label(proposal)}
    return None


@transaction.atomic
def send_to_province(
    *, by: User, proposals: list[Proposal], submission_number: str, submission_date: datetime.date | None
) -> list[Proposal]:
    """The commune's approved proposals beyond its authority go to the province in one tờ
    trình: each becomes a proposal the province evaluates and decides with the same pages."""
    scope = scope_of(by)
    _require_writer(by, scope.admin_unit_id)
    if scope.at_province:
        raise ValidationError(_("Trình cấp Trung ương chưa làm trên cổng: hãy lập tờ trình theo quy định."))
    errors = []
    if not submission_number.strip():
        errors.append(_("Hãy ghi số tờ trình."))
    if not submission_date:
        errors.append(_("Hãy ghi ngày tờ trình (ngày/tháng/năm)."))
    if not proposals:
        errors.append(_("Hãy chọn ít nhất một đề nghị để trình tỉnh."))
    if errors:
        raise ValidationError(errors)
    locked = _lock_all(proposals)
    levels = deciding_levels({p.award_form for p in locked}, submission_date)
    refusals = [r for p in locked if (r := _forward_refusal(p, scope.admin_unit_id, levels[p.award_form_id]))]
    if refusals:
        raise ValidationError(refusals)
    commune = locked[0].admin_unit
    origin = _("Tờ trình số %(number)s ngày %(day)s của %(unit)s") % {
        "number": submission_number.strip(),
        "day": f"{submission_date:%d/%m/%Y}",
        "unit": commune.committee_name,
    }
    upper = Proposal.objects.filter(admin_unit_id=commune.province_id, awardee__in=[p.awardee for p in locked])
    taken = {(p.year, p.awardee_id, p.award_form_id) for p in upper}
    if doubles := [_label(p) for p in locked if (p.year, p.awardee_id, p.award_form_id) in taken]:
        raise ValidationError(_("Tỉnh đã có đề nghị: %(labels)s.") % {"labels": "; ".join(doubles)})
    sent = []
    for proposal in locked:
        proposal.forwarded_at, proposal.forwarded_by = timezone.now(), by
        proposal.submission_number, proposal.submission_date = submission_number.strip(), submission_date
        proposal.version += 1
        proposal.save()
        _event(proposal, Action.FORWARDED, by, origin)
        upper = Proposal.objects.create(
            admin_unit=commune.province,
            year=proposal.year,
            awardee=proposal.awardee,
            award_form=proposal.award_form,
            achievement=proposal.achievement,
            origin=origin[:255],
            forwarded_from=proposal,
            created_by=by,
        )
        upper.initiatives.set(proposal.initiatives.all())
        _event(upper, Action.RECEIVED, by, origin)
        sent.append(upper)
    return sent
