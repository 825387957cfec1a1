"""Start page, one view for every question page, check answers, confirmation, resume, status."""
from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from blueprints.apply import bp, drafts, flow, summary
from blueprints.apply.codes import display_code, normalize_code
from blueprints.apply.forms import STEP_FORMS, ResumeForm, StatusForm, SubmitForm, today
from blueprints.apply.models import STATUSES
from blueprints.core.web import content, render_view, wants_fragment
from extensions import htmx, limiter

TARGET = "langkah"


def private(response):
    """Pages with a person's answers are never stored by browsers or caches."""
    response.headers["Cache-Control"] = "no-store"
    return response


def go(step: str):
    """Post/Redirect/Get to a step (htmx follows the redirect and swaps the step in)."""
    endpoint = "apply.check_answers" if step == flow.CHECK else "apply.step"
    return redirect(url_for(endpoint, **({} if step == flow.CHECK else {"step": step})), 303)


def render_step(step: str, form, status: int = 200, **context):
    """A question page (or the summary), whole or as the htmx fragment, never cached."""
    answers = context.get("answers", {})
    previous = flow.previous_step(step, answers)
    template = "apply/_check.html" if step == flow.CHECK else f"apply/steps/{step}.html"
    action = (url_for("apply.check_answers") if step == flow.CHECK
              else url_for("apply.step", step=step, ubah="1" if context.get("from_check") else None))
    back = (url_for("apply.check_answers") if context.get("from_check")
            else url_for("apply.step", step=previous) if previous else url_for("apply.start"))
    response = private(render_view(
        "apply/page.html", template, TARGET, status=status, template=template, form=form, step=step,
        title=context.pop("title", None) or form.title, action=action, back=back,
        progress=flow.progress(step, answers) if step != flow.CHECK else None,
        resume_code=_resume_code(context.get("draft")), **context))
    if wants_fragment(TARGET) and status == 200:
        response.headers["HX-Push-Url"] = request.full_path.rstrip("?")  # the URL follows the step
    return response


def _resume_code(draft):
    """Shown once the draft can be resumed, that is once it knows the date of birth."""
    return display_code(draft.resume_code) if draft is not None and draft.birth_date else None


@bp.get("/daftar/")
def start():
    """Say what the application needs, how long it takes and what it costs."""
    figures = content().figures
    fees = [(summary.CLASS_NAMES[k], figures[name]) for k, name in summary.CLASS_FEES.items()]
    return render_template("apply/start.html", fees=fees, draft=drafts.current_draft())


@bp.route("/daftar/<step>", methods=["GET", "POST"])
def step(step):
    """Show one question page, or save its answer and go on."""
    if step not in STEP_FORMS:
        abort(404)
    draft = drafts.current_draft()
    if draft is not None and drafts.submitted(draft):
        draft = None  # sent applications are not changed; answering again starts a new one
    answers = draft.answers if draft else {}
    if request.method == "GET" and not flow.can_visit(step, answers):
        return go(flow.first_unanswered(answers))
    from_check = request.args.get("ubah") == "1"
    form_class = STEP_FORMS[step]
    form = form_class(data=answers.get(step)) if request.method == "GET" else form_class()
    if request.method == "POST":
        if draft is None and step != flow.CHOOSE:
            return render_step(step, form, 422, answers=answers, expired=True, from_check=from_check)
        if form.validate():
            draft = draft or drafts.start_draft()
            born = form.birth_date() if hasattr(form, "birth_date") else None
            drafts.save_answer(draft, step, form.answer(), born)
            return go(flow.next_step(step, draft.answers, from_check))
        return render_step(step, form, 422, answers=answers, draft=draft, from_check=from_check)
    return render_step(step, form, answers=answers, draft=draft, from_check=from_check)


@bp.post("/daftar/<step>/cek/<name>")
def check_field(step, name):
    """Check one field as soon as it changes (htmx) and answer with that field alone."""
    form_class = STEP_FORMS.get(step)
    if form_class is None or name not in form_class.checked_inline:
        abort(404)
    form = form_class()
    if not form.csrf_token.validate(form):
        abort(400)
    field = form[name]
    if field.data:  # an empty box is not an error until the person presses Lanjutkan
        field.validate(form)
    return private(make_response(render_template("apply/_field.html", field=field)))


@bp.route("/daftar/periksa", methods=["GET", "POST"])
def check_answers():
    """Show every answer with a change link and the estimate; submitting sends it once."""
    draft = drafts.current_draft()
    if draft is not None and drafts.submitted(draft):  # a replayed or refreshed submit
        return redirect(url_for("apply.submitted"), 303)
    answers = draft.answers if draft else {}
    if not flow.can_visit(flow.CHECK, answers):
        return go(flow.first_unanswered(answers))
    form = SubmitForm()
    if request.method == "POST":
        if form.validate():
            path = answers[flow.CHOOSE]["jalur"]
            drafts.submit(draft, path)
            if htmx:  # the confirmation is a whole new page, not a step to swap in
                return make_response("", 200, {"HX-Redirect": url_for("apply.submitted")})
            return redirect(url_for("apply.submitted"), 303)
    library = content()
    return render_step(flow.CHECK, form, 422 if form.errors else 200, draft=draft, answers=answers,
                       title=_("Periksa jawaban Anda"), groups=summary.groups(answers),
                       estimate=summary.estimate(answers, library.figures, today()))


@bp.get("/daftar/selesai")
def submitted():
    """Confirm the application with its reference and what happens next."""
    draft = drafts.current_draft()
    application = drafts.submitted(draft) if draft else None
    if application is None:
        return redirect(url_for("apply.start"))
    return private(make_response(render_template(
        "apply/submitted.html", application=application, reference=display_code(application.reference))))


@bp.route("/daftar/lanjutkan", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOOKUP_RATE_LIMIT"], methods=["POST"])
def resume():
    """Continue a saved application on any device with the code and date of birth."""
    form = ResumeForm()
    not_found = False
    if request.method == "POST" and form.validate():
        draft = drafts.find_draft(normalize_code(form.kode.data), form.birth_date())
        if draft is not None:
            drafts.remember(draft)
            return go(flow.first_unanswered(draft.answers))
        not_found = True
    status = 422 if request.method == "POST" else 200
    return private(make_response(render_template("apply/resume.html", form=form, not_found=not_found), status))


@bp.route("/status", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOOKUP_RATE_LIMIT"], methods=["POST"])
def status():
    """Look up an application's status by reference and date of birth."""
    form = StatusForm()
    application, not_found = None, False
    if request.method == "POST" and form.validate():
        application = drafts.find_application(normalize_code(form.referensi.data), form.birth_date())
        not_found = application is None
    code = 422 if request.method == "POST" and application is None else 200
    return private(make_response(render_template(
        "apply/status.html", form=form, application=application, not_found=not_found,
        status_name=STATUSES.get(application.status) if application else None), code))
