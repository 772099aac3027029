"""The synthetic data as the benchmark reads it (its actors, the totals) and its clean-up."""

from collections.abc import Callable

from django.db import transaction

from accounts.models import User
from awards.models import (
    Awardee,
    AwardeePosting,
    AwardSection,
    Decision,
    DecisionLine,
    Nomination,
    NominationDocument,
    NominationEvent,
    NominationStage,
    PlanAwardForm,
    RegisterCounter,
    RegisterEntry,
)
from campaigns.models import (
    AdministrativeUnit,
    Content,
    ParticipatingUnit,
    Phase,
    Plan,
    PlanAmendment,
    PlanParent,
    Purpose,
    Recipient,
    Requirement,
    Responsibility,
    Solution,
)
from criteria.models import Criterion, CriterionGroup
from devtools.synthetic.data import (
    CODE_PREFIX,
    USER_PREFIX,
)
from reporting.models import (
    AnnualReport,
    CommuneNarrative,
    CommuneReport,
    CommuneReportEvent,
    ContentResult,
    CriterionResult,
    Evidence,
    GeneratedDocument,
    Notification,
    Reminder,
    ReminderPolicy,
    ReportEvent,
    ReportingDeadline,
)


def subjects() -> tuple[User, User, AdministrativeUnit, Plan]:
    """The benchmark's actors: the officer of the first synthetic commune with an issued plan,
    and the reviewer of its province; plus the commune and its plan."""
    plan = (
        Plan.objects.filter(issuer__code__startswith=CODE_PREFIX, issuer__province__isnull=False, status="issued")
        .select_related("issuer__province")
        .order_by("issuer__code")
        .first()
    )
    officer = User.objects.get(admin_unit=plan.issuer, role=User.Role.OFFICER, username__startswith=USER_PREFIX)
    reviewer = User.objects.get(admin_unit=plan.issuer.province, role=User.Role.REVIEWER)
    return officer, reviewer, plan.issuer, plan


def totals() -> dict[str, int]:
    """Rows of every synthetic kind in the database (synthetic or not), for the summary."""
    models = [
        AdministrativeUnit, ParticipatingUnit, User, Plan, Content, CriterionGroup, Criterion, AwardSection,
        PlanAwardForm, Phase, ReportingDeadline, AnnualReport, ContentResult, Nomination, CommuneReport,
        Decision, DecisionLine, RegisterEntry,
    ]  # fmt: skip
    return {model._meta.model_name: model.objects.count() for model in models}


def delete_synthetic(log: Callable[[str], None] = print) -> None:
    """Remove every synthetic row. The big tables are deleted with plain DELETEs (no
    per-row signals), children first; the rest through the ORM."""
    admin_units = AdministrativeUnit.objects.filter(code__startswith=CODE_PREFIX)
    plans = Plan.objects.filter(issuer__in=admin_units)
    units = ParticipatingUnit.objects.filter(admin_unit__in=admin_units)
    users = User.objects.filter(username__startswith=USER_PREFIX)
    reports = AnnualReport.objects.filter(unit__in=units)
    commune_reports = CommuneReport.objects.filter(commune__in=admin_units)
    nominations = Nomination.objects.filter(plan__in=plans)
    deadlines = ReportingDeadline.objects.filter(plan__in=plans)
    entries = RegisterEntry.objects.filter(admin_unit__in=admin_units)
    steps = [
        entries,
        DecisionLine.objects.filter(decision__admin_unit__in=admin_units),
        Decision.objects.filter(admin_unit__in=admin_units),
        AwardeePosting.objects.filter(awardee__admin_unit__in=admin_units),
        Awardee.objects.filter(admin_unit__in=admin_units),
        RegisterCounter.objects.filter(admin_unit__in=admin_units),
        ContentResult.objects.filter(report__in=reports),
        CriterionResult.objects.filter(report__in=reports),
        Evidence.objects.filter(report__in=reports),
        ReportEvent.objects.filter(report__in=reports),
        reports,
        CommuneNarrative.objects.filter(report__in=commune_reports),
        CommuneReportEvent.objects.filter(report__in=commune_reports),
        commune_reports,
        NominationEvent.objects.filter(nomination__in=nominations),
        NominationDocument.objects.filter(nomination__in=nominations),
        NominationStage.objects.filter(nomination__in=nominations),
        nominations,
        Notification.objects.filter(user__in=users),
        Notification.objects.filter(reminder__deadline__in=deadlines),
        Reminder.objects.filter(deadline__in=deadlines),
        GeneratedDocument.objects.filter(plan__in=plans),
        GeneratedDocument.objects.filter(admin_unit__in=admin_units),
        ReminderPolicy.objects.filter(plan__in=plans),
        PlanAmendment.objects.filter(plan__in=plans),
        Criterion.objects.filter(group__plan__in=plans),
        PlanAwardForm.objects.filter(section__plan__in=plans),
        *(model.objects.filter(plan__in=plans) for model in (CriterionGroup, AwardSection, ReportingDeadline)),
        *(model.objects.filter(plan__in=plans) for model in (Purpose, Requirement, Content, Solution, Recipient)),
        *(model.objects.filter(plan__in=plans) for model in (Phase, Responsibility, PlanParent)),
        Plan.other_campaigns.through.objects.filter(plan__in=plans),
    ]
    with transaction.atomic():
        for queryset in steps:
            queryset._raw_delete(queryset.db)
        PlanParent.objects.filter(parent_plan__in=plans).update(parent_plan=None)
        plans._raw_delete(plans.db)
        users.delete()
        units._raw_delete(units.db)
        communes = admin_units.filter(province__isnull=False)
        communes._raw_delete(communes.db)
        admin_units._raw_delete(admin_units.db)
    log("Đã xóa dữ liệu mô phỏng cũ.")
