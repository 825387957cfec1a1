"""What readers tell us about the guides."""
import datetime

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from extensions import db


def _now():
    return datetime.datetime.now(datetime.UTC)


class Feedback(db.Model):
    """One answer to "Apakah halaman ini membantu?" (no visitor data is kept)."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guide: Mapped[str] = mapped_column(String(120), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=_now)
