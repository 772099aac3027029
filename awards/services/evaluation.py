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

from django.db.models import Prefetch, Q, prefetch_related_objects
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
    Initiative,
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
class Facts:
    """What the evaluation of several proposals reads, loaded once for all of them: the rules
    in force on the day (with their checks), the register and the same-year proposals of the
    titles the checks name, the ratings, the postings of the collectives' units, and each
    proposal's initiatives and overrides."""

    rules: list[StandardRule] = field(default_factory=list)
    entries: dict[tuple[int, int], dict[int, str]] = field(default_factory=dict)  # (awardee, title) → year → source
    same_year: dict[tuple[int, int, int], list[tuple[int, str]]] = field(default_factory=dict)  # → [(pk, outcome)]
    ratings: dict[tuple[int, int], YearRating] = field(default_factory=dict)
    postings: dict[int, list[AwardeePosting]] = field(default_factory=dict)  # unit → postings
    initiatives: dict[int, list[Initiative]] = field(default_factory=dict)  # proposal → initiatives
    overrides: dict[int, list[ProposalOverride]] = field(default_factory=dict)  # proposal → overrides


def members_in(postings: Iterable[AwardeePosting], year: int) -> list[Awardee]:
    """The individuals posted to the unit at some time during the year, by name."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    members = {
        posting.awardee_id: posting.awardee
        for posting in postings
        if (posting.started_on is None or posting.started_on <= end)
        and (posting.ended_on is None or posting.ended_on >= start)
    }
    return sorted(members.values(), key=lambda awardee: (awardee.search_key, awardee.pk))


def _collective_units(proposals: list[Proposal]) -> dict[int, int]:
    """unit id → the earliest year a collective of that unit is proposed for."""
    units: dict[int, int] = {}
    for proposal in proposals:
        awardee = proposal.awardee
        if awardee.kind == Awardee.Kind.COLLECTIVE and awardee.unit_id:
            units[awardee.unit_id] = min(units.get(awardee.unit_id, proposal.year), proposal.year)
    return units


def _postings(proposals: list[Proposal]) -> dict[int, list[AwardeePosting]]:
    units = _collective_units(proposals)
    if not units:
        return {}
    first = datetime.date(min(units.values()), 1, 1)
    end = datetime.date(max(p.year for p in proposals), 12, 31)
    rows = AwardeePosting.objects.filter(unit_id__in=units, awardee__kind=Awardee.Kind.INDIVIDUAL)
    rows = rows.filter(Q(started_on__isnull=True) | Q(started_on__lte=end))
    rows = rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first)).select_related("awardee")
    found: dict[int, list[AwardeePosting]] = {}
    for posting in rows:
        found.setdefault(posting.unit_id, []).append(posting)
    return found


def collective_members(proposal: Proposal) -> list[Awardee]:
    """A collective's members in the proposal's year (none for an individual)."""
    postings = _postings([proposal]).get(proposal.awardee.unit_id, [])
    return members_in(postings, proposal.year) if _collective_units([proposal]) else []


def _prefetched(proposal: Proposal, name: str) -> list | None:
    cache = getattr(proposal, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def _parts(proposals: list[Proposal]) -> tuple[dict, dict]:
    """Each proposal's initiatives and overrides: those the caller prefetched, else read now
    (without caching them on the caller's objects, which may be written to afterwards)."""
    initiatives = {p.pk: _prefetched(p, "initiatives") for p in proposals}
    overrides = {p.pk: _prefetched(p, "overrides") for p in proposals}
    if missing := [pk for pk, rows in initiatives.items() if rows is None]:
        initiatives |= {pk: [] for pk in missing}
        order = [f"-initiative__{f[1:]}" if f[0] == "-" else f"initiative__{f}" for f in Initiative._meta.ordering]
        links = Proposal.initiatives.through.objects.filter(proposal_id__in=missing).select_related("initiative")
        for link in links.order_by(*order):
            initiatives[link.proposal_id].append(link.initiative)
    if missing := [pk for pk, rows in overrides.items() if rows is None]:
        overrides |= {pk: [] for pk in missing}
        for override in ProposalOverride.objects.filter(proposal_id__in=missing):
            overrides[override.proposal_id].append(override)
    return initiatives, overrides


def load_facts(proposals: list[Proposal], day: datetime.date) -> Facts:
    """Everything the proposals' evaluation reads, in a fixed number of queries."""
    if not proposals:
        return Facts()
    prefetch_related_objects(proposals, "awardee", "admin_unit")
    rules = StandardRule.objects.in_force_on(day).filter(award_form_id__in={p.award_form_id for p in proposals})
    checks = StandardCheck.objects.select_related("title_form")
    facts = Facts(rules=list(rules.prefetch_related(Prefetch("checks", queryset=checks))))
    facts.postings = _postings(proposals)
    facts.initiatives, facts.overrides = _parts(proposals)
    every = [check for rule in facts.rules for check in rule.checks.all()]
    titles = {check.title_form_id for check in every if check.title_form_id}
    span = max((check.span for check in every), default=1)
    years = list(range(min(p.year for p in proposals) - span + 1, max(p.year for p in proposals) + 1))
    awardees = {p.awardee_id for p in proposals} | {
        posting.awardee_id for postings in facts.postings.values() for posting in postings
    }
    if titles:
        entries = counting_entries().filter(awardee_id__in=awardees, award_form_id__in=titles)
        entries = entries.annotate(achieved=Coalesce("decision_line__proposal__year", "year"))
        for entry in entries.filter(achieved__in=years):
            source = _("QĐ số %(number)s") % {"number": entry.decision_number}
            facts.entries.setdefault((entry.awardee_id, entry.award_form_id), {}).setdefault(entry.achieved, source)
        same_year = Proposal.objects.filter(awardee_id__in=awardees, award_form_id__in=titles)
        same_year = same_year.filter(year__in={p.year for p in proposals}).exclude(outcome=Proposal.Outcome.REJECTED)
        for pk, awardee_id, title_id, year, outcome in same_year.values_list(
            "pk", "awardee_id", "award_form_id", "year", "outcome"
        ):
            facts.same_year.setdefault((awardee_id, title_id, year), []).append((pk, outcome))
    ratings = YearRating.objects.filter(awardee_id__in=awardees, year__in=years)
    facts.ratings = {(row.awardee_id, row.year): row for row in ratings}
    return facts


@dataclass
class Context:
    """One proposal's evaluation: its awardee and year, read from the facts of its batch."""

    proposal: Proposal
    year: int
    facts: Facts

    @property
    def awardee(self) -> Awardee:
        return self.proposal.awardee

    def window(self, check: StandardCheck) -> list[int]:
        return list(range(self.year - check.span + 1, self.year + 1))

    def held(self, awardee_ids: list[int], title: AwardForm, years: list[int]) -> dict[int, dict[int, str]]:
        """awardee id → year → where it is written, for the years they held `title`: the
        register first, then the other proposals of the year that were not rejected."""
        found: dict[int, dict[int, str]] = {}
        for awardee_id in awardee_ids:
            held = {y: source for y, source in self.facts.entries.get((awardee_id, title.pk), {}).items() if y in years}
            others = self.facts.same_year.get((awardee_id, title.pk, self.year), []) if self.year in years else []
            for pk, outcome in others:
                if pk == self.proposal.pk:
                    continue
                if outcome == Proposal.Outcome.APPROVED:
                    held.setdefault(self.year, _("đề nghị cùng năm đã được thông qua"))
                else:
                    held.setdefault(self.year, _("đề nghị cùng năm, chờ kết quả"))
            if held:
                found[awardee_id] = held
        return found

    def members(self) -> list[Awardee]:
        if self.awardee.kind != Awardee.Kind.COLLECTIVE or not self.awardee.unit_id:
            return []
        return members_in(self.facts.postings.get(self.awardee.unit_id, []), self.year)

    def ratings(self, awardee_ids: list[int], years: list[int]) -> dict[tuple[int, int], YearRating]:
        rows = self.facts.ratings
        return {(a, y): rows[(a, y)] for a in awardee_ids for y in years if (a, y) in rows}

    def initiatives(self) -> list[Initiative]:
        return self.facts.initiatives.get(self.proposal.pk, [])


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
    linked = [i for i in ctx.initiatives() if window[0] <= i.year <= window[-1]]
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


def province_of(admin_unit) -> int | None:
    return admin_unit.pk if admin_unit.is_province else admin_unit.province_id


def _evaluation(proposal: Proposal, facts: Facts) -> Evaluation:
    ctx = Context(proposal=proposal, year=proposal.year, facts=facts)
    rules = StandardRule.applying(
        facts.rules,
        award_form_id=proposal.award_form_id,
        awardee_kind=proposal.awardee.kind,
        province_id=province_of(proposal.admin_unit),
    )
    overrides = {o.check_row_id: o for o in facts.overrides.get(proposal.pk, [])}
    results = []
    for rule in rules:
        checks = list(rule.checks.all())
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


def evaluate_all(proposals: Iterable[Proposal], *, on: datetime.date | None = None) -> list[Evaluation]:
    """Each proposal's evaluation (in their order) against the rules in force (today, unless
    `on`): every top-level check with its children and any override the council wrote for
    it. The rules and the history are read once for all of them (awards.services.evaluation
    .load_facts), so a page of proposals costs the queries of one."""
    proposals = list(proposals)
    facts = load_facts(proposals, on or timezone.localdate())
    return [_evaluation(proposal, facts) for proposal in proposals]


def evaluate(proposal: Proposal, *, on: datetime.date | None = None) -> Evaluation:
    """One proposal's evaluation: the batch of one."""
    [evaluation] = evaluate_all([proposal], on=on)
    return evaluation


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
