"""Whom the province chases for a commune's report, and when it last did: the commune's
officers (the Culture-Social Office, who write the report) and the commune's own address.
Shared by the dashboard (reporting.views.chasing) and "Nhắc ngay" (services.chasing)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from accounts.models import User
from campaigns.models import AdministrativeUnit
from reporting.models import Reminder, ReportingDeadline
from reporting.selectors.board import BoardStatus

# A commune is chased while its report is not in: missing, a draft, or sent back to it.
CHASED = (*BoardStatus.NOT_RECEIVED, BoardStatus.RETURNED)


@dataclass
class CommuneContact:
    commune: AdministrativeUnit
    officers: list[User] = field(default_factory=list)
    last_reminded: datetime.datetime | None = None

    @property
    def addresses(self) -> list[tuple[str, str, int | None]]:
        """(e-mail, name, user id) to remind: each officer with an address, then the commune's own."""
        found = [
            (u.email, f"{u.get_full_name() or u.username} ({self.commune.full_name})", u.pk)
            for u in self.officers
            if u.email
        ]
        if self.commune.email and self.commune.email.lower() not in {e.lower() for e, _n, _u in found}:
            found.append((self.commune.email, self.commune.full_name, None))
        return found

    @property
    def has_email(self) -> bool:
        return bool(self.addresses)


def commune_contacts(
    communes: Iterable[AdministrativeUnit], deadline: ReportingDeadline | None = None, year: int | None = None
) -> dict[int, CommuneContact]:
    """Each commune's contacts and, for a deadline and year, when it was last reminded of it
    (by the daily job, which writes to the officers, or by a click). Two queries."""
    contacts = {c.pk: CommuneContact(commune=c) for c in communes}
    officers = User.objects.filter(admin_unit__in=list(contacts), role=User.Role.OFFICER, is_active=True)
    for user in officers.order_by("last_name", "first_name", "username"):
        contacts[user.admin_unit_id].officers.append(user)
    if deadline is not None and contacts:
        last = defaultdict(lambda: None)
        rows = (
            Reminder.objects.filter(deadline=deadline, year=year)
            .filter(Q(admin_unit__in=list(contacts)) | Q(user__admin_unit__in=list(contacts), unit__isnull=True))
            .annotate(commune=Coalesce("admin_unit_id", "user__admin_unit_id"))
            .order_by()
            .values("commune")
            .annotate(last=Max("created_at"))
        )
        for row in rows:
            last[row["commune"]] = row["last"]
        for pk, contact in contacts.items():
            contact.last_reminded = last[pk]
    return contacts
