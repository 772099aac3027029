from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "devtools"
    verbose_name = "Công cụ phát triển (không cài ở môi trường vận hành)"
