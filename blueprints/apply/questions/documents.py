"""Photos of the KTP, the KK and a selfie. Each upload is processed on its own, so one bad file
loses none of the others; removing a photo is its own small endpoint (routes.remove_photo)."""
import io
from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField

from blueprints.apply import storage
from blueprints.apply.checks import CheckError
from blueprints.apply.forms import StepForm
from blueprints.apply.photos import check_size, process_photo
from blueprints.apply.questions.base import Question, Row, Saved, Schema

KINDS = ("ktp", "kk", "swafoto")
# How each photo is named inside a sentence ("Ganti foto KTP"): acronyms keep their capitals.
NAMES = {"ktp": _l("foto KTP"), "kk": _l("foto KK"), "swafoto": _l("swafoto")}


class DocumentsForm(StepForm):
    # data-shrink: static/js/photos.js makes a camera photo small before it is sent.
    ktp = FileField(_l("Foto KTP"), render_kw={"accept": "image/*", "data-shrink": "1"})
    kk = FileField(_l("Foto Kartu Keluarga"), render_kw={"accept": "image/*", "data-shrink": "1"})
    # The selfie opens the front camera; the cards leave the choice of camera or
    # gallery to the phone, since many people photographed them already.
    swafoto = FileField(_l("Swafoto (foto diri Anda)"),
                        render_kw={"accept": "image/*", "capture": "user", "data-shrink": "1"})


@dataclass(frozen=True)
class DocumentsAnswer(Schema):
    foto: dict[str, str]  # kind -> stored name (storage.py), for the photos uploaded so far


class DocumentsQuestion(Question):
    """Uploads are kept as they come; the step counts as answered once all three are there."""

    def fill(self, answer):
        return {}  # file inputs start empty; the photos there are shown beside them

    def stored(self, situation) -> dict[str, str]:
        current = situation.answers.get(self)
        return dict(current.foto) if current else {}

    def page_context(self, situation):
        return {"stored": self.stored(situation), "kinds": KINDS, "names": NAMES}

    def is_answered(self, answer):
        return all(kind in answer.foto for kind in KINDS)

    def receive(self, form, situation) -> DocumentsAnswer:
        """The photos with this post's uploads stored in; a bad file gets its message on its field."""
        photos = self.stored(situation)
        limit = current_app.config["PHOTO_MAX_BYTES"]
        for kind in KINDS:
            upload = request.files.get(kind)
            if upload is None or not upload.filename:
                continue
            try:
                check_size(upload.stream.seek(0, io.SEEK_END), limit)  # before reading it into memory
                upload.stream.seek(0)
                photo = process_photo(upload.stream.read(limit + 1), max_bytes=limit)
            except CheckError as error:
                form[kind].errors = [error.message]
                continue
            photos[kind] = storage.save(photo.data, photo.thumbnail)  # the old file goes once this commits
        return DocumentsAnswer(photos)

    def save(self, form, situation):
        """"Lanjutkan": keep every good upload; go on once all three photos are there."""
        if not form.validate():  # only the CSRF token can fail here
            return Saved(None, False)
        answer = self.receive(form, situation)
        for kind in KINDS:  # every photo still missing is named now, not after the next press
            if kind not in answer.foto and not form[kind].errors:
                form[kind].errors = [_("Pilih %(what)s untuk diunggah.", what=NAMES[kind])]
        return Saved(answer, not form.errors)

    def without(self, answer: DocumentsAnswer, kind: str) -> DocumentsAnswer:
        """The photos without one kind (its files go once the change commits, see drafts.store)."""
        return DocumentsAnswer({name: stored for name, stored in answer.foto.items() if name != kind})

    def rows(self, answer, situation):
        return tuple(Row(self.form_label(kind), _("Sudah diunggah"),
                         image_url=url_for("apply.photo", kind=kind))
                     for kind in KINDS if kind in answer.foto)

    def changes(self, before, after, situation):
        """A photo replaced shows the same row, so compare the stored files."""
        old, new = (before.foto if before else {}), (after.foto if after else {})
        return tuple((str(self.form_label(kind)), _("foto sebelumnya") if kind in old else "",
                      _("foto baru") if kind in new else "") for kind in KINDS if old.get(kind) != new.get(kind))

    def export(self, answer, situation):
        return {f"photo_{kind}": answer.foto.get(kind, "") for kind in KINDS}

    def photo_names(self, answer):
        return frozenset(answer.foto.values())


DOCUMENTS = DocumentsQuestion(
    "dokumen", DocumentsForm, DocumentsAnswer, title=_l("Foto dokumen"), summary_title=_l("Foto dokumen"),
    columns=tuple(f"photo_{kind}" for kind in KINDS),
    unseen={"foto": "stored names mean nothing to the person; the check page shows each photo itself"})
