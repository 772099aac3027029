from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Báo cáo định kỳ"

    def ready(self) -> None:
        # The workflow events told to the next actors (reporting.events' registry).
        from reporting.services import event_kinds  # noqa: F401
