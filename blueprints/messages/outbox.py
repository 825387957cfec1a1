"""Writing messages with their event, and delivering them at least once and, thanks to the
idempotency key, never twice in practice.

`write()` only adds rows to the caller's database session: they are committed with the event
that causes them, or rolled back with it. Once the commit holds, each new row is put on the job
queue (queue.py); a row the queue never got (the queue was down, the process died between the
commit and the enqueue) is found by `sweep()`, which the worker runs every minute and at start.

Delivering claims a row first (one UPDATE that only one worker can win), holding it for
MESSAGE_LEASE_SECONDS. A worker killed while sending leaves a claim that runs out; the row is
then sent again with the same key, and a provider that already accepted it does not send it
twice. A failure is tried again after an exponential backoff with jitter, MESSAGE_MAX_ATTEMPTS
times in all; then the row is dead ("mati") until an admin retries it at the desk.
"""
import datetime
import logging
import random
import uuid
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import event, inspect, or_, update
from sqlalchemy.orm import Session

from blueprints.core.web import content
from blueprints.messages.channels import Permanent, Temporary
from blueprints.messages.models import Message, now
from blueprints.messages.texts import render
from extensions import db

log = logging.getLogger(__name__)
PENDING = "outbox"  # session.info key: rows written in this transaction, to enqueue after its commit


def write(kind: str, channels: dict[str, str], values: dict[str, str], *, application_id: int | None = None,
          draft_id: str | None = None) -> list[Message]:
    """Add one message per chosen channel (channel -> recipient) to the current transaction."""
    texts = content().messages[kind]
    values = {"situs": current_app.config["SITE_URL"].rstrip("/"), **values}
    rows = []
    for channel, recipient in channels.items():
        if not recipient:
            continue
        body = render(texts.email_body if channel == "email" else getattr(texts, channel), values)
        subject = render(texts.email_subject, values) if channel == "email" else ""
        row = Message(key=str(uuid.uuid4()), kind=kind, channel=channel, recipient=recipient,
                      text={"subject": subject, "body": body}, application_id=application_id, draft_id=draft_id,
                      status="menunggu", attempts=0, next_attempt_at=now())
        db.session.add(row)
        rows.append(row)
    db.session.info.setdefault(PENDING, []).extend(rows)
    return rows


@event.listens_for(Session, "after_commit")
def _enqueue_after_commit(session):
    rows = session.info.pop(PENDING, [])
    if not rows:
        return
    queue = current_app.extensions.get("queue")
    for row in rows:
        message_id = inspect(row).identity[0]  # without loading the expired row (no new transaction)
        try:
            queue.deliver(message_id)
        except Exception as error:  # noqa: BLE001 the queue being down must not undo the event; sweep() finds it
            log.warning("message %s not queued (%s); the sweep will send it", message_id, type(error).__name__)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session):
    session.info.pop(PENDING, None)


def backoff(attempts: int, config) -> datetime.timedelta:
    """Exponential with full jitter around it: base × 2^(n-1), ±50 %, capped."""
    seconds = min(config["MESSAGE_RETRY_BASE_SECONDS"] * 2 ** (attempts - 1), config["MESSAGE_RETRY_MAX_SECONDS"])
    return datetime.timedelta(seconds=seconds * random.uniform(0.5, 1.5))


def claim(message_id: int) -> Message | None:
    """Take a row to send, if it is due and nobody holds it; None when another worker has it."""
    config = current_app.config
    moment = now()
    taken = db.session.execute(
        update(Message).where(
            Message.id == message_id,
            or_(Message.status.in_(("menunggu", "gagal")) & (Message.next_attempt_at <= moment),
                (Message.status == "mengirim") & (Message.lease_until < moment)))
        .values(status="mengirim", attempts=Message.attempts + 1,
                lease_until=moment + datetime.timedelta(seconds=config["MESSAGE_LEASE_SECONDS"]))
        .execution_options(synchronize_session=False))
    db.session.commit()
    if taken.rowcount != 1:
        return None
    return db.session.get(Message, message_id, populate_existing=True)


@dataclass(frozen=True)
class Outgoing:
    """What a channel needs of a message, read before sending: no database transaction stays
    open (and no SQLite write lock held) while a provider takes its time to answer."""

    id: int
    key: str
    kind: str
    channel: str


def deliver(message_id: int) -> str:
    """Send one message now if it is due; return its state afterwards ("" when not ours)."""
    message = claim(message_id)
    if message is None:
        return ""
    config = current_app.config
    outgoing = Outgoing(message.id, message.key, message.kind, message.channel)
    text, recipient = message.text, message.recipient
    db.session.commit()
    try:
        provider_id = current_app.extensions["channels"][outgoing.channel].send(outgoing, text, recipient)
    except Temporary as failure:
        final = isinstance(failure, Permanent) or message.attempts >= config["MESSAGE_MAX_ATTEMPTS"]
        message.status, message.last_error, message.lease_until = ("mati" if final else "gagal"), failure.reason, None
        if not final:
            message.next_attempt_at = now() + backoff(message.attempts, config)
        db.session.commit()
        log.info("message %s try %d failed: %s", message.id, message.attempts, failure.reason)
        if not final:
            current_app.extensions["queue"].deliver(message.id, at=message.next_attempt_at)
        return message.status
    message.status, message.sent_at, message.provider_id, message.lease_until = "terkirim", now(), provider_id, None
    message.last_error = ""
    db.session.commit()
    return message.status


def due() -> list[int]:
    """Rows that should be on their way: due and unclaimed, or claimed by a worker that is gone."""
    moment = now()
    return list(db.session.scalars(db.select(Message.id).where(or_(
        Message.status.in_(("menunggu", "gagal")) & (Message.next_attempt_at <= moment),
        (Message.status == "mengirim") & (Message.lease_until < moment))).order_by(Message.id)))


def sweep() -> int:
    """Put every due row on the queue again (claiming makes a row queued twice harmless)."""
    found = due()
    for message_id in found:
        current_app.extensions["queue"].deliver(message_id)
    return len(found)


def retry(message: Message) -> None:
    """An admin's retry of a dead message: tries start again."""
    message.status, message.attempts, message.next_attempt_at, message.last_error = "menunggu", 0, now(), ""
    db.session.info.setdefault(PENDING, []).append(message)
    db.session.commit()
