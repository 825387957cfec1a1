# Free text that people type (a feedback comment, later a log line) must not
# keep personal data by accident. Anything shaped like an email address or a
# long number (NIK and KK have 16 digits, JKN cards 13, phone numbers 9 to 13,
# bank accounts 10 to 16) is replaced before the text is stored.
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Eight or more digits, allowing whatever people type between groups (spaces, dots,
# dashes, slashes, underscores, commas, also with spaces around them: "3171 - 0117"),
# and an optional leading '+': any run of digits with separators is one number.
LONG_NUMBER = re.compile(r"\+?\d(?:(?:\s*[./_,\-]\s*|\s+)?\d){7,}")
REPLACEMENT = "[dihapus]"


def redact(text: str) -> tuple[str, bool]:
    """Return the text with emails and long numbers removed, and whether any were."""
    cleaned = EMAIL.sub(REPLACEMENT, text)
    cleaned = LONG_NUMBER.sub(REPLACEMENT, cleaned)
    return cleaned, cleaned != text


def mask_number(value: str, start: int = 4, end: int = 4) -> str:
    """A long number shown back with its middle hidden: 3171********0001."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) <= start + end:
        return "*" * len(digits)
    return digits[:start] + "*" * (len(digits) - start - end) + digits[len(digits) - end:]


def mask_email(value: str) -> str:
    """An email address shown back with only its first letter and its domain: b***@gmail.com."""
    local, at, domain = (value or "").partition("@")
    return f"{local[:1]}***{at}{domain}" if at else mask_number(value)
