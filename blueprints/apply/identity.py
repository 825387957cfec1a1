# Indonesian identity numbers as people type them: with spaces, dashes or dots
# between groups. Each check returns the bare digits or raises CheckError with
# one plain-Indonesian message that says what to fix, because "NIK tidak valid"
# alone leaves people guessing which of 16 digits is wrong.
#
# A NIK carries its holder's birth date (women: day + 40). Dukcapil confirms
# that some real NIKs disagree with the real birth date and cannot be changed,
# so a disagreement is a warning the person can confirm, never a refusal.
import datetime
import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from stdnum import numdb
from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik

from blueprints.apply.checks import CheckError

SEPARATORS = re.compile(r"[\s.\-]")
ASCII_DIGITS = re.compile(r"[0-9]+")


def digits(value: str | None) -> str:
    """The value without the spaces, dashes and dots people type between groups; full-width
    digits from some phone keyboards (NFKC) become the ordinary ones."""
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", value or ""))


INVISIBLE = ("Cc", "Cf")  # control characters (NUL, escape codes) and format ones (bidi overrides, zero-width)


def check_name(value: str | None) -> str:
    """A person's name as it should be stored: trimmed, in one Unicode form (NFC), without
    characters that cannot be seen or printed; raise CheckError when it has some."""
    name = unicodedata.normalize("NFC", value or "").strip()
    if any(unicodedata.category(character) in INVISIBLE for character in name):
        raise CheckError(_("Nama ini berisi tanda yang tidak terlihat atau tidak bisa dicetak, biasanya karena "
                           "disalin dari tempat lain. Ketik ulang namanya."))
    return name


@dataclass(frozen=True)
class DigitsMessages:
    """What to say for an identifier left empty, with letters in it, or of the wrong length
    (whole sentences, so each translates as a whole; the last takes %(length)d and %(typed)d)."""

    empty: str
    letters: str
    length: str


def _exact_digits(value: str | None, length: int, say: DigitsMessages) -> str:
    number = digits(value)
    if not number:
        raise CheckError(say.empty)
    if not ASCII_DIGITS.fullmatch(number):
        raise CheckError(say.letters)
    if len(number) != length:
        raise CheckError(say.length % {"length": length, "typed": len(number)})
    return number


def region_name(code: str) -> str | None:
    """Province and regency/city for the first four digits of a NIK or KK number."""
    parts = numdb.get("id/loc").info(code[:4])
    if len(parts) < 2 or not parts[0][1] or not parts[1][1]:
        return None
    return f"{parts[1][1]['name_id'].title()}, {parts[0][1]['name_id']}"


def _date_part(number: str) -> tuple[int, int, int]:
    """Day (without the +40 for women), month and two-digit year at digits 7–12."""
    return int(number[6:8]) % 40, int(number[8:10]), int(number[10:12])


def _valid_date(day: int, month: int, year2: int) -> bool:
    for century in (2000, 1900):
        try:
            datetime.date(century + year2, month, day)
            return True
        except ValueError:
            continue
    return False


def _region_and_date(number: str, day: int, region_message: str, date_message: str) -> None:
    """Digits 1-4 must name a regency or city we know, digits 7-12 a date (day given apart,
    since a NIK adds 40 to a woman's)."""
    if region_name(number) is None:
        raise CheckError(region_message)
    if not _valid_date(day, int(number[8:10]), int(number[10:12])):
        raise CheckError(date_message)


def check_nik(value: str | None) -> str:
    """Return the 16 digits of a plausible NIK, or raise CheckError saying what is wrong."""
    number = _exact_digits(value, 16, DigitsMessages(
        _("Masukkan NIK."), _("NIK hanya berisi angka. Hapus huruf atau tanda lain."),
        _("NIK harus %(length)d angka; yang Anda masukkan %(typed)d angka.")))
    _region_and_date(number, _date_part(number)[0],
                     _("Empat angka pertama NIK bukan kode provinsi dan kabupaten/kota yang kami kenal. "
                       "Cocokkan lagi dengan KTP Anda."),
                     _("Angka ke-7 sampai ke-12 NIK harus tanggal lahir (tanggal, bulan, tahun). "
                       "Cocokkan lagi dengan KTP Anda."))
    try:
        return stdnum_nik.validate(number)  # the library's own checks, on top of ours
    except ValidationError:
        raise CheckError(_("NIK ini tidak mungkin benar. Cocokkan lagi angkanya dengan KTP Anda.")) from None


def check_kk(value: str | None) -> str:
    """Return the 16 digits of a plausible KK number, or raise CheckError."""
    number = _exact_digits(value, 16, DigitsMessages(
        _("Masukkan nomor KK."), _("Nomor KK hanya berisi angka. Hapus huruf atau tanda lain."),
        _("Nomor KK harus %(length)d angka; yang Anda masukkan %(typed)d angka.")))
    _region_and_date(number, int(number[6:8]),
                     _("Empat angka pertama nomor KK bukan kode provinsi dan kabupaten/kota yang kami kenal. "
                       "Cocokkan lagi dengan Kartu Keluarga Anda."),
                     _("Angka ke-7 sampai ke-12 nomor KK harus tanggal (tanggal, bulan, tahun). "
                       "Cocokkan lagi dengan Kartu Keluarga Anda."))
    return number


def check_card_number(value: str | None) -> str:
    """Return the 13 digits of a JKN card number, or raise CheckError."""
    return _exact_digits(value, 13, DigitsMessages(
        _("Masukkan nomor kartu JKN."), _("Nomor kartu JKN hanya berisi angka. Hapus huruf atau tanda lain."),
        _("Nomor kartu JKN harus %(length)d angka; yang Anda masukkan %(typed)d angka.")))


@dataclass(frozen=True)
class Mismatch:
    """Where a NIK disagrees with what the person entered: a warning to confirm."""

    birth_date: bool
    sex: bool

    def __bool__(self):
        return self.birth_date or self.sex


def nik_mismatch(nik: str, birth_date: datetime.date, female: bool | None = None) -> Mismatch:
    """Compare the birth date (and sex, when given) encoded in a checked NIK with the ones entered."""
    day, month, year2 = _date_part(nik)
    encoded_female = int(nik[6:8]) > 40
    return Mismatch(
        birth_date=(day, month, year2) != (birth_date.day, birth_date.month, birth_date.year % 100),
        sex=female is not None and encoded_female != female,
    )


def check_birth_date(day: str | None, month: str | None, year: str | None,
                     today: datetime.date) -> datetime.date:
    """The date from three typed parts (GOV.UK's date input), or CheckError saying what to fix."""
    parts = [(p or "").strip() for p in (day, month, year)]
    if not any(parts):
        raise CheckError(_("Masukkan tanggal lahir."))
    names = (_("tanggal"), _("bulan"), _("tahun"))
    missing = [name for name, part in zip(names, parts, strict=True) if not part]
    if missing:
        raise CheckError(_("Tanggal lahir harus lengkap: isi juga %(parts)s.", parts=_(" dan ").join(missing)))
    if not all(ASCII_DIGITS.fullmatch(p) for p in parts):
        raise CheckError(_("Tanggal lahir hanya berisi angka, misalnya 17 8 1985."))
    if len(parts[2]) != 4:
        raise CheckError(_("Tahun lahir harus 4 angka, misalnya 1985."))
    try:
        born = datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except (ValueError, OverflowError):  # 31 February, or a day of 5000 digits
        raise CheckError(_("Tanggal lahir harus tanggal yang ada di kalender.")) from None
    if born > today:
        raise CheckError(_("Tanggal lahir harus sebelum hari ini."))
    if born.year < 1900:
        raise CheckError(_("Tahun lahir harus 1900 atau sesudahnya."))
    return born


def check_account(value: str | None) -> str:
    """Return the digits of a bank account number (6 to 20 of them), or raise CheckError."""
    number = digits(value)
    if not number:
        raise CheckError(_("Masukkan nomor rekening."))
    if not ASCII_DIGITS.fullmatch(number):
        raise CheckError(_("Nomor rekening hanya berisi angka. Hapus huruf atau tanda lain."))
    if not 6 <= len(number) <= 20:
        raise CheckError(_("Nomor rekening biasanya 6 sampai 20 angka; yang Anda masukkan %(typed)d angka.",
                           typed=len(number)))
    return number
