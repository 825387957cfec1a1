"""The reactivation path: the card and its holder, the kind of membership, and the last month paid,
from which the check page estimates what is owed (core/fees.py)."""
import datetime
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, Regexp, ValidationError

from blueprints.apply.classes import CLASS_FEES, CLASS_NAMES
from blueprints.apply.forms import MONTHS, NikWithBirthDate, StepForm, birth_date_data, birth_date_fields, checked_by
from blueprints.apply.identity import check_card_number
from blueprints.apply.questions.base import Field, Question, Row, Schema
from blueprints.core.clock import today
from blueprints.core.fees import ReactivationEstimate, months_in_arrears, reactivation_estimate
from blueprints.core.figures import format_value

MANDIRI = "mandiri"


class CardForm(NikWithBirthDate, StepForm):
    nomor_kartu = StringField(_l("Nomor kartu JKN"),
                              description=_l("13 angka di kartu JKN atau di Mobile JKN, misalnya 0001 2345 6789 0."),
                              render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-13"})
    nik = StringField(_l("NIK"), description=_l("16 angka di KTP Anda. Boleh ditulis dengan spasi."),
                      render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-16"})
    lahir_hari, lahir_bulan, lahir_tahun = birth_date_fields()
    checked_inline = ("nomor_kartu", "nik")
    nik_berbeda = BooleanField(_l("Ya, tanggal di NIK saya memang berbeda dengan tanggal lahir saya"))

    validate_nomor_kartu = checked_by(check_card_number)



@dataclass(frozen=True)
class CardAnswer(Schema):
    VERSION = 2
    nomor_kartu: str  # 13 digits
    nomor_kartu_diketik: str  # as typed
    nik: str  # 16 digits
    nik_diketik: str  # as typed
    lahir: datetime.date
    nik_berbeda: bool  # the person confirmed that the NIK's date differs from their birth date


class CardQuestion(Question):
    """The card holder's NIK and date of birth: the birth date unlocks resuming."""

    def fill(self, answer):
        return super().fill(answer) | birth_date_data(answer.lahir)

    def read(self, form, situation):
        typed = {name: self.value(form, name) for name in ("nomor_kartu", "nomor_kartu_diketik", "nik", "nik_diketik")}
        return CardAnswer(**typed, lahir=form.birth_date(), nik_berbeda=bool(form.nik_berbeda.data))

    def niks(self, answer):
        return (answer.nik,)

    def birth_date(self, answer):
        return answer.lahir


def _date(value: datetime.date) -> str:
    return format_value(value, "date")


def _confirmed(differs: bool) -> str:
    return _("Ya, sudah Anda pastikan") if differs else ""


CARD = CardQuestion(
    "kartu", CardForm, CardAnswer, title=_l("Kartu JKN dan identitas Anda"), summary_title=_l("Kartu dan identitas"),
    fields=(Field("nomor_kartu", "card", typed=True),
            Field("nik", "nik", typed=True),
            Field("lahir", "birth_date", label=_l("Tanggal lahir"), show=_date, cell=datetime.date.isoformat),
            Field("nik_berbeda", "nik_differs", label=_l("Tanggal di NIK berbeda dengan tanggal lahir"),
                  show=_confirmed,
                  cell=lambda differs: "ya" if differs else "")))


SEGMENTS = {
    MANDIRI: _l("Peserta mandiri (membayar iuran sendiri: pekerja bukan penerima upah atau bukan pekerja, PBPU/BP)"),
    "ppu": _l("Pekerja yang didaftarkan kantor (PPU)"),
    "pbi": _l("Peserta yang iurannya dibayar pemerintah (PBI)"),
}
SEGMENTS_SHORT = {MANDIRI: _l("Peserta mandiri (PBPU/BP)"), "ppu": SEGMENTS["ppu"], "pbi": SEGMENTS["pbi"]}


class CategoryForm(StepForm):
    segmen = RadioField(_l("Anda terdaftar sebagai peserta apa?"),
                        choices=[SelectChoice(k, v) for k, v in SEGMENTS.items()],
                        validators=[InputRequired(_l("Pilih jenis kepesertaan Anda."))])
    kelas = RadioField(
        _l("Kelas"),
        description=_l("Hanya untuk peserta mandiri. Kelasnya tertulis di kartu atau di Mobile JKN."),
        choices=[SelectChoice(k, v) for k, v in CLASS_NAMES.items()],
        validators=[Optional()],
    )
    anggota = StringField(
        _l("Jumlah anggota keluarga di kartu ini"),
        description=_l("Hanya untuk peserta mandiri. Semua orang yang terdaftar di kartu ini, termasuk Anda."),
        render_kw={"inputmode": "numeric", "class": "width-2"},
        validators=[Optional(), Regexp(r"^\s*([1-9]|1[0-9]|20)\s*$",
                                       message=_l("Jumlah anggota keluarga berupa angka 1 sampai 20."))],
    )

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.segmen.data != MANDIRI:
            return ok  # class and family size matter only to a mandiri member's arrears
        if not self.kelas.data:
            self.kelas.errors = [*self.kelas.errors,
                                 _("Pilih kelas Anda. Kelasnya tertulis di kartu atau di Mobile JKN.")]
            ok = False
        if not (self.anggota.data or "").strip():
            self.anggota.errors = [*self.anggota.errors, _("Masukkan jumlah anggota keluarga, termasuk Anda.")]
            ok = False
        return ok


@dataclass(frozen=True)
class CategoryAnswer(Schema):
    segmen: str  # mandiri, ppu or pbi
    kelas: str | None  # "1", "2" or "3"; only for mandiri members
    anggota: int | None  # people on the card, the applicant included; only for mandiri members


class CategoryQuestion(Question):
    """The class is asked of mandiri members only."""

    def read(self, form, situation):
        if form.segmen.data != MANDIRI:
            return CategoryAnswer(form.segmen.data, None, None)
        return CategoryAnswer(form.segmen.data, form.kelas.data, int(form.anggota.data))



def _segment(segment: str) -> str:
    return str(SEGMENTS_SHORT[segment])


def _count(members: int | None) -> str:
    return "" if members is None else str(members)


def _class(chosen: str | None) -> str:
    return str(CLASS_NAMES[chosen]) if chosen else ""


CATEGORY = CategoryQuestion(
    "kategori", CategoryForm, CategoryAnswer, title=_l("Kepesertaan Anda"), summary_title=_l("Kepesertaan"),
    fields=(Field("segmen", "segment", label=_l("Jenis peserta"), show=_segment),
            Field("kelas", "class", show=_class, cell=lambda chosen: chosen or ""),
            Field("anggota", "members", label=_l("Anggota keluarga di kartu"), show=_count, cell=_count)))


class ArrearsForm(StepForm):
    bulan = SelectField(
        _l("Bulan"),
        choices=[SelectChoice("", _l("Pilih bulan"))] + [SelectChoice(str(n), MONTHS[n]) for n in range(1, 13)],
        validators=[InputRequired(_l("Pilih bulan terakhir yang sudah Anda bayar."))],
    )
    tahun = StringField(_l("Tahun"), validators=[InputRequired(_l("Masukkan tahun, misalnya 2025."))],
                        render_kw={"inputmode": "numeric"})

    def validate_tahun(self, field):
        year = (field.data or "").strip()
        if not (year.isascii() and year.isdigit() and len(year) == 4):
            raise ValidationError(_("Tahun harus 4 angka, misalnya 2025."))
        now = today()
        if not self.bulan.errors and (int(year), int(self.bulan.data)) > (now.year, now.month):
            raise ValidationError(_("Bulan terakhir yang dibayar tidak boleh sesudah bulan ini."))
        if int(year) < 2014:
            raise ValidationError(_("JKN dimulai tahun 2014. Periksa lagi tahunnya."))


@dataclass(frozen=True)
class ArrearsAnswer(Schema):
    bulan: int  # the last month paid, 1-12
    tahun: int


class ArrearsQuestion(Question):
    """Month and year are one answer: the last month paid."""

    def read(self, form, situation):
        return ArrearsAnswer(int(form.bulan.data), int(form.tahun.data.strip()))

    def rows(self, answer, situation):
        return (Row(_("Bulan terakhir yang dibayar"), f"{MONTHS[answer.bulan]} {answer.tahun}"),)

    def export(self, answer, situation):
        return {"last_paid": f"{answer.tahun}-{answer.bulan:02d}"}


ARREARS = ArrearsQuestion("tunggakan", ArrearsForm, ArrearsAnswer, title=_l("Kapan terakhir Anda membayar iuran?"),
                          summary_title=_l("Pembayaran terakhir"), columns=("last_paid",))


def estimate(answers, figures, on: datetime.date) -> ReactivationEstimate | None:
    """The arrears estimate for a mandiri member, or None where it does not apply."""
    category, arrears = answers.get(CATEGORY), answers.get(ARREARS)
    if category is None or arrears is None or category.segmen != MANDIRI or category.kelas is None:
        return None
    months = months_in_arrears(arrears.tahun, arrears.bulan, on)
    return reactivation_estimate(
        months, figures[CLASS_FEES[category.kelas]].value, category.anggota,
        max_months=figures["reaktivasi.tunggakan_maksimal"].value,
        rehab_min=figures["reaktivasi.rehab_minimal"].value,
        rehab_max=figures["reaktivasi.rehab_maksimal"].value,
    )
