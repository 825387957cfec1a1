"""The desk's forms. Messages say what to do, in Indonesian, as everywhere on the site."""
import datetime

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, StopValidation
from wtforms.widgets import HiddenInput

from blueprints.apply import questions
from blueprints.apply.contact import check_email
from blueprints.apply.decisions import FIXABLE, NOTE_LENGTH, REJECTIONS
from blueprints.apply.forms import Form, checked_by, clean
from blueprints.apply.models import STATUSES


class LoginForm(Form):
    email = StringField(_l("Email"), validators=[InputRequired(_l("Masukkan email Anda."))],
                        render_kw={"autocomplete": "username", "inputmode": "email", "spellcheck": "false"})
    kata_sandi = PasswordField(_l("Kata sandi"), validators=[InputRequired(_l("Masukkan kata sandi Anda."))],
                               render_kw={"autocomplete": "current-password"})


class CodeForm(Form):
    kode = StringField(_l("Kode 6 angka dari aplikasi autentikator"),
                       validators=[InputRequired(_l("Masukkan kode 6 angka dari aplikasi autentikator."))],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "width-10"})


class FindForm(Form):
    cari = StringField(_l("Nomor referensi atau NIK"),
                       validators=[InputRequired(_l("Masukkan nomor referensi atau NIK."))],
                       render_kw={"autocomplete": "off", "spellcheck": "false", "class": "width-16"})


class FilterForm(Form):
    """The queue's filters, sent by GET (no personal data in them), so no token."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[SelectChoice("", _l("Semua yang belum selesai"))] + [
        SelectChoice(key, label) for key, label in STATUSES.items()], default="")
    jalur = SelectField(_l("Jenis permohonan"), choices=[
        SelectChoice("", _l("Semua")), SelectChoice("baru", _l("Pendaftaran baru")),
        SelectChoice("reaktivasi", _l("Aktif kembali"))], default="")


class DecisionForm(Form):
    """One of the action forms on an application's page (made with prefix = the status it moves
    to): the version seen, and what comes with it (a virtual account and amount, or a reason)."""

    versi = IntegerField(widget=HiddenInput())
    va = StringField(_l("Nomor virtual account"), description=_l("16 angka, diawali 88888 atau 89888."),
                     render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-16"})
    jumlah = StringField(_l("Jumlah yang harus dibayar (Rp)"), render_kw={"inputmode": "numeric", "class": "width-10"})
    alasan = SelectField(_l("Alasan"), choices=[SelectChoice("", _l("Pilih alasan"))] + [
        SelectChoice(key, label) for key, label in REJECTIONS.items()], default="")
    catatan = TextAreaField(_l("Catatan untuk pemohon (opsional)"), filters=[clean],
                            validators=[Length(max=NOTE_LENGTH, message=_l("Catatan paling banyak 500 karakter."))],
                            description=_l("Tampil di halaman status. Jangan tulis NIK atau nomor lain."))


class FixForm(DecisionForm):
    """"Minta perbaikan": for each step of the path that may be sent back, a box to pick it and
    what is wrong with it (made per path by fix_form, fields `pilih_<step>` and `catatan_<step>`)."""

    path: str = ""
    steps: tuple[str, ...] = ()


def _fix_form(path: str) -> type[FixForm]:
    fields: dict = {"path": path, "steps": FIXABLE[path]}
    for step in FIXABLE[path]:
        title = questions.get(step).summary_title
        fields[f"pilih_{step}"] = BooleanField(title)
        fields[f"catatan_{step}"] = TextAreaField(
            _l("Apa yang perlu diperbaiki: %(step)s", step=title), filters=[clean],
            validators=[Length(max=NOTE_LENGTH, message=_l("Catatan paling banyak 500 karakter."))])
    return type(f"FixForm_{path}", (FixForm,), fields)


FIX_FORMS = {path: _fix_form(path) for path in FIXABLE}


class StaffForm(Form):
    """An admin adds an account: the first password is made here and shown once."""

    email = StringField(_l("Email petugas"), validators=[InputRequired(_l("Masukkan email petugas."))],
                        filters=[clean], render_kw={"autocomplete": "off", "inputmode": "email", "spellcheck": "false"})
    validate_email = checked_by(check_email)
    peran = SelectField(_l("Peran"), choices=[
        SelectChoice("petugas", _l("Petugas: memproses permohonan")),
        SelectChoice("admin", _l("Admin: juga mengelola akun dan ekspor"))], default="petugas")


class ExportForm(Form):
    sejak = StringField(_l("Permohonan yang dikirim sejak"),
                        description=_l("Pilih tanggalnya. Bila kotaknya berupa teks biasa, tulis seperti "
                                       "2026-12-01."),
                        validators=[InputRequired(_l("Pilih tanggal, misalnya 2026-12-01."))],
                        filters=[clean], render_kw={"type": "date", "class": "width-10"})

    def validate_sejak(self, field):
        try:
            field.day = datetime.date.fromisoformat(field.data)
        except ValueError:
            raise StopValidation(_l("Tulis tanggal seperti 2026-12-01 (tahun-bulan-tanggal).")) from None
