"""personal data sealed at rest, NIK hashes, audit events

Answers and birth dates of drafts and applications move from plain JSON and
DATE columns to Fernet tokens in TEXT columns; rows already there are sealed
with the app's current key on the way.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 00:30:00

"""
import json

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TABLES = ("drafts", "applications")


def _table(name):
    return sa.table(name, sa.column("id"), sa.column("answers"), sa.column("birth_date"))


def _rows(name):
    table = _table(name)
    return op.get_bind().execute(sa.select(table.c.id, table.c.answers, table.c.birth_date)).all()


def _update(name, row_id, answers, birth_date):
    table = _table(name)
    op.get_bind().execute(table.update().where(table.c.id == row_id).values(answers=answers, birth_date=birth_date))


def _as_json(value):
    return value if isinstance(value, (dict, list)) else json.loads(value)


def upgrade():
    vault = current_app.extensions["vault"]
    existing = {table: _rows(table) for table in TABLES}
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column("answers", type_=sa.Text(), existing_nullable=False,
                               postgresql_using="answers::text")
            batch.alter_column("birth_date", type_=sa.Text(), postgresql_using="birth_date::text")
        for row_id, answers, birth_date in existing[table]:
            _update(table, row_id, vault.seal_json(_as_json(answers)),
                    vault.seal_json(str(birth_date)) if birth_date else None)

    op.create_table(
        'application_niks',
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('nik_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('application_id', 'nik_hash'),
    )
    op.create_index('ix_application_niks_nik_hash', 'application_niks', ['nik_hash'])
    op.create_table(
        'audit_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=30), nullable=False),
        sa.Column('reference', sa.String(length=8), nullable=True),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade():
    op.drop_table('audit_events')
    op.drop_index('ix_application_niks_nik_hash', table_name='application_niks')
    op.drop_table('application_niks')
    vault = current_app.extensions["vault"]
    existing = {table: _rows(table) for table in TABLES}
    for table in TABLES:
        for row_id, answers, birth_date in existing[table]:
            _update(table, row_id, json.dumps(vault.open_json(answers)),
                    vault.open_json(birth_date) if birth_date else None)
        with op.batch_alter_table(table) as batch:
            batch.alter_column("answers", type_=sa.JSON(), existing_nullable=False,
                               postgresql_using="answers::json")
            batch.alter_column("birth_date", type_=sa.Date(), postgresql_using="birth_date::date")
