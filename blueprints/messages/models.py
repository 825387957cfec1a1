"""The outbox: one row per message to send, written in the same transaction as the event that
causes it (a status change, a submission), so the two exist together or not at all. The
recipient and the text are sealed like every other piece of personal data; the rest is the
delivery state the worker and the desk read."""
import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from blueprints.core.vault import SealedJSON
from extensions import db

STATES = {  # what the desk shows
    "menunggu": "menunggu dikirim",
    "mengirim": "sedang dikirim",
    "gagal": "gagal, dicoba lagi",
    "terkirim": "terkirim",
    "mati": "gagal terus, berhenti dicoba",
}


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class Message(db.Model):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Sent to the provider with every try, so a message it already accepted is not sent twice.
    key: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(30))  # a template in content/messages.yml
    channel: Mapped[str] = mapped_column(String(10))  # sms, whatsapp, email
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[str | None] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(SealedJSON)  # a number in +62 form, or an email address
    text: Mapped[dict] = mapped_column(SealedJSON)  # {"subject": ..., "body": ...}, rendered when written
    status: Mapped[str] = mapped_column(String(12), default="menunggu", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now)
    lease_until: Mapped[datetime.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str] = mapped_column(String(120), default="")  # e.g. "HTTP 503"; never the text
    provider_id: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now)
    sent_at: Mapped[datetime.datetime | None] = mapped_column(DateTime(timezone=True))


class JobRun(db.Model):
    """One row per periodic job and period: whoever inserts it first runs the job, so several
    workers on several servers run each period's purge or reminders once."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    period: Mapped[str] = mapped_column(String(20), primary_key=True)  # e.g. 2026-12-02 or 2026-12-02T14
    started_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now)
