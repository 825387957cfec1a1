"""Operator commands until a staff desk exists: flask drafts purge, flask applications ..."""
import csv
import datetime
import sys

import click
from flask import current_app

from blueprints.apply import bp
from blueprints.apply.codes import normalize_code
from blueprints.apply.drafts import purge_expired
from blueprints.apply.models import STATUSES, Application
from extensions import db


@bp.cli.group("drafts")
def drafts_cli():
    """Unsubmitted applications."""


@drafts_cli.command("purge")
def purge():
    """Delete drafts past DRAFT_LIFETIME_DAYS that were never submitted."""
    removed = purge_expired()
    click.echo(f"{removed} draft(s) removed (older than {current_app.config['DRAFT_LIFETIME_DAYS']} days)")


@bp.cli.group("applications")
def applications_cli():
    """Submitted applications."""


@applications_cli.command("set-status")
@click.argument("reference")
@click.argument("status", type=click.Choice(sorted(STATUSES)))
def set_status(reference, status):
    """Set the status people see at /status."""
    application = db.session.scalar(db.select(Application).filter_by(reference=normalize_code(reference)))
    if application is None:
        raise click.ClickException(f"no application with reference {reference}")
    application.status = status
    db.session.commit()
    click.echo(f"{application.reference}: {STATUSES[status]}")


@applications_cli.command("export")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), required=True, help="YYYY-MM-DD")
def export(since):
    """Write applications submitted since a date as CSV to standard output."""
    start = since.replace(tzinfo=datetime.timezone.utc)
    rows = db.session.scalars(
        db.select(Application).where(Application.created_at >= start).order_by(Application.created_at)).all()
    writer = csv.writer(sys.stdout)
    writer.writerow(["reference", "status", "submitted", "path", "card", "nik", "birth_date",
                     "segment", "class", "members", "last_paid", "mobile", "email"])
    for a in rows:
        answers = a.answers
        card, category = answers.get("kartu", {}), answers.get("kategori", {})
        arrears, contact = answers.get("tunggakan", {}), answers.get("kontak", {})
        writer.writerow([
            a.reference, a.status, a.created_at.isoformat(), a.path, card.get("nomor_kartu"), card.get("nik"),
            a.birth_date.isoformat(), category.get("segmen"), category.get("kelas"), category.get("anggota"),
            f"{arrears.get('tahun')}-{int(arrears.get('bulan', 0)):02d}", contact.get("ponsel"), contact.get("email"),
        ])
