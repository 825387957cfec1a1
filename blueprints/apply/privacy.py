# People's rights over their data (UU PDP, Law 27/2022), carried out by an
# operator through `flask data ...`: find an application by NIK, export
# everything we hold about it, delete it with its photos, and purge what has
# outlived the retention periods in config.py. Every action leaves an audit
# event that says what was done and when, never whose data it was. Rotating the
# encryption key (`flask keys rotate`) lives here too: it touches the same rows.
import datetime
from collections import Counter

from sqlalchemy.orm.attributes import flag_modified

from blueprints.apply import storage
from blueprints.apply.drafts import shared_application
from blueprints.apply.models import Application, ApplicationNik, AuditEvent, Draft
from blueprints.apply.questions import DOCUMENTS, Answers
from blueprints.core import retention
from blueprints.core.vault import SealedJSON, vault
from blueprints.messages.models import Message
from extensions import db

FINAL_STATUSES = ("aktif", "ditolak")  # the application is done with; the retention clock runs


def audit(action: str, reference: str | None = None, staff_id: int | None = None, **counts):
    detail = ", ".join(f"{name}={number}" for name, number in counts.items())
    db.session.add(AuditEvent(action=action, reference=reference, detail=detail, staff_id=staff_id))


def references_for_nik(nik: str) -> list[str]:
    """References of every application that names this NIK (as applicant or family member)."""
    return list(db.session.scalars(
        db.select(Application.reference).join(ApplicationNik)
        .where(ApplicationNik.nik_hash == vault().nik_hash(nik)).order_by(Application.created_at)))


def same_nik_elsewhere() -> dict[str, list[str]]:
    """For each application, the other applications naming one of its NIKs (duplicates to look
    at before sending on to BPJS), found by comparing keyed hashes only."""
    by_hash: dict[str, set[str]] = {}
    for reference, digest in db.session.execute(
            db.select(Application.reference, ApplicationNik.nik_hash).join(ApplicationNik)):
        by_hash.setdefault(digest, set()).add(reference)
    others: dict[str, set[str]] = {}
    for references in by_hash.values():
        for reference in references:
            others.setdefault(reference, set()).update(references - {reference})
    return {reference: sorted(found) for reference, found in others.items() if found}


def export(application: Application) -> dict:
    """Everything held about one application, as the person gave it, plus what we added."""
    audit("ekspor", application.reference)
    db.session.commit()
    return {
        "reference": application.reference,
        "status": application.status,
        "submitted_at": application.created_at.isoformat(),
        "updated_at": application.updated_at.isoformat(),
        "path": application.path,
        "birth_date": application.birth_date.isoformat(),
        "consent": {"text": application.consent_text, "given_at": application.consent_at.isoformat()},
        "answers": application.answers,
        "decision": application.decision,  # the virtual account and amount, a rejection's reason, the fixes asked
        "answers_before_last_fix": application.before_fix,
        "messages": [{"kind": m.kind, "channel": m.channel, "to": m.recipient, "text": m.text, "status": m.status,
                      "written_at": m.created_at.isoformat(), "sent_at": m.sent_at.isoformat() if m.sent_at else None}
                     for m in db.session.scalars(db.select(Message).filter_by(application_id=application.id)
                                                 .order_by(Message.id))],
    }


def _remove_photos(names: set[str]) -> int:
    """Delete stored photos (with their thumbnails); return how many files went."""
    return sum(storage.delete(name) for name in names)


def photo_names(stored: dict) -> set[str]:
    return Answers(stored).photo_names()


def photos_of(application: Application) -> dict[str, bytes | None]:
    """The application's photos by kind (ktp, kk, swafoto), decrypted; None for one whose file is gone."""
    documents = Answers(application.answers).get(DOCUMENTS)
    return {kind: storage.read(name) for kind, name in (documents.foto if documents else {}).items()}


def delete(application: Application) -> Counter:
    """Remove an application, the draft it came from, a fix of it, and every photo of any; audit it."""
    removed = Counter(pengajuan=1)
    names = photo_names(application.answers)
    for draft in db.session.scalars(db.select(Draft).where(
            (Draft.id == application.draft_id) | (Draft.fix_of == application.id))).all():
        names |= photo_names(draft.answers)
        db.session.delete(draft)
        removed["draf"] += 1
    removed["berkas"] = _remove_photos(names)
    audit("hapus", application.reference, **removed)
    db.session.delete(application)
    db.session.commit()
    return removed


def purge(moment: datetime.datetime | None = None) -> Counter:
    """Apply every retention period (core/retention.py runs each blueprint's) and audit it."""
    removed = retention.purge(moment)
    audit("purge", **removed)
    db.session.commit()
    return removed


def purge_applications(moment: datetime.datetime, config) -> Counter:
    """Expired drafts (and their photos unless an application keeps them) and finished
    applications past APPLICATION_RETENTION_DAYS; the caller commits."""
    removed = Counter(berkas=0, draf=0, pengajuan=0)
    for draft in db.session.scalars(db.select(Draft).where(Draft.expires_at < moment)).all():
        kept = shared_application(draft)  # its application keeps the photos it names
        still_used = photo_names(kept.answers) if kept else set()
        removed["berkas"] += _remove_photos(photo_names(draft.answers) - still_used)
        db.session.delete(draft)
        removed["draf"] += 1
    finished_before = moment - datetime.timedelta(days=config["APPLICATION_RETENTION_DAYS"])
    for application in db.session.scalars(db.select(Application).where(
            Application.status.in_(FINAL_STATUSES), Application.updated_at < finished_before)).all():
        removed["berkas"] += _remove_photos(photo_names(application.answers))
        db.session.delete(application)
        removed["pengajuan"] += 1
    db.session.flush()
    removed["berkas"] += _remove_photos(_orphan_photos())
    return removed


ORPHAN_AGE = 24 * 60 * 60  # seconds: an upload whose answer is still being saved is younger


def _orphan_photos() -> set[str]:
    """Stored photos that no draft and no application names (left by a change that never
    committed, or by a crash between writing the file and saving the answer)."""
    named: set[str] = set()
    for model in (Draft, Application):
        for answers in db.session.scalars(db.select(model.answers)):
            named |= photo_names(answers)
    return storage.names_older_than(ORPHAN_AGE) - named


retention.register("apply", purge_applications)


def reseal_everything() -> Counter:
    """Re-encrypt every sealed row and file under the first key of ENCRYPTION_KEYS."""
    resealed = Counter()
    for model in (Draft, Application):
        sealed = [column.key for column in model.__table__.columns if isinstance(column.type, SealedJSON)]
        for row in db.session.scalars(db.select(model)).all():
            for column in (*sealed, "updated_at"):  # updated_at as it was: the retention clock
                flag_modified(row, column)
            resealed[model.__tablename__] += 1
    db.session.commit()
    resealed["files"] = storage.reseal_all()
    audit("rotasi_kunci", **resealed)
    db.session.commit()
    return resealed
