"""Staff passwords: at least 12 characters, not a common one, hashed with Argon2id.

The common-password list and the strength estimate are zxcvbn's (30,000 passwords from real
leaks, with names, words, dates, keyboard runs and repeats); words of this service and of
Indonesian passwords people reach for ("bismillah", "indonesia") count against it too.
"""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from blueprints.apply.checks import CheckError

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn: 0 (guessed at once) to 4 (very hard); 3 takes about 10^8 guesses or more
COMMON = frozenset(FREQUENCY_LISTS["passwords"])
SERVICE_WORDS = ("jkn", "bpjs", "kesehatan", "bpjskesehatan", "jknmudah", "petugas", "admin", "mudah", "indonesia",
                 "jakarta", "bismillah", "sayang", "rahasia", "merdeka")
HASHER = PasswordHasher()  # argon2-cffi's defaults: Argon2id, RFC 9106's low-memory profile


def check_password(password: str, email: str = "") -> str:
    """Return the password when it may be used, or raise CheckError saying why not."""
    if len(password) < MIN_LENGTH:
        raise CheckError(_("Kata sandi paling sedikit %(length)d karakter.", length=MIN_LENGTH))
    if password.lower() in COMMON:
        raise CheckError(_("Kata sandi ini termasuk yang paling sering dipakai orang. Pilih yang lain."))
    personal = [*SERVICE_WORDS, *email.lower().replace("@", ".").split(".")]
    if zxcvbn(password, user_inputs=personal)["score"] < MIN_SCORE:
        raise CheckError(_("Kata sandi ini terlalu mudah ditebak. Gabungkan beberapa kata yang tidak berhubungan, "
                           "misalnya empat kata dengan angka di antaranya."))
    return password


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash uses weaker settings than today's (rehash it at the next sign-in)."""
    return HASHER.check_needs_rehash(stored)
