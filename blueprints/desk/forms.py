"""The desk's forms. Messages say what to do, in Indonesian, as everywhere on the site."""
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from blueprints.apply.forms import Form
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
