"""Start page, one view for every question page, check answers, confirmation, resume, status."""
import datetime

from flask import Response, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from blueprints.apply import bp, drafts, flow, regions, storage, summary
from blueprints.apply.codes import display_code, normalize_code
from blueprints.apply.faskes import in_regency
from blueprints.apply.forms import STEP_FORMS, ResumeForm, StatusForm, SubmitForm, today
from blueprints.apply.identity import CheckError
from blueprints.apply.photos import process_photo
from blueprints.apply.models import STATUSES
from blueprints.core.web import content, no_store, render_view
from extensions import htmx, limiter

TARGET = "langkah"


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
    return no_store(render_view(
        "apply/page.html", template, TARGET, status=status, push_url=True, template=template, form=form,
        step=step, title=context.pop("title", None) or form.title, action=action, back=back,
        progress=flow.progress(step, answers) if step != flow.CHECK else None,
        resume_code=_resume_code(context.get("draft")), **context))


def form_for(step: str, answers: dict, saved: dict | None = None):
    """The step's form, bound to the POST or filled with the saved answer, with its choices."""
    library = content()
    extra = {}
    if step == "faskes":
        regency = (answers.get("domisili") or {}).get("kabkota", "")
        extra["choices"] = in_regency(library.faskes, regency)
    elif step == "rekening":
        extra["banks"] = library.banks
    elif step == "keluarga":
        extra["other_niks"] = [m["nik"] for m in members(answers)]
    form_class = STEP_FORMS[step]
    return form_class(**extra) if request.method == "POST" else form_class(data=saved, **extra)


def members(answers: dict) -> list[dict]:
    return (answers.get("keluarga") or {}).get("anggota", [])


def open_draft():
    """The session's draft while it can still change (a sent one cannot)."""
    draft = drafts.current_draft()
    return None if draft is not None and drafts.submitted(draft) else draft


def enter(step: str):
    """The open draft, its answers, and a redirect when this step may not be shown yet."""
    draft = open_draft()
    answers = draft.answers if draft else {}
    if request.method == "GET" and not flow.can_visit(step, answers):
        return draft, answers, go(flow.first_unanswered(answers))
    return draft, answers, None


def _resume_code(draft):
    """Shown once the draft can be resumed, that is once it knows the date of birth."""
    return display_code(draft.resume_code) if draft is not None and draft.birth_date else None


@bp.get("/daftar/")
def start():
    """Say what the application needs, how long it takes and what it costs."""
    figures = content().figures
    fees = [(summary.CLASS_NAMES[k], figures[name]) for k, name in summary.CLASS_FEES.items()]
    return render_template("apply/start.html", fees=fees)


@bp.route("/daftar/<step>", methods=["GET", "POST"])
def step(step):
    """Show one question page, or save its answer and go on."""
    if step not in STEP_FORMS:
        abort(404)
    draft, answers, elsewhere = enter(step)
    if elsewhere:
        return elsewhere
    from_check = request.args.get("ubah") == "1"
    form = form_for(step, answers, answers.get(step))
    context = {"answers": answers, "draft": draft, "from_check": from_check} | step_context(step, answers)
    if request.method == "POST":
        if draft is None and step != flow.CHOOSE:
            return render_step(step, form, 422, expired=True, **context)
        if form.validate():
            draft = draft or drafts.start_draft()
            born = form.birth_date() if hasattr(form, "birth_date") else None
            drafts.save_answer(draft, step, form.answer(), born)
            return go(flow.next_step(step, draft.answers, from_check))
        return render_step(step, form, 422, **context)
    return render_step(step, form, **context)


def step_context(step: str, answers: dict) -> dict:
    """What a question page shows beside its form: fees for the class, facilities for the filter."""
    if step == "kelas":
        figures = content().figures
        return {"fees": {k: figures[name].value for k, name in summary.CLASS_FEES.items()},
                "people": len(members(answers))}
    if step == "faskes":
        regency = (answers.get("domisili") or {}).get("kabkota", "")
        query = request.args.get("cari", "")[:60]
        return {"query": query, "shown": {f.kode for f in in_regency(content().faskes, regency, query)},
                "regency": regions.regency_name(regency)}
    return {}


@bp.route("/daftar/keluarga", methods=["GET", "POST"])
def family():
    """Add the people on the KK one at a time (GOV.UK's add-another), the applicant first."""
    draft, answers, elsewhere = enter("keluarga")
    if elsewhere:
        return elsewhere
    from_check = request.args.get("ubah") == "1"
    form = form_for("keluarga", answers)
    people = members(answers)
    context = {"answers": answers, "draft": draft, "from_check": from_check, "people": people}
    if request.method == "GET":
        return render_step("keluarga", form, **context)
    if draft is None:
        return render_step("keluarga", form, 422, expired=True, **context)
    action = request.form.get("aksi", "lanjut")
    here = url_for("apply.family", ubah="1" if from_check else None)
    if action.startswith("hapus-") and form.csrf_token.validate(form):
        index = int(action.removeprefix("hapus-")) if action.removeprefix("hapus-").isdigit() else -1
        if 0 <= index < len(people):
            save_members(draft, people[:index] + people[index + 1:])
        return redirect(here, 303)
    if action == "lanjut" and form.is_blank() and people and form.csrf_token.validate(form):
        return go(flow.next_step("keluarga", answers, from_check))
    if form.validate():
        save_members(draft, [*people, form.answer()])
        return go(flow.next_step("keluarga", draft.answers, from_check)) if action == "lanjut" \
            else redirect(here, 303)
    return render_step("keluarga", form, 422, **context)


def save_members(draft, people: list[dict]):
    """Store the family; the first person is the applicant, whose birth date unlocks resuming."""
    if not people:
        drafts.forget_answer(draft, "keluarga")
        return
    first = people[0]
    born = datetime.date(int(first["lahir_tahun"]), int(first["lahir_bulan"]), int(first["lahir_hari"]))
    drafts.save_answer(draft, "keluarga", {"anggota": people}, born)


PHOTO_KINDS = ("ktp", "kk", "swafoto")


@bp.route("/daftar/dokumen", methods=["GET", "POST"])
def documents():
    """Upload the KTP, KK and selfie photos; each bad file gets its own message, good ones stay."""
    draft, answers, elsewhere = enter("dokumen")
    if elsewhere:
        return elsewhere
    from_check = request.args.get("ubah") == "1"
    form = form_for("dokumen", answers)
    stored = dict(answers.get(drafts.PHOTOS_KEY) or answers.get("dokumen") or {})
    context = {"answers": answers, "draft": draft, "from_check": from_check, "stored": stored}
    if request.method == "GET":
        return render_step("dokumen", form, **context)
    if draft is None:
        return render_step("dokumen", form, 422, expired=True, **context)
    if not form.validate():  # only the CSRF token can fail here
        return render_step("dokumen", form, 422, **context)
    action = request.form.get("aksi", "lanjut")
    if action.startswith("hapus-") and action.removeprefix("hapus-") in stored:
        storage.delete(stored.pop(action.removeprefix("hapus-")))
    for kind in PHOTO_KINDS:
        upload = request.files.get(kind)
        if upload is None or not upload.filename:
            continue
        try:
            photo = process_photo(upload.stream.read(current_app.config["PHOTO_MAX_BYTES"] + 1),
                                  max_bytes=current_app.config["PHOTO_MAX_BYTES"])
        except CheckError as error:
            form[kind].errors = [error.message]
            continue
        if kind in stored:
            storage.delete(stored[kind])
        stored[kind] = storage.save(photo.data, photo.thumbnail)
    drafts.save_answer(draft, drafts.PHOTOS_KEY, stored)
    if action == "lanjut" and not form.errors:
        for kind in PHOTO_KINDS:
            if kind not in stored:
                form[kind].errors = [_("Pilih %(what)s untuk diunggah.", what=form[kind].label.text.lower())]
    if form.errors:
        return render_step("dokumen", form, 422, **(context | {"stored": stored}))
    if action != "lanjut":
        return redirect(url_for("apply.documents", ubah="1" if from_check else None), 303)
    drafts.save_answer(draft, "dokumen", stored)
    return go(flow.next_step("dokumen", draft.answers, from_check))


@bp.get("/daftar/dokumen/<kind>.jpg")
def photo(kind):
    """A small copy of one uploaded photo, for its owner's review only."""
    draft = drafts.current_draft()
    name = ((draft.answers.get(drafts.PHOTOS_KEY) or {}) if draft else {}).get(kind)
    found = storage.read(name, thumbnail=True) if name else None
    if found is None:
        abort(404)
    return no_store(Response(found, mimetype="image/jpeg"))


@bp.post("/daftar/<step>/cek/<name>")
def check_field(step, name):
    """Check one field as soon as it changes (htmx) and answer with that field alone."""
    form_class = STEP_FORMS.get(step)
    if form_class is None or name not in form_class.checked_inline:
        abort(404)
    form = form_for(step, {})
    if not form.csrf_token.validate(form):
        abort(400)
    field = form[name]
    if field.data:  # an empty box is not an error until the person presses Lanjutkan
        field.validate(form)
    return no_store(make_response(render_template("apply/_field.html", field=field)))


@bp.post("/daftar/domisili/kabupaten")
def regency_options():
    """The regency/city list for the province just chosen (htmx); without JS, Lanjutkan does this."""
    form = form_for("domisili", {})
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
                       title=_("Periksa jawaban Anda"), groups=summary.groups(answers, library),
                       path=answers[flow.CHOOSE]["jalur"], monthly=summary.monthly_fee(answers, library),
                       estimate=summary.estimate(answers, library.figures, today()))


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
            return go(flow.first_unanswered(draft.answers))
        not_found = True
    status = 422 if request.method == "POST" else 200
    return no_store(make_response(render_template("apply/resume.html", form=form, not_found=not_found), status))


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
    return no_store(make_response(render_template(
        "apply/status.html", form=form, application=application, not_found=not_found,
        status_name=STATUSES.get(application.status) if application else None), code))
