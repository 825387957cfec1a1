"""The checklist's start page, one view for every step, and starting over."""
import datetime

from flask import abort, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from blueprints.core import clock
from blueprints.core.web import content, no_store, render_view
from blueprints.troubleshoot import bp
from blueprints.troubleshoot.checklist import answer_to, given_time, summary_lines, timed
from blueprints.troubleshoot.forms import PaidForm, StepForm
from blueprints.troubleshoot.hours import availability

SESSION_KEY = "belum_aktif"  # the (step, choice) pairs made so far; nothing personal
TARGET = "langkah"
FUTURE_SLACK = datetime.timedelta(hours=2, minutes=5)  # a reader in WIT is two hours ahead of the server's WIB


def history() -> list:
    return session.get(SESSION_KEY, [])


@bp.get("/bantuan/belum-aktif")
def start():
    """Explain the checklist and start it, or continue where the person left off."""
    checklist = content().checklist
    path = checklist.walk(history())
    return no_store(make_response(render_template(
        "troubleshoot/start.html", checklist=checklist, started=bool(path),
        current=checklist.current(history()), form=StepForm())))


@bp.route("/bantuan/belum-aktif/<name>", methods=["GET", "POST"])
def step(name):
    """Show one question, check or outcome; a posted answer leads to the next step."""
    checklist = content().checklist
    if name not in checklist.steps:
        abort(404)
    path = checklist.walk(history())
    visited = [s.name for s, _ in path]
    current = checklist.current(history())
    if name != current.name and name not in visited:
        return redirect(url_for("troubleshoot.step", name=current.name), 303)
    step = checklist.steps[name]
    form = PaidForm(clock.today(), formdata=request.form or None) if step.kind == "time" else StepForm()
    error = None
    if request.method == "POST":
        value = request.form.get("pilihan", "")
        if not form.validate():
            error = _("Halaman ini terlalu lama terbuka. Pilih jawaban Anda sekali lagi.")
            form.csrf_token.errors = [error]  # not WTForms' English, in the time step's error summary
        elif step.kind == "time":
            value, error = paid_value(form, content().figures[step.wait].value)
        updated = None if error else answer_to(history(), checklist, name, value)
        if updated is not None:
            session[SESSION_KEY] = updated
            return redirect(url_for("troubleshoot.step", name=checklist.current(updated).name), 303)
        error = error or _("Pilih salah satu jawaban.")
    done = path[:visited.index(name)] if name in visited else path
    chosen = dict(history()).get(name)
    if step.kind == "time" and chosen and request.method == "GET":
        form = paid_form(chosen)
    context = {"checklist": checklist, "step": step, "done": done, "form": form, "error": error,
               "chosen": chosen, "number": len(done) + 1,
               "total": len(done) + checklist.remaining(name),
               "back": url_for("troubleshoot.step", name=done[-1][0].name) if done
               else url_for("troubleshoot.start")}
    if step.kind == "outcome":
        context |= outcome_context(step, done)
    return no_store(render_view("troubleshoot/page.html", "troubleshoot/_step.html", TARGET,
                                status=422 if error else 200, push_url=True, **context))


def local_now() -> datetime.datetime:
    """Now on the site's clock (WIB), naive like the times people give."""
    return clock.now().astimezone(clock.zone()).replace(tzinfo=None)


def paid_value(form: PaidForm, within_hours: int) -> tuple[str, str | None]:
    """A time step's value from the form (soon or late, and the time given), or an error."""
    paid = form.paid_at()
    if paid is False:
        return "", _("Periksa hari dan jam Anda membayar.")
    if paid is None:
        return timed(False, None), None
    now = local_now()
    if paid > now + FUTURE_SLACK:
        form.jam.errors = [_("Waktu ini belum lewat. Tulis jam Anda membayar, seperti di bukti bayar.")]
        return "", _("Periksa hari dan jam Anda membayar.")
    return timed(now - paid < datetime.timedelta(hours=within_hours), paid), None


def paid_form(value: str) -> PaidForm:
    """The time step's form filled in again from the answer given earlier."""
    when = given_time(value)
    data = {"hari": when.date().isoformat(), "jam": when.strftime("%H.%M")} if when else {"hari": "lupa"}
    return PaidForm(clock.today(), data=data)


def outcome_context(step, done) -> dict:
    """Channels with PANDAWA's hours as of now, by when a payment usually counts, and a short
    summary in the person's own words to copy or print."""
    library = content()
    moment = clock.now()
    paid = next((given_time(dict(history()).get(s.name, "")) for s, _a in done if s.kind == "time"), None)
    wait = library.figures[step.wait].value if step.wait else None
    clears_by = paid + datetime.timedelta(hours=wait) if wait and paid else None
    return {
        "paid": paid,
        "clears_by": clears_by,
        "cleared": clears_by is not None and clears_by < local_now(),
        "pandawa": availability(library.figures["kontak.pandawa_jam"].value, moment, library.holidays),
        "summary_text": "\n".join([_("Kartu JKN saya masih belum aktif. Yang sudah saya periksa:"),
                                   *summary_lines(done, history(), step)]),
    }


@bp.post("/bantuan/belum-aktif/mulai-ulang")
def restart():
    """Forget the answers and go back to the start."""
    if not StepForm().validate():
        abort(400)
    session.pop(SESSION_KEY, None)
    return redirect(url_for("troubleshoot.start"), 303)
