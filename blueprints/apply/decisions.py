"""What an officer may decide about an application, and in which order (pure: no database;
the desk makes the moves, blueprints/desk/actions.py, and /status shows what came with them).

An application moves forward only: received, then being verified, then waiting for payment
or active, or rejected at any point before it is done. "Needs a fix" comes with the fix loop
(issue 12's next part); until then nothing here sends an application back to the applicant.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from blueprints.apply.checks import CheckError
from blueprints.apply.identity import digits

NEXT = {
    "diterima": ("diverifikasi", "ditolak"),
    "diverifikasi": ("menunggu_pembayaran", "aktif", "ditolak"),
    "perbaikan": ("diverifikasi", "ditolak"),
    "menunggu_pembayaran": ("aktif", "ditolak"),
    "aktif": (),
    "ditolak": (),
}
ACTIONS = {  # the button that moves an application to each status
    "diverifikasi": _l("Mulai verifikasi"),
    "menunggu_pembayaran": _l("Tandai menunggu pembayaran"),
    "aktif": _l("Tandai aktif"),
    "ditolak": _l("Tolak permohonan"),
}
REJECTIONS = {
    "sudah_terdaftar": _l("Sudah terdaftar sebagai peserta JKN"),
    "data_tidak_cocok": _l("Data tidak cocok dengan data kependudukan (Dukcapil)"),
    "dokumen_tidak_terbaca": _l("Foto dokumen tidak terbaca atau tidak sesuai"),
    "bukan_mandiri": _l("Bukan peserta mandiri: diurus lewat kantor atau Dinas Sosial"),
    "lainnya": _l("Alasan lain (tulis di bawah)"),
}
VA_PREFIXES = ("88888", "89888")  # BPJS Kesehatan's virtual accounts (figures: pembayaran.va_awalan*)


@dataclass(frozen=True)
class Decision:
    """What comes with a status: the virtual account and amount to pay, or why it was rejected."""

    va: str = ""
    amount: int = 0
    reason: str = ""
    note: str = ""


def can_move(current: str, to: str) -> bool:
    return to in NEXT.get(current, ())


def check_va(typed: str | None, card: str | None = None) -> str:
    """A BPJS Kesehatan virtual account: 88888 or 89888 and 11 more digits (the last 11 of the card
    number, when the card is known). Return its digits or raise CheckError."""
    number = digits(typed)
    if not (number.isascii() and number.isdigit() and len(number) == 16 and number.startswith(VA_PREFIXES)):
        raise CheckError(_("Nomor virtual account BPJS Kesehatan 16 angka, diawali 88888 atau 89888."))
    if card and number[5:] != card[-11:]:
        raise CheckError(_("Nomor virtual account harus diakhiri 11 angka terakhir nomor kartu JKN peserta (%(end)s).",
                           end=card[-11:]))
    return number


def check_amount(typed: str | None) -> int:
    """An amount in rupiah as people write it ("Rp2.205.000", "2205000"); CheckError if it is none."""
    number = digits((typed or "").replace("Rp", "").replace("rp", "").replace(",", ""))
    if not (number.isascii() and number.isdigit()) or int(number) <= 0:
        raise CheckError(_("Tulis jumlah yang harus dibayar dalam rupiah, misalnya 2.205.000."))
    return int(number)
