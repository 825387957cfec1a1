"""The family card: its number, then every person on it, one at a time (GOV.UK's add-another).

The first person is the applicant, whose date of birth unlocks resuming. Adding
a person and removing one are their own small endpoints (routes.add_member,
routes.remove_member); "Lanjutkan" with the add-another boxes left empty moves on.
"""
import datetime
from dataclasses import dataclass

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from blueprints.apply.forms import NikWithBirthDate, StepForm, birth_date_data, birth_date_fields, checked_by, clean
from blueprints.apply.identity import check_kk, check_name, nik_mismatch
from blueprints.apply.questions.base import Field, Question, Row, Saved, Schema
from blueprints.core.figures import format_value

NIK_HINT = _l("16 angka di KTP atau KK. Boleh ditulis dengan spasi.")


class FamilyCardForm(StepForm):
    nomor_kk = StringField(_l("Nomor KK"),
                           description=_l("16 angka di bagian atas Kartu Keluarga. Boleh ditulis dengan spasi."),
                           render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-16"})
    checked_inline = ("nomor_kk",)

    validate_nomor_kk = checked_by(check_kk)


@dataclass(frozen=True)
class FamilyCardAnswer(Schema):
    VERSION = 2
    nomor_kk: str  # 16 digits
    nomor_kk_diketik: str  # as typed


FAMILY_CARD = Question("kk", FamilyCardForm, FamilyCardAnswer, title=_l("Nomor Kartu Keluarga (KK)"),
                       summary_title=_l("Kartu Keluarga"),
                       fields=(Field("nomor_kk", "kk", typed=True),))


RELATIONSHIPS = ["Kepala keluarga", "Istri", "Suami", "Anak", "Orang tua", "Mertua", "Famili lain"]
SEXES = {"L": _l("Laki-laki"), "P": _l("Perempuan")}


class MemberForm(NikWithBirthDate, StepForm):
    """One person on the KK."""

    nama = StringField(_l("Nama lengkap"), description=_l("Sesuai KTP atau KK, termasuk gelar bila ada."),
                       filters=[clean],
                       validators=[DataRequired(_l("Masukkan nama lengkap sesuai KTP atau KK.")),
                                   Length(max=100, message=_l("Nama paling banyak 100 huruf."))],
                       render_kw={"autocomplete": "off", "spellcheck": "false"})
    nik = StringField(_l("NIK"), description=NIK_HINT,
                      render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "width-16"})
    lahir_hari, lahir_bulan, lahir_tahun = birth_date_fields()
    jenis_kelamin = RadioField(_l("Jenis kelamin"), choices=[SelectChoice(k, v) for k, v in SEXES.items()],
                               validators=[InputRequired(_l("Pilih jenis kelamin."))])
    hubungan = SelectField(_l("Hubungan dalam keluarga"),
                           choices=[SelectChoice("", _l("Pilih"))] + [SelectChoice(r, r) for r in RELATIONSHIPS],
                           validators=[InputRequired(_l("Pilih hubungan dalam keluarga, sesuai KK."))])
    nik_berbeda = BooleanField(_l("Ya, data di NIK memang berbeda, dan yang saya isi sudah benar"))
    checked_inline = ("nik",)

    def __init__(self, *args, other_niks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.other_niks = set(other_niks)


    validate_nama = checked_by(check_name)

    def is_blank(self) -> bool:
        """No name and no NIK: a stray tap on a radio button or the list is not a person."""
        return not (self.nama.data or "").strip() and not (self.nik.data or "").strip()

    def differs(self, nik, born):
        mismatch = nik_mismatch(nik, born, female=self.jenis_kelamin.data == "P")
        if mismatch.birth_date and mismatch.sex:
            part = _("Tanggal lahir dan jenis kelamin di NIK ini berbeda dengan yang Anda isi.")
        elif mismatch.birth_date:
            part = _("Tanggal lahir di NIK ini berbeda dengan tanggal lahir yang Anda isi.")
        elif mismatch.sex:
            part = _("NIK ini menunjukkan jenis kelamin yang lain dari yang Anda pilih (pada NIK perempuan, tanggalnya "
                     "ditambah 40).")
        else:
            return ""
        return part + " " + _("Ini bisa terjadi dan NIK tetap sah. Periksa lagi; jika sudah benar, centang kotak ini, "
                              "lalu tekan lagi tombol yang tadi Anda tekan.")

    def nik_is_new(self, nik):
        if nik in self.other_niks:
            self.nik.errors = [_("NIK ini sudah ada di daftar anggota keluarga. Setiap orang punya NIK sendiri.")]
            return False
        return True


@dataclass(frozen=True)
class Member(Schema):
    """One person, stored inside FamilyAnswer (whose version covers it)."""

    nama: str
    nik: str  # 16 digits
    nik_diketik: str  # as typed
    lahir: datetime.date
    jenis_kelamin: str  # L or P
    hubungan: str
    nik_berbeda: bool  # the person confirmed that the NIK's date or sex differs, as some real NIKs do


@dataclass(frozen=True)
class FamilyAnswer(Schema):
    VERSION = 2
    anggota: tuple[Member, ...]  # the applicant first


class FamilyQuestion(Question):
    """A list of people: each is shown on a row of their own and the export has them all."""

    def people(self, situation) -> tuple[Member, ...]:
        family = situation.answers.get(self)
        return family.anggota if family else ()

    def form_options(self, situation):
        return {"other_niks": [person.nik for person in self.people(situation)]}

    def fill(self, answer):
        return {}  # the page's boxes are for the next person; those added are listed above them

    def page_context(self, situation):
        return {"people": self.people(situation)}

    def is_answered(self, answer):
        return bool(answer.anggota)

    def member(self, form) -> Member:
        return Member(nama=form.nama.canonical, nik=form.nik.canonical, nik_diketik=form.nik.data,
                      lahir=form.birth_date(),
                      jenis_kelamin=form.jenis_kelamin.data, hubungan=form.hubungan.data,
                      nik_berbeda=bool(form.nik_berbeda.data))

    def add(self, form, situation) -> FamilyAnswer | None:
        """The family with the person on the form added, or None when the form has errors."""
        if not form.validate():
            return None
        return FamilyAnswer((*self.people(situation), self.member(form)))

    def person_form(self, situation, index: int) -> MemberForm:
        """The boxes for changing one person: filled with what they are now, their own NIK allowed."""
        people = self.people(situation)
        others = [person.nik for number, person in enumerate(people) if number != index]
        if request.method == "POST":
            return MemberForm(other_niks=others)
        person = people[index]
        return MemberForm(other_niks=others, data={
            "nama": person.nama, "nik": person.nik_diketik, "jenis_kelamin": person.jenis_kelamin,
            "hubungan": person.hubungan, "nik_berbeda": person.nik_berbeda, **birth_date_data(person.lahir)})

    def changed(self, form, situation, index: int) -> FamilyAnswer | None:
        """The family with one person replaced by the form's, or None when the form has errors."""
        if not form.validate():
            return None
        people = list(self.people(situation))
        people[index] = self.member(form)
        return FamilyAnswer(tuple(people))

    def save(self, form, situation):
        """"Lanjutkan": add the person typed in, or move on when the boxes are left empty."""
        if self.people(situation) and form.is_blank() and form.csrf_token.validate(form):
            return Saved(None, True)
        family = self.add(form, situation)
        return Saved(family, family is not None)

    def removable(self, situation, index: int) -> bool:
        """Anyone but the applicant (the first person), who can be changed but not removed."""
        return 0 < index < len(self.people(situation))

    def without(self, situation, index: int) -> FamilyAnswer:
        people = self.people(situation)
        return FamilyAnswer(people[:index] + people[index + 1:] if self.removable(situation, index) else people)

    def rows(self, answer, situation):
        return tuple(Row(_("Pemohon: %(name)s", name=person.nama) if number == 0 else person.nama,
                         _("NIK %(nik)s; %(details)s", nik=person.nik_diketik, details=_details(person)),
                         change_url=url_for("apply.change_member", index=number, ubah="1"))
                     for number, person in enumerate(answer.anggota))

    def export(self, answer, situation):
        return {"nik": answer.anggota[0].nik, "birth_date": answer.anggota[0].lahir.isoformat(),
                "members": str(len(answer.anggota)),
                "family": "; ".join(_export_person(person) for person in answer.anggota)}

    def niks(self, answer):
        return tuple(person.nik for person in answer.anggota)

    def birth_date(self, answer):
        return answer.anggota[0].lahir if answer.anggota else None


def _details(person: Member) -> str:
    parts = [person.hubungan, str(SEXES.get(person.jenis_kelamin, "")), format_value(person.lahir, "date")]
    if person.nik_berbeda:
        parts.append(_("data di NIK berbeda, sudah dipastikan"))
    return ", ".join(part for part in parts if part)


def _export_person(person: Member) -> str:
    confirmed = " | NIK berbeda, dipastikan" if person.nik_berbeda else ""
    return f"{person.nama} | {person.nik} | {person.lahir.isoformat()} | {person.jenis_kelamin} | {person.hubungan}" \
           f"{confirmed}"


FAMILY = FamilyQuestion("keluarga", MemberForm, FamilyAnswer, title=_l("Anggota keluarga di KK"),
                        summary_title=_l("Anggota keluarga"),
                        columns=("nik", "birth_date", "members", "family"),  # nik and birth_date: the applicant's
                        unseen={"anggota.nik": "shown as typed, from its twin"},
                        unexported={"anggota.nik_diketik": "the export has the checked form"})
