from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

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
