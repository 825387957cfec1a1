"""WTForms' own messages in Indonesian: WTForms ships no Indonesian catalogue, and a person must
never read "Not a valid choice." Forms use it as `class Meta: get_translations = indonesian`."""
from flask_babel import lazy_gettext as _l

MESSAGES = {
    "Not a valid choice.": _l("Pilih salah satu pilihan yang ada."),
    "Not a valid choice": _l("Pilih salah satu pilihan yang ada."),
    "Invalid Choice: could not coerce.": _l("Pilih salah satu pilihan yang ada."),
    "Invalid choice(s): one or more data inputs could not be coerced.": _l("Pilih salah satu pilihan yang ada."),
    "This field is required.": _l("Bagian ini perlu diisi."),
    "Invalid input.": _l("Isian ini tidak bisa kami baca. Periksa lalu coba lagi."),
    "Not a valid integer value.": _l("Tulis dengan angka saja."),
    "Not a valid date value.": _l("Tulis tanggal yang benar."),
    "Not a valid datetime value.": _l("Tulis tanggal dan jam yang benar."),
    "Not a valid time value.": _l("Tulis jam yang benar, misalnya 14.30."),
}


class Indonesian:
    """The translations object WTForms asks for: its messages looked up here, in the site's words."""

    def gettext(self, text: str) -> str:
        return str(MESSAGES.get(text, text))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def indonesian(meta, form) -> Indonesian:
    return Indonesian()
