"""The admin's part of the desk: staff accounts and the export of sent applications. An officer
with the role `petugas` gets 403 here; everything an admin does is audited with their id."""
import io
from functools import wraps

from flask import Response, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from blueprints.apply.checks import CheckError
from blueprints.apply.export import write_csv
from blueprints.apply.forms import ActionForm
from blueprints.apply.models import Application
from blueprints.apply.privacy import audit
from blueprints.core.clock import today
from blueprints.core.web import content
from blueprints.desk import accounts, bp
from blueprints.desk.forms import ExportForm, StaffForm
from blueprints.desk.models import Staff
from blueprints.desk.routes import page
from blueprints.messages import outbox
from blueprints.messages.models import Message
from extensions import db


def admin_required(view):
    @wraps(view)
    @login_required
    def only_for_admins(*args, **kwargs):
        if not current_user.is_admin:
            return page("desk/forbidden.html", 403)
        return view(*args, **kwargs)
    return only_for_admins


def staff_page(form: StaffForm | None = None, status: int = 200, **context):
    everyone = db.session.scalars(db.select(Staff).order_by(Staff.disabled_at.is_not(None), Staff.email)).all()
    return page("desk/staff.html", status, form=form or StaffForm(formdata=None), staff=everyone,
                action=ActionForm(), **context)


@bp.get("/staf")
@admin_required
def staff():
    """Every account, with its role and state, and a form to add one."""
    return staff_page(done=request.args.get("selesai"))


@bp.post("/staf/tambah")
@admin_required
def add_staff():
    """Add an account. Its first password is shown once, on this answer only (never stored in
    plain or sent anywhere): the admin hands it over in person; the officer then sets up the code."""
    form = StaffForm()
    if form.validate():
        password = accounts.new_password()
        try:
            added = accounts.add(form.email.canonical, form.peran.data, password, by=current_user.id)
        except CheckError as error:
            form.email.errors = [error.message]
        else:
            return staff_page(created={"email": added.email, "password": password})
    return staff_page(form, 422)


def account_action(number: int, act, done: str):
    """One button on an account (its token checked), then back to the list saying what was done."""
    staff = db.session.get(Staff, number)
    if staff is None:
        abort(404)
    if not ActionForm().validate():
        return staff_page(status=422, refused=_("Halaman ini terlalu lama terbuka. Tekan tombolnya sekali lagi."))
    try:
        act(staff, by=current_user.id)
    except CheckError as error:
        return staff_page(status=409, refused=error.message)
    return redirect(url_for("desk.staff", selesai=done), 303)


@bp.post("/staf/<int:number>/nonaktifkan")
@admin_required
def disable_staff(number):
    return account_action(number, accounts.disable, "nonaktif")


@bp.post("/staf/<int:number>/reset-2fa")
@admin_required
def reset_staff_2fa(number):
    return account_action(number, accounts.reset_2fa, "reset")


@bp.route("/ekspor", methods=["GET", "POST"])
@admin_required
def export():
    """Download the applications sent since a day as CSV (what `flask applications export` writes)."""
    form = ExportForm() if request.method == "POST" else ExportForm(formdata=None, data={"sejak": today().isoformat()})
    if request.method == "POST" and form.validate():
        stream = io.StringIO()
        count = write_csv(stream, form.sejak.day, content())
        audit("ekspor-csv", staff=current_user.id, permohonan=count)
        db.session.commit()
        name = f"permohonan-sejak-{form.sejak.day.isoformat()}.csv"
        return Response(stream.getvalue(), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return page("desk/export.html", 422 if form.errors else 200, form=form)


@bp.post("/pesan/<int:number>/ulang")
@admin_required
def retry_message(number):
    """Send a dead message again (after the provider is fixed): its tries start over."""
    message = db.session.get(Message, number)
    if message is None or message.application_id is None:
        abort(404)
    application = db.session.get(Application, message.application_id)
    if ActionForm().validate() and message.status == "mati":
        outbox.retry(message)
        audit("pesan-ulang", application.reference, staff_id=current_user.id, pesan=message.id)
        db.session.commit()
    return redirect(url_for("desk.application", reference=application.reference, _anchor="pesan"), 303)
