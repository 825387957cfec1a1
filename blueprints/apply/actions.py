"""Moving an application to its next status: the one way, for the desk and for `flask
applications set-status` alike, with the same rules, the same version check and the same
audit row (who, when, from which status to which; never the applicant's data)."""
import dataclasses

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from blueprints.apply.decisions import Decision, can_move
from blueprints.apply.models import STATUSES, Application, AuditEvent
from blueprints.messages import events
from extensions import db


class Refused(Exception):
    """The move cannot be made; `message` says why, in words for the officer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def changed_meanwhile() -> Refused:
    return Refused(_("Permohonan ini baru saja diubah oleh orang lain. Lihat keadaannya sekarang, lalu putuskan lagi."))


def move(application: Application, to: str, decision: Decision, *, seen_version: int, staff_id: int | None,
         action: str = "status") -> None:
    """Set the status (and what comes with it), audit it and commit; Refused when it may not (and
    then nothing is kept of what the caller changed in the session). The audit row's action is
    "status" for an officer's or a command's move, "perbaikan" for the applicant's fix."""
    if application.version != seen_version:
        db.session.rollback()
        raise changed_meanwhile()
    if not can_move(application.status, to):
        db.session.rollback()
        raise Refused(_("Permohonan berstatus “%(now)s” tidak bisa diubah menjadi “%(to)s”.",
                        now=STATUSES[application.status], to=STATUSES.get(to, to)))
    before = application.status
    application.status = to
    if decision != Decision():
        application.decision = dataclasses.asdict(decision)
    events.status_changed(application, to, decision)  # its message, in this same transaction
    db.session.add(AuditEvent(action=action, reference=application.reference, staff_id=staff_id,
                              from_status=before, to_status=to))
    try:
        db.session.commit()  # UPDATE ... WHERE version = the one read: a move made meanwhile makes it fail
    except StaleDataError:
        db.session.rollback()
        raise changed_meanwhile() from None
