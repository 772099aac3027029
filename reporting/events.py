"""The one registry of workflow events that tell people what to do next.

A kind of event is declared once, with `register(EventKind(...))`: the model whose new rows
are the events (a report's `ReportEvent`, a dossier's `NominationEvent`, and later a
decision's or a registration's), who must act next, and what they are told. Saving a new row
of that model is then enough: the dispatch (reporting.services.notices) claims one notice per
(kind, event, recipient), shows it in the portal and e-mails it as each recipient prefers.
Nothing here imports the services, so any app's kinds can be declared without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_save


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    url: str


@dataclass(frozen=True)
class EventKind:
    name: str  # stored in EventNotice.kind and NoticePreference.kind: never rename one
    label: Any  # what the preferences page calls it
    model: type[models.Model]
    recipients: Callable[[Any], Iterable[Any]]  # event → the users who must act next
    message: Callable[[Any], Message]  # event → what they are told (in Vietnamese)
    related: tuple[str, ...] = ()  # joined when the event is fetched


KINDS: dict[str, EventKind] = {}
_listeners: dict[str, Callable[..., None]] = {}


def register(kind: EventKind, *, on_event: Callable[[str, int], None]) -> EventKind:
    """Declare a kind; `on_event(kind_name, event_id)` runs for every new row of its model."""
    KINDS[kind.name] = kind

    def created(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            on_event(kind.name, instance.pk)

    _listeners[kind.name] = created  # kept (signals hold receivers weakly), one per kind
    post_save.connect(created, sender=kind.model, dispatch_uid=f"event-kind-{kind.name}")
    return kind


def kind_named(name: str) -> EventKind:
    return KINDS[name]
