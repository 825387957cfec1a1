# What the check-answers page and the confirmation show: each answer in plain
# words, grouped by the step that asked it (so "Ubah" can return there), and the
# reactivation estimate. Pure functions of the answers and the figures file.
import datetime
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from blueprints.apply import regions
from blueprints.apply.forms import MONTHS
from blueprints.core.fees import ReactivationEstimate, months_in_arrears, reactivation_estimate
from blueprints.core.figures import format_value
from blueprints.core.redact import mask_email, mask_number

SEGMENTS = {
    "mandiri": _l("Peserta mandiri (PBPU/BP)"),
    "ppu": _l("Pekerja yang didaftarkan kantor (PPU)"),
    "pbi": _l("Peserta yang iurannya dibayar pemerintah (PBI)"),
}
CLASS_FEES = {"1": "iuran.kelas_1", "2": "iuran.kelas_2", "3": "iuran.kelas_3_peserta"}
CLASS_NAMES = {"1": _l("Kelas I"), "2": _l("Kelas II"), "3": _l("Kelas III")}


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Group:
    step: str
    title: str
    rows: tuple[Row, ...]


def _birth_date(answer: dict) -> str:
    try:
        born = datetime.date(int(answer["lahir_tahun"]), int(answer["lahir_bulan"]), int(answer["lahir_hari"]))
    except (KeyError, ValueError, TypeError):
        return ""
    return format_value(born, "date")


def groups(answers: dict, library=None) -> list[Group]:
    """Every answer, grouped by the step that asked it, in the order of the chosen path."""
    path = (answers.get("jalur") or {}).get("jalur")
    return new_registration_groups(answers, library) if path == "baru" else reactivation_groups(answers)


def _member_rows(person: dict, first: bool) -> tuple[Row, ...]:
    gender = {"L": _("Laki-laki"), "P": _("Perempuan")}.get(person.get("jenis_kelamin"), "")
    details = ", ".join(v for v in (person.get("hubungan", ""), gender, _birth_date(person)) if v)
    name = person.get("nama", "")
    return (Row(_("Pemohon: %(name)s", name=name) if first else name,
                _("NIK %(nik)s; %(details)s", nik=mask_number(person.get("nik", "")), details=details)),)


def new_registration_groups(answers: dict, library) -> list[Group]:
    people = (answers.get("keluarga") or {}).get("anggota", [])
    home = answers.get("domisili", {})
    chosen = (answers.get("faskes") or {}).get("faskes")
    facility = next((f for f in (library.faskes if library else []) if f.kode == chosen), None)
    bank = answers.get("rekening", {})
    photos = answers.get("dokumen", {})
    fee = monthly_fee(answers, library)
    return [
        Group("kk", _("Kartu Keluarga"), (Row(_("Nomor KK"), mask_number(answers.get("kk", {}).get("nomor_kk", ""))),)),
        Group("keluarga", _("Anggota keluarga"),
              tuple(row for i, p in enumerate(people) for row in _member_rows(p, i == 0))),
        Group("domisili", _("Tempat tinggal"), (
            Row(_("Provinsi"), regions.province_name(home.get("provinsi")) or ""),
            Row(_("Kabupaten atau kota"), regions.regency_name(home.get("kabkota")) or ""),
        )),
        Group("faskes", _("Faskes tingkat pertama"), (
            Row(_("Faskes"), facility.nama if facility else _("Dipilih nanti bersama petugas")),
        )),
        Group("kelas", _("Kelas"), (
            Row(_("Kelas"), CLASS_NAMES.get((answers.get("kelas") or {}).get("kelas") or "", "")),
            Row(_("Iuran per bulan"), _("%(fee)s untuk %(num)d orang", fee=format_value(fee, "rupiah"), num=len(people)) if fee else ""),
        )),
        Group("kontak", _("Kontak"), (
            *_contact_rows(answers.get("kontak", {})),
        )),
        Group("rekening", _("Rekening autodebit"), (
            Row(_("Bank"), bank.get("bank", "")),
            Row(_("Nomor rekening"), mask_number(bank.get("nomor_rekening", ""), start=0)),
            Row(_("Nama pemilik"), bank.get("nama_pemilik", "")),
        )),
        Group("dokumen", _("Foto dokumen"), (
            Row(_("Foto"), _("%(num)d dari 3 foto terunggah (KTP, KK, swafoto)", num=len(photos))),
        )),
    ]


def _contact_rows(contact: dict) -> tuple[Row, ...]:
    email = contact.get("email")
    return (Row(_("Nomor HP"), mask_number(contact.get("ponsel", ""))),
            Row(_("Email"), mask_email(email) if email else _("Tidak diisi")))


def monthly_fee(answers: dict, library) -> int | None:
    """The family's monthly contribution for the chosen class."""
    fee_name = CLASS_FEES.get((answers.get("kelas") or {}).get("kelas") or "")
    people = (answers.get("keluarga") or {}).get("anggota", [])
    if library is None or fee_name is None:
        return None
    return library.figures[fee_name].value * len(people)


def reactivation_groups(answers: dict) -> list[Group]:
    """The answers of the reactivation path, grouped by step, in order."""
    card = answers.get("kartu", {})
    category = answers.get("kategori", {})
    arrears = answers.get("tunggakan", {})
    result = [
        Group("kartu", _("Kartu dan identitas"), (
            Row(_("Nomor kartu JKN"), mask_number(card.get("nomor_kartu", ""))),
            Row(_("NIK"), mask_number(card.get("nik", ""))),
            Row(_("Tanggal lahir"), _birth_date(card)),
        )),
        Group("kategori", _("Kepesertaan"), tuple(r for r in (
            Row(_("Jenis peserta"), SEGMENTS.get(category.get("segmen"), "")),
            Row(_("Kelas"), CLASS_NAMES.get(category.get("kelas") or "", "")) if category.get("segmen") == "mandiri" else None,
            Row(_("Anggota keluarga di kartu"), str(category.get("anggota", ""))),
        ) if r)),
        Group("tunggakan", _("Pembayaran terakhir"), (
            Row(_("Bulan terakhir yang dibayar"), _last_paid(arrears)),
        )),
        Group("kontak", _("Kontak"), (
            *_contact_rows(answers.get("kontak", {})),
        )),
    ]
    return result


def _last_paid(arrears: dict) -> str:
    try:
        return f"{MONTHS[int(arrears['bulan'])]} {int(arrears['tahun'])}"
    except (KeyError, ValueError, TypeError):
        return ""


def estimate(answers: dict, figures: dict, today: datetime.date) -> ReactivationEstimate | None:
    """The arrears estimate for a mandiri member, or None where it does not apply."""
    category = answers.get("kategori", {})
    arrears = answers.get("tunggakan", {})
    fee_name = CLASS_FEES.get(category.get("kelas") or "")
    if category.get("segmen") != "mandiri" or fee_name is None or not arrears:
        return None
    months = months_in_arrears(int(arrears["tahun"]), int(arrears["bulan"]), today)
    return reactivation_estimate(
        months, figures[fee_name].value, int(category.get("anggota") or 1),
        max_months=figures["reaktivasi.tunggakan_maksimal"].value,
        rehab_min=figures["reaktivasi.rehab_minimal"].value,
        rehab_max=figures["reaktivasi.rehab_maksimal"].value,
    )
