"""`flask staff`: desk accounts from the server's command line (blueprints/desk/accounts.py does
the work, for these commands and for an admin at the desk alike). The first admin comes from here."""
import click

from blueprints.apply.checks import CheckError
from blueprints.desk import accounts, bp
from blueprints.desk.models import ROLES, Staff


def _staff(email: str) -> Staff:
    staff = accounts.find(email)
    if staff is None:
        raise click.ClickException(f"no staff account {email}")
    return staff


@bp.cli.group("staff")
def staff_cli():
    """Desk accounts: add, disable, reset the second factor."""


@staff_cli.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.password_option(help="Asked for when not given (at least 12 characters, not a common one).")
def add(email, role, password):
    """Add a desk account; the officer sets up the second factor at the first sign-in."""
    if accounts.find(email) is not None:
        raise click.ClickException(f"{email.strip().lower()} already has an account")
    try:
        staff = accounts.add(email, role, password)
    except CheckError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"added {staff.email} ({role}); the second factor is set up at the first sign-in")


@staff_cli.command("disable")
@click.argument("email")
def disable(email):
    """Stop an account from signing in, and end its sessions (it stays in the audit trail)."""
    staff = _staff(email)
    accounts.disable(staff)
    click.echo(f"disabled {staff.email}")


@staff_cli.command("reset-2fa")
@click.argument("email")
def reset_2fa(email):
    """Forget the second factor (a lost phone): it is set up again at the next sign-in."""
    staff = _staff(email)
    accounts.reset_2fa(staff)
    click.echo(f"the second factor of {staff.email} is set up again at the next sign-in")
