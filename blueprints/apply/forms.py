"""What every form of the application shares, plus the forms that are not question pages.

Each question page's own form lives beside its question in questions/. Every
field is checked on the server when the person presses "Lanjutkan"; templates
add `novalidate` and no `required`, as GOV.UK does. Messages say what to fix,
in plain Indonesian. A field checked by one of the domain's check functions
does so in a `validate_<field>` method, which WTForms runs after the field's own
validators; `StepForm.check_one` runs the same chain for htmx's inline check.
"""
import datetime
import unicodedata

from babel.dates import get_month_names
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, StopValidation

from blueprints.apply.checks import CheckError
from blueprints.apply.identity import check_birth_date, check_nik, nik_mismatch
from blueprints.core.clock import today
from blueprints.core.formtext import indonesian

MONTHS = get_month_names("wide", locale="id")


def clean(value):
    """What a text box holds, trimmed and in one Unicode form (a name of spaces is empty)."""
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


def checked(check, field):
    """Run one of the domain's check functions on a field; its message becomes the field's error,
    and what it returns (the digits of a NIK, a number in +62 form) is kept as `field.canonical`,
    which is what gets stored."""
    try:
        field.canonical = check(field.data)
    except CheckError as error:
        raise StopValidation(error.message) from None
    return field.canonical


def checked_by(check):
    """An inline validator from a domain check: `validate_nik = checked_by(check_nik)`."""
    def validate(form, field):
        checked(check, field)
    return validate


class Form(FlaskForm):
    """A form whose stale or missing CSRF token is explained in Indonesian, answers kept; WTForms'
    own messages ("Not a valid choice.") are Indonesian too."""

    class Meta:
        get_translations = indonesian

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if "csrf_token" in self._fields and self.csrf_token.errors:
            self.csrf_token.errors = [str(_l(
                "Halaman ini terlalu lama terbuka atau sesi Anda sudah berakhir. Isian Anda masih ada: "
                "periksa lalu tekan tombolnya sekali lagi."))]
        return ok


class StepForm(Form):
    """A question page's form."""

    checked_inline: tuple[str, ...] = ()  # fields htmx checks as soon as they change

    def check_one(self, name: str):
        """Validate one field as "Lanjutkan" would (its validators, then its validate_ method)."""
        field = self[name]
        inline = getattr(type(self), f"validate_{name}", None)  # called as inline(form, field), as in validate()
        field.validate(self, [inline] if inline else [])
        return field


def birth_date_fields():
    """GOV.UK's date of birth: three boxes, declared where they appear on the page."""
    return (
        StringField(_l("Tanggal"), render_kw={"autocomplete": "bday-day", "inputmode": "numeric"}),
        StringField(_l("Bulan"), render_kw={"autocomplete": "bday-month", "inputmode": "numeric"}),
        StringField(_l("Tahun"), render_kw={"autocomplete": "bday-year", "inputmode": "numeric"}),
    )


def birth_date_data(born: datetime.date) -> dict:
    """The three boxes filled in again from a stored date."""
    return {"lahir_hari": str(born.day), "lahir_bulan": str(born.month), "lahir_tahun": str(born.year)}


class BirthDate:
    """Checks the three date boxes as one answer, its message on the first box."""

    def birth_date(self) -> datetime.date | None:
        try:
            return check_birth_date(self.lahir_hari.data, self.lahir_bulan.data, self.lahir_tahun.data, today())
        except CheckError as error:
            self.lahir_hari.errors = [*self.lahir_hari.errors, error.message]
            return None


class NikWithBirthDate(BirthDate):
    """A NIK with the date of birth it carries. Some real NIKs disagree with the real birth date
    and cannot be changed, so a disagreement is a warning the person confirms, never a refusal."""

    validate_nik = checked_by(check_nik)

    def differs(self, nik: str, born: datetime.date) -> str:
        """What to say beside the confirmation box when the NIK disagrees with what was entered, else ""."""
        if not nik_mismatch(nik, born).birth_date:
            return ""
        return _("Tanggal lahir di NIK Anda berbeda dengan tanggal lahir yang Anda isi. Ini bisa terjadi dan NIK "
                 "Anda tetap sah. Periksa keduanya; jika sudah benar, centang kotak ini lalu tekan Lanjutkan lagi.")

    def nik_is_new(self, nik: str) -> bool:
        """Whether this NIK may be given here (a family lists each NIK once)."""
        return True

    def validate(self, extra_validators=None):
        fields_ok = super().validate(extra_validators)
        born = self.birth_date()
        if not fields_ok or born is None:
            return False
        nik = check_nik(self.nik.data)
        if not self.nik_is_new(nik):
            return False
        message = self.differs(nik, born)
        if message and not self.nik_berbeda.data:
            self.nik_berbeda.errors = [message]
            return False
        return True


class SubmitForm(Form):
    """Only the CSRF token: the answers are already saved."""


class ActionForm(Form):
    """A button that does one thing to the saved answers (remove a person, a photo): only the token."""


class LookupForm(BirthDate, Form):
    """A code (resume code or reference) and the date of birth that unlocks it."""

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return self.birth_date() is not None and ok


def code_field(label, message):
    return StringField(label, validators=[InputRequired(message)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                  "class": "width-10"})


class ResumeForm(LookupForm):
    kode = code_field(_l("Kode untuk melanjutkan"), _l("Masukkan kode untuk melanjutkan: 8 huruf dan angka."))
    lahir_hari, lahir_bulan, lahir_tahun = birth_date_fields()


class StatusForm(LookupForm):
    referensi = code_field(_l("Nomor referensi"), _l("Masukkan nomor referensi 8 huruf dan angka."))
    lahir_hari, lahir_bulan, lahir_tahun = birth_date_fields()
