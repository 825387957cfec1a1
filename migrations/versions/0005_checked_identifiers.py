"""identifiers stored in their checked form, as typed beside them (version 2)

The KK number, each family member's NIK, the card number and its holder's NIK,
the bank account and the mobile number were stored as typed ("3171 0117-0890
0001", "0812 3456 7890"). Version 2 stores the digits (the mobile number in +62
form) under the same name and the typed form under `<name>_diketik`, which is
only shown back. Members' NIKs were already digits; their typed form is not
known, so it becomes the digits. Answers are sealed, so every row is opened and
sealed again through the vault.

The conversion is frozen here, apart from the app's code, so that this migration
keeps meaning what it meant when the questions change again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:30:00

"""
import contextlib
import re
import unicodedata

import phonenumbers
from alembic import op

from blueprints.core.vault import change_sealed_answers

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TABLES = ("drafts", "applications")
TYPED = "_diketik"


def _digits(typed: str) -> str:
    number = re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", typed))
    if not re.fullmatch(r"[0-9]{6,20}", number):
        raise ValueError("not an identifier")
    return number


def _mobile(typed: str) -> str:
    number = phonenumbers.parse(unicodedata.normalize("NFKC", typed).strip(), "ID")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _checked(convert, *names):
    def up(old: dict) -> dict:
        return old | {name: convert(old[name]) for name in names} | {name + TYPED: old[name] for name in names}
    return up


def _typed_back(*names):
    def down(new: dict) -> dict:
        return {key: value for key, value in new.items() if key not in names and not key.endswith(TYPED)} \
            | {name: new[name + TYPED] for name in names}
    return down


def _family_up(old: dict) -> dict:
    return old | {"anggota": [person | {"nik_diketik": person["nik"]} for person in old["anggota"]]}


def _family_down(new: dict) -> dict:
    return new | {"anggota": [{k: v for k, v in person.items() if k != "nik_diketik"} for person in new["anggota"]]}


UP = {
    "kk": _checked(_digits, "nomor_kk"),
    "kartu": _checked(_digits, "nomor_kartu", "nik"),
    "rekening": _checked(_digits, "nomor_rekening"),
    "kontak": _checked(_mobile, "ponsel"),
    "keluarga": _family_up,
}
DOWN = {
    "kk": _typed_back("nomor_kk"),
    "kartu": _typed_back("nomor_kartu", "nik"),
    "rekening": _typed_back("nomor_rekening"),
    "kontak": _typed_back("ponsel"),
    "keluarga": _family_down,
}


def _change(changes: dict, before: int, after: int):
    def change(answers: dict) -> dict:
        """Each answer of version `before` that `changes` knows, in version `after`; one that cannot be
        converted stays as it was, and the site asks it again."""
        changed = dict(answers)
        for name, convert in changes.items():
            old = answers.get(name)
            if isinstance(old, dict) and old.get("v") == before:
                with contextlib.suppress(KeyError, TypeError, ValueError, phonenumbers.NumberParseException):
                    changed[name] = convert(old) | {"v": after}
        return changed
    return change


upgrade_answers = _change(UP, 1, 2)
downgrade_answers = _change(DOWN, 2, 1)


def upgrade():
    change_sealed_answers(op.get_bind(), TABLES, upgrade_answers)


def downgrade():
    change_sealed_answers(op.get_bind(), TABLES, downgrade_answers)
