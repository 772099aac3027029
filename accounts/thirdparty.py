"""Vietnamese names for third-party apps whose AppConfig has no translatable name (the other
apps' names are in locale/vi)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("Khóa đăng nhập sai nhiều lần")
