"""The questions both paths ask: which path, how to reach the applicant, and consent to use the data."""
import datetime
from dataclasses import dataclass

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, StopValidation

from blueprints.apply import flow
from blueprints.apply.contact import check_email, check_mobile
from blueprints.apply.forms import StepForm, checked_by
from blueprints.apply.questions.base import Field, Question, Schema

PATHS = {
    flow.NEW: _l("Mendaftar sebagai peserta mandiri baru, bersama keluarga di KK"),
    flow.REACTIVATE: _l("Mengaktifkan kembali kepesertaan mandiri yang menunggak"),
}


class PathForm(StepForm):
    jalur = RadioField(_l("Apa yang ingin Anda lakukan?"),
                       choices=[SelectChoice(path, label) for path, label in PATHS.items()],
                       validators=[InputRequired(_l("Pilih yang ingin Anda lakukan."))])


@dataclass(frozen=True)
class PathAnswer(Schema):
    jalur: str  # flow.NEW or flow.REACTIVATE


PATH = Question(flow.CHOOSE, PathForm, PathAnswer, title=_l("Apa yang ingin Anda lakukan?"),
                summary_title=_l("Permohonan"),
                fields=(Field("jalur", "path", label=_l("Yang ingin Anda lakukan"),
                              show=lambda path: str(PATHS[path])),))


# How the applicant wants to hear from us (blueprints/messages/): only what they choose is used.
UPDATES = {
    "sms": _l("SMS"),
    "whatsapp": _l("WhatsApp"),
    "email": _l("Email, dengan salinan permohonan"),
    "tidak": _l("Tidak usah; saya cek sendiri di halaman Cek status"),
}


class ContactForm(StepForm):
    ponsel = StringField(_l("Nomor HP"),
                         description=_l("Untuk menghubungi Anda bila perlu. "
                                        "Misalnya 0812 3456 7890 atau +62 812 3456 7890."),
                         render_kw={"inputmode": "tel", "autocomplete": "tel", "class": "width-16"})
    email = StringField(_l("Alamat email (opsional)"), validators=[Optional()],
                        description=_l("Bila Anda punya email."),
                        render_kw={"inputmode": "email", "autocomplete": "email", "spellcheck": "false"})
    kabar = RadioField(_l("Kirim kabar tentang permohonan ini lewat"),
                       choices=[SelectChoice(key, label) for key, label in UPDATES.items()], default="sms",
                       validators=[InputRequired(_l("Pilih lewat mana kami mengirim kabar."))])
    checked_inline = ("ponsel", "email")

    validate_ponsel = checked_by(check_mobile)
    validate_email = checked_by(check_email)

    def validate_kabar(self, field):
        if field.data == "email" and not (self.email.data or "").strip():
            raise StopValidation(_("Tulis alamat email di atas, atau pilih SMS atau WhatsApp."))


@dataclass(frozen=True)
class ContactAnswer(Schema):
    VERSION = 3
    ponsel: str  # in +62 form (E.164), for sending
    ponsel_diketik: str  # as typed
    email: str  # normalized; empty when the person has none
    kabar: str  # a key of UPDATES: where messages go ("tidak": nowhere)


def recipients(contact: ContactAnswer | None) -> dict[str, str]:
    """Where messages go, by channel: only the one the person chose (none before they chose)."""
    if contact is None or contact.kabar not in ("sms", "whatsapp", "email"):
        return {}
    return {contact.kabar: contact.email if contact.kabar == "email" else contact.ponsel}


def _email(address: str) -> str:
    return address or _("Tidak diisi")


CONTACT = Question("kontak", ContactForm, ContactAnswer, title=_l("Bagaimana kami menghubungi Anda?"),
                   summary_title=_l("Kontak"),
                   fields=(Field("ponsel", "mobile", typed=True),
                           Field("email", "email", label=_l("Email"), show=_email),
                           Field("kabar", "updates", label=_l("Kabar dikirim lewat"),
                                 show=lambda key: str(UPDATES.get(key, key)))))


CONSENT_TEXT = (
    "Saya setuju JKN Mudah menyimpan data dalam permohonan ini (identitas anggota keluarga, nomor kartu, "
    "kontak, rekening, dan foto dokumen) "
    "untuk meneruskan permohonan saya ke BPJS Kesehatan dan memberi kabar tentang statusnya. "
    "Permohonan yang belum dikirim dihapus {days} hari setelah terakhir diubah. "
    "Saya boleh meminta salinan, perbaikan, atau penghapusan data kapan saja."
)


class ConsentForm(StepForm):
    setuju = BooleanField(_l("Saya setuju"), validators=[InputRequired(_l(
        "Centang kotak persetujuan agar kami bisa meneruskan permohonan Anda."))])

    @property
    def text(self) -> str:
        """The consent in words, stored with the application as what the person agreed to."""
        return CONSENT_TEXT.format(days=current_app.config["DRAFT_LIFETIME_DAYS"])


@dataclass(frozen=True)
class ConsentAnswer(Schema):
    teks: str  # the words agreed to, as they stood then
    waktu: datetime.datetime  # when, in UTC


def _agreed(moment: datetime.datetime) -> str:
    return _("Disetujui pada %(when)s", when=format_datetime(moment, "d MMMM y, HH.mm zzz"))


class ConsentQuestion(Question):
    """The answer is the consent text shown and the moment it was agreed to, not the tick itself."""

    def fill(self, answer):
        return {"setuju": True}

    def read(self, form, situation):
        return ConsentAnswer(form.text, datetime.datetime.now(datetime.UTC))


CONSENT = ConsentQuestion(
    "persetujuan", ConsentForm, ConsentAnswer, title=_l("Persetujuan penggunaan data"),
    summary_title=_l("Persetujuan"),
    fields=(Field("waktu", "consent_at", label=_l("Persetujuan penggunaan data"), show=_agreed,
                  cell=datetime.datetime.isoformat),
            Field("teks", "consent_text", label=None)),
    unseen={"teks": "the words are on the consent page itself; the check page says when they were agreed to"})
