"""The second factor: a TOTP code (RFC 6238, 30-second steps) from an authenticator app,
set up with a QR code drawn here as SVG, so the secret never goes to another service."""
import pyotp
import segno
from pyotp.utils import strings_equal

ISSUER = "JKN Mudah (petugas)"


def new_secret() -> str:
    return pyotp.random_base32()


def setup_uri(secret: str, email: str) -> str:
    """What the authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as an inline SVG element (no external service, no script)."""
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#0b0c0c", light="#ffffff")


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def accepted_step(secret: str, code: str, last_step: int | None, at: float) -> int | None:
    """The time step of a valid code (one step of clock drift either way), or None. A code of a
    step already used (last_step or earlier) is refused, so an overheard code cannot be replayed."""
    code = "".join(code.split())
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(at // totp.interval)
    for step in (now_step - 1, now_step, now_step + 1):
        if (last_step is None or step > last_step) and strings_equal(totp.at(step * totp.interval), code):
            return step
    return None
