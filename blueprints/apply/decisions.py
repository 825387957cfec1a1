"""What an officer may decide about an application, and in which order (pure: no database;
blueprints/apply/actions.py makes the moves, and /status shows what came with them).

An application moves forward: received, then being verified, then waiting for payment or
active, or rejected at any point before it is done. While verifying, an officer may ask for a
fix: the application goes back to the applicant with the steps to fix and what is wrong with
each, and comes back to "being verified" when they send the fix (the fix loop).
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from blueprints.apply.checks import CheckError
from blueprints.apply.identity import digits

NEXT = {
    "diterima": ("diverifikasi", "ditolak"),
    "diverifikasi": ("perbaikan", "menunggu_pembayaran", "aktif", "ditolak"),
    "perbaikan": ("diverifikasi", "ditolak"),
    "menunggu_pembayaran": ("aktif", "ditolak"),
    "aktif": (),
    "ditolak": (),
}
ACTIONS = {  # the button that moves an application to each status
    "diverifikasi": _l("Mulai verifikasi"),
    "perbaikan": _l("Minta perbaikan"),
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
def action_label(current: str, to: str):
    """The button's words: going back to verifying while a fix is awaited means not waiting for it."""
    if current == "perbaikan" and to == "diverifikasi":
        return _l("Lanjutkan verifikasi tanpa menunggu perbaikan")
    return ACTIONS[to]


# The question pages an officer may send back for a fix, in the order of their path. Not the
# choice of path, the category (a wrong one is a rejection: the case is handled elsewhere), nor
# the consent, which is the applicant's own act.
FIXABLE = {
    "baru": ("kk", "keluarga", "domisili", "faskes", "kelas", "kontak", "rekening", "dokumen"),
    "reaktivasi": ("kartu", "tunggakan", "kontak"),
}
# A step whose choices come from another: reopened with it (the facilities are those of the regency).
FOLLOWS = {"faskes": "domisili"}
NOTE_LENGTH = 500
VA_PREFIXES = ("88888", "89888")  # BPJS Kesehatan's virtual accounts (figures: pembayaran.va_awalan*)


@dataclass(frozen=True)
class Decision:
    """What comes with a status: the virtual account and amount to pay, or why it was rejected."""

    va: str = ""
    amount: int = 0
    reason: str = ""
    note: str = ""
    fixes: dict[str, str] = field(default_factory=dict)  # step -> what is wrong with it, for a fix


def fixes_from(path: str, picked: list[str], notes: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The fixes an officer asks for, in the path's order, and the message for each step picked
    without saying what is wrong (a note written means its step is picked, ticked or not). A
    step that follows another (FOLLOWS) opens with it, so a new address can get its own Faskes."""
    fixes, missing = {}, {}
    for step in FIXABLE.get(path, ()):
        note = (notes.get(step) or "").strip()
        if note:
            fixes[step] = note
        elif step in picked:
            missing[step] = _("Tulis apa yang perlu diperbaiki di langkah ini.")
        elif step in FOLLOWS and FOLLOWS[step] in fixes:
            fixes[step] = _("Periksa lagi pilihan ini bila tempat tinggal Anda berubah.")
    return fixes, missing


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


def va_groups(number: str) -> str:
    """A virtual account as people read it off a screen: 8888 8012 3456 7890."""
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


def check_amount(typed: str | None) -> int:
    """An amount in rupiah as people write it ("Rp2.205.000", "2205000"); CheckError if it is none."""
    number = digits((typed or "").replace("Rp", "").replace("rp", "").replace(",", ""))
    if not (number.isascii() and number.isdigit()) or int(number) <= 0:
        raise CheckError(_("Tulis jumlah yang harus dibayar dalam rupiah, misalnya 2.205.000."))
    return int(number)
