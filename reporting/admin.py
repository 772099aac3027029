from django.contrib import admin

from reporting.models import ReportingDeadline


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "reporters", "via"]
    list_filter = ["reporters", "month"]
    search_fields = ["reporter", "receiver", "via", "plan__title"]
    autocomplete_fields = ["plan"]
