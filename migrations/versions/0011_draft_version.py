"""drafts carry a version, raised by every save (optimistic locking: a save checks it)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 19:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("version")
