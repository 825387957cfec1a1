"""Start page, one view for every question page, the family's and the photos' own small actions,
check answers, confirmation, resume, status."""
from flask import Response, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from blueprints.apply import bp, drafts, flow, questions, storage, summary
from blueprints.apply.actions import Refused
from blueprints.apply.classes import CLASS_FEES, CLASS_NAMES
from blueprints.apply.codes import display_code, normalize_code
from blueprints.apply.decisions import REJECTIONS, va_groups
from blueprints.apply.forms import ActionForm, ResumeForm, StatusForm, SubmitForm
from blueprints.apply.models import STATUSES
from blueprints.apply.questions import CATEGORY, DOCUMENTS, DOMICILE, FAMILY, Answers, Situation
from blueprints.core.clock import today
from blueprints.core.web import content, no_store, render_view
from extensions import htmx, limiter

TARGET = "langkah"


def go(step: str):
    """Post/Redirect/Get to a step (htmx follows the redirect and swaps the step in)."""
    if step == flow.CHECK:
        return redirect(url_for("apply.check_answers"), 303)
    if step == flow.ELSEWHERE:
        return redirect(url_for("apply.elsewhere"), 303)
    return redirect(url_for("apply.step", step=step), 303)


def from_check() -> bool:
    """True on a page opened by "Ubah" on the check-answers page: saving returns there."""
    return request.args.get("ubah") == "1"


def here(question) -> str:
    """This question page again (after adding a person or removing a photo), "Ubah" kept."""
    return question.url(from_check())


def render_page(step: str, template: str, form, answers: Answers, draft, status: int = 200, back: str | None = None,
                **context):
    """A question page or the summary, whole or as the htmx fragment, never cached. On a fix,
    a page sent back shows what the officer wrote about it, and leads back to the fix's summary."""
    state = answers.state()
    fixed = drafts.fixing(draft)
    fixes = drafts.asked_fixes(fixed) if fixed else {}
    if (fixed and step != flow.CHECK) or from_check():
        back = url_for("apply.check_answers")
    elif back is None:
        previous = flow.previous_step(step, state)
        back = url_for("apply.step", step=previous) if previous else url_for("apply.start")
    return no_store(render_view(
        "apply/page.html", template, TARGET, status=status, push_url=True, template=template, form=form,
        step=step, back=back, from_check=from_check(), draft=draft, fix_note=fixes.get(step),
        progress=flow.progress(step, state) if step != flow.CHECK and not fixed else None,
        resume_code=None if fixed else _resume_code(draft), answers_path=answers.path, **context))


def render_question(question, form, situation: Situation, draft, status: int = 200, **context):
    return render_page(question.name, question.template, form, situation.answers, draft, status,
                       title=question.title, action=here(question),
                       **question.page_context(situation), **context)


def open_draft():
    """The session's draft while it can still change: a sent one cannot, and a fix only while
    the application waits for it."""
    draft = drafts.unsent_draft()
    if draft is not None and draft.fix_of is not None:
        return draft if drafts.fixing(draft) else None
    return draft


def enter(question):
    """The open draft and where it stands, or a redirect when this page may not be shown yet
    (on a fix: a page the officer did not send back)."""
    draft = open_draft()
    situation = Situation(Answers(draft.answers if draft else {}), content())
    fixed = drafts.fixing(draft)
    if fixed is not None and question.name not in drafts.asked_fixes(fixed):
        return draft, situation, go(flow.CHECK)
    if request.method == "GET" and not flow.can_visit(question.name, situation.answers.state()):
        return draft, situation, go(flow.first_unanswered(situation.answers.state()))
    return draft, situation, None


def _resume_code(draft):
    """Shown once the draft can be resumed, that is once it knows the date of birth."""
    return display_code(draft.resume_code) if draft is not None and draft.birth_date else None


@bp.get("/daftar/")
def start():
    """Say what the application needs, how long it takes and what it costs."""
    figures = content().figures
    fees = [(CLASS_NAMES[k], figures[name]) for k, name in CLASS_FEES.items()]
    return render_template("apply/start.html", fees=fees)


@bp.route("/daftar/<step>", methods=["GET", "POST"])
@drafts.retried
def step(step):
    """Show one question page, or save its answer and go on."""
    question = questions.get(step)
    if question is None:
        abort(404)
    draft, situation, elsewhere = enter(question)
    if elsewhere:
        return elsewhere
    form = question.form(situation, situation.answers.get(question))
    if request.method == "GET":
        return render_question(question, form, situation, draft)
    if draft is None and question is not questions.PATH:
        return render_question(question, form, situation, draft, 422, expired=True)
    saved = question.save(form, situation)
    answers = situation.answers
    if saved.answer is not None:
        draft = draft or drafts.start_draft()
        answers = drafts.save_answer(draft, question, saved.answer)
    if saved.done:
        return go(flow.next_step(question.name, answers.state(), from_check()))
    status = 422 if form.errors else 200  # 200: the page asks for more, as the regency list does
    return render_question(question, form, Situation(answers, situation.library), draft, status)


def refused(question, situation: Situation, draft, action: ActionForm):
    """The page again, saying why its action was not done: an expired session or a stale token."""
    form = question.form(situation)
    form.csrf_token.errors = action.csrf_token.errors
    return render_question(question, form, situation, draft, 422, expired=draft is None)


@bp.post("/daftar/keluarga/tambah")
@drafts.retried
def add_member():
    """Save the person typed in and show empty boxes for the next one."""
    draft, situation, _elsewhere = enter(FAMILY)
    form = FAMILY.form(situation)
    if draft is None:
        return render_question(FAMILY, form, situation, draft, 422, expired=True)
    family = FAMILY.add(form, situation)
    if family is None:
        return render_question(FAMILY, form, situation, draft, 422)
    drafts.save_answer(draft, FAMILY, family)
    return redirect(here(FAMILY), 303)


def family_back() -> str:
    """Where a person's change or removal page leads back to: the family page ("Ubah" kept)."""
    return here(FAMILY)


def person_page(template: str, form, situation: Situation, draft, index: int, status: int = 200, **context):
    """A page about one person on the family list (change them, or confirm removing them)."""
    person = FAMILY.people(situation)[index]
    return render_page(FAMILY.name, template, form, situation.answers, draft, status, back=family_back(),
                       person=person,
                       action=url_for(request.endpoint, index=index, ubah="1" if from_check() else None),
                       **context)


@bp.route("/daftar/keluarga/orang/<int:index>", methods=["GET", "POST"])
@drafts.retried
def change_member(index):
    """Change one person on the family list without removing and adding them again."""
    draft, situation, elsewhere = enter(FAMILY)
    if elsewhere or not 0 <= index < len(FAMILY.people(situation)):
        return elsewhere or go(FAMILY.name)
    form = FAMILY.person_form(situation, index)
    title = _("Ubah data %(name)s", name=FAMILY.people(situation)[index].nama)
    if request.method == "POST":
        family = FAMILY.changed(form, situation, index) if draft is not None else None
        if family is not None:
            answers = drafts.save_answer(draft, FAMILY, family)
            if from_check():
                return go(flow.next_step(FAMILY.name, answers.state(), from_check=True))
            return redirect(family_back(), 303)
        return person_page("apply/_change_member.html", form, situation, draft, index, 422, title=title,
                           expired=draft is None)
    return person_page("apply/_change_member.html", form, situation, draft, index, title=title)


@bp.route("/daftar/keluarga/hapus/<int:index>", methods=["GET", "POST"])
@drafts.retried
def remove_member(index):
    """Ask once, then take one person off the list (never the applicant, who can be changed)."""
    draft, situation, elsewhere = enter(FAMILY)
    if elsewhere or not FAMILY.removable(situation, index):
        return elsewhere or go(FAMILY.name)
    action = ActionForm()
    if request.method == "POST":
        if draft is None or not action.validate():
            return refused(FAMILY, situation, draft, action)
        drafts.save_answer(draft, FAMILY, FAMILY.without(situation, index))
        return redirect(family_back(), 303)
    title = _("Hapus %(name)s dari daftar?", name=FAMILY.people(situation)[index].nama)
    return person_page("apply/_remove_member.html", action, situation, draft, index, title=title)


@bp.post("/daftar/dokumen/hapus/<kind>")
@drafts.retried
def remove_photo(kind):
    """Remove one photo; photos chosen in the same post are kept, each checked on its own."""
    draft, situation, _elsewhere = enter(DOCUMENTS)
    form = DOCUMENTS.form(situation)
    if draft is None or not form.validate():
        return render_question(DOCUMENTS, form, situation, draft, 422, expired=draft is None)
    answers = drafts.save_answer(draft, DOCUMENTS, DOCUMENTS.without(DOCUMENTS.receive(form, situation), kind))
    if form.errors:
        return render_question(DOCUMENTS, form, Situation(answers, situation.library), draft, 422)
    return redirect(here(DOCUMENTS), 303)


@bp.get("/daftar/ditangani-di-tempat-lain")
def elsewhere():
    """Tell a worker (PPU) or a state-paid member (PBI) where their case is handled."""
    draft = open_draft()
    answers = Answers(draft.answers if draft else {})
    if not flow.can_visit(flow.ELSEWHERE, answers.state()):
        return go(flow.first_unanswered(answers.state()))
    return render_page(flow.ELSEWHERE, "apply/_elsewhere.html", ActionForm(), answers, draft,
                       title=_("Kepesertaan Anda diurus di tempat lain"), segment=answers.get(CATEGORY).segmen)


@bp.get("/daftar/dokumen/<kind>.jpg")
def photo(kind):
    """A small copy of one uploaded photo, for its owner's review only (until it is sent)."""
    draft = open_draft()
    photos = Answers(draft.answers).get(DOCUMENTS) if draft else None
    name = photos.foto.get(kind) if photos else None
    found = storage.read(name, thumbnail=True) if name else None
    if found is None:
        abort(404)
    return no_store(Response(found, mimetype="image/jpeg"))


@bp.post("/daftar/<step>/cek/<name>")
def check_field(step, name):
    """Check one field as soon as it changes (htmx) and answer with that field alone."""
    question = questions.get(step)
    if question is None or name not in question.form_class.checked_inline:
        abort(404)
    form = question.form_class()
    if not form.csrf_token.validate(form):
        abort(400)
    if form[name].data:  # an empty box is not an error until the person presses Lanjutkan
        form.check_one(name)
    return no_store(make_response(render_template("apply/_field.html", field=form[name])))


@bp.post("/daftar/domisili/kabupaten")
def regency_options():
    """The regency/city list for the province just chosen (htmx); without JS, Lanjutkan does this."""
    form = DOMICILE.form_class()
    if not form.csrf_token.validate(form):
        abort(400)
    return no_store(make_response(render_template("apply/_regency.html", form=form)))


@bp.route("/daftar/periksa", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SUBMIT_RATE_LIMIT"], methods=["POST"])
def check_answers():
    """Show every answer with a change link and the estimate; submitting sends it once."""
    draft = drafts.current_draft()
    if draft is not None and drafts.submitted(draft):  # a replayed or refreshed submit
        return redirect(url_for("apply.submitted"), 303)
    if draft is not None and draft.fix_of is not None:
        return check_fix(draft)
    answers = Answers(draft.answers if draft else {})
    if not flow.can_visit(flow.CHECK, answers.state()):
        return go(flow.first_unanswered(answers.state()))
    form = SubmitForm()
    if request.method == "POST" and form.validate():
        drafts.submit(draft)
        if htmx:  # the confirmation is a whole new page, not a step to swap in
            return make_response("", 200, {"HX-Redirect": url_for("apply.submitted")})
        return redirect(url_for("apply.submitted"), 303)
    library = content()
    return render_page(flow.CHECK, "apply/_check.html", form, answers, draft, 422 if form.errors else 200,
                       title=_("Periksa jawaban Anda"), action=url_for("apply.check_answers"),
                       groups=summary.groups(answers, library), new=answers.path == flow.NEW,
                       monthly=summary.monthly_fee(answers, library.figures),
                       estimate=summary.estimate(answers, library.figures, today()))


def check_fix(draft):
    """The summary of a fix: what the officer asked, every answer (only the steps sent back can
    change), and "Kirim perbaikan", which sends it once."""
    application = drafts.fixing(draft)
    if application is None:  # sent already (a second press), or the officer decided meanwhile
        return redirect(url_for("apply.fix_sent"), 303)
    answers, library = Answers(draft.answers), content()
    asked = drafts.asked_fixes(application)
    form = SubmitForm()
    if request.method == "POST" and form.validate():
        try:
            drafts.send_fix(draft, application)
        except drafts.NothingChanged:
            form.csrf_token.errors = [_("Belum ada yang Anda ubah. Perbaiki dulu bagian yang diminta petugas, "
                                        "lalu tekan Kirim perbaikan.")]
        except Refused:
            return redirect(url_for("apply.fix_sent"), 303)
        else:
            if htmx:
                return make_response("", 200, {"HX-Redirect": url_for("apply.fix_sent")})
            return redirect(url_for("apply.fix_sent"), 303)
    return render_page(flow.CHECK, "apply/_fix_check.html", form, answers, draft, 422 if form.errors else 200,
                       back=url_for("apply.status"), title=_("Periksa perbaikan Anda"),
                       action=url_for("apply.check_answers"),
                       groups=summary.groups(answers, library, changeable=asked), asked=[
                           (questions.get(step), note) for step, note in asked.items()],
                       changed={step for step in asked if draft.answers.get(step) != application.answers.get(step)},
                       reference=display_code(application.reference))


@bp.get("/daftar/perbaikan-terkirim")
def fix_sent():
    """After a fix: the reference is the same, and /status shows what happens next. A fix that
    was not sent because an officer decided meanwhile says so."""
    draft = drafts.current_draft()
    application = drafts.shared_application(draft) if draft is not None and draft.fix_of else None
    if application is None:
        return redirect(url_for("apply.status"))
    if application.status == "perbaikan":
        return redirect(url_for("apply.check_answers"))
    return no_store(make_response(render_template(
        "apply/fix_sent.html", application=application, reference=display_code(application.reference),
        sent=not draft.answers, status_name=STATUSES.get(application.status))))


@bp.get("/daftar/selesai")
def submitted():
    """Confirm the application with its reference and what happens next."""
    draft = drafts.current_draft()
    application = drafts.submitted(draft) if draft else None
    if application is None:
        return redirect(url_for("apply.start"))
    return no_store(make_response(render_template(
        "apply/submitted.html", application=application, reference=display_code(application.reference),
        new=application.path == flow.NEW)))


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
            return go(flow.first_unanswered(Answers(draft.answers).state()))
        not_found = True
    status = 422 if request.method == "POST" else 200
    return no_store(make_response(render_template("apply/resume.html", form=form, not_found=not_found), status))


def looked_up(form: StatusForm):
    """The application a posted reference and date of birth unlock: (application, not found)."""
    if request.method != "POST" or not form.validate():
        return None, False
    application = drafts.find_application(normalize_code(form.referensi.data), form.birth_date())
    return application, application is None


def status_page(form: StatusForm, application, not_found: bool):
    code = 422 if request.method == "POST" and application is None else 200
    fixes = [(questions.get(step), note) for step, note in drafts.asked_fixes(application).items()] \
        if application is not None and application.status == "perbaikan" else []
    return no_store(make_response(render_template(
        "apply/status.html", form=form, application=application, not_found=not_found, fixes=fixes,
        status_name=STATUSES.get(application.status) if application else None, rejections=REJECTIONS), code))


@bp.route("/status", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOOKUP_RATE_LIMIT"], methods=["POST"])
def status():
    """Look up an application's status by reference and date of birth."""
    form = StatusForm()
    return status_page(form, *looked_up(form))


@bp.post("/status/perbaiki")
@limiter.limit(lambda: current_app.config["LOOKUP_RATE_LIMIT"])
def start_fix():
    """Open the steps an officer sent back (the status page posts the reference and date of
    birth again, so nothing about the person is kept in the session but the fix draft's id)."""
    form = StatusForm()
    application, not_found = looked_up(form)
    if application is None or application.status != "perbaikan":
        return status_page(form, application, not_found)
    drafts.start_fix(application)
    first = next(iter(drafts.asked_fixes(application)))
    return redirect(questions.get(first).url(from_check=True), 303)


bp.add_app_template_filter(va_groups)
