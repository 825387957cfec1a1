"""desk decisions: an application's version and decision, who moved it in the audit trail

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 00:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("applications") as table:
        table.add_column(sa.Column("decision", sa.Text))
        table.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    with op.batch_alter_table("audit_events") as table:
        table.add_column(sa.Column("staff_id", sa.Integer))
        table.add_column(sa.Column("from_status", sa.String(30)))
        table.add_column(sa.Column("to_status", sa.String(30)))


def downgrade():
    with op.batch_alter_table("audit_events") as table:
        table.drop_column("to_status")
        table.drop_column("from_status")
        table.drop_column("staff_id")
    with op.batch_alter_table("applications") as table:
        table.drop_column("version")
        table.drop_column("decision")
