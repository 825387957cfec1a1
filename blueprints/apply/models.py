"""Drafts (answers saved after every step) and submitted applications."""
import datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

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
    return datetime.datetime.now(datetime.timezone.utc)


class Draft(db.Model):
    """An application being filled in. The session cookie holds only its id."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, made by drafts.start_draft
    resume_code: Mapped[str] = mapped_column(String(8), unique=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    birth_date: Mapped[datetime.date | None] = mapped_column(Date)  # checked when resuming
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), index=True)


class Application(db.Model):
    """A submitted application. One per draft, however often "Kirim" is pressed."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True)
    draft_id: Mapped[str] = mapped_column(String(64), ForeignKey("drafts.id", ondelete="SET NULL"),
                                          unique=True, nullable=True)
    path: Mapped[str] = mapped_column(String(20))
    answers: Mapped[dict] = mapped_column(JSON)
    birth_date: Mapped[datetime.date] = mapped_column(Date)
    consent_text: Mapped[str] = mapped_column(Text)
    consent_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(30), default="diterima")
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
