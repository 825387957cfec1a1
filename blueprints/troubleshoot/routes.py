"""The checklist's start page, one view for every step, and starting over."""
import datetime

from flask import abort, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from blueprints.core import clock
from blueprints.core.web import content, no_store, render_view
from blueprints.troubleshoot import bp
from blueprints.troubleshoot.checklist import answer_to
from blueprints.troubleshoot.hours import availability, in_other_zones

SESSION_KEY = "belum_aktif"  # the (step, choice) pairs made so far; nothing personal
TARGET = "langkah"


class StepForm(FlaskForm):
    """Only the CSRF token; the choice is checked against the checklist itself."""


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
    form = StepForm()
    error = None
    if request.method == "POST":
        updated = answer_to(history(), checklist, name, request.form.get("pilihan", ""))
        if not form.validate():
            error = _("Halaman ini terlalu lama terbuka. Pilih jawaban Anda sekali lagi.")
        elif updated is None:
            error = _("Pilih salah satu jawaban.")
        else:
            session[SESSION_KEY] = updated
            return redirect(url_for("troubleshoot.step", name=checklist.current(updated).name), 303)
    step = checklist.steps[name]
    done = path[:visited.index(name)] if name in visited else path
    chosen = dict(history()).get(name)
    context = {"checklist": checklist, "step": step, "done": done, "form": form, "error": error,
               "chosen": chosen, "number": len(done) + 1,
               "total": len(done) + checklist.remaining(name),
               "back": url_for("troubleshoot.step", name=done[-1][0].name) if done
               else url_for("troubleshoot.start")}
    if step.kind == "outcome":
        context |= outcome_context(step, done)
    return no_store(render_view("troubleshoot/page.html", "troubleshoot/_step.html", TARGET,
                                status=422 if error else 200, push_url=True, **context))


def outcome_context(step, done) -> dict:
    """Channels with PANDAWA's hours as of now, and a short summary to copy or print."""
    library = content()
    hours = library.figures["kontak.pandawa_jam"].value
    moment = clock.now()
    summary_lines = [_("Kartu JKN saya masih belum aktif. Yang sudah saya periksa:")]
    summary_lines += [f"- {s.text}: {a.label}" for s, a in done]
    summary_lines.append(_("Kesimpulan: %(title)s.", title=step.title))
    wait = library.figures[step.wait].value if step.wait else None
    return {
        "clears_by": moment + datetime.timedelta(hours=wait) if wait else None,
        "pandawa": availability(hours, moment, library.holidays),
        "pandawa_elsewhere": in_other_zones(hours, moment.date()),
        "summary_text": "\n".join(summary_lines),
    }


@bp.post("/bantuan/belum-aktif/mulai-ulang")
def restart():
    """Forget the answers and go back to the start."""
    if not StepForm().validate():
        abort(400)
    session.pop(SESSION_KEY, None)
    return redirect(url_for("troubleshoot.start"), 303)
