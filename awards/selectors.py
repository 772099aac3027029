"""Reads shared by views, scoped to what the user may see."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.models import User
from awards import workflow
from awards.models import AwardForm, AwardSection, Nomination, NominationDocument, NominationEvent, Occasion
from campaigns.models import AdministrativeUnit, ParticipatingUnit, Plan

Status = Nomination.Status

_OCCASION_FLAGS = {
    Occasion.ANNUAL: "for_annual",
    Occasion.PRELIMINARY: "for_preliminary",
    Occasion.FINAL: "for_final",
}


def nominations_visible_to(user: User) -> QuerySet[Nomination]:
    """A commune's officer and viewers see its dossiers; a reporter sees its unit's; the
    province sees the dossiers its communes forwarded to it; nobody sees another commune's."""
    nominations = Nomination.objects.select_related("plan__issuer", "award_form", "unit__admin_unit", "created_by")
    if user.is_superuser:
        return nominations
    if not user.is_authenticated or user.admin_unit_id is None:
        return nominations.none()
    if user.role == User.Role.REPORTER:
        if user.participating_unit_id is None:
            return nominations.none()
        return nominations.filter(unit_id=user.participating_unit_id)
    if user.admin_unit.is_province:
        return nominations.filter(_province_scope(user.admin_unit_id))
    return nominations.filter(unit__admin_unit_id=user.admin_unit_id)


def _province_scope(province_id: int) -> Q:
    """What a province sees: the dossiers its communes forwarded to it, and the dossiers of the
    province's own participating units (its departments) once they are sent.

    Written on the dossier's own columns (unit ids from subqueries): an OR across joined
    tables made PostgreSQL join every dossier and unit of the country (≈100 ms at national
    scale, on every count of the province queue)."""
    communes = AdministrativeUnit.objects.filter(province_id=province_id).values("pk")
    commune_units = ParticipatingUnit.objects.filter(admin_unit__in=communes).values("pk")
    own = ParticipatingUnit.objects.filter(admin_unit_id=province_id).values("pk")
    from_communes = Q(unit__in=commune_units, status__in=workflow.PROVINCE_STATES)
    own_units = Q(unit__in=own) & ~Q(status__in=workflow.EDITABLE_STATES)
    return from_communes | own_units


def get_nomination_for_user(user: User, pk: int) -> Nomination:
    """The dossier with its documents and timeline, or 404 when outside the user's scope."""
    queryset = nominations_visible_to(user).prefetch_related(
        Prefetch("documents", queryset=NominationDocument.objects.select_related("uploaded_by")),
        Prefetch("events", queryset=NominationEvent.objects.select_related("by").order_by("at", "pk")),
    )
    return get_object_or_404(queryset.select_related("forwarded_by"), pk=pk)


def get_document_for_user(user: User, pk: int) -> NominationDocument:
    return get_object_or_404(
        NominationDocument.objects.select_related("nomination__unit", "nomination__plan__issuer"),
        pk=pk,
        nomination__in=nominations_visible_to(user),
    )


def plans_open_for_nominations(user: User) -> QuerySet[Plan]:
    """Issued plans of the user's own commune: the plans its dossiers are made under."""
    if not workflow.may_create(user) or user.admin_unit.is_province:
        return Plan.objects.none()
    return Plan.objects.filter(issuer_id=user.admin_unit_id, status=Plan.Status.ISSUED).select_related("issuer")


def units_open_for_nominations(user: User) -> QuerySet[ParticipatingUnit]:
    """Officers nominate any active unit of their commune; a reporter only its own unit."""
    if not workflow.may_create(user):
        return ParticipatingUnit.objects.none()
    if user.role == User.Role.REPORTER:
        return ParticipatingUnit.objects.filter(pk=user.participating_unit_id)
    return ParticipatingUnit.objects.filter(admin_unit_id=user.admin_unit_id, is_active=True)


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
        forms = forms.filter(recipients__in=[nominee_kind, AwardForm.Recipients.BOTH])
    return forms.order_by("rank")


def _counts_by_status(nominations: QuerySet[Nomination]) -> dict[str, int]:
    rows = nominations.order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def status_counts(nominations: QuerySet[Nomination]) -> list[dict]:
    """Every state with its number of dossiers, in workflow order."""
    counts = _counts_by_status(nominations)
    return [{"status": value, "label": label, "count": counts.get(value, 0)} for value, label in Status.choices]


def province_queue(user: User) -> QuerySet[Nomination]:
    """The province's dossiers for its queue page, oldest forwarded first within a state."""
    if not workflow.is_province_staff(user):
        return Nomination.objects.none()
    return nominations_visible_to(user).select_related("forwarded_by").order_by("forwarded_at", "pk")


def province_admin_units(user: User) -> QuerySet[AdministrativeUnit]:
    """The communes of the user's province, and the province itself (its own units)."""
    if not workflow.is_province_staff(user):
        return AdministrativeUnit.objects.none()
    province_id = user.admin_unit_id
    return AdministrativeUnit.objects.filter(Q(province_id=province_id) | Q(pk=province_id)).order_by(
        "province", "name"
    )


def province_status_counts(nominations: QuerySet[Nomination]) -> list[dict]:
    """The province's states with their number of dossiers, in workflow order."""
    counts = _counts_by_status(nominations)
    return [{"status": s, "label": Status(s).label, "count": counts.get(s, 0)} for s in workflow.PROVINCE_STATES]


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
    if not user.is_authenticated or not user.role:
        return {}
    nominations = nominations_visible_to(user)
    summary: dict = {"year": year, "role": user.role, "list_url": reverse("awards:nomination_list")}
    if user.role == User.Role.OFFICER:
        waiting = nominations.filter(status__in=workflow.OFFICER_QUEUE).order_by("updated_at", "pk")
        summary.update(_queue_summary(waiting, workflow.OFFICER_QUEUE))
        # Sent back by the province: the commune fixes and resubmits them.
        summary["province_returned"] = list(
            nominations.filter(status__in=workflow.COMMUNE_FIX_STATES).order_by("updated_at", "pk")[:6]
        )
    elif user.role == User.Role.REVIEWER:
        summary["list_url"] = reverse("awards:province_queue")
        waiting = province_queue(user).filter(status__in=workflow.PROVINCE_QUEUE)
        summary.update(_queue_summary(waiting, workflow.PROVINCE_QUEUE))
    elif user.role == User.Role.REPORTER:
        summary["own"] = list(nominations.order_by("-updated_at", "-pk")[:8])
        summary["can_create"] = workflow.may_create(user)
    else:
        if workflow.is_province_staff(user):
            summary["list_url"] = reverse("awards:province_queue")
            summary["counts"] = [row for row in province_status_counts(nominations) if row["count"]]
        else:
            summary["counts"] = [row for row in status_counts(nominations) if row["count"]]
    summary["decided_this_year"] = nominations.filter(
        status__in=workflow.DECIDED_STATES, decision_date__year=year
    ).count()
    return summary
