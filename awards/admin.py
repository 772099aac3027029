import os

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from awards.models import (
    Authority,
    Awardee,
    AwardForm,
    AwardSection,
    BaseSalary,
    CertificateLayout,
    CommendationKind,
    CouncilBallot,
    CouncilMeeting,
    Decision,
    Initiative,
    Nomination,
    NominationDocument,
    NominationEvent,
    NominationStage,
    PlanAwardForm,
    Proposal,
    ProposalEvent,
    ProposalOverride,
    RegisterEntry,
    Registration,
    RegistrationDeadline,
    RegistrationEvent,
    RegistrationLine,
    RewardMultiple,
    StandardCheck,
    StandardRule,
    VoteThreshold,
    YearRating,
)
from awards.services.steps import record_event
from campaigns.uploads import sniff_upload


class AuthorityInline(admin.TabularInline):
    model = Authority
    extra = 0
    fields = ["level", "office", "valid_from", "valid_to", "source"]


@admin.register(AwardForm)
class AwardFormAdmin(SimpleHistoryAdmin):
    """Titles and forms with who decides each when: a change is kept as a version."""

    list_display = ["rank", "name", "short_name", "kind", "granted_by", "level", "recipients", "is_active"]
    list_display_links = ["name"]
    list_filter = ["kind", "level", "recipients", "is_active"]
    search_fields = ["name", "short_name", "granted_by", "code"]
    ordering = ["rank"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [AuthorityInline]


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["award_form", "level", "office", "valid_from", "valid_to", "source"]
    list_filter = ["level", "award_form__kind"]
    search_fields = ["award_form__name", "office", "source"]
    list_select_related = ["award_form"]


@admin.register(CommendationKind)
class CommendationKindAdmin(SimpleHistoryAdmin):
    list_display = ["rank", "name", "code", "counts_toward_higher", "is_active", "source"]
    list_display_links = ["name"]
    list_editable = ["counts_toward_higher"]
    search_fields = ["name", "code"]


class PlanAwardFormInline(admin.TabularInline):
    model = PlanAwardForm
    extra = 0
    ordering = ["number"]


@admin.register(AwardSection)
class AwardSectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "plan", "for_annual", "for_preliminary", "for_final"]
    list_filter = ["for_annual", "for_preliminary", "for_final"]
    search_fields = ["heading", "standards", "plan__title"]
    autocomplete_fields = ["plan"]
    inlines = [PlanAwardFormInline]


@admin.register(PlanAwardForm)
class PlanAwardFormAdmin(admin.ModelAdmin):
    list_display = ["name_in_plan", "award_form", "section"]
    list_filter = ["award_form"]
    search_fields = ["name_in_plan", "section__plan__title"]


# --- Nomination dossiers: read in the admin, changed through the portal's workflow ---------


class NominationDocumentInline(admin.TabularInline):
    model = NominationDocument
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class NominationEventInline(admin.TabularInline):
    model = NominationEvent
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields
    can_delete = False
    ordering = ["at", "pk"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class NominationStageInline(admin.StackedInline):
    """What happened at each level: written by the workflow's steps only."""

    model = NominationStage
    extra = 0
    can_delete = False
    fields = [
        "level",
        ("received_at", "received_by"),
        "returned_reason",
        "appraisal_comment",
        ("council_meeting_date", "council_members_present", "council_votes_for", "council_votes_against"),
        "council_ballot",
        ("decision_number", "decision_date", "decision_signer"),
        ("forwarded_at", "forwarded_by"),
        ("submission_number", "submission_date"),
    ]
    readonly_fields = [name for group in fields for name in (group if isinstance(group, tuple) else (group,))]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "award_form", "occasion", "status", "updated_at"]
    list_filter = ["status", "occasion", "award_form", "nominee_kind", "unit__admin_unit__province", "plan__issuer"]
    search_fields = [
        "individual_name",
        "unit__name",
        "achievements",
        "stages__decision_number",
        "stages__submission_number",
    ]
    list_select_related = ["unit", "award_form"]
    autocomplete_fields = ["plan"]
    raw_id_fields = ["unit", "created_by"]
    # Status, version and the stages move only through the workflow's steps, which record each one.
    readonly_fields = ["status", "version", "created_by", "created_at", "updated_at"]
    inlines = [NominationStageInline, NominationDocumentInline, NominationEventInline]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            record_event(
                nomination=obj, from_status="", to_status=obj.status, by=request.user, comment=_("Lập hồ sơ (quản trị)")
            )


class NominationDocumentAdminForm(forms.ModelForm):
    """Files added in the admin pass the same content check as in the portal."""

    class Meta:
        model = NominationDocument
        fields = ["nomination", "kind", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):
            allowed = sniff_upload(upload)
            self.instance.content_type = allowed.mime
            self.instance.size = upload.size
            self.instance.original_name = os.path.basename(upload.name)[-255:]
        return upload


@admin.register(NominationDocument)
class NominationDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "nomination", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "nomination__unit__name", "nomination__individual_name"]
    raw_id_fields = ["nomination"]
    form = NominationDocumentAdminForm
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(NominationEvent)
class NominationEventAdmin(admin.ModelAdmin):
    list_display = ["nomination", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["comment", "nomination__unit__name", "nomination__individual_name"]
    raw_id_fields = ["nomination", "by"]
    fields = ["nomination", "from_status", "to_status", "by", "at", "comment"]
    readonly_fields = ["at"]

    # The timeline is an audit trail written by the workflow: recorded steps are never edited.
    def has_change_permission(self, request, obj=None) -> bool:
        return False


# --- Reward money, certificate layouts, decisions and the register ------------------------------


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["amount", "valid_from", "valid_to", "source"]


@admin.register(RewardMultiple)
class RewardMultipleAdmin(admin.ModelAdmin):
    list_display = ["award_form", "recipient_kind", "multiple", "valid_from", "valid_to", "source"]
    list_filter = ["recipient_kind", "award_form"]


@admin.register(CertificateLayout)
class CertificateLayoutAdmin(admin.ModelAdmin):
    list_display = ["name", "award_form"]


@admin.register(Awardee)
class AwardeeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "admin_unit", "unit"]
    list_filter = ["kind"]
    search_fields = ["search_key", "name"]
    exclude = ["national_id"]  # stored, never shown in full


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "decided_on", "admin_unit", "kind", "status"]
    list_filter = ["status", "kind"]
    readonly_fields = ["status", "signed_at", "signed_by", "revoked_by", "revoke_reason"]


@admin.register(RegisterEntry)
class RegisterEntryAdmin(admin.ModelAdmin):
    list_display = ["register_number", "year", "awardee", "award_form", "decision_number", "admin_unit", "kind"]
    list_filter = ["year", "level", "kind"]
    search_fields = ["search_key"]


# --- The yearly cycle ---------------------------------------------------------------------------


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "scope", "decision_number", "decision_date", "admin_unit"]
    list_filter = ["scope", "year"]
    search_fields = ["title", "decision_number", "authors__name"]
    filter_horizontal = ["authors"]
    raw_id_fields = ["created_by"]


class StandardCheckInline(admin.TabularInline):
    model = StandardCheck
    extra = 0
    fields = [
        "number",
        "parent",
        "check_type",
        "title_form",
        "years",
        "percent",
        "count",
        "rating",
        "discipline",
        "scope",
    ]
    ordering = ["parent_id", "number"]


@admin.register(StandardRule)
class StandardRuleAdmin(SimpleHistoryAdmin):
    """The standards as rows: numbers, titles and which checks a province applies are edited
    here, and the next evaluation reads them (no deploy)."""

    list_display = ["name", "award_form", "recipient_kind", "province", "valid_from", "valid_to", "source"]
    list_filter = ["award_form", "recipient_kind", "province"]
    search_fields = ["name", "source", "award_form__name"]
    inlines = [StandardCheckInline]


@admin.register(StandardCheck)
class StandardCheckAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "rule", "check_type", "number"]
    list_filter = ["check_type", "rule__award_form"]
    search_fields = ["rule__name"]
    list_select_related = ["rule", "title_form"]


class ProposalOverrideInline(admin.TabularInline):
    model = ProposalOverride
    extra = 0
    fields = ["requirement", "reason", "by", "at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ProposalEventInline(NominationEventInline):
    model = ProposalEvent
    fields = ["at", "action", "by", "note"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    """Read in the admin; changed through the evaluation pages, which record each step."""

    list_display = ["awardee", "award_form", "year", "admin_unit", "outcome"]
    list_filter = ["year", "outcome", "award_form"]
    search_fields = ["awardee__name", "submission_number"]
    list_select_related = ["awardee", "award_form", "admin_unit"]
    raw_id_fields = ["awardee", "decision_line", "forwarded_from", "created_by", "outcome_by", "forwarded_by"]
    filter_horizontal = ["initiatives"]
    readonly_fields = ["outcome", "outcome_by", "outcome_at", "version", "forwarded_at", "forwarded_by"]
    inlines = [ProposalOverrideInline, ProposalEventInline]


@admin.register(YearRating)
class YearRatingAdmin(SimpleHistoryAdmin):
    list_display = ["awardee", "year", "rating", "discipline"]
    list_filter = ["year", "rating", "discipline"]
    search_fields = ["awardee__name"]
    raw_id_fields = ["awardee", "updated_by"]


# --- Registration (đăng ký thi đua) --------------------------------------------------------


@admin.register(RegistrationDeadline)
class RegistrationDeadlineAdmin(admin.ModelAdmin):
    """A commune's yearly registration deadline (31/03 when it has no row) and reminder days."""

    list_display = ["admin_unit", "day_month", "offsets", "updated_by", "updated_at"]
    search_fields = ["admin_unit__name"]
    autocomplete_fields = ["admin_unit"]
    readonly_fields = ["updated_by", "updated_at"]


class RegistrationLineInline(admin.TabularInline):
    model = RegistrationLine
    extra = 0
    raw_id_fields = ["awardee"]


class RegistrationEventInline(admin.TabularInline):
    model = RegistrationEvent
    extra = 0
    readonly_fields = ["action", "by", "at", "late", "comment"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "collective_title", "status", "is_late", "submitted_at", "consolidated_at"]
    list_filter = ["year", "status", "is_late"]
    search_fields = ["unit__name", "unit__admin_unit__name"]
    raw_id_fields = ["unit", "collective_awardee"]
    readonly_fields = ["first_submitted_at", "submitted_at", "submitted_by", "consolidated_at", "consolidated_by"]
    inlines = [RegistrationLineInline, RegistrationEventInline]


# --- The council: thresholds are law (edited here, with history); meetings are the portal's record


@admin.register(VoteThreshold)
class VoteThresholdAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "province", "secret_ballot_required", "valid_from", "valid_to", "source"]
    list_filter = ["base", "comparison", "secret_ballot_required", "province"]
    search_fields = ["award_form__name", "award_form__code", "source"]
    list_select_related = ["award_form", "province"]
    autocomplete_fields = ["province"]


class CouncilBallotInline(admin.TabularInline):
    model = CouncilBallot
    extra = 0
    fields = ["nominee_name", "award_form", "votes_for", "votes_against", "votes_invalid", "outcome", "explanation"]
    readonly_fields = fields
    can_delete = False


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(admin.ModelAdmin):
    """Recorded and closed in the portal (the closing moves the dossiers): read here."""

    list_display = ["__str__", "admin_unit", "total_members", "members_present", "written_votes", "status"]
    list_filter = ["status", "secret_ballot"]
    search_fields = ["admin_unit__name", "number", "chair_name", "ballots__nominee_name"]
    inlines = [CouncilBallotInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
