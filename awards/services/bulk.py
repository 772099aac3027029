"""Many dossiers at once: receive the ones the units sent, or send many up under one tờ trình.
Each dossier still goes through its own step service (its own transaction, lock, version and
rules), so a dossier that changed meanwhile or is not ready is refused alone, with its reason,
and the others go through."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import User
from awards.models import Nomination
from awards.services.steps import SERVICES
from awards.workflow import TRANSITIONS, TransitionRefused

# The steps offered on the lists: what a level does to many dossiers in December.
BULK_ACTIONS = ("receive", "forward", "province_receive", "forward_to_national")
# The steps that send a dossier up carry the tờ trình (number, date) they are sent under.
SENT_UP = ("forward", "forward_to_national")


@dataclass
class BulkResult:
    done: list[Nomination] = field(default_factory=list)
    refused: list[tuple[Nomination, str]] = field(default_factory=list)


def bulk_step(
    *, action: str, nominations: list[Nomination], versions: dict[int, int], by: User, **fields: Any
) -> BulkResult:
    """Run one step on each dossier with the version the user saw; PermissionDenied (a role
    that may not take the step) stops the whole batch."""
    if action not in BULK_ACTIONS:
        raise ValueError(action)
    service = SERVICES[action]
    extra = fields if action in SENT_UP else {}
    result = BulkResult()
    for nomination in nominations:
        try:
            done = service(nomination=nomination, by=by, version=versions.get(nomination.pk), **extra)
        except TransitionRefused as refused:
            result.refused.append((nomination, str(refused.message)))
        except ValidationError as invalid:
            result.refused.append((nomination, " ".join(invalid.messages)))
        else:
            result.done.append(done)
    return result


def label_of(action: str) -> str:
    return str(TRANSITIONS[action].label)
