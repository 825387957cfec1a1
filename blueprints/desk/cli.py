"""`flask staff`: the only way a desk account comes to exist, or stops working. No one registers
on the site; an admin (or whoever runs the server) adds each officer here."""
import secrets

import click

from blueprints.apply.checks import CheckError
from blueprints.apply.privacy import audit
from blueprints.desk import bp
from blueprints.desk.models import ROLES, Staff, now
from blueprints.desk.passwords import check_password, hash_password
from extensions import db


def _staff(email: str) -> Staff:
    staff = db.session.scalar(db.select(Staff).filter_by(email=email.strip().lower()))
    if staff is None:
        raise click.ClickException(f"no staff account {email}")
    return staff


def new_session_token() -> str:
    return secrets.token_hex(32)


@bp.cli.group("staff")
def staff_cli():
    """Desk accounts: add, disable, reset the second factor."""


@staff_cli.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.password_option(help="Asked for when not given (at least 12 characters, not a common one).")
def add(email, role, password):
    """Add a desk account; the officer sets up the second factor at the first sign-in."""
    email = email.strip().lower()
    if db.session.scalar(db.select(Staff).filter_by(email=email)) is not None:
        raise click.ClickException(f"{email} already has an account")
    try:
        check_password(password, email)
    except CheckError as error:
        raise click.ClickException(error.message) from None
    staff = Staff(email=email, role=role, password_hash=hash_password(password), session_token=new_session_token())
    db.session.add(staff)
    db.session.flush()
    audit("staf-tambah", staff=staff.id, role=role)
    db.session.commit()
    click.echo(f"added {email} ({role}); the second factor is set up at the first sign-in")


@staff_cli.command("disable")
@click.argument("email")
def disable(email):
    """Stop an account from signing in, and end its sessions (it stays in the audit trail)."""
    staff = _staff(email)
    staff.disabled_at, staff.session_token = now(), new_session_token()
    audit("staf-nonaktif", staff=staff.id)
    db.session.commit()
    click.echo(f"disabled {staff.email}")


@staff_cli.command("reset-2fa")
@click.argument("email")
def reset_2fa(email):
    """Forget the second factor (a lost phone): it is set up again at the next sign-in."""
    staff = _staff(email)
    staff.totp_secret, staff.totp_confirmed, staff.totp_last_step = None, False, None
    staff.session_token = new_session_token()
    audit("staf-reset-2fa", staff=staff.id)
    db.session.commit()
    click.echo(f"the second factor of {staff.email} is set up again at the next sign-in")
