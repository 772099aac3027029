"""The app's Celery tasks, for the worker's autodiscovery; each is declared beside its service."""

from campaigns.importer.services import parse_plan_import

__all__ = ["parse_plan_import"]
