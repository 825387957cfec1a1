"""Where a new member's family lives, which first-level facility they use, which class they pay
for, and the bank account the contribution comes from."""
from dataclasses import dataclass

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation, ValidationError

from blueprints.apply import regions
from blueprints.apply.classes import CLASS_FEES, CLASS_NAMES
from blueprints.apply.faskes import in_regency
from blueprints.apply.forms import StepForm, checked_by, clean
from blueprints.apply.identity import check_account, check_name
from blueprints.apply.questions.base import Field, Question, Row, Saved, Schema
from blueprints.apply.questions.family import FAMILY
from blueprints.core.figures import format_value

LATER = "nanti"  # the facility is chosen later, with BPJS Kesehatan's officer


class DomicileForm(StepForm):
    provinsi = SelectField(_l("Provinsi"), validators=[InputRequired(_l("Pilih provinsi."))])
    kabkota = SelectField(_l("Kabupaten atau kota"), validate_choice=False, description=_l(
        "Daftarnya muncul setelah Anda memilih provinsi (bila tidak langsung muncul, tekan Lanjutkan)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.provinsi.choices = [SelectChoice("", _l("Pilih provinsi"))] + [
            SelectChoice(code, name) for code, name in regions.provinces()]
        self.kabkota.choices = [SelectChoice("", _l("Pilih kabupaten atau kota"))] + [
            SelectChoice(code, name) for code, name in regions.regencies(self.provinsi.data)]

    @property
    def province_name(self) -> str | None:
        """The province chosen, by name (None before one is chosen)."""
        return regions.province_name(self.provinsi.data or "")

    def validate_kabkota(self, field):
        if self.provinsi.errors:
            raise StopValidation()  # choosing the province comes first
        regency = field.data or ""
        if regions.regency_name(regency) is None or regency[:2] != self.provinsi.data:
            raise ValidationError(_("Pilih kabupaten atau kota di provinsi ini."))


@dataclass(frozen=True)
class DomicileAnswer(Schema):
    provinsi: str  # two-digit region code
    kabkota: str  # four-digit region code


def _province(code: str) -> str:
    return regions.province_name(code) or code


def _regency(code: str) -> str:
    return regions.regency_name(code) or code


class DomicileQuestion(Question):
    """Without JavaScript the regency list comes with the page after the province: a post with a
    province and no regency yet shows that list, and is not an error."""

    def save(self, form, situation):
        if not form.kabkota.data and form.provinsi.data and form.provinsi.validate(form):
            return Saved(None, False)
        return super().save(form, situation)


DOMICILE = DomicileQuestion(
    "domisili", DomicileForm, DomicileAnswer, title=_l("Tempat tinggal Anda sekarang"),
    summary_title=_l("Tempat tinggal"),
    fields=(Field("provinsi", "province", show=_province, cell=_province),
            Field("kabkota", "regency", show=_regency, cell=_regency)))


def regency_of(situation) -> str:
    home = situation.answers.get(DOMICILE)
    return home.kabkota if home else ""


class FacilityForm(StepForm):
    faskes = RadioField(_l("Faskes tingkat pertama"), validate_choice=False,
                        validators=[InputRequired(_l("Pilih satu Faskes, atau pilih ‘Pilih nanti’."))])

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.faskes.choices = [SelectChoice(f.kode, f"{f.nama}, {f.alamat}") for f in choices] + [
            SelectChoice(LATER, _l("Pilih nanti, bersama petugas BPJS Kesehatan"))]
        self.known = {f.kode for f in choices} | {LATER}

    def validate_faskes(self, field):
        if field.data not in self.known:
            raise ValidationError(_("Pilih satu Faskes dari daftar."))


@dataclass(frozen=True)
class FacilityAnswer(Schema):
    faskes: str  # a code from content/data/faskes.csv, or LATER


class FacilityQuestion(Question):
    """The choices are the facilities of the regency or city given on the domicile page."""

    def form_options(self, situation):
        return {"choices": in_regency(situation.library.faskes, regency_of(situation))}

    def page_context(self, situation):
        query = request.args.get("cari", "")[:60]
        regency = regency_of(situation)
        return {"query": query, "regency": regions.regency_name(regency),
                "shown": {f.kode for f in in_regency(situation.library.faskes, regency, query)}}

    def rows(self, answer, situation):
        facility = next((f for f in situation.library.faskes if f.kode == answer.faskes), None)
        return (Row(_("Faskes"), facility.nama if facility else _("Dipilih nanti bersama petugas")),)

    def export(self, answer, situation):
        return {"faskes": answer.faskes}


FACILITY = FacilityQuestion("faskes", FacilityForm, FacilityAnswer, title=_l("Pilih Faskes tingkat pertama"),
                            summary_title=_l("Faskes tingkat pertama"), columns=("faskes",))


class ClassForm(StepForm):
    kelas = RadioField(_l("Kelas perawatan"), validate_choice=True,
                       description=_l("Kelas menentukan ruang rawat inap, bukan mutu pengobatan. Pilih iuran yang "
                                      "sanggup Anda bayar setiap bulan."),
                       choices=[SelectChoice(k, k) for k in CLASS_FEES],
                       validators=[InputRequired(_l("Pilih kelas."))])


@dataclass(frozen=True)
class ClassAnswer(Schema):
    kelas: str  # "1", "2" or "3"


def monthly_fee(answers, figures) -> int | None:
    """The family's monthly contribution for the class chosen, or None before the choice."""
    chosen, family = answers.get(CLASS), answers.get(FAMILY)
    if chosen is None:
        return None
    return figures[CLASS_FEES[chosen.kelas]].value * (len(family.anggota) if family else 0)


class ClassQuestion(Question):
    """The page and the check page show what the class costs the whole family each month."""

    def page_context(self, situation):
        figures = situation.library.figures
        return {"fees": {k: figures[name].value for k, name in CLASS_FEES.items()},
                "people": len(FAMILY.people(situation))}

    def rows(self, answer, situation):
        fee = monthly_fee(situation.answers, situation.library.figures)
        people = len(FAMILY.people(situation))
        return (Row(_("Kelas"), str(CLASS_NAMES[answer.kelas])),
                Row(_("Iuran per bulan"),
                    _("%(fee)s untuk %(num)d orang", fee=format_value(fee, "rupiah"), num=people) if fee else ""))

    def export(self, answer, situation):
        return {"class": answer.kelas, "segment": "mandiri"}


CLASS = ClassQuestion("kelas", ClassForm, ClassAnswer, title=_l("Pilih kelas"), summary_title=_l("Kelas"),
                      columns=("class", "segment"))  # a new registration here is always mandiri (PBPU)


class BankForm(StepForm):
    bank = SelectField(_l("Bank"), validators=[InputRequired(_l("Pilih bank Anda."))])
    nomor_rekening = StringField(_l("Nomor rekening"),
                                 description=_l("Sesuai buku tabungan. Boleh ditulis dengan spasi atau tanda hubung."),
                                 render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-16"})
    nama_pemilik = StringField(_l("Nama pemilik rekening"), filters=[clean],
                               validators=[DataRequired(_l("Masukkan nama pemilik rekening.")),
                                           Length(max=100, message=_l("Nama paling banyak 100 huruf."))],
                               description=_l("Sesuai buku tabungan. Boleh rekening anggota keluarga lain."))

    def __init__(self, *args, banks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bank.choices = [SelectChoice("", _l("Pilih bank"))] + [SelectChoice(b, b) for b in banks]

    validate_nama_pemilik = checked_by(check_name)
    validate_nomor_rekening = checked_by(check_account)


@dataclass(frozen=True)
class BankAnswer(Schema):
    VERSION = 2
    bank: str
    nomor_rekening: str  # digits
    nomor_rekening_diketik: str  # as typed
    nama_pemilik: str


class BankQuestion(Question):
    """The banks to choose from are the content library's."""

    def form_options(self, situation):
        return {"banks": situation.library.banks}


BANK = BankQuestion("rekening", BankForm, BankAnswer, title=_l("Rekening untuk autodebet iuran"),
                    summary_title=_l("Rekening autodebet"),
                    fields=(Field("bank", "bank"),
                            Field("nomor_rekening", "account", typed=True),
                            Field("nama_pemilik", "account_holder", label=_l("Nama pemilik"))))
