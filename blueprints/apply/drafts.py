# Drafts and submissions in the database. The session cookie carries only the
# draft's random id; every answer lives server-side, so a person can close the
# browser, lose the cookie, or move to another phone and continue with the
# resume code and their date of birth.
import datetime
import functools
import secrets

from flask import current_app, request, session
from sqlalchemy import Text, bindparam, inspect, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.util import identity_key

from blueprints.apply import storage
from blueprints.apply.actions import move
from blueprints.apply.codes import new_code
from blueprints.apply.decisions import Decision
from blueprints.apply.models import Application, ApplicationNik, Draft, now
from blueprints.apply.questions import CONSENT, CONTACT, PATH, Answers, Question
from blueprints.core.clock import stored_utc
from blueprints.core.database import holds_connection, own_connection
from blueprints.core.vault import vault
from blueprints.core.web import content
from blueprints.messages import events
from extensions import db

SESSION_KEY = "draft"
SAVE_ATTEMPTS = 5  # a save overtaken this often in a row (five tabs at once) gets the 503 page


def _lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=current_app.config["DRAFT_LIFETIME_DAYS"])


def current_draft() -> Draft | None:
    """The draft named by the session cookie, if it still exists and has not expired.

    A request that may change it locks its row until it commits (SELECT ... FOR UPDATE on
    PostgreSQL; SQLite's writers already go one at a time, see core/database.py), so two tabs
    adding a person at once both keep their person instead of one overwriting the other.
    """
    found = _current()
    return found[0] if found else None


def unsent_draft() -> Draft | None:
    """The current draft unless it has already become an application (a fix draft is never one):
    asked in the same query as the draft, since every answer saved asks it.

    Saving an answer is what the site does most, so here a request that may change the draft does
    not lock it while it checks the answer: the draft is read by one SELECT, and the save is one
    UPDATE that names the version it read, each its own transaction (core/database.py,
    own_connection). If another request saved the draft in between, the save fails (StaleDataError)
    and `retried` runs the view again on the newer answers."""
    found = _current(apart=True)
    if found is None:
        return None
    draft, sent = found
    return draft if draft.fix_of is not None or sent is None else None


def _current(apart: bool = False) -> tuple[Draft, int | None] | None:
    """The session's unexpired draft and the id of the application it became, if any; apart: read
    outside the session's transaction (see unsent_draft), when it has none with the database yet."""
    draft_id = session.get(SESSION_KEY)
    if not draft_id:
        return None
    if apart and request.method != "GET" and not holds_connection(db.session()):
        row = _read_apart(draft_id)
    else:
        query = (db.select(Draft, Application.id).outerjoin(Application, Application.draft_id == Draft.id)
                 .where(Draft.id == draft_id))
        row = db.session.execute(query if request.method == "GET" else query.with_for_update(of=Draft)).first()
    if row is None or stored_utc(row[0].expires_at) < now():
        return None
    return row[0], row[1]


_COLUMNS = [(attribute.key, attribute.columns[0]) for attribute in Draft.__mapper__.column_attrs]
_READ = (select(*(column for _key, column in _COLUMNS), Application.id)
         .outerjoin(Application, Application.draft_id == Draft.id).where(Draft.id == bindparam("draft")))


def _read_apart(draft_id: str) -> tuple[Draft, int | None] | None:
    """The draft and the id of its application, read by one SELECT on the request's own connection
    (it waits for no writer), then put in the session as if the session had loaded it, so whatever
    else the request does with it goes on as with a loaded draft. Without the ORM's query machinery,
    which cost as much as the rest of a saved answer."""
    row = own_connection().execute(_READ, {"draft": draft_id}).first()
    if row is None:
        return None
    key = identity_key(Draft, draft_id)
    draft = db.session.identity_map.get(key)  # read before in this request (a save made again)
    if draft is None:
        draft = Draft(**{name: row[n] for n, (name, _column) in enumerate(_COLUMNS)})
        make_transient_to_detached(draft)  # as loaded: nothing to write yet
        db.session.add(draft)
    else:
        for n, (name, _column) in enumerate(_COLUMNS):
            set_committed_value(draft, name, row[n])
    return draft, row[-1]


def retried(view):
    """Run a view that saves the draft read by unsent_draft again when another request saved the
    same draft first (two tabs, a double tap): it reads the draft anew and makes its change on top."""
    @functools.wraps(view)
    def again(*args, **kwargs):
        for _ in range(SAVE_ATTEMPTS - 1):
            try:
                return view(*args, **kwargs)
            except StaleDataError:
                db.session.rollback()
        return view(*args, **kwargs)
    return again


def _unique_code(column) -> str:
    while True:
        code = new_code()
        if not db.session.query(column.class_).filter(column == code).first():
            return code


def start_draft() -> Draft:
    """A new, empty draft, remembered by the session cookie."""
    draft = Draft(id=secrets.token_urlsafe(32), resume_code=_unique_code(Draft.resume_code), answers={},
                  expires_at=now() + _lifetime())
    db.session.add(draft)
    remember(draft)
    return draft


def remember(draft: Draft):
    session[SESSION_KEY] = draft.id
    session.permanent = True


def store(draft: Draft, stored: dict) -> Answers:
    """Replace the draft's answers (a new JSON value, so the change is noticed), keep the
    applicant's birth date for resuming, and commit. Photo files follow the commit: once it
    holds, files the answers no longer name (replaced, removed, another path's) are deleted,
    unless the application a fix draft corrects still names them; if it fails, files only the
    new answers named are, and the old ones are all still there."""
    before = Answers(draft.answers).photo_names()
    shared = shared_application(draft) if draft.fix_of else None  # (no query for an ordinary draft)
    kept = Answers(shared.answers).photo_names() if shared is not None else set()
    answers = Answers(stored)
    changes = {"answers": stored, "expires_at": now() + _lifetime()}
    born = answers.birth_date()
    if born is not None and born != draft.birth_date:
        changes["birth_date"] = born
    try:
        if not _saved_alone(draft, changes):
            db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        for name in answers.photo_names() - before:
            storage.delete(name)
        raise
    for name in before - answers.photo_names() - kept:
        storage.delete(name)
    return answers


# The answers come sealed (vault().seal_json, the column's own sealing), so the encryption is done
# before the write lock is taken, not inside it.
_SAVE = (update(Draft.__table__)
         .where(Draft.__table__.c.id == bindparam("draft"), Draft.__table__.c.version == bindparam("read"))
         .values(answers=bindparam("sealed", type_=Text)))


def _saved_alone(draft: Draft, changes: dict) -> bool:
    """Save these columns of the draft, raising its version, in a transaction of their own when
    nothing else waits to be written: True if so, False if they wait in the session for its commit.

    That is every saved answer of a draft already in the database: one UPDATE naming the version
    read, as the ORM's version check writes it, on a connection of its own, without the session's
    flush and transaction machinery, which cost more than the rest of the save. If another request
    saved the draft since it was read, no row matches: StaleDataError, as from the ORM. A new draft,
    one changed elsewhere too, or a save with other rows (a message to send) goes through the ORM."""
    state = inspect(draft)
    if state.pending or state.modified or db.session.new or db.session.dirty or db.session.deleted \
            or holds_connection(db.session()):
        for name, value in changes.items():
            setattr(draft, name, value)
        return False
    changes = {**changes, "updated_at": now(), "version": draft.version + 1}
    columns = {name: value for name, value in changes.items() if name != "answers"}
    sealed = vault().seal_json(changes["answers"])
    connection = own_connection()  # the one the draft was read on
    done = connection.execute(_SAVE, {**columns, "sealed": sealed, "draft": draft.id, "read": draft.version})
    connection.commit()  # SQLAlchemy's bookkeeping only: the UPDATE was its own transaction
    if done.rowcount != 1:
        raise StaleDataError(f"draft version {draft.version} was saved by another request first")
    for name, value in changes.items():
        set_committed_value(draft, name, value)
    return True


def save_answer(draft: Draft, question: Question, answer) -> Answers:
    """Store one question's answer and commit; return the draft's answers as they are now.

    Choosing the other path drops the answers and photos of the path left behind, so nothing
    the person no longer means to send is kept or sent."""
    first_contact = question is CONTACT and Answers(draft.answers).get(CONTACT) is None and draft.fix_of is None
    stored = Answers(draft.answers).replaced(question, answer)
    if first_contact:  # they have just said how to reach them: the resume code goes there
        events.resume_code(draft, Answers(stored))
    return store(draft, Answers(stored).on_path_only() if question is PATH else stored)


def forget_answer(draft: Draft, question: Question) -> Answers:
    """Remove one question's answer, so the flow asks it again."""
    return store(draft, Answers(draft.answers).without(question))


def find_draft(code: str | None, birth_date: datetime.date) -> Draft | None:
    """The draft for a resume code, only when the birth date matches too."""
    if not code:
        return None
    draft = db.session.scalar(db.select(Draft).filter_by(resume_code=code))
    if draft is None or draft.birth_date != birth_date or stored_utc(draft.expires_at) < now():
        return None
    return None if submitted(draft) else draft  # a sent application is followed at /status


def submitted(draft: Draft) -> Application | None:
    return db.session.scalar(db.select(Application).filter_by(draft_id=draft.id))


def shared_application(draft: Draft) -> Application | None:
    """The application whose photos this draft names too: the one it became, or the one it fixes."""
    if draft.fix_of is not None:
        return db.session.get(Application, draft.fix_of)
    return submitted(draft)


def fixing(draft: Draft | None) -> Application | None:
    """The application a fix draft corrects, while it still waits for the fix."""
    if draft is None or draft.fix_of is None:
        return None
    application = db.session.get(Application, draft.fix_of)
    return application if application is not None and application.status == "perbaikan" else None


def asked_fixes(application: Application) -> dict[str, str]:
    """The steps an officer sent back, each with what is wrong, in the path's order."""
    return dict((application.decision or {}).get("fixes") or {})


def start_fix(application: Application) -> Draft:
    """The draft that fixes an application, remembered by the session cookie: the one already
    started (on this phone or another), or a new copy of the application's answers."""
    for _attempt in range(2):
        draft = db.session.scalar(db.select(Draft).filter_by(fix_of=application.id))
        if draft is not None and (not draft.answers or stored_utc(draft.expires_at) < now()):
            store(draft, dict(application.answers))  # after a fix sent, or forgotten: start again from what was sent
        if draft is not None:
            remember(draft)
            return draft
        draft = Draft(id=secrets.token_urlsafe(32), resume_code=_unique_code(Draft.resume_code),
                      answers=dict(application.answers), birth_date=application.birth_date,
                      expires_at=now() + _lifetime(), fix_of=application.id)
        db.session.add(draft)
        try:
            db.session.commit()
        except IntegrityError:  # the same person pressed on two phones at once: use the other one
            db.session.rollback()
            continue
        remember(draft)
        return draft
    raise RuntimeError("could not start the fix")


class NothingChanged(Exception):
    """A fix sent without changing any of the steps sent back."""


def send_fix(draft: Draft, application: Application) -> None:
    """Put the fixed steps' answers into the application, keep what they were for the desk,
    and send it back to the officer (blueprints/apply/actions.py: the same rules and audit as
    the desk, and its version check: an officer acting meanwhile makes it Refused). The fix
    draft is emptied; photos the application no longer names are deleted once it commits."""
    asked = asked_fixes(application)
    before = {step: application.answers.get(step) for step in asked}
    after = {step: draft.answers.get(step) for step in asked}
    changed = {step: value for step, value in before.items() if after[step] != value}
    if not changed:
        raise NothingChanged
    photos_before = Answers(application.answers).photo_names()
    application.answers = {**application.answers, **after}
    application.before_fix = changed
    answers = Answers(application.answers)
    hashes = {vault().nik_hash(nik) for nik in answers.niks()}
    application.niks = [row for row in application.niks if row.nik_hash in hashes] + [
        ApplicationNik(nik_hash=digest) for digest in hashes - {row.nik_hash for row in application.niks}]
    draft.answers = {}
    move(application, "diverifikasi", Decision(), seen_version=application.version, staff_id=None, action="perbaikan")
    for name in photos_before - answers.photo_names():
        storage.delete(name)


def submit(draft: Draft) -> Application:
    """Turn the draft into an application, once: pressing twice returns the same one."""
    for _attempt in range(3):
        existing = submitted(draft)
        if existing is not None:
            return existing
        answers = Answers(draft.answers)
        consent = answers.get(CONSENT)  # the flow reaches the summary only after consent
        application = Application(
            reference=_unique_code(Application.reference), draft_id=draft.id, path=answers.path,
            answers=draft.answers, birth_date=draft.birth_date, consent_text=consent.teks, consent_at=consent.waktu,
            niks=[ApplicationNik(nik_hash=digest) for digest in {vault().nik_hash(nik) for nik in answers.niks()}],
        )
        db.session.add(application)
        try:
            db.session.flush()
            events.submitted(application, content())
            db.session.commit()
            return application
        except IntegrityError:  # a second click won the race, or a reference collided
            db.session.rollback()
    raise RuntimeError("could not store the application")


def find_application(reference: str | None, birth_date: datetime.date) -> Application | None:
    """The application for a reference, only when the birth date matches too."""
    if not reference:
        return None
    application = db.session.scalar(db.select(Application).filter_by(reference=reference))
    if application is None or application.birth_date != birth_date:
        return None
    return application
