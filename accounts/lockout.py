"""Login lockout with two limits (django-axes): AXES_FAILURE_LIMIT failures per username and
IP address, and AXES_IP_FAILURE_LIMIT per IP address over every username, which stops one
address trying one password on every account (password spraying).

axes counts failures per parameter set (AXES_LOCKOUT_PARAMETERS) and compares the highest
count with one limit; the per-IP count is scaled to that limit, so each set has its own.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


class PortalAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_pair, per_ip = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = get_failure_limit(request, credentials)
        return max(per_pair, per_ip * limit // settings.AXES_IP_FAILURE_LIMIT)
