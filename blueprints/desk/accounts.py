"""Desk accounts: added, disabled, their second factor reset. The one place these happen, for
`flask staff` and for an admin at the desk alike, each audited (which account, by whom; never
a password). No one registers on the site."""
import secrets

from flask_babel import gettext as _

from blueprints.apply.checks import CheckError
from blueprints.apply.privacy import audit
from blueprints.desk.models import ROLES, Staff, now
from blueprints.desk.passwords import check_password, hash_password
from extensions import db


def new_session_token() -> str:
    return secrets.token_hex(32)


def new_password() -> str:
    """A first password an admin hands over in person: 20 random letters and digits in groups of 5."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"  # no l, o, 0, 1: read off a screen without doubt
    letters = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(letters[i:i + 5] for i in range(0, 20, 5))


def find(email: str) -> Staff | None:
    return db.session.scalar(db.select(Staff).filter_by(email=email.strip().lower()))


def add(email: str, role: str, password: str, by: int | None = None) -> Staff:
    """A new account (its second factor is set up at the first sign-in); CheckError when it cannot be."""
    email = email.strip().lower()
    if role not in ROLES:
        raise CheckError(_("Pilih peran: petugas atau admin."))
    if find(email) is not None:
        raise CheckError(_("%(email)s sudah punya akun.", email=email))
    check_password(password, email)
    staff = Staff(email=email, role=role, password_hash=hash_password(password), session_token=new_session_token())
    db.session.add(staff)
    db.session.flush()
    audit("staf-tambah", staff=staff.id, role=role, **({"oleh": by} if by else {}))
    db.session.commit()
    return staff


def disable(staff: Staff, by: int | None = None) -> None:
    """Stop an account from signing in and end its sessions (it stays, for the audit trail)."""
    if by == staff.id:
        raise CheckError(_("Anda tidak bisa menonaktifkan akun Anda sendiri."))
    staff.disabled_at, staff.session_token = now(), new_session_token()
    audit("staf-nonaktif", staff=staff.id, **({"oleh": by} if by else {}))
    db.session.commit()


def reset_2fa(staff: Staff, by: int | None = None) -> None:
    """Forget the second factor (a lost phone): it is set up again at the next sign-in."""
    staff.totp_secret, staff.totp_confirmed, staff.totp_last_step = None, False, None
    staff.session_token = new_session_token()
    audit("staf-reset-2fa", staff=staff.id, **({"oleh": by} if by else {}))
    db.session.commit()
