"""Reads shared by views, scoped to what the user may see."""

import datetime
import re
from collections.abc import Iterable

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scope import get_for_user, scope_of
from accounts.search import Folded, Vietnamese, fold
from awards import workflow
from awards.models import (
    DECIDED_STATES,
    PROVINCE_STATES,
    STATES_OF,
    Awardee,
    AwardForm,
    AwardSection,
    CouncilBallot,
    CouncilMeeting,
    Nomination,
    NominationDocument,
    NominationEvent,
    Occasion,
    Proposal,
    Registration,
    RegistrationEvent,
)
from campaigns.models import AdministrativeUnit, Level, ParticipatingUnit, Plan

Status = Nomination.Status

_OCCASION_FLAGS = {
    Occasion.ANNUAL: "for_annual",
    Occasion.PRELIMINARY: "for_preliminary",
    Occasion.FINAL: "for_final",
}


def nominations_for_list(user: User) -> QuerySet[Nomination]:
    """The dossiers the user sees, with what the list pages show of each (`since`: when the
    dossier reached its current step, the time of its last step)."""
    last_step = NominationEvent.objects.filter(nomination=OuterRef("pk")).order_by("-at").values("at")[:1]
    return (
        Nomination.objects.visible_to(user)
        .select_related("plan__issuer", "award_form", "unit__admin_unit", "created_by")
        .with_stages()
        .annotate(since=Subquery(last_step))
    )


# A dossier in one of these states waits for nobody: no "chờ N ngày".
SETTLED = (*DECIDED_STATES, Status.FORWARDED_TO_NATIONAL)


def mark_waiting(nominations: Iterable[Nomination], today: datetime.date) -> None:
    """`waiting_days` on each dossier of a list page: days since its current step began."""
    for nomination in nominations:
        since = getattr(nomination, "since", None)
        settled = nomination.status in SETTLED or since is None
        nomination.waiting_days = None if settled else (today - timezone.localtime(since).date()).days


def nomination_page(user: User, pk: int) -> Nomination:
    """The dossier with its stages, documents and timeline; 404 outside the user's scope."""
    queryset = nominations_for_list(user).prefetch_related(
        Prefetch("documents", queryset=NominationDocument.objects.select_related("uploaded_by")),
        Prefetch("events", queryset=NominationEvent.objects.select_related("by").order_by("at", "pk")),
    )
    return get_for_user(queryset, user, pk)


def nomination_document(user: User, pk: int) -> NominationDocument:
    """A document of a dossier the user sees; 404 otherwise."""
    documents = NominationDocument.objects.select_related("nomination__unit__admin_unit", "nomination__plan__issuer")
    return get_for_user(documents, user, pk)


def plans_open_for_nominations(user: User) -> QuerySet[Plan]:
    """Issued plans of the user's own commune: the plans its dossiers are made under."""
    scope = scope_of(user)
    if not workflow.creates_dossiers(scope) or scope.at_province:
        return Plan.objects.none()
    return Plan.objects.filter(issuer_id=scope.admin_unit_id, status=Plan.Status.ISSUED).select_related("issuer")


def units_open_for_nominations(user: User) -> QuerySet[ParticipatingUnit]:
    """Officers nominate any active unit of their commune; a reporter only its own unit."""
    scope = scope_of(user)
    if not workflow.creates_dossiers(scope):
        return ParticipatingUnit.objects.none()
    if scope.is_reporter:
        return ParticipatingUnit.objects.filter(pk=scope.participating_unit_id)
    return ParticipatingUnit.objects.filter(admin_unit_id=scope.admin_unit_id, is_active=True)


def award_forms_listed(plan: Plan, occasion: str) -> QuerySet[AwardForm]:
    """Forms the plan lists for the occasion. A section without any occasion lists forms for
    every occasion (e.g. Vĩnh Bảo's "Hình thức và danh hiệu khen thưởng")."""
    flag = _OCCASION_FLAGS.get(occasion)
    if flag is None:
        return AwardForm.objects.none()
    general = Q(for_annual=False, for_preliminary=False, for_final=False)
    sections = AwardSection.objects.filter(Q(**{flag: True}) | general, plan=plan)
    return AwardForm.objects.filter(plan_uses__section__in=sections).distinct()


def award_forms_for(*, plan: Plan | None, occasion: str | None, nominee_kind: str | None = None) -> QuerySet[AwardForm]:
    """Forms a dossier may ask for: those the plan lists for the occasion, or any active form
    when it lists none ("khen thưởng theo thẩm quyền"); only forms that suit the nominee."""
    if plan is None or occasion not in Occasion.values:
        return AwardForm.objects.none()
    forms = AwardForm.objects.filter(is_active=True)
    listed = award_forms_listed(plan, occasion)
    if listed.exists():
        forms = forms.filter(pk__in=listed.values("pk"))
    if nominee_kind:
        forms = forms.filter(recipients__in=AwardForm.Recipients.suiting(nominee_kind))
    return forms.order_by("rank")


def _counts_by_status(nominations: QuerySet[Nomination]) -> dict[str, int]:
    rows = nominations.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def status_counts(nominations: QuerySet[Nomination]) -> list[dict]:
    """Every state with its number of dossiers, in workflow order."""
    counts = _counts_by_status(nominations)
    return [{"status": value, "label": label, "count": counts.get(value, 0)} for value, label in Status.choices]


def status_count_groups(nominations: QuerySet[Nomination]) -> list[dict]:
    """The states with their counts, the commune's own steps apart from the levels above."""
    rows = status_counts(nominations)
    above = set(PROVINCE_STATES)
    return [
        {"level": "commune", "label": _("Tại xã, phường"), "rows": [r for r in rows if r["status"] not in above]},
        {"level": "province", "label": _("Đã trình cấp trên"), "rows": [r for r in rows if r["status"] in above]},
    ]


def province_queue(user: User) -> QuerySet[Nomination]:
    """The province's dossiers for its queue page, oldest sent to the province first."""
    if not scope_of(user).is_province_staff:
        return Nomination.objects.none()
    return nominations_for_list(user).order_by("sent_up_at", "pk")


def province_admin_units(user: User) -> QuerySet[AdministrativeUnit]:
    """The communes of the user's province, and the province itself (its own units)."""
    scope = scope_of(user)
    if not scope.is_province_staff:
        return AdministrativeUnit.objects.none()
    province_id = scope.admin_unit_id
    return AdministrativeUnit.objects.filter(Q(province_id=province_id) | Q(pk=province_id)).order_by(
        "province", "name"
    )


def typed_id(text: str) -> int | None:
    """A typed filter read as an id: ASCII digits only ('²' and '٣' are digits to str.isdigit,
    not to int), and at most 9 of them (PostgreSQL's integer would overflow)."""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def _by_id_or_code(units: QuerySet[AdministrativeUnit], text: str) -> QuerySet[AdministrativeUnit] | None:
    if not re.fullmatch(r"[0-9]+", text):
        return None
    pk = typed_id(text)
    by_id = Q(pk=pk) if pk is not None else Q(pk__in=[])
    found = units.filter(by_id | Q(code=text))
    return found if found.exists() else None


def province_units_matching(user: User, text: str) -> QuerySet[AdministrativeUnit]:
    """The province's communes (and the province itself) that a typed filter means: an id (the
    dashboards' links and a picked suggestion) or a code; a full name ("xã Cổ Lễ", accents and
    case aside); else every name or code containing the text."""
    units = province_admin_units(user)
    text = " ".join(text.split())
    if not text:
        return units.none()
    if (exact := _by_id_or_code(units, text)) is not None:
        return exact
    named, phrase = _named(units, text)
    exact = named.filter(folded_name=phrase)
    if exact.exists():
        return exact
    return named.filter(Q(folded_name__contains=phrase) | Q(code__startswith=text))


def _named(units: QuerySet[AdministrativeUnit], text: str) -> tuple[QuerySet[AdministrativeUnit], str]:
    """The units of the kind a text starts with ("xã …", "phường …"), with their folded names
    beside, and the rest of the text folded."""
    phrase = fold(text)
    for kind, word in AdministrativeUnit.KIND_WORDS.items():
        if phrase.startswith(fold(word) + " "):
            phrase, units = phrase[len(fold(word)) + 1 :], units.filter(kind=kind)
            break
    return units.alias(folded_name=Folded(F("name"))), phrase


SUGGESTIONS = 10


def province_unit_suggestions(user: User, text: str) -> list[AdministrativeUnit]:
    """A few of the province's communes whose name contains the text or whose code starts with it."""
    text = " ".join(text.split())
    if not text:
        return []
    named, phrase = _named(province_admin_units(user), text)
    found = named.filter(Q(folded_name__contains=phrase) | Q(code__startswith=text))
    return list(found.order_by(Vietnamese("name"), "pk")[:SUGGESTIONS])


def province_plan_suggestions(user: User, text: str) -> list[Plan]:
    """A few plans of the province's communes, by number or by their commune's name."""
    text = " ".join(text.split())
    if not text:
        return []
    named, phrase = _named(province_admin_units(user), text)
    communes = named.filter(folded_name__contains=phrase).values("pk")
    plans = Plan.objects.filter(issuer__in=province_admin_units(user)).select_related("issuer")
    found = plans.filter(Q(number__icontains=text) | Q(issuer__in=communes))
    return list(found.order_by(Vietnamese("issuer__name"), "-period_start", "pk")[:SUGGESTIONS])


_PLAN_PARTS = re.compile(r"\s+[–-]\s+")
_UNNUMBERED = 50


def province_plans_matching(user: User, text: str) -> QuerySet[Plan]:
    """The plans of the province's communes that a typed filter means: an id, "xã Cổ Lễ –
    12/KH-UBND" (a suggestion's label), a number, or the plans of the communes it names."""
    plans = Plan.objects.filter(issuer__in=province_admin_units(user))
    text = " ".join(text.split())
    if not text:
        return plans.none()
    if (pk := typed_id(text)) is not None and plans.filter(pk=pk).exists():
        return plans.filter(pk=pk)
    parts = _PLAN_PARTS.split(text, maxsplit=1)
    if len(parts) == 2:
        issuer, number = parts
        of_issuer = plans.filter(issuer__in=province_units_matching(user, issuer))
        numbered = of_issuer.filter(number__iexact=number)
        if numbered.exists():
            return numbered
        # A plan without a number is shown by its reference ("Dự thảo"): a commune has a few.
        unnumbered = of_issuer.filter(number="").only("pk", "number", "status")[:_UNNUMBERED]
        return plans.filter(pk__in=[plan.pk for plan in unnumbered if fold(plan.reference) == fold(number)])
    return plans.filter(Q(number__icontains=text) | Q(issuer__in=province_units_matching(user, text)))


def province_status_counts(nominations: QuerySet[Nomination]) -> list[dict]:
    """The province's states with their number of dossiers, in workflow order."""
    counts = _counts_by_status(nominations)
    return [{"status": s, "label": Status(s).label, "count": counts.get(s, 0)} for s in PROVINCE_STATES]


def province_queue_counts(nominations: QuerySet[Nomination]) -> dict:
    """The queue's counts from one query: per state (`by_status`, every state; `counts`, the
    province's in workflow order) and `waiting`, those the province still has to act on."""
    by_status = _counts_by_status(nominations)
    return {
        "by_status": by_status,
        "counts": [{"status": s, "label": Status(s).label, "count": by_status.get(s, 0)} for s in PROVINCE_STATES],
        "waiting": sum(by_status.get(s, 0) for s in workflow.PROVINCE_QUEUE),
    }


def waiting_for_province_by_commune(user: User) -> dict[int, int]:
    """{administrative unit id: number of dossiers waiting for the province}, for dashboards
    that link to the queue (`awards:province_queue?commune=<id>&status=waiting`)."""
    rows = (
        province_queue(user)
        .filter(status__in=workflow.PROVINCE_QUEUE)
        .order_by()
        .values("unit__admin_unit_id")
        .annotate(n=Count("pk"))
    )
    return {row["unit__admin_unit_id"]: row["n"] for row in rows}


def _queue_summary(waiting: QuerySet[Nomination], queue: dict) -> dict:
    counts = _counts_by_status(waiting)
    return {
        "queue": [{"status": value, "label": label, "count": counts.get(value, 0)} for value, label in queue.items()],
        "waiting": list(waiting[:6]),
        "waiting_total": sum(counts.values()),
    }


def home_summary(user: User, year: int) -> dict:
    """What this area shows on the user's home page (rendered by templates/awards/_home.html)."""
    scope = scope_of(user)
    if not scope.role:
        return {}
    nominations = nominations_for_list(user)
    summary: dict = {
        "year": year,
        "is_reporter": scope.is_reporter,
        "is_reviewer": scope.is_reviewer,
        "list_url": reverse("awards:province_queue" if scope.is_province_staff else "awards:nomination_list"),
    }
    if scope.is_officer:
        waiting = nominations.filter(status__in=workflow.OFFICER_QUEUE).order_by("updated_at", "pk")
        summary.update(_queue_summary(waiting, workflow.OFFICER_QUEUE))
        # Sent back by the province: the commune fixes and resubmits them.
        summary["province_returned"] = list(
            nominations.filter(status__in=workflow.COMMUNE_FIX_STATES).order_by("updated_at", "pk")[:6]
        )
    elif scope.is_reviewer:
        waiting = province_queue(user).filter(status__in=workflow.PROVINCE_QUEUE)
        summary.update(_queue_summary(waiting, workflow.PROVINCE_QUEUE))
    elif scope.is_reporter:
        summary["own"] = list(nominations.order_by("-updated_at", "-pk")[:8])
        summary["can_create"] = workflow.creates_dossiers(scope)
    else:
        counts = province_status_counts(nominations) if scope.is_province_staff else status_counts(nominations)
        summary["counts"] = [row for row in counts if row["count"]]
    # A dossier is decided at one level: one stage row holds its decision.
    summary["decided_this_year"] = nominations.filter(
        status__in=DECIDED_STATES, stages__decision_date__year=year
    ).count()
    return summary


# --- Registration (đăng ký thi đua) --------------------------------------------------------


def registration_of(unit: ParticipatingUnit, year: int) -> Registration | None:
    """The unit's registration for the year with its lines and history (None: not started)."""
    events = RegistrationEvent.objects.select_related("by").order_by("at", "pk")
    registrations = Registration.objects.with_lines().prefetch_related(Prefetch("events", queryset=events))
    return registrations.filter(unit=unit, year=year).first()


def unit_people(user: User, unit: ParticipatingUnit) -> QuerySet[Awardee]:
    """The individuals who work in the unit now, as the user may see them."""
    return Awardee.objects.visible_to(user).filter(kind=Awardee.Kind.INDIVIDUAL, unit=unit).order_by("search_key", "pk")


def commune_registrations(admin_unit: AdministrativeUnit, year: int) -> QuerySet[Registration]:
    """Every registration of the commune's units for the year, with its lines, by unit name."""
    return Registration.objects.with_lines().filter(unit__admin_unit=admin_unit, year=year).order_by("unit__name")


def registered_candidates(
    *, admin_unit: AdministrativeUnit, year: int, user: User | None = None, consolidated_only: bool = False
) -> list[tuple[Awardee, AwardForm]]:
    """What the commune's units registered for the year, as (awardee, award_form) pairs: each
    unit's collective title (the unit as a collective awardee) and then its people's titles,
    unit by unit. Only submitted registrations count (a draft is not a registration yet);
    `consolidated_only` keeps those the officer has consolidated. With `user`, only what that
    user may see."""
    registrations = commune_registrations(admin_unit, year).filter(status=Registration.Status.SUBMITTED)
    if consolidated_only:
        registrations = registrations.filter(consolidated_at__isnull=False)
    if user is not None:
        registrations = registrations.filter(pk__in=Registration.objects.visible_to(user).values("pk"))
    pairs: list[tuple[Awardee, AwardForm]] = []
    for registration in registrations:
        if registration.collective_title_id and registration.collective_awardee_id:
            pairs.append((registration.collective_awardee, registration.collective_title))
        pairs += [(line.awardee, line.award_form) for line in registration.lines.all()]
    return pairs


# --- The council ------------------------------------------------------------------------------


READ_ONLY_MEETING = gettext_lazy("Vai trò của bạn chỉ được xem cuộc họp này, không được thay đổi.")


def council_meetings(user: User) -> QuerySet[CouncilMeeting]:
    """The meetings of the user's own council (the commune's, or the province's), newest first."""
    scope = scope_of(user)
    approved = Count("ballots", filter=Q(ballots__outcome=CouncilBallot.Outcome.APPROVED))
    return (
        CouncilMeeting.objects.visible_to(user)
        .filter(admin_unit_id=scope.admin_unit_id)
        .select_related("admin_unit")
        .annotate(line_count=Count("ballots"), approved_count=approved)
    )


def council_meeting_page(user: User, pk: int, *, write: bool = False) -> CouncilMeeting:
    """The meeting with its lines; 404 outside the user's scope, 403 for a read-only role."""
    meetings = CouncilMeeting.objects.select_related("admin_unit", "closed_by").with_ballots()
    message = READ_ONLY_MEETING if write else None
    return get_for_user(meetings, user, pk, write=write, message=message)


def council_waiting(meeting: CouncilMeeting, user: User) -> QuerySet[Nomination]:
    """Dossiers waiting for this council (appraised at its level, in its area) and on no
    meeting that is still open."""
    found = Nomination.objects.visible_to(user).filter(status=STATES_OF[meeting.level].appraised)
    if meeting.level == Level.COMMUNE:
        found = found.filter(unit__admin_unit_id=meeting.admin_unit_id)
    on_open = CouncilBallot.objects.filter(meeting__status=CouncilMeeting.Status.OPEN, nomination__isnull=False)
    return (
        found.exclude(pk__in=on_open.values("nomination_id"))
        .select_related("award_form", "unit")
        .order_by("award_form__rank", "nominee_kind", "unit__name", "individual_name", "pk")
    )


def council_waiting_proposals(meeting: CouncilMeeting, user: User) -> QuerySet[Proposal]:
    """The year-end proposals of the meeting's unit waiting for its council: still open, no
    outcome yet, of the meeting's year or the year before (a December or January meeting), and
    on no meeting that is still open."""
    on_open = CouncilBallot.objects.filter(meeting__status=CouncilMeeting.Status.OPEN, proposal__isnull=False)
    year = meeting.held_on.year
    return (
        Proposal.objects.visible_to(user)
        .filter(
            admin_unit_id=meeting.admin_unit_id,
            outcome=Proposal.Outcome.PENDING,
            decision_line__isnull=True,
            forwarded_at__isnull=True,
            year__in=[year - 1, year],
        )
        .exclude(pk__in=on_open.values("proposal_id"))
        .select_related("awardee__unit", "award_form")
        .order_by("-year", "award_form__rank", "awardee__search_key", "pk")
    )
