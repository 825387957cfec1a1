# What the check-answers page and the confirmation show: each answer in plain
# words, grouped by the step that asked it (so "Ubah" can return there), and the
# reactivation estimate. Pure functions of the answers and the figures file.
import datetime
from dataclasses import dataclass

from blueprints.apply.forms import MONTHS
from blueprints.core.fees import ReactivationEstimate, months_in_arrears, reactivation_estimate
from blueprints.core.figures import format_value

SEGMENTS = {
    "mandiri": "Peserta mandiri (PBPU/BP)",
    "ppu": "Pekerja yang didaftarkan kantor (PPU)",
    "pbi": "Peserta yang iurannya dibayar pemerintah (PBI)",
}
CLASS_FEES = {"1": "iuran.kelas_1", "2": "iuran.kelas_2", "3": "iuran.kelas_3_peserta"}
CLASS_NAMES = {"1": "Kelas I", "2": "Kelas II", "3": "Kelas III"}


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


def groups(answers: dict) -> list[Group]:
    """The answers of the reactivation path, grouped by step, in order."""
    card = answers.get("kartu", {})
    category = answers.get("kategori", {})
    arrears = answers.get("tunggakan", {})
    contact = answers.get("kontak", {})
    result = [
        Group("kartu", "Kartu dan identitas", (
            Row("Nomor kartu JKN", card.get("nomor_kartu", "")),
            Row("NIK", card.get("nik", "")),
            Row("Tanggal lahir", _birth_date(card)),
        )),
        Group("kategori", "Kepesertaan", tuple(r for r in (
            Row("Jenis peserta", SEGMENTS.get(category.get("segmen"), "")),
            Row("Kelas", CLASS_NAMES.get(category.get("kelas") or "", "")) if category.get("segmen") == "mandiri" else None,
            Row("Anggota keluarga di kartu", str(category.get("anggota", ""))),
        ) if r)),
        Group("tunggakan", "Pembayaran terakhir", (
            Row("Bulan terakhir yang dibayar", _last_paid(arrears)),
        )),
        Group("kontak", "Kontak", (
            Row("Nomor HP", contact.get("ponsel", "")),
            Row("Email", contact.get("email") or "Tidak diisi"),
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
