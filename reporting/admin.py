from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reporting.models import (
    AnnualReport,
    CommuneNarrative,
    CommuneReport,
    CommuneReportEvent,
    ContentResult,
    CriterionResult,
    Evidence,
    Notification,
    Reminder,
    ReminderPolicy,
    ReportEvent,
    ReportingDeadline,
)
from reporting.services.reminders import retry_failed


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "reporters", "via"]
    list_filter = ["reporters", "month"]
    search_fields = ["reporter", "receiver", "via", "plan__title"]
    autocomplete_fields = ["plan"]


class ContentResultInline(admin.StackedInline):
    model = ContentResult
    extra = 0
    raw_id_fields = ["content"]


class CriterionResultInline(admin.StackedInline):
    model = CriterionResult
    extra = 0
    raw_id_fields = ["criterion"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # files come in through the portal, where their type is checked


class SubmissionEventInline(admin.TabularInline):
    """The history of a report (reporting.models.SubmissionEvent), read-only."""

    extra = 0
    fields = ["at", "action", "by", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # the history is written by the workflow only


class ReportEventInline(SubmissionEventInline):
    model = ReportEvent


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "plan", "status", "first_submitted_at", "submitted_at", "version"]
    list_filter = ["status", "year", "plan__issuer", "unit__subject_type"]
    search_fields = ["unit__name", "unit__admin_unit__name", "plan__number", "plan__title", "returned_reason"]
    list_select_related = ["unit", "plan__issuer"]
    raw_id_fields = ["plan", "unit", "submitted_by", "returned_by"]
    readonly_fields = ["version", "created_at", "updated_at"]
    date_hierarchy = "submitted_at"
    inlines = [ContentResultInline, CriterionResultInline, EvidenceInline, ReportEventInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "report", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["content_type", "report__year"]
    search_fields = ["original_name", "report__unit__name", "report__unit__admin_unit__name"]
    list_select_related = ["report__unit", "uploaded_by"]
    raw_id_fields = ["report", "uploaded_by"]
    readonly_fields = ["content_type", "size", "uploaded_at"]


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ["report", "action", "by", "at"]
    list_filter = ["action", "report__year"]
    search_fields = ["report__unit__name", "report__unit__admin_unit__name", "comment", "by__username"]
    list_select_related = ["report__unit", "by"]
    raw_id_fields = ["report", "by"]


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["plan", "offsets", "updated_by", "updated_at"]
    search_fields = ["plan__title", "plan__number", "plan__issuer__name"]
    autocomplete_fields = ["plan"]
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Administrators watch delivery here: failed reminders show their last SMTP error."""

    list_display = ["email", "recipient_name", "kind", "due", "offset", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["kind", "status", "offset", "year", "due"]
    search_fields = ["email", "recipient_name", "deadline__plan__issuer__name"]
    list_select_related = ["deadline__plan__issuer"]
    date_hierarchy = "due"
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = ["retry"]

    @admin.action(description=_("Gửi lại các thư nhắc bị lỗi"))
    def retry(self, request, queryset):
        count = retry_failed(reminder_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("Đã đưa %(count)d thư vào hàng đợi gửi lại.") % {"count": count})

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at", "created_at"]
    search_fields = ["title", "user__username"]
    raw_id_fields = ["user", "reminder"]


class CommuneNarrativeInline(admin.StackedInline):
    model = CommuneNarrative
    extra = 0
    raw_id_fields = ["content"]


class CommuneReportEventInline(SubmissionEventInline):
    model = CommuneReportEvent


@admin.register(CommuneReport)
class CommuneReportAdmin(admin.ModelAdmin):
    list_display = ["commune", "year", "plan", "status", "first_submitted_at", "submitted_at"]
    list_filter = ["status", "year", "commune__province"]
    search_fields = ["commune__name", "plan__title", "plan__number"]
    raw_id_fields = ["plan", "commune", "submitted_by", "returned_by"]
    # The figures are frozen at submission and the workflow fields move only through the portal.
    readonly_fields = [
        "snapshot",
        "submitted_at",
        "first_submitted_at",
        "submitted_by",
        "returned_at",
        "returned_by",
        "version",
    ]
    inlines = [CommuneNarrativeInline, CommuneReportEventInline]
