"""the contact step says how to send news (version 3): SMS, WhatsApp, email or none

Answers given before asked nothing, under a form that promised news by SMS: they become "sms".
Answers are sealed, so every row is opened and sealed again through the vault. The conversion
is frozen here, apart from the app's code.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 02:30:00

"""
from alembic import op

from blueprints.core.vault import change_sealed_answers

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

TABLES = ("drafts", "applications")


def _change(before: int, after: int, convert):
    def change(answers: dict) -> dict:
        contact = answers.get("kontak")
        if isinstance(contact, dict) and contact.get("v") == before:
            return answers | {"kontak": convert(contact) | {"v": after}}
        return answers
    return change


upgrade_answers = _change(2, 3, lambda old: old | {"kabar": "sms"})
downgrade_answers = _change(3, 2, lambda new: {key: value for key, value in new.items() if key != "kabar"})


def upgrade():
    change_sealed_answers(op.get_bind(), TABLES, upgrade_answers)


def downgrade():
    change_sealed_answers(op.get_bind(), TABLES, downgrade_answers)
