"""the outbox of messages to applicants, and the record of periodic jobs

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 02:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(36), nullable=False, unique=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("application_id", sa.Integer, sa.ForeignKey("applications.id", ondelete="CASCADE")),
        sa.Column("draft_id", sa.String(64), sa.ForeignKey("drafts.id", ondelete="CASCADE")),
        sa.Column("recipient", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.String(120), nullable=False),
        sa.Column("provider_id", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_messages_application_id", "messages", ["application_id"])
    op.create_index("ix_messages_draft_id", "messages", ["draft_id"])
    op.create_index("ix_messages_status", "messages", ["status"])
    op.create_table(
        "job_runs",
        sa.Column("name", sa.String(30), primary_key=True),
        sa.Column("period", sa.String(20), primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("job_runs")
    op.drop_index("ix_messages_status", "messages")
    op.drop_index("ix_messages_draft_id", "messages")
    op.drop_index("ix_messages_application_id", "messages")
    op.drop_table("messages")
