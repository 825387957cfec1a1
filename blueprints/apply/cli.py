"""Operator commands: flask applications (for scripts; the desk does the same through the same
functions), flask data, flask keys."""
import json
import sys
from pathlib import Path

import click

from blueprints.apply import bp, privacy
from blueprints.apply.actions import Refused, move
from blueprints.apply.checks import CheckError
from blueprints.apply.codes import normalize_code
from blueprints.apply.decisions import FIXABLE, REJECTIONS, Decision, check_amount, check_va, fixes_from
from blueprints.apply.export import write_csv
from blueprints.apply.models import STATUSES, Application
from blueprints.apply.questions import CARD, Answers
from blueprints.core.vault import new_key
from blueprints.core.web import content
from extensions import db


def _application(reference: str) -> Application:
    application = db.session.scalar(db.select(Application).filter_by(reference=normalize_code(reference)))
    if application is None:
        raise click.ClickException(f"no application with reference {reference}")
    return application


def _counts(counts) -> str:
    return ", ".join(f"{name} {number}" for name, number in counts.items()) or "nothing"


@bp.cli.group("data")
def data_cli():
    """Requests from people about their data, and retention."""


@data_cli.command("find")
@click.argument("nik")
def find(nik):
    """List the references of applications that name a NIK (found by its keyed hash)."""
    for reference in privacy.references_for_nik(nik):
        click.echo(reference)


@data_cli.command("export")
@click.argument("reference")
@click.option("--photos", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the decrypted photos into this folder.")
def export_data(reference, photos):
    """Print everything held about one application as JSON (a request to see one's data)."""
    application = _application(reference)
    click.echo(json.dumps(privacy.export(application), indent=2, ensure_ascii=False))
    if photos:
        # Faces and identity cards: readable by the operator's account only, folder and files alike.
        photos.mkdir(mode=0o700, parents=True, exist_ok=True)
        photos.chmod(0o700)
        for kind, data in privacy.photos_of(application).items():
            if data is None:
                click.echo(f"photo {kind} is missing from UPLOAD_DIR: not exported", err=True)
                continue
            path = photos / f"{application.reference}-{kind}.jpg"
            path.touch(mode=0o600)
            path.chmod(0o600)
            path.write_bytes(data)


@data_cli.command("delete")
@click.argument("reference")
@click.confirmation_option(prompt="Delete this application, its draft and its photos for good?")
def delete_data(reference):
    """Delete one application with its draft and photos (a request to be forgotten)."""
    application = _application(reference)
    removed = privacy.delete(application)
    click.echo(f"{application.reference} deleted: {_counts(removed)}")


@data_cli.command("purge")
def purge():
    """Apply the retention periods (DRAFT_LIFETIME_DAYS, APPLICATION_RETENTION_DAYS,
    FEEDBACK_RETENTION_DAYS). Run it daily."""
    click.echo(f"removed: {_counts(privacy.purge())}")


@bp.cli.group("keys")
def keys_cli():
    """Encryption keys for personal data at rest."""


@keys_cli.command("new")
def keys_new():
    """Print a fresh Fernet key to put first in ENCRYPTION_KEYS."""
    click.echo(new_key())


@keys_cli.command("rotate")
def keys_rotate():
    """Re-encrypt every draft, application and photo with the first key of ENCRYPTION_KEYS;
    afterwards the older keys can be removed."""
    click.echo(f"re-encrypted: {_counts(privacy.reseal_everything())}")


@bp.cli.group("applications")
def applications_cli():
    """Submitted applications."""


@applications_cli.command("set-status")
@click.argument("reference")
@click.argument("status", type=click.Choice(sorted(STATUSES)))
@click.option("--va", help="menunggu_pembayaran: the virtual account (16 digits, 88888 or 89888 first).")
@click.option("--amount", help="menunggu_pembayaran: the amount to pay, in rupiah.")
@click.option("--reason", type=click.Choice(sorted(REJECTIONS)), help="ditolak: why.")
@click.option("--note", default="", help="ditolak: a note the applicant sees at /status.")
@click.option("--fix", "fixes", multiple=True, metavar="STEP=NOTE",
              help="perbaikan: a step to send back and what is wrong with it (repeat for more steps).")
def set_status(reference, status, va, amount, reason, note, fixes):
    """Move an application on, by the desk's rules (the same order, version check and audit)."""
    application = _application(reference)
    card = Answers(application.answers).get(CARD)
    try:
        if status == "perbaikan":
            notes = dict(fix.partition("=")[::2] for fix in fixes)
            asked, missing = fixes_from(application.path, list(notes), notes)
            unknown = set(notes) - set(FIXABLE[application.path])
            if unknown or missing or not asked:
                raise click.ClickException(
                    f"give --fix STEP=NOTE for one or more of: {', '.join(FIXABLE[application.path])}")
            decision = Decision(fixes=asked)
        elif status == "menunggu_pembayaran":
            decision = Decision(va=check_va(va, card.nomor_kartu if card else None), amount=check_amount(amount))
        elif status == "ditolak":
            decision = Decision(reason=reason or "lainnya", note=note)
        else:
            decision = Decision()
        move(application, status, decision, seen_version=application.version, staff_id=None)
    except (CheckError, Refused) as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{application.reference}: {STATUSES[status]}")


@applications_cli.command("export")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), required=True, help="YYYY-MM-DD")
def export(since):
    """Write applications submitted since a date as CSV to standard output."""
    write_csv(sys.stdout, since.date(), content())
