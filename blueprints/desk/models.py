"""Staff accounts. Made only by `flask staff add`; an account is disabled, never deleted, so the
audit trail keeps naming who did what."""
import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from blueprints.core.vault import SealedJSON
from extensions import db

ROLES = ("petugas", "admin")  # petugas: process applications; admin: also staff and exports


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class Staff(db.Model):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(Text)  # Argon2id (passwords.py)
    totp_secret: Mapped[str | None] = mapped_column(SealedJSON)  # sealed; None until set up at first sign-in
    totp_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)  # the last code's time step: no replay
    session_token: Mapped[str] = mapped_column(String(64))  # in the desk cookie; changed at every sign-in
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime.datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[datetime.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(timezone=True), default=now)
    last_login_at: Mapped[datetime.datetime | None] = mapped_column(DateTime(timezone=True))

    # Flask-Login --------------------------------------------------------------------------
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    def get_id(self) -> str:
        """Flask-Login's "alternative id": a new token at each sign-in ends every older session."""
        return f"{self.id}:{self.session_token}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"
