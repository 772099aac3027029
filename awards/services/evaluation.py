"""Evaluation (bình xét): a proposal checked against the standards in force, each check
saying in Vietnamese what is met and what is missing ("Có 2/3 năm liên tục đạt CSTĐCS (2024,
2025); thiếu năm 2023").

What each kind of check means is here, once; its numbers and titles are the rule's rows
(awards.models.standards). History comes from the award register, leaving out revoked
entries and those whose kind of commendation does not count toward higher awards (thematic,
sudden: NĐ 152/2025 Art. 4.3), and from the proposals of the year that were not rejected.
A collective's members are the individuals posted to its unit during the year.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import (
    DISCIPLINE_RANK,
    RATING_RANK,
    SCOPE_RANK,
    Awardee,
    AwardeePosting,
    AwardForm,
    CheckType,
    InitiativeScope,
    Proposal,
    ProposalOverride,
    RegisterEntry,
    StandardCheck,
    StandardRule,
    YearRating,
)
from awards.models.standards import number_vi

MAX_NAMES = 6


def counting_entries():
    """The register entries later eligibility is read from: not revoked, and of a kind that
    counts toward higher awards (an entry without a kind is a regular one)."""
    entries = RegisterEntry.objects.filter(revoked=False).exclude(kind__counts_toward_higher=False)
    return entries.exclude(decision_line__decision__kind__counts_toward_higher=False)


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(year) for year in sorted(years))


def _names(awardees: list[Awardee]) -> str:
    names = [awardee.name for awardee in awardees[:MAX_NAMES]]
    more = len(awardees) - len(names)
    return ", ".join(names) + (_(" và %(n)d người khác") % {"n": more} if more else "")


def _period(first: int, last: int) -> str:
    return _("năm %(year)d") % {"year": last} if first == last else f"{first}–{last}"


@dataclass
class Context:
    """One proposal's evaluation: its awardee and year, and what was read once."""

    proposal: Proposal
    year: int
    _held: dict = field(default_factory=dict)
    _members: list[Awardee] | None = None

    @property
    def awardee(self) -> Awardee:
        return self.proposal.awardee

    def window(self, check: StandardCheck) -> list[int]:
        return list(range(self.year - check.span + 1, self.year + 1))

    def held(self, awardee_ids: list[int], title: AwardForm, years: list[int]) -> dict[int, dict[int, str]]:
        """awardee id → year → where it is written, for the years they held `title`."""
        key = (tuple(awardee_ids), title.pk, tuple(years))
        if key not in self._held:
            found: dict[int, dict[int, str]] = {}
            entries = counting_entries().filter(awardee_id__in=awardee_ids, award_form=title)
            entries = entries.annotate(achieved=Coalesce("decision_line__proposal__year", "year"))
            for entry in entries.filter(achieved__in=years):
                source = _("QĐ số %(number)s") % {"number": entry.decision_number}
                found.setdefault(entry.awardee_id, {}).setdefault(entry.achieved, source)
            if self.year in years:
                same_year = Proposal.objects.filter(awardee_id__in=awardee_ids, award_form=title, year=self.year)
                same_year = same_year.exclude(outcome=Proposal.Outcome.REJECTED).exclude(pk=self.proposal.pk)
                for other in same_year:
                    if other.outcome == Proposal.Outcome.APPROVED:
                        source = _("đề nghị cùng năm đã được thông qua")
                    else:
                        source = _("đề nghị cùng năm, chờ kết quả")
                    found.setdefault(other.awardee_id, {}).setdefault(self.year, source)
            self._held[key] = found
        return self._held[key]

    def members(self) -> list[Awardee]:
        if self._members is None:
            self._members = []
            if self.awardee.kind == Awardee.Kind.COLLECTIVE and self.awardee.unit_id:
                start, end = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
                postings = AwardeePosting.objects.filter(unit_id=self.awardee.unit_id, awardee__kind="individual")
                postings = postings.filter(Q(started_on__isnull=True) | Q(started_on__lte=end))
                postings = postings.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
                self._members = list(Awardee.objects.filter(pk__in=postings.values("awardee")).order_by("search_key"))
        return self._members

    def ratings(self, awardee_ids: list[int], years: list[int]) -> dict[tuple[int, int], YearRating]:
        rows = YearRating.objects.filter(awardee_id__in=awardee_ids, year__in=years)
        return {(row.awardee_id, row.year): row for row in rows}


# --- The vocabulary: what each kind of check means -------------------------------------------

Outcome = tuple[bool, str]


def holds_title_same_year(check: StandardCheck, ctx: Context) -> Outcome:
    title, year = check.title_form, ctx.year
    source = ctx.held([ctx.awardee.pk], title, [year]).get(ctx.awardee.pk, {}).get(year)
    words = {"title": title.label, "year": year, "source": source}
    if source:
        return True, _("Đạt %(title)s năm %(year)d (%(source)s).") % words
    return False, _("Chưa đạt %(title)s năm %(year)d: không có trong sổ vàng, không có đề nghị cùng năm.") % words


def consecutive_years(check: StandardCheck, ctx: Context) -> Outcome:
    window = ctx.window(check)
    held = ctx.held([ctx.awardee.pk], check.title_form, window).get(ctx.awardee.pk, {})
    have = [year for year in window if year in held]
    missing = [year for year in window if year not in held]
    words = {
        "have": len(have),
        "need": len(window),
        "title": check.title_form.label,
        "years": _years(have),
        "missing": _years(missing),
        "period": _period(window[0], window[-1]),
    }
    if not missing:
        return True, _("Có %(have)d/%(need)d năm liên tục đạt %(title)s (%(years)s).") % words
    if not have:
        return False, _("Chưa năm nào trong %(period)s đạt %(title)s; cần %(need)d năm liên tục.") % words
    return False, _("Có %(have)d/%(need)d năm liên tục đạt %(title)s (%(years)s); thiếu năm %(missing)s.") % words


def rating_at_least(check: StandardCheck, ctx: Context) -> Outcome:
    window, need = ctx.window(check), RATING_RANK[check.rating]
    ratings = ctx.ratings([ctx.awardee.pk], window)
    words = {"need": check.get_rating_display(), "year": ctx.year}
    if len(window) == 1:
        row = ratings.get((ctx.awardee.pk, ctx.year))
        if row is None:
            return False, _("Chưa nhập xếp loại năm %(year)d; cần từ “%(need)s”.") % words
        words["got"] = row.get_rating_display()
        if RATING_RANK[row.rating] >= need:
            return True, _("Xếp loại năm %(year)d: %(got)s.") % words
        return False, _("Xếp loại năm %(year)d: %(got)s; cần từ “%(need)s”.") % words
    have = [y for y in window if (row := ratings.get((ctx.awardee.pk, y))) and RATING_RANK[row.rating] >= need]
    gaps = []
    for year in (y for y in window if y not in have):
        row = ratings.get((ctx.awardee.pk, year))
        gaps.append(f"{year} ({row.get_rating_display() if row else _('chưa nhập xếp loại')})")
    words |= {"have": len(have), "span": len(window), "years": _years(have), "gaps": "; ".join(gaps)}
    if not gaps:
        return True, _("Có %(have)d/%(span)d năm liên tục từ “%(need)s” (%(years)s).") % words
    return False, _("Có %(have)d/%(span)d năm liên tục từ “%(need)s”; thiếu: %(gaps)s.") % words


def not_disciplined(check: StandardCheck, ctx: Context) -> Outcome:
    row = ctx.ratings([ctx.awardee.pk], [ctx.year]).get((ctx.awardee.pk, ctx.year))
    words = {"level": check.get_discipline_display(), "year": ctx.year}
    if row is None:
        return False, _("Chưa nhập xếp loại, kỷ luật năm %(year)d.") % words
    if DISCIPLINE_RANK[row.discipline] >= DISCIPLINE_RANK[check.discipline]:
        words["got"] = row.get_discipline_display()
        return False, _("Bị kỷ luật “%(got)s” năm %(year)d: từ mức “%(level)s” trở lên thì không đạt.") % words
    return True, _("Không bị kỷ luật từ mức “%(level)s” trở lên trong năm %(year)d.") % words


def has_initiative(check: StandardCheck, ctx: Context) -> Outcome:
    window, need = ctx.window(check), check.count or 1
    linked = [i for i in ctx.proposal.initiatives.all() if window[0] <= i.year <= window[-1]]
    counted = [i for i in linked if i.scope_rank >= SCOPE_RANK[check.scope]]
    words = {
        "have": len(counted),
        "need": need,
        "scope": InitiativeScope(check.scope).label,
        "period": _period(window[0], window[-1]),
        "titles": "; ".join(f"“{i.title}” ({i.get_scope_display()})" for i in counted),
    }
    if len(counted) >= need:
        return True, _("Có %(have)d/%(need)d sáng kiến từ phạm vi “%(scope)s” trong %(period)s: %(titles)s.") % words
    text = _("Có %(have)d/%(need)d sáng kiến từ phạm vi “%(scope)s” trong %(period)s.") % words
    narrower = [i for i in linked if i not in counted]
    if narrower:
        text += " " + _("Chưa đủ phạm vi: %(titles)s.") % {
            "titles": "; ".join(f"“{i.title}” ({i.get_scope_display()})" for i in narrower)
        }
    return False, text


def _members_holding(check: StandardCheck, ctx: Context) -> tuple[list[Awardee], list[Awardee]]:
    members = ctx.members()
    held = ctx.held([m.pk for m in members], check.title_form, [ctx.year])
    return members, [m for m in members if ctx.year in held.get(m.pk, {})]


def _no_members(ctx: Context) -> Outcome:
    return False, _(
        "Chưa có danh sách thành viên của tập thể năm %(year)d (quá trình công tác của cá nhân tại đơn vị)."
    ) % {"year": ctx.year}


def share_of_members_with(check: StandardCheck, ctx: Context) -> Outcome:
    members, holding = _members_holding(check, ctx)
    if not members:
        return _no_members(ctx)
    share = Decimal(100 * len(holding)) / len(members)
    words = {
        "have": len(holding),
        "total": len(members),
        "share": number_vi(round(share, 1)),
        "need": number_vi(check.percent),
        "title": check.title_form.label,
        "year": ctx.year,
    }
    text = _("%(have)d/%(total)d thành viên (%(share)s%%) đạt %(title)s năm %(year)d; cần ít nhất %(need)s%%.") % words
    return share >= check.percent, text


def count_of_members_with(check: StandardCheck, ctx: Context) -> Outcome:
    members, holding = _members_holding(check, ctx)
    if not members:
        return _no_members(ctx)
    need = check.count or 1
    words = {"have": len(holding), "need": need, "title": check.title_form.label, "year": ctx.year}
    text = _("Có %(have)d thành viên đạt %(title)s năm %(year)d; cần ít nhất %(need)d.") % words
    if holding:
        text += " " + _names(holding) + "."
    return len(holding) >= need, text


def _member_rows(ctx: Context) -> tuple[list[Awardee], dict, list[Awardee]]:
    members = ctx.members()
    ratings = ctx.ratings([m.pk for m in members], [ctx.year])
    unknown = [m for m in members if (m.pk, ctx.year) not in ratings]
    return members, ratings, unknown


def _unknown_text(unknown: list[Awardee], ctx: Context) -> str:
    return _("Chưa nhập xếp loại, kỷ luật năm %(year)d của: %(names)s.") % {"year": ctx.year, "names": _names(unknown)}


def no_member_disciplined(check: StandardCheck, ctx: Context) -> Outcome:
    members, ratings, unknown = _member_rows(ctx)
    if not members:
        return _no_members(ctx)
    level = DISCIPLINE_RANK[check.discipline]
    disciplined = [
        m for m in members if (r := ratings.get((m.pk, ctx.year))) and DISCIPLINE_RANK[r.discipline] >= level
    ]
    words = {"level": check.get_discipline_display(), "total": len(members), "names": _names(disciplined)}
    if not disciplined and not unknown:
        return True, _("Không thành viên nào bị kỷ luật từ mức “%(level)s” trở lên (%(total)d thành viên).") % words
    parts = [_("Bị kỷ luật từ mức “%(level)s” trở lên: %(names)s.") % words] if disciplined else []
    return False, " ".join(parts + ([_unknown_text(unknown, ctx)] if unknown else []))


def all_members_rating(check: StandardCheck, ctx: Context) -> Outcome:
    members, ratings, unknown = _member_rows(ctx)
    if not members:
        return _no_members(ctx)
    need = RATING_RANK[check.rating]
    below = [m for m in members if (r := ratings.get((m.pk, ctx.year))) and RATING_RANK[r.rating] < need]
    words = {"need": check.get_rating_display(), "total": len(members), "names": _names(below)}
    if not below and not unknown:
        return True, _("Cả %(total)d thành viên xếp loại từ “%(need)s” trở lên.") % words
    parts = [_("Chưa đạt “%(need)s”: %(names)s.") % words] if below else []
    return False, " ".join(parts + ([_unknown_text(unknown, ctx)] if unknown else []))


CHECKS: dict[str, Callable[[StandardCheck, Context], Outcome]] = {
    CheckType.HOLDS_TITLE_SAME_YEAR: holds_title_same_year,
    CheckType.CONSECUTIVE_YEARS: consecutive_years,
    CheckType.RATING_AT_LEAST: rating_at_least,
    CheckType.NOT_DISCIPLINED: not_disciplined,
    CheckType.HAS_INITIATIVE: has_initiative,
    CheckType.SHARE_OF_MEMBERS_WITH: share_of_members_with,
    CheckType.COUNT_OF_MEMBERS_WITH: count_of_members_with,
    CheckType.NO_MEMBER_DISCIPLINED: no_member_disciplined,
    CheckType.ALL_MEMBERS_RATING: all_members_rating,
}


# --- Evaluating a proposal -----------------------------------------------------------------------


@dataclass
class CheckResult:
    check: StandardCheck
    met: bool
    text: str
    children: list["CheckResult"] = field(default_factory=list)
    override: ProposalOverride | None = None

    @property
    def requirement(self) -> str:
        return self.check.requirement

    @property
    def passed(self) -> bool:
        return self.met or self.override is not None


@dataclass
class Evaluation:
    proposal: Proposal
    rules: list[StandardRule]
    results: list[CheckResult]

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.results)

    @property
    def failed(self) -> list[CheckResult]:
        return [result for result in self.results if not result.passed]

    @property
    def overridden(self) -> list[CheckResult]:
        return [result for result in self.results if not result.met and result.override]


def _result(check: StandardCheck, children: dict[int, list[StandardCheck]], ctx: Context) -> CheckResult:
    if not check.is_group:
        met, text = CHECKS[check.check_type](check, ctx)
        return CheckResult(check, met, text)
    results = [_result(child, children, ctx) for child in children.get(check.pk, [])]
    met_count = sum(1 for result in results if result.met)
    words = {"have": met_count, "count": len(results)}
    if check.check_type == CheckType.ANY_OF:
        met = met_count > 0
        text = _("Đạt %(have)d trong %(count)d điều kiện (cần một).") % words
    else:
        met = met_count == len(results)
        text = _("Đạt %(have)d/%(count)d điều kiện (cần tất cả).") % words
    return CheckResult(check, met, text, results)


def rules_for(proposal: Proposal, day: datetime.date) -> list[StandardRule]:
    province = proposal.admin_unit.province_unit
    return StandardRule.for_proposal(
        award_form_id=proposal.award_form_id,
        awardee_kind=proposal.awardee.kind,
        province_id=province.pk if province else None,
        day=day,
    )


def evaluate(proposal: Proposal, *, on: datetime.date | None = None) -> Evaluation:
    """Every top-level check of the rules in force (today, unless `on`), with its children
    and any override the council wrote for it."""
    ctx = Context(proposal=proposal, year=proposal.year)
    rules = rules_for(proposal, on or timezone.localdate())
    overrides = {o.check_row_id: o for o in proposal.overrides.all()}
    results = []
    for rule in rules:
        checks = list(rule.checks.select_related("title_form"))
        children: dict[int, list[StandardCheck]] = {}
        for check in checks:
            if check.parent_id:
                children.setdefault(check.parent_id, []).append(check)
        for check in (c for c in checks if c.parent_id is None):
            result = _result(check, children, ctx)
            if not result.met:
                result.override = overrides.get(check.pk)
            results.append(result)
    return Evaluation(proposal, rules, results)


def override_notes(decision) -> list[str]:
    """The checks the council let pass for the decision's awardees, with the reasons: the
    notes under the decision's annex ("Ghi chú")."""
    overrides = ProposalOverride.objects.filter(proposal__decision_line__decision=decision).select_related(
        "proposal__awardee", "proposal__award_form", "proposal__decision_line"
    )
    overrides = overrides.order_by("proposal__decision_line__number", "at", "pk")
    return [
        _(
            "STT %(number)d – %(name)s, %(form)s: tiêu chuẩn “%(requirement)s” chưa đạt, "
            "được Hội đồng xét vì: %(reason)s"
        )
        % {
            "number": o.proposal.decision_line.number,
            "name": o.proposal.awardee.certificate_name,
            "form": o.proposal.award_form.name,
            "requirement": o.requirement,
            "reason": o.reason,
        }
        for o in overrides
    ]
