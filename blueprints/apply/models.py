"""Drafts (answers saved after every step) and submitted applications."""
import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from blueprints.core.vault import SealedDate, SealedJSON
from extensions import db

STATUSES = {
    "diterima": "Diterima",
    "diverifikasi": "Sedang diverifikasi",
    "perbaikan": "Perlu perbaikan",
    "menunggu_pembayaran": "Menunggu pembayaran",
    "aktif": "Aktif",
    "ditolak": "Ditolak",
}


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class Draft(db.Model):
    """An application being filled in. The session cookie holds only its id."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, made by drafts.start_draft
    resume_code: Mapped[str] = mapped_column(String(8), unique=True)
    answers: Mapped[dict] = mapped_column(SealedJSON, default=dict)  # encrypted, see core/vault.py
    birth_date: Mapped[datetime.date | None] = mapped_column(SealedDate)  # checked when resuming
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), index=True)
    # Set on a fix of a sent application (the fix loop): the draft starts as a copy of its
    # answers, opens only the steps the officer sent back, and shares its photos.
    fix_of: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"),
                                              unique=True)
    # Raised by every save: a save that read the draft before another request saved it finds the
    # version moved on and fails (StaleDataError), and is made again on the newer answers
    # (drafts.unsent_draft, drafts.retried), so two tabs or a double tap never lose an answer.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own setting)


class Application(db.Model):
    """A submitted application. One per draft, however often "Kirim" is pressed."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True)
    draft_id: Mapped[str] = mapped_column(String(64), ForeignKey("drafts.id", ondelete="SET NULL"),
                                          unique=True, nullable=True)
    path: Mapped[str] = mapped_column(String(20))
    answers: Mapped[dict] = mapped_column(SealedJSON)
    birth_date: Mapped[datetime.date] = mapped_column(SealedDate)
    consent_text: Mapped[str] = mapped_column(Text)
    consent_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(30), default="diterima")
    # What came with the status (blueprints.apply.decisions.py): the virtual account and amount to
    # pay, or the reason for a rejection. Sealed: a VA carries most of the card number.
    decision: Mapped[dict | None] = mapped_column(SealedJSON)
    # Raised by every change: an officer's action names the version they saw, and two officers
    # acting at once cannot overwrite each other (SQLAlchemy checks it in the UPDATE too).
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The answers of the steps changed by the last fix, as they were before it, so the desk can
    # show what changed. Sealed like the answers.
    before_fix: Mapped[dict | None] = mapped_column(SealedJSON)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own setting)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
    niks: Mapped[list["ApplicationNik"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class ApplicationNik(db.Model):
    """The keyed hash of every NIK in an application: find it by NIK without decrypting."""

    __tablename__ = "application_niks"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True)
    nik_hash: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class AuditEvent(db.Model):
    """What an operator did with someone's data, without the data: export, delete, purge."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str | None] = mapped_column(String(8))  # a random code, meaningless once deleted
    detail: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int | None] = mapped_column(Integer)  # who, at the desk (None: a command)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now)
