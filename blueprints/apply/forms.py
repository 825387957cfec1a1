"""One WTForms class per question page of the application, plus resume and status.

Every field is checked on the server when the person presses "Lanjutkan";
templates add `novalidate` and no `required`, as GOV.UK does. Messages say
what to fix, in plain Indonesian.
"""
import datetime
from zoneinfo import ZoneInfo

from babel.dates import get_month_names
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp, StopValidation

from blueprints.apply import flow, regions
from blueprints.apply.contact import check_email, check_mobile
from blueprints.apply.identity import (
    CheckError, check_account, check_birth_date, check_card_number, check_kk, check_nik, nik_mismatch,
)

MONTHS = get_month_names("wide", locale="id")
CONSENT_TEXT = (
    "Saya setuju JKN Mudah menyimpan data dalam permohonan ini (identitas anggota keluarga, nomor kartu, "
    "kontak, rekening, dan foto dokumen) "
    "untuk meneruskan permohonan saya ke BPJS Kesehatan dan memberi kabar tentang statusnya. "
    "Permohonan yang belum dikirim dihapus {days} hari setelah terakhir diubah. "
    "Saya boleh meminta salinan, perbaikan, atau penghapusan data kapan saja."
)


def checked(check):
    """A WTForms validator from one of the domain's check functions."""
    def validator(form, field):
        try:
            check(field.data)
        except CheckError as error:
            raise StopValidation(error.message)
    return validator


def today() -> datetime.date:
    """Today in Indonesia (WIB), where the person is, whatever the server's clock zone."""
    return datetime.datetime.now(ZoneInfo("Asia/Jakarta")).date()


class Form(FlaskForm):
    """A form whose stale or missing CSRF token is explained in Indonesian, answers kept."""

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if "csrf_token" in self._fields and self.csrf_token.errors:
            self.csrf_token.errors = [str(_l(
                "Halaman ini terlalu lama terbuka atau sesi Anda sudah berakhir. Isian Anda masih ada: "
                "periksa lalu tekan tombolnya sekali lagi."))]
        return ok


class StepForm(Form):
    """A question page: its answer is the submitted fields, as typed."""

    title = ""
    checked_inline: tuple[str, ...] = ()  # fields htmx checks as soon as they change

    def answer(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}


def birth_date_fields():
    """GOV.UK's date of birth: three boxes, declared where they appear on the page."""
    return (
        StringField(_l("Tanggal"), render_kw={"autocomplete": "bday-day", "inputmode": "numeric"}),
        StringField(_l("Bulan"), render_kw={"autocomplete": "bday-month", "inputmode": "numeric"}),
        StringField(_l("Tahun"), render_kw={"autocomplete": "bday-year", "inputmode": "numeric"}),
    )


class BirthDate:
    """Checks the three date boxes as one answer, its message on the first box."""

    def birth_date(self) -> datetime.date | None:
        try:
            return check_birth_date(self.lahir_hari.data, self.lahir_bulan.data, self.lahir_tahun.data, today())
        except CheckError as error:
            self.lahir_hari.errors = [*self.lahir_hari.errors, error.message]
            return None


class PathForm(StepForm):
    title = _l("Apa yang ingin Anda lakukan?")
    jalur = RadioField(
        _l("Apa yang ingin Anda lakukan?"),
        choices=[SelectChoice(flow.NEW, _l("Mendaftar sebagai peserta mandiri baru, bersama keluarga di KK")),
                 SelectChoice(flow.REACTIVATE, _l("Mengaktifkan kembali kepesertaan mandiri yang menunggak"))],
        validators=[InputRequired(_l("Pilih yang ingin Anda lakukan."))],
    )


class FamilyCardForm(StepForm):
    title = _l("Nomor Kartu Keluarga (KK)")
    nomor_kk = StringField(_l("Nomor KK"), validators=[checked(check_kk)],
                           description=_l("16 angka di bagian atas Kartu Keluarga. Boleh ditulis dengan spasi."),
                           render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-16"})
    checked_inline = ("nomor_kk",)


RELATIONSHIPS = ["Kepala keluarga", "Istri", "Suami", "Anak", "Orang tua", "Mertua", "Famili lain"]


class MemberForm(BirthDate, StepForm):
    """One person on the KK (GOV.UK's add-another pattern adds them one at a time)."""

    title = _l("Anggota keluarga di KK")
    nama = StringField(_l("Nama lengkap"), description=_l("Sesuai KTP atau KK, termasuk gelar bila ada."),
                       validators=[InputRequired(_l("Masukkan nama lengkap sesuai KTP atau KK.")),
                                   Length(max=100, message=_l("Nama paling banyak 100 huruf."))],
                       render_kw={"autocomplete": "off", "spellcheck": "false"})
    nik = StringField(_l("NIK"), validators=[checked(check_nik)],
                      description=_l("16 angka di KTP atau KK. Boleh ditulis dengan spasi."),
                      render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-16"})
    lahir_hari, lahir_bulan, lahir_tahun = birth_date_fields()
    jenis_kelamin = RadioField(_l("Jenis kelamin"), choices=[SelectChoice("L", _l("Laki-laki")),
                                                             SelectChoice("P", _l("Perempuan"))],
                               validators=[InputRequired(_l("Pilih jenis kelamin."))])
    hubungan = SelectField(_l("Hubungan dalam keluarga"),
                           choices=[SelectChoice("", _l("Pilih"))] + [SelectChoice(r, r) for r in RELATIONSHIPS],
                           validators=[InputRequired(_l("Pilih hubungan dalam keluarga, sesuai KK."))])
    nik_berbeda = BooleanField(_l("Ya, data di NIK memang berbeda, dan yang saya isi sudah benar"))
    checked_inline = ("nik",)

    def __init__(self, *args, other_niks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.other_niks = set(other_niks)

    def is_blank(self) -> bool:
        return not any((f.data or "").strip() for name, f in self._fields.items()
                       if name not in ("csrf_token", "nik_berbeda") and isinstance(f.data, str))

    def validate(self, extra_validators=None):
        fields_ok = super().validate(extra_validators)
        born = self.birth_date()
        if not fields_ok or born is None:
            return False
        nik = check_nik(self.nik.data)
        if nik in self.other_niks:
            self.nik.errors = [str(_l("NIK ini sudah ada di daftar anggota keluarga. Setiap orang punya NIK sendiri."))]
            return False
        if nik_mismatch(nik, born, female=self.jenis_kelamin.data == "P") and not self.nik_berbeda.data:
            self.nik_berbeda.errors = [str(_l(
                "NIK ini menunjukkan tanggal lahir atau jenis kelamin yang berbeda dengan yang Anda isi. Ini bisa "
                "terjadi dan NIK tetap sah. Periksa lagi; jika sudah benar, centang kotak ini lalu kirim lagi."))]
            return False
        return True

    def answer(self) -> dict:
        return super().answer() | {"nik": check_nik(self.nik.data)}


class DomicileForm(StepForm):
    title = _l("Tempat tinggal Anda sekarang")
    provinsi = SelectField(_l("Provinsi"), validators=[InputRequired(_l("Pilih provinsi."))])
    kabkota = SelectField(_l("Kabupaten atau kota"), validate_choice=False,
                          description=_l("Pilih provinsi dulu. Tanpa JavaScript, tekan Lanjutkan untuk memunculkan daftarnya."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.provinsi.choices = [SelectChoice("", _l("Pilih provinsi"))] + [
            SelectChoice(code, name) for code, name in regions.provinces()]
        self.kabkota.choices = [SelectChoice("", _l("Pilih kabupaten atau kota"))] + [
            SelectChoice(code, name) for code, name in regions.regencies(self.provinsi.data)]

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        regency = self.kabkota.data or ""
        if regions.regency_name(regency) is None or regency[:2] != self.provinsi.data:
            self.kabkota.errors = [str(_l("Pilih kabupaten atau kota di provinsi ini."))]
            return False
        return True


class FacilityForm(StepForm):
    title = _l("Pilih Faskes tingkat pertama")
    faskes = RadioField(_l("Faskes tingkat pertama"), validate_choice=False,
                        validators=[InputRequired(_l("Pilih satu Faskes, atau pilih ‘Pilih nanti’."))])

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.faskes.choices = [SelectChoice(f.kode, f"{f.nama}, {f.alamat}") for f in choices] + [
            SelectChoice("nanti", _l("Pilih nanti, bersama petugas BPJS Kesehatan"))]
        self.known = {f.kode for f in choices} | {"nanti"}

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if ok and self.faskes.data not in self.known:
            self.faskes.errors = [str(_l("Pilih satu Faskes dari daftar."))]
            return False
        return ok


class ClassForm(StepForm):
    title = _l("Pilih kelas")
    kelas = RadioField(_l("Kelas perawatan"), validate_choice=True,
                       description=_l("Kelas menentukan ruang rawat inap, bukan mutu pengobatan. Pilih iuran yang "
                                      "sanggup Anda bayar setiap bulan."),
                       choices=[SelectChoice("1", "1"), SelectChoice("2", "2"), SelectChoice("3", "3")],
                       validators=[InputRequired(_l("Pilih kelas."))])


class BankForm(StepForm):
    title = _l("Rekening untuk autodebit iuran")
    bank = SelectField(_l("Bank"), validators=[InputRequired(_l("Pilih bank Anda."))])
    nomor_rekening = StringField(_l("Nomor rekening"), validators=[checked(check_account)],
                                 description=_l("Sesuai buku tabungan. Boleh ditulis dengan spasi atau tanda hubung."),
                                 render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-16"})
    nama_pemilik = StringField(_l("Nama pemilik rekening"),
                               validators=[InputRequired(_l("Masukkan nama pemilik rekening.")),
                                           Length(max=100, message=_l("Nama paling banyak 100 huruf."))],
                               description=_l("Sesuai buku tabungan. Boleh rekening anggota keluarga lain."))

    def __init__(self, *args, banks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bank.choices = [SelectChoice("", _l("Pilih bank"))] + [SelectChoice(b, b) for b in banks]


class CardForm(BirthDate, StepForm):
    title = _l("Kartu JKN dan identitas Anda")
    nomor_kartu = StringField(_l("Nomor kartu JKN"), validators=[checked(check_card_number)],
                              description=_l("13 angka di kartu JKN atau di Mobile JKN, misalnya 0001 2345 6789 0."),
                              render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-13"})
    nik = StringField(_l("NIK"), validators=[checked(check_nik)],
                      description=_l("16 angka di KTP Anda. Boleh ditulis dengan spasi."),
                      render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-16"})
    lahir_hari, lahir_bulan, lahir_tahun = birth_date_fields()
    checked_inline = ("nomor_kartu", "nik")
    nik_berbeda = BooleanField(_l("Ya, tanggal di NIK saya memang berbeda dengan tanggal lahir saya"))

    def validate(self, extra_validators=None):
        fields_ok = super().validate(extra_validators)
        born = self.birth_date()
        if not fields_ok or born is None:
            return False
        if nik_mismatch(check_nik(self.nik.data), born).birth_date and not self.nik_berbeda.data:
            self.nik_berbeda.errors = [str(_l(
                "Tanggal lahir di NIK Anda berbeda dengan tanggal lahir yang Anda isi. Ini bisa terjadi dan "
                "NIK Anda tetap sah. Periksa keduanya; jika sudah benar, centang kotak ini lalu tekan Lanjutkan."))]
            return False
        return True


class CategoryForm(StepForm):
    title = _l("Kepesertaan Anda")
    segmen = RadioField(
        _l("Anda terdaftar sebagai peserta apa?"),
        choices=[
            SelectChoice("mandiri", _l("Peserta mandiri (membayar iuran sendiri, PBPU atau BP)")),
            SelectChoice("ppu", _l("Pekerja yang didaftarkan kantor (PPU)")),
            SelectChoice("pbi", _l("Peserta yang iurannya dibayar pemerintah (PBI)")),
        ],
        validators=[InputRequired(_l("Pilih jenis kepesertaan Anda."))],
    )
    kelas = RadioField(
        _l("Kelas"),
        description=_l("Hanya untuk peserta mandiri. Kelasnya tertulis di kartu atau di Mobile JKN."),
        choices=[SelectChoice("1", _l("Kelas I")), SelectChoice("2", _l("Kelas II")), SelectChoice("3", _l("Kelas III"))],
        validators=[Optional()],
    )
    anggota = StringField(
        _l("Jumlah anggota keluarga di kartu ini"),
        description=_l("Semua orang yang terdaftar di kartu ini, termasuk Anda."),
        render_kw={"inputmode": "numeric", "class": "width-2"},
        validators=[InputRequired(_l("Masukkan jumlah anggota keluarga, termasuk Anda.")),
                    Regexp(r"^\s*([1-9]|1[0-9]|20)\s*$", message=_l("Jumlah anggota keluarga berupa angka 1 sampai 20."))],
    )

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.segmen.data == "mandiri" and not self.kelas.data:
            self.kelas.errors = [*self.kelas.errors, str(_l("Pilih kelas Anda. Kelasnya tertulis di kartu atau di Mobile JKN."))]
            return False
        return ok


class ArrearsForm(StepForm):
    title = _l("Kapan terakhir Anda membayar iuran?")
    bulan = SelectField(
        _l("Bulan"),
        choices=[SelectChoice("", _l("Pilih bulan"))] + [SelectChoice(str(n), MONTHS[n]) for n in range(1, 13)],
        validators=[InputRequired(_l("Pilih bulan terakhir yang sudah Anda bayar."))],
    )
    tahun = StringField(_l("Tahun"), validators=[InputRequired(_l("Masukkan tahun, misalnya 2025."))],
                        render_kw={"inputmode": "numeric"})

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        year = (self.tahun.data or "").strip()
        if not (year.isascii() and year.isdigit() and len(year) == 4):
            self.tahun.errors = [str(_l("Tahun harus 4 angka, misalnya 2025."))]
            return False
        now = today()
        if (int(year), int(self.bulan.data)) > (now.year, now.month):
            self.tahun.errors = [str(_l("Bulan terakhir yang dibayar tidak boleh sesudah bulan ini."))]
            return False
        if int(year) < 2014:
            self.tahun.errors = [str(_l("JKN dimulai tahun 2014. Periksa lagi tahunnya."))]
            return False
        return True


class ContactForm(StepForm):
    title = _l("Bagaimana kami menghubungi Anda?")
    ponsel = StringField(_l("Nomor HP"), validators=[checked(check_mobile)],
                         description=_l("Untuk kabar tentang permohonan Anda lewat SMS. "
                                        "Misalnya 0812 3456 7890 atau +62 812 3456 7890."),
                         render_kw={"inputmode": "tel", "autocomplete": "tel", "class": "width-16"})
    email = StringField(_l("Alamat email (opsional)"), validators=[Optional(), checked(check_email)],
                        description=_l("Untuk salinan permohonan dan kabar berikutnya, bila Anda punya email."),
                        render_kw={"inputmode": "email", "autocomplete": "email", "spellcheck": "false"})

    checked_inline = ("ponsel", "email")


class ConsentForm(StepForm):
    title = _l("Persetujuan penggunaan data")
    setuju = BooleanField(_l("Saya setuju"), validators=[InputRequired(_l(
        "Centang kotak persetujuan agar kami bisa meneruskan permohonan Anda."))])

    @property
    def text(self) -> str:
        """The consent in words, stored with the application as what the person agreed to."""
        return CONSENT_TEXT.format(days=current_app.config["DRAFT_LIFETIME_DAYS"])

    def answer(self) -> dict:
        return {"setuju": True, "teks": self.text, "waktu": datetime.datetime.now(datetime.timezone.utc).isoformat()}


class SubmitForm(Form):
    """Only the CSRF token: the answers are already saved."""


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
    kode = code_field(_l("Kode lanjutkan"), _l("Masukkan kode lanjutkan 8 huruf dan angka."))
    lahir_hari, lahir_bulan, lahir_tahun = birth_date_fields()


class StatusForm(LookupForm):
    referensi = code_field(_l("Nomor referensi"), _l("Masukkan nomor referensi 8 huruf dan angka."))
    lahir_hari, lahir_bulan, lahir_tahun = birth_date_fields()


class DocumentsForm(StepForm):
    """Three photos; each is processed on its own, so one bad file loses none of the others."""

    title = _l("Foto dokumen")
    ktp = FileField(_l("Foto KTP"), render_kw={"accept": "image/*"})
    kk = FileField(_l("Foto Kartu Keluarga"), render_kw={"accept": "image/*"})
    # The selfie opens the front camera; the cards leave the choice of camera or
    # gallery to the phone, since many people photographed them already.
    swafoto = FileField(_l("Swafoto (foto diri Anda)"), render_kw={"accept": "image/*", "capture": "user"})


STEP_FORMS = {
    flow.CHOOSE: PathForm,
    "kk": FamilyCardForm,
    "keluarga": MemberForm,
    "domisili": DomicileForm,
    "faskes": FacilityForm,
    "kelas": ClassForm,
    "rekening": BankForm,
    "dokumen": DocumentsForm,
    "kartu": CardForm,
    "kategori": CategoryForm,
    "tunggakan": ArrearsForm,
    "kontak": ContactForm,
    "persetujuan": ConsentForm,
}
