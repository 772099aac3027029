"""Telling the people who must act next, exactly once per event and recipient.

`publish(kind, event_id)` runs when an event row is saved (reporting.events registers the
listener) and hands the event to a worker after the commit. `dispatch` claims one
`EventNotice` per recipient by inserting the rows (the unique constraint on (kind, event,
user) makes a second dispatch claim nothing) and, in the same transaction, leaves each
claimed notice in the recipient's Thông báo. The e-mail then goes out at once, waits for the
07:00 digest (`send_digests`, the beat job and the command of the same name), or is not sent,
as the recipient chose for that kind.
"""

import datetime
import logging
import uuid
from collections.abc import Iterable
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from config.celery import enqueue
from reporting.events import KINDS, kind_named
from reporting.models import Delivery, EventNotice, NoticePreference, Notification

logger = logging.getLogger(__name__)
STALE_CLAIM = datetime.timedelta(minutes=15)


def publish(kind: str, event_id: int) -> None:
    transaction.on_commit(lambda: enqueue(dispatch_event, kind, event_id))


def deliveries_for(users: Iterable[User], kind: str) -> dict[int, str]:
    """Each user's choice for the kind (immediately unless they chose otherwise), in one query."""
    chosen = dict(NoticePreference.objects.filter(user__in=users, kind=kind).values_list("user_id", "delivery"))
    return {user.pk: chosen.get(user.pk, Delivery.IMMEDIATE) for user in users}


def preferences_of(user: User) -> dict[str, str]:
    chosen = dict(NoticePreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {name: chosen.get(name, Delivery.IMMEDIATE) for name in KINDS}


@transaction.atomic
def preferences_set(*, user: User, choices: dict[str, str]) -> None:
    for kind, delivery in choices.items():
        if kind in KINDS and delivery in Delivery.values:
            NoticePreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})


def _email_status(user: User, delivery: str) -> str:
    if not user.email or delivery == Delivery.PORTAL:
        return EventNotice.Email.NONE
    return EventNotice.Email.DIGEST if delivery == Delivery.DIGEST else EventNotice.Email.PENDING


def dispatch(*, kind: str, event_id: int) -> list[int]:
    """Claim and show the event's notices; returns the ids this call claimed."""
    declared = kind_named(kind)
    event = declared.model.objects.select_related(*declared.related).filter(pk=event_id).first()
    if event is None:
        return []
    actor_id = getattr(event, "by_id", None)
    recipients = {u.pk: u for u in declared.recipients(event) if u.pk != actor_id and u.is_active}
    if not recipients:
        return []
    with translation.override("vi"):
        message = declared.message(event)
    token = uuid.uuid4().hex
    deliveries = deliveries_for(list(recipients.values()), kind)
    rows = [
        EventNotice(
            kind=kind,
            event_id=event_id,
            user=user,
            title=message.title[:255],
            body=message.body,
            url=message.url,
            email=_email_status(user, deliveries[user.pk]),
            claim=token,
        )
        for user in recipients.values()
    ]
    with transaction.atomic():
        EventNotice.objects.bulk_create(rows, ignore_conflicts=True)
        claimed = list(EventNotice.objects.filter(claim=token))
        Notification.objects.bulk_create(
            Notification(user_id=n.user_id, title=n.title, body=n.body, url=n.url, notice=n) for n in claimed
        )
    pending = [n.pk for n in claimed if n.email == EventNotice.Email.PENDING]
    for notice_id in pending:
        transaction.on_commit(lambda notice_id=notice_id: enqueue(deliver_notice, notice_id))
    return [n.pk for n in claimed]


def _send(subject: str, template: str, context: dict, to: str) -> None:
    context = {**context, "base_url": settings.PORTAL_BASE_URL.rstrip("/")}
    with translation.override("vi"):
        text = render_to_string(f"reporting/email/{template}.txt", context)
        html = render_to_string(f"reporting/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def deliver(*, notice_id: int) -> bool:
    """E-mail one notice now. False if it went out already (or another worker holds it)."""
    with transaction.atomic():
        pending = EventNotice.objects.filter(pk=notice_id, email=EventNotice.Email.PENDING).select_related("user")
        notice = pending.select_for_update(skip_locked=True, of=("self",)).first()
        if notice is None:
            return False
        notice.attempts += 1
        try:
            _send(notice.title, "notice", {"notice": notice, "user": notice.user}, notice.user.email)
        except (SMTPException, OSError) as error:
            notice.last_error = f"{type(error).__name__}: {error}"
            notice.email = EventNotice.Email.FAILED
        else:
            notice.email, notice.sent_at, notice.last_error = EventNotice.Email.SENT, timezone.now(), ""
        notice.save(update_fields=["attempts", "email", "sent_at", "last_error"])
    return notice.email == EventNotice.Email.SENT


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """Claim each user's waiting notices (a conditional update: two runs never claim the same
    row) and hand each user's batch to a worker. Safe to run twice; returns the users claimed."""
    now = now or timezone.now()
    users = set(EventNotice.objects.filter(email=EventNotice.Email.DIGEST).values_list("user_id", flat=True))
    stale = EventNotice.objects.filter(email=EventNotice.Email.DIGESTING, created_at__lt=now - STALE_CLAIM)
    claims = set(stale.values_list("claim", flat=True))
    for user_id in sorted(users):
        token = uuid.uuid4().hex
        waiting = EventNotice.objects.filter(user_id=user_id, email=EventNotice.Email.DIGEST)
        if waiting.update(email=EventNotice.Email.DIGESTING, claim=token):
            claims.add(token)
    for token in claims:
        transaction.on_commit(lambda token=token: enqueue(deliver_digest, token))
    return len(users)


def deliver_digest_batch(*, claim: str) -> int:
    with transaction.atomic():
        notices = list(
            EventNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(claim=claim, email=EventNotice.Email.DIGESTING)
            .select_related("user")
            .order_by("created_at", "pk")
        )
        if not notices:
            return 0
        user = notices[0].user
        subject = translation.gettext("Tổng hợp %(count)d thông báo cần xử lý") % {"count": len(notices)}
        try:
            _send(subject, "digest", {"notices": notices, "user": user}, user.email)
        except (SMTPException, OSError) as error:
            EventNotice.objects.filter(pk__in=[n.pk for n in notices]).update(
                email=EventNotice.Email.FAILED, last_error=f"{type(error).__name__}: {error}"
            )
            return 0
        EventNotice.objects.filter(pk__in=[n.pk for n in notices]).update(
            email=EventNotice.Email.SENT, sent_at=timezone.now()
        )
    return len(notices)


def retry_failed_notices(*, notice_ids: Iterable[int]) -> int:
    """Send failed e-mails again, one by one (the administrators' action)."""
    ids = list(
        EventNotice.objects.filter(pk__in=list(notice_ids), email=EventNotice.Email.FAILED).values_list("pk", flat=True)
    )
    EventNotice.objects.filter(pk__in=ids).update(email=EventNotice.Email.PENDING)
    for notice_id in ids:
        transaction.on_commit(lambda notice_id=notice_id: enqueue(deliver_notice, notice_id))
    return len(ids)


# --- the Celery tasks --------------------------------------------------------------------------


@shared_task(name="reporting.notices.dispatch_event", acks_late=True, time_limit=120, soft_time_limit=100)
def dispatch_event(kind: str, event_id: int) -> int:
    return len(dispatch(kind=kind, event_id=event_id))


@shared_task(name="reporting.notices.deliver_notice", acks_late=True, time_limit=120, soft_time_limit=100)
def deliver_notice(notice_id: int) -> bool:
    return deliver(notice_id=notice_id)


@shared_task(name="reporting.notices.deliver_digest", acks_late=True, time_limit=600, soft_time_limit=540)
def deliver_digest(claim: str) -> int:
    return deliver_digest_batch(claim=claim)


@shared_task(name="reporting.notices.send_digests", acks_late=True, time_limit=1800, soft_time_limit=1700)
def send_daily_digests() -> int:
    """The daily digest (Celery beat, 07:00 Asia/Ho_Chi_Minh). Safe to run twice."""
    return send_digests()
