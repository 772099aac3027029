from django.contrib import admin

from criteria.models import Criterion, CriterionGroup, SubjectType


@admin.register(SubjectType)
class SubjectTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "broader", "position"]
    list_filter = ["kind"]
    list_editable = ["position"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    ordering = ["number"]


@admin.register(CriterionGroup)
class CriterionGroupAdmin(admin.ModelAdmin):
    list_display = ["heading", "subject_type", "plan"]
    list_filter = ["subject_type", "plan__issuer"]
    search_fields = ["heading", "plan__title", "criteria__text"]
    list_select_related = ["subject_type", "plan__issuer"]
    autocomplete_fields = ["plan"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "max_points"]
    list_filter = ["group__subject_type"]
    search_fields = ["text", "group__heading"]
    list_select_related = ["group__subject_type"]
