"""the fix loop: a draft that fixes a sent application, and the answers before the last fix

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("drafts") as table:
        table.add_column(sa.Column("fix_of", sa.Integer))
        table.create_foreign_key("fk_drafts_fix_of_applications", "applications", ["fix_of"], ["id"],
                                 ondelete="CASCADE")
        table.create_unique_constraint("uq_drafts_fix_of", ["fix_of"])
    with op.batch_alter_table("applications") as table:
        table.add_column(sa.Column("before_fix", sa.Text))


def downgrade():
    with op.batch_alter_table("applications") as table:
        table.drop_column("before_fix")
    with op.batch_alter_table("drafts") as table:
        table.drop_constraint("uq_drafts_fix_of", type_="unique")
        table.drop_constraint("fk_drafts_fix_of_applications", type_="foreignkey")
        table.drop_column("fix_of")
