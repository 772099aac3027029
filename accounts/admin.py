from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "email", "role", "admin_unit", "participating_unit", "is_active"]
    list_filter = ["role", "admin_unit__province", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email", "admin_unit__name"]
    list_select_related = ["admin_unit__province", "participating_unit"]
    autocomplete_fields = ["admin_unit", "participating_unit"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Vai trò trong cổng thi đua"), {"fields": ["role", "admin_unit", "participating_unit"]}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Vai trò trong cổng thi đua"), {"fields": ["email", "role", "admin_unit", "participating_unit"]}),
    )


# --- django_celery_beat: its "task" field is named in English without gettext ("Task Name"),
# so the two admin places that show that name (the filter of the task list, the tasks listed
# under a schedule) name it in Vietnamese here. The models stay as the package ships them.


class TaskNameFilter(admin.AllValuesFieldListFilter):
    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("tên tác vụ")


class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    list_filter = ["enabled", "one_off", ("task", TaskNameFilter), "start_time", "last_run_at"]


class PeriodicTaskInline(beat_admin.PeriodicTaskInline):
    fields = ("name", "task_name", "args", "kwargs")
    readonly_fields = fields

    @admin.display(description=_("Tên tác vụ"))
    def task_name(self, task: PeriodicTask) -> str:
        return task.task


for model, schedule_admin in (
    (ClockedSchedule, beat_admin.ClockedScheduleAdmin),
    (CrontabSchedule, beat_admin.CrontabScheduleAdmin),
    (SolarSchedule, beat_admin.SolarScheduleAdmin),
    (IntervalSchedule, beat_admin.IntervalScheduleAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, type(schedule_admin.__name__, (schedule_admin,), {"inlines": [PeriodicTaskInline]}))
admin.site.unregister(PeriodicTask)
admin.site.register(PeriodicTask, PeriodicTaskAdmin)
