"""The desk's pages: signing in (a password, then a code from an authenticator app), the queue
of applications, and one application with its photos. Every page is no-store; every view
but signing in needs a signed-in officer; the desk may be kept to a list of networks."""
import datetime
import hmac
import ipaddress
import time
from functools import lru_cache, partial

from flask import Response, abort, current_app, make_response, redirect, render_template, request, session, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from blueprints.apply import questions, storage, summary
from blueprints.apply.actions import Refused, move
from blueprints.apply.checks import CheckError
from blueprints.apply.codes import display_code, normalize_code
from blueprints.apply.decisions import (
    ACTIONS,
    NEXT,
    REJECTIONS,
    Decision,
    action_label,
    check_amount,
    check_va,
    fixes_from,
)
from blueprints.apply.drafts import asked_fixes
from blueprints.apply.forms import ActionForm
from blueprints.apply.identity import check_nik
from blueprints.apply.models import STATUSES, Application, ApplicationNik, AuditEvent
from blueprints.apply.privacy import FINAL_STATUSES, audit, references_for_nik
from blueprints.apply.questions import CARD, DOCUMENTS, Answers
from blueprints.apply.questions.documents import KINDS, NAMES
from blueprints.core.clock import stored_utc, today, zone
from blueprints.core.figures import format_value
from blueprints.core.web import content
from blueprints.desk import bp, totp
from blueprints.desk.accounts import new_session_token
from blueprints.desk.forms import FIX_FORMS, CodeForm, DecisionForm, FilterForm, FindForm, FixForm, LoginForm
from blueprints.desk.models import Staff, now
from blueprints.desk.passwords import hash_password, needs_rehash, verify_password
from blueprints.messages.models import STATES as MESSAGE_STATES
from blueprints.messages.models import Message
from extensions import db, limiter, login_manager

PENDING = "menunggu"  # the session key while the password is accepted and the code is still to come
PENDING_SECONDS = 5 * 60
PER_PAGE = 25
WRONG = _l("Email atau kata sandi salah.")
PATHS = {"baru": _l("Pendaftaran baru"), "reaktivasi": _l("Aktif kembali")}
EVENTS = {"lihat": _l("dibuka di meja petugas"), "ekspor": _l("datanya diekspor atas permintaan pemohon")}

login_manager.login_view = "desk.login"
login_manager.login_message = _l("Masuk dulu untuk membuka halaman petugas.")
login_manager.session_protection = None  # the session token (Staff.get_id) and the timeouts below do this


@login_manager.user_loader
def load_staff(user_id: str) -> Staff | None:
    """The officer of a desk session, while the session's token is still the account's."""
    number, _sep, token = user_id.partition(":")
    staff = db.session.get(Staff, int(number)) if number.isdigit() else None
    if staff is None or not staff.is_active or not hmac.compare_digest(staff.session_token, token):
        return None
    return staff


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("a password no account has, for equal timing")


def allowed(address: str | None) -> bool:
    """Whether the desk answers this address (DESK_ALLOWED_NETWORKS; empty: every address)."""
    networks = current_app.config["DESK_NETWORKS"]
    if not networks:
        return True
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in networks)


@bp.before_request
def guard():
    """Outside the allowed networks the desk does not exist; a session idle or too old ends."""
    if not allowed(request.remote_addr):
        abort(404)
    if current_user.is_authenticated:
        stamp = time.time()
        idle = stamp - session.get("terakhir", 0) > current_app.config["DESK_IDLE_MINUTES"] * 60
        too_old = stamp - session.get("masuk", 0) > current_app.config["DESK_MAX_HOURS"] * 3600
        if idle or too_old:
            logout_user()
            session.clear()
            session["habis"] = True
            return redirect(url_for("desk.login"), 303)
        session["terakhir"] = stamp
    return None


@bp.context_processor
def desk_context():
    """The signed-in officer, for desk templates only (public pages never load the desk session)."""
    return {"current_user": current_user}


@bp.after_request
def never_stored(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def page(template: str, status: int = 200, **context):
    return make_response(render_template(template, **context), status)


# Signing in ------------------------------------------------------------------------------

def locked(staff: Staff) -> str | None:
    """The message for an account locked after too many wrong tries, while it lasts."""
    if staff.locked_until is None or stored_utc(staff.locked_until) <= now():
        return None
    until = format_datetime(stored_utc(staff.locked_until), "HH.mm")
    return _("Terlalu banyak percobaan yang salah. Akun ini terkunci sampai pukul %(time)s; coba lagi sesudahnya.",
             time=until)


def wrong_try(staff: Staff) -> None:
    """Count a wrong password or code; from DESK_LOCKOUT_AFTER in a row, lock for 1, 2, 4… minutes (at most 60)."""
    staff.failed_logins += 1
    over = staff.failed_logins - current_app.config["DESK_LOCKOUT_AFTER"]
    if over >= 0:
        staff.locked_until = now() + datetime.timedelta(minutes=min(2 ** over, 60))
    db.session.commit()


def password_refusal(staff: Staff | None, password: str) -> str | None:
    """Why this password does not open this account, or None when it does."""
    if staff is None:
        verify_password(_dummy_hash(), password)  # as slow as for a real account: no hint that it exists
        return str(WRONG)
    if message := locked(staff):
        return message
    if not verify_password(staff.password_hash, password):
        wrong_try(staff)
        return locked(staff) or str(WRONG)
    if not staff.is_active:
        return _("Akun ini sudah dinonaktifkan. Hubungi admin layanan ini.")
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
        db.session.commit()
    return None


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["DESK_LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """The first factor: email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("desk.queue"), 303)
    form = LoginForm()
    notice = _("Sesi Anda berakhir karena terlalu lama tidak dipakai. Silakan masuk lagi.") \
        if session.pop("habis", None) else None
    if request.method == "POST" and form.validate():
        staff = db.session.scalar(db.select(Staff).filter_by(email=form.email.data.strip().lower()))
        refusal = password_refusal(staff, form.kata_sandi.data)
        if refusal is None:
            session.clear()  # nothing from before the sign-in carries over
            session[PENDING] = {"id": staff.id, "token": staff.session_token, "since": time.time()}
            return redirect(url_for("desk.second_factor"), 303)
        form.kata_sandi.errors = [refusal]
    return page("desk/login.html", 422 if form.errors else 200, form=form, notice=notice)


def pending_staff() -> Staff | None:
    """The account whose password was just accepted, for a few minutes."""
    pending = session.get(PENDING) or {}
    staff = db.session.get(Staff, pending.get("id", 0))
    fresh = time.time() - pending.get("since", 0) < PENDING_SECONDS
    if staff is None or not fresh or not staff.is_active or staff.session_token != pending.get("token"):
        return None
    return staff


def start_session(staff: Staff, step: int) -> None:
    """Signed in: a new session token (every older session of the account ends), a fresh cookie."""
    staff.totp_confirmed, staff.totp_last_step = True, step
    staff.failed_logins, staff.locked_until = 0, None
    staff.session_token, staff.last_login_at = new_session_token(), now()
    db.session.commit()
    session.clear()
    login_user(staff)
    session["masuk"] = session["terakhir"] = time.time()


@bp.route("/masuk/kode", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["DESK_LOGIN_RATE_LIMIT"], methods=["POST"])
def second_factor():
    """The second factor: a code from the authenticator app, set up here at the first sign-in."""
    staff = pending_staff()
    if staff is None:
        session.pop(PENDING, None)
        return redirect(url_for("desk.login"), 303)
    if staff.totp_secret is None:
        staff.totp_secret = totp.new_secret()
        db.session.commit()
    form = CodeForm()
    if request.method == "POST" and form.validate():
        refusal = locked(staff)
        step = None if refusal else totp.accepted_step(staff.totp_secret, form.kode.data, staff.totp_last_step,
                                                       time.time())
        if step is not None:
            start_session(staff, step)
            return redirect(url_for("desk.queue"), 303)
        if refusal is None:
            wrong_try(staff)
            refusal = locked(staff) or _("Kode salah atau sudah lewat waktunya. Masukkan kode yang tampil sekarang "
                                         "di aplikasi autentikator.")
        form.kode.errors = [refusal]
    setup = None
    if not staff.totp_confirmed:
        uri = totp.setup_uri(staff.totp_secret, staff.email)
        setup = {"qr": totp.qr_svg(uri), "secret": totp.grouped(staff.totp_secret)}
    return page("desk/code.html", 422 if form.errors else 200, form=form, setup=setup)


@bp.post("/keluar")
@login_required
def logout():
    form = ActionForm()
    if form.validate():
        current_user.session_token = new_session_token()  # this session cannot come back
        db.session.commit()
        logout_user()
        session.clear()
    return redirect(url_for("desk.login"), 303)


# The queue and one application ------------------------------------------------------------

def queue_row(application: Application) -> dict:
    sent = stored_utc(application.created_at).astimezone(zone())
    return {"reference": display_code(application.reference), "path": PATHS.get(application.path, application.path),
            "status": STATUSES.get(application.status, application.status), "age": (today() - sent.date()).days,
            "created": sent}


@bp.get("/")
@login_required
def queue():
    """Applications by status and kind, the oldest first, with their age."""
    filters = FilterForm(request.args)
    query = db.select(Application).order_by(Application.created_at, Application.id)
    if filters.status.data in STATUSES:
        query = query.where(Application.status == filters.status.data)
    else:
        query = query.where(Application.status.not_in(FINAL_STATUSES))
    if filters.jalur.data in PATHS:
        query = query.where(Application.path == filters.jalur.data)
    listed = db.paginate(query, page=request.args.get("halaman", 1, type=int), per_page=PER_PAGE, error_out=False)
    return page("desk/queue.html", filters=filters, find=FindForm(), listed=listed,
                rows=[queue_row(application) for application in listed.items])


@bp.post("/cari")
@login_required
def find():
    """Find by reference, or by NIK through its keyed hash (the NIK goes in a POST, never a URL)."""
    form = FindForm()
    found = None
    if form.validate():
        reference = normalize_code(form.cari.data)
        if reference and db.session.scalar(db.select(Application.id).filter_by(reference=reference)):
            return redirect(url_for("desk.application", reference=reference), 303)
        try:
            found = [display_code(ref) for ref in references_for_nik(check_nik(form.cari.data))]
        except CheckError:
            found = []
    return page("desk/found.html", 422 if form.errors else 200, find=form, found=found)


def _application(reference: str) -> Application:
    application = db.session.scalar(db.select(Application).filter_by(reference=normalize_code(reference) or ""))
    if application is None:
        abort(404)
    return application


def same_nik(application: Application) -> list[str]:
    """Other applications that name one of this application's NIKs (by keyed hash)."""
    hashes = db.select(ApplicationNik.nik_hash).where(ApplicationNik.application_id == application.id)
    return [display_code(reference) for reference in db.session.scalars(
        db.select(Application.reference).join(ApplicationNik).where(
            ApplicationNik.nik_hash.in_(hashes), Application.id != application.id).distinct())]


def decision_form(found: Application, to: str, **options) -> DecisionForm:
    """The form that moves an application to `to` (asking for a fix has one box per step of its path)."""
    kind = FIX_FORMS[found.path] if to == "perbaikan" else DecisionForm
    return kind(prefix=to, **options)


def decision_forms(found: Application, estimate, posted: DecisionForm | None = None) -> dict[str, DecisionForm]:
    """A form for each status the application may move to next (the one just sent, with its errors)."""
    forms = {}
    for to in NEXT[found.status]:
        if posted is not None and posted._prefix == f"{to}-":
            forms[to] = posted
            continue
        forms[to] = decision_form(found, to, formdata=None, data={
            "versi": found.version, "jumlah": format_value(estimate.total, "rupiah") if estimate else ""})
    return forms


def _checked(field, check):
    """A field's value through a domain check, or None with the check's message on the field."""
    try:
        return check(field.data)
    except CheckError as error:
        field.errors = [error.message]
        return None


def read_fixes(form: FixForm) -> Decision | None:
    """The steps picked for a fix and what is wrong with each; None, with the messages, when incomplete."""
    picked = [step for step in form.steps if form[f"pilih_{step}"].data]
    fixes, missing = fixes_from(form.path, picked, {step: form[f"catatan_{step}"].data for step in form.steps})
    for step, message in missing.items():
        form[f"catatan_{step}"].errors = [message]
    if not fixes and not missing:
        form[f"pilih_{form.steps[0]}"].errors = [_("Pilih langkah yang perlu diperbaiki dan tulis apa yang salah.")]
    return Decision(fixes=fixes) if fixes and not missing else None


def read_decision(form: DecisionForm, to: str, card: str | None) -> Decision | None:
    """What comes with the move, from its form; None, with the message on its field, when wrong."""
    if isinstance(form, FixForm):
        return read_fixes(form)
    if to == "menunggu_pembayaran":
        va, amount = _checked(form.va, partial(check_va, card=card)), _checked(form.jumlah, check_amount)
        return Decision(va=va, amount=amount) if va and amount else None
    if to == "ditolak":
        if form.alasan.data not in REJECTIONS:
            form.alasan.errors = [_("Pilih alasan penolakan.")]
        elif form.alasan.data == "lainnya" and not form.catatan.data:
            form.catatan.errors = [_("Tulis alasannya untuk pemohon.")]
        else:
            return Decision(reason=form.alasan.data, note=form.catatan.data or "")
        return None
    return Decision()


@bp.post("/permohonan/<reference>/keputusan/<to>")
@login_required
def decide(reference, to):
    """Move an application on: the version seen must still be the current one."""
    found = _application(reference)
    if to not in ACTIONS:
        abort(404)
    form = decision_form(found, to)
    card = Answers(found.answers).get(CARD)
    if form.validate() and (decision := read_decision(form, to, card.nomor_kartu if card else None)):
        try:
            move(found, to, decision, seen_version=form.versi.data or 0, staff_id=current_user.id)
        except Refused as refusal:
            db.session.refresh(found)
            return application_page(found, refused=refusal.message, status=409)
        return redirect(url_for("desk.application", reference=found.reference), 303)
    return application_page(found, posted=form, status=422)


@bp.get("/permohonan/<reference>")
@login_required
def application(reference):
    """Every answer in full, the photos, NIKs shared with other applications, and the history."""
    found = _application(reference)
    audit("lihat", found.reference, staff_id=current_user.id)
    db.session.commit()
    return application_page(found)


def application_page(found: Application, posted: DecisionForm | None = None, refused: str | None = None,
                     status: int = 200):
    answers, library = Answers(found.answers), content()
    estimate = summary.estimate(answers, library.figures, today())
    history = db.session.scalars(db.select(AuditEvent).filter_by(reference=found.reference)
                                 .order_by(AuditEvent.created_at, AuditEvent.id)).all()
    officers = dict(db.session.execute(db.select(Staff.id, Staff.email).where(
        Staff.id.in_({event.staff_id for event in history if event.staff_id}))).all())
    documents = answers.get(DOCUMENTS)
    sent = db.session.scalars(db.select(Message).filter_by(application_id=found.id).order_by(Message.id)).all()
    return page("desk/application.html", status, application=found, row=queue_row(found),
                messages=sent, message_states=MESSAGE_STATES, retry=ActionForm(),
                groups=summary.groups(answers, library),
                photos=[kind for kind in KINDS if documents and kind in documents.foto], names=NAMES,
                captions={kind: DOCUMENTS.form_label(kind) for kind in KINDS},
                estimate=estimate, same_nik=same_nik(found), history=history, events=EVENTS, officers=officers,
                forms=decision_forms(found, estimate, posted), posted=posted, refused=refused,
                actions={to: action_label(found.status, to) for to in NEXT[found.status]},
                asked=[(questions.get(step), note) for step, note in asked_fixes(found).items()],
                changes=summary.changes(answers, found.before_fix, library) if found.before_fix else [],
                statuses=STATUSES, rejections=REJECTIONS)


@bp.get("/permohonan/<reference>/foto/<kind>.jpg")
@login_required
def photo(reference, kind):
    """One photo of an application, decrypted (only that one)."""
    documents = Answers(_application(reference).answers).get(DOCUMENTS)
    name = documents.foto.get(kind) if documents else None
    data = storage.read(name) if name else None
    if data is None:
        abort(404)
    return Response(data, mimetype="image/jpeg")
