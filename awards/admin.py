from django.contrib import admin

from awards.models import AwardForm, AwardSection, PlanAwardForm


@admin.register(AwardForm)
class AwardFormAdmin(admin.ModelAdmin):
    list_display = ["rank", "name", "granted_by", "level", "recipients", "is_active"]
    list_display_links = ["name"]
    list_filter = ["level", "recipients", "is_active"]
    search_fields = ["name", "granted_by", "code"]
    ordering = ["rank"]
    prepopulated_fields = {"code": ["name"]}


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
