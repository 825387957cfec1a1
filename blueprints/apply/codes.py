# Reference numbers and resume codes are read aloud on the phone to 165 and
# typed on cheap keyboards, so they use an alphabet without look-alikes
# (no 0/O, 1/I/L, 5/S, 2/Z, 8/B) and are shown in two groups of four.
import re
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 8
_CODE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    """A fresh random code of LENGTH characters (about 37 bits)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(typed: str | None) -> str | None:
    """The code as stored, from what someone typed (any case, spaces, dashes), or None."""
    code = re.sub(r"[\s\-]", "", typed or "").upper()
    return code if _CODE.fullmatch(code) else None


def display_code(code: str) -> str:
    """The code as shown to people: ABCD-EFGH."""
    return f"{code[:4]}-{code[4:]}"
