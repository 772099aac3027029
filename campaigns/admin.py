from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.models import AwardSection
from campaigns.models import (
    AdministrativeUnit,
    Campaign,
    Content,
    ParticipatingUnit,
    Phase,
    Plan,
    PlanParent,
    Purpose,
    Recipient,
    Requirement,
    Responsibility,
    Solution,
)
from criteria.models import CriterionGroup
from reporting.models import ReportingDeadline


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "code", "email"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "code"]
    ordering = ["province__name", "name"]
    autocomplete_fields = ["province"]


@admin.register(ParticipatingUnit)
class ParticipatingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "admin_unit", "subject_type", "contact_person", "email", "is_active"]
    list_filter = ["is_active", "subject_type", "admin_unit__province", "admin_unit"]
    search_fields = ["name", "contact_person", "email", "admin_unit__name"]
    list_select_related = ["admin_unit__province", "subject_type"]
    autocomplete_fields = ["admin_unit"]
    ordering = ["admin_unit__name", "name"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "launched_by"]
    search_fields = ["name", "launched_by"]


class NumberedInline(admin.TabularInline):
    extra = 0
    ordering = ["number"]


class PlanParentInline(admin.TabularInline):
    model = PlanParent
    fk_name = "plan"
    extra = 0
    fields = ["number_in_list", "kind", "number", "date", "issuer", "summary", "parent_plan"]
    autocomplete_fields = ["parent_plan"]
    verbose_name_plural = _("Văn bản căn cứ (kế hoạch trong hệ thống hoặc văn bản ngoài)")


class PurposeInline(NumberedInline):
    model = Purpose


class RequirementInline(NumberedInline):
    model = Requirement


class ContentInline(NumberedInline):
    model = Content


class CriterionGroupInline(NumberedInline):
    model = CriterionGroup
    fields = ["number", "subject_type", "heading"]
    show_change_link = True
    verbose_name_plural = _("Tiêu chí theo đối tượng (bấm để sửa từng tiêu chí)")


class AwardSectionInline(NumberedInline):
    model = AwardSection
    fields = ["number", "heading", "for_annual", "for_preliminary", "for_final", "standards"]
    show_change_link = True
    verbose_name_plural = _("Hình thức và tiêu chuẩn khen thưởng (bấm để sửa các hình thức)")


class SolutionInline(NumberedInline):
    model = Solution


class PhaseInline(NumberedInline):
    model = Phase
    fields = ["number", "name", "start_year", "end_year", "review", "review_year", "description"]


class ReportingDeadlineInline(admin.TabularInline):
    model = ReportingDeadline
    extra = 0
    fields = ["day", "month", "reporter", "receiver", "via", "reporters"]


class ResponsibilityInline(NumberedInline):
    model = Responsibility
    fields = ["number", "body", "titled", "duties"]


class RecipientInline(NumberedInline):
    model = Recipient


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issued_on", "issuer", "campaign", "status", "updated_at"]
    list_filter = ["status", "campaign", "issuer__province", "issuer__kind"]
    search_fields = ["number", "title", "issuer__name", "campaign__name", "signer_name"]
    list_select_related = ["issuer__province", "campaign"]
    date_hierarchy = "issued_on"
    ordering = ["-period_start", "issuer__name"]
    autocomplete_fields = ["issuer", "campaign"]
    filter_horizontal = ["other_campaigns"]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    fieldsets = [
        (
            _("Thông tin văn bản"),
            {
                "fields": [
                    "issuer",
                    ("status", "header_missing"),
                    ("number", "issued_on", "place"),
                    "title",
                    ("campaign", "other_campaigns"),
                    ("period_start", "period_end"),
                    "preamble",
                ]
            },
        ),
        (_("Các đoạn văn của kế hoạch"), {"fields": ["contents_intro", "award_subjects", "phases_intro", "closing"]}),
        (_("Người ký"), {"fields": [("signer_capacity", "signer_delegation"), ("signer_title", "signer_name")]}),
        (_("Theo dõi"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]
    inlines = [
        PlanParentInline,
        PurposeInline,
        RequirementInline,
        ContentInline,
        CriterionGroupInline,
        AwardSectionInline,
        SolutionInline,
        PhaseInline,
        ReportingDeadlineInline,
        ResponsibilityInline,
        RecipientInline,
    ]

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(PlanParent)
class PlanParentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "parent_plan"]
    list_filter = ["kind"]
    search_fields = ["number", "issuer", "summary", "plan__title"]
    autocomplete_fields = ["plan", "parent_plan"]


class PlanItemAdmin(admin.ModelAdmin):
    """Plan paragraphs are edited inline on the plan; these lists serve search across plans."""

    list_display = ["__str__", "plan"]
    list_filter = ["plan__issuer"]
    search_fields = ["text", "plan__title", "plan__number"]
    autocomplete_fields = ["plan"]
    ordering = ["plan", "number"]


for model in (Purpose, Requirement, Content, Solution, Recipient):
    admin.site.register(model, PlanItemAdmin)


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "review", "review_year"]
    list_filter = ["review", "review_year"]
    search_fields = ["name", "description", "plan__title"]
    autocomplete_fields = ["plan"]


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["body", "plan"]
    search_fields = ["body", "duties", "plan__title"]
    autocomplete_fields = ["plan"]
