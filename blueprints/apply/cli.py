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
    writer.writerow(["reference", "status", "submitted", "path", "card", "kk", "nik", "birth_date", "segment",
                     "class", "members", "last_paid", "faskes", "bank", "account", "mobile", "email"])
    for a in rows:
        writer.writerow(export_row(a))


def export_row(application: Application) -> list:
    """One CSV row; columns that a path does not ask stay empty."""
    answers = application.answers
    card, category = answers.get("kartu", {}), answers.get("kategori", {})
    arrears, contact = answers.get("tunggakan", {}), answers.get("kontak", {})
    people = (answers.get("keluarga") or {}).get("anggota", [])
    bank = answers.get("rekening", {})
    last_paid = f"{arrears['tahun']}-{int(arrears['bulan']):02d}" if arrears else ""
    return [
        application.reference, application.status, application.created_at.isoformat(), application.path,
        card.get("nomor_kartu", ""), answers.get("kk", {}).get("nomor_kk", ""),
        card.get("nik") or (people[0]["nik"] if people else ""), application.birth_date.isoformat(),
        category.get("segmen", "mandiri" if people else ""),
        category.get("kelas") or answers.get("kelas", {}).get("kelas", ""),
        category.get("anggota") or len(people), last_paid, answers.get("faskes", {}).get("faskes", ""),
        bank.get("bank", ""), bank.get("nomor_rekening", ""), contact.get("ponsel", ""), contact.get("email", ""),
    ]
