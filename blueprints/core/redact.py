# Free text that people type (a feedback comment, later a log line) must not
# keep personal data by accident. Anything shaped like an email address or a
# long number (NIK and KK have 16 digits, JKN cards 13, phone numbers 9 to 13,
# bank accounts 10 to 16) is replaced before the text is stored.
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Eight or more digits, allowing the spaces, dots and dashes people type
# between groups, and an optional leading '+'.
LONG_NUMBER = re.compile(r"\+?\d(?:[\s.\-]?\d){7,}")
REPLACEMENT = "[dihapus]"


def redact(text: str) -> tuple[str, bool]:
    """Return the text with emails and long numbers removed, and whether any were."""
    cleaned = EMAIL.sub(REPLACEMENT, text)
    cleaned = LONG_NUMBER.sub(REPLACEMENT, cleaned)
    return cleaned, cleaned != text
