# Contact details as people type them. A mobile number is accepted in +62 or 08
# form with spaces and dashes, and shown back exactly as typed; what we keep for
# sending messages is its international form. Email addresses are checked for
# shape only: looking up the domain would need the network and fail offline.
import re
import unicodedata

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from blueprints.apply.checks import CheckError

NOT_A_PHONE = re.compile(r"[^0-9+\s\-().]")
MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def check_mobile(typed: str | None) -> str:
    """Return the number in +62 form, or raise CheckError saying what to fix."""
    text = unicodedata.normalize("NFKC", typed or "").strip()
    if not text:
        raise CheckError(_("Masukkan nomor HP."))
    if NOT_A_PHONE.search(text):  # phonenumbers would read letters as keypad digits ("789O" as 7896)
        raise CheckError(_("Nomor HP hanya berisi angka, misalnya 0812 3456 7890 atau +62 812 3456 7890. "
                           "Periksa huruf O atau l yang mungkin terketik sebagai angka."))
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise CheckError(_("Nomor HP hanya berisi angka, misalnya 0812 3456 7890 atau +62 812 3456 7890.")) from None
    if number.country_code != 62:
        raise CheckError(_("Masukkan nomor HP Indonesia, diawali 08 atau +62."))
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in MOBILE:
        raise CheckError(_("Nomor ini bukan nomor HP yang bisa menerima SMS. Periksa lagi angkanya, "
                           "misalnya 0812 3456 7890."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_email(typed: str | None) -> str:
    """Return the normalized address, or raise CheckError saying what to fix."""
    text = (typed or "").strip()
    if not text:
        raise CheckError(_("Masukkan alamat email."))
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise CheckError(_("Alamat email harus seperti nama@contoh.com. Periksa lagi tanda @ dan titiknya.")) from None
