"""reminders (nudges) and conversation locale

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("recipient_aad_id", sa.String(length=64), nullable=False),
        sa.Column("deadline", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("send_started_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("activity_id", sa.String(length=200), nullable=True),
        sa.Column("delivered_via", sa.String(length=20), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("action", sa.JSON(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_reminders_network_id_networks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminders_network_id"), ["network_id"], unique=False)
        batch_op.create_index("ix_reminders_queue", ["state", "next_attempt_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reminders_recipient_aad_id"), ["recipient_aad_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reminders_subject"), ["subject"], unique=False)
        batch_op.create_index(
            "uq_reminders_once",
            ["subject", "recipient_aad_id", "due_at"],
            unique=True,
            sqlite_where=sa.text("state <> 'cancelled'"),
            postgresql_where=sa.text("state <> 'cancelled'"),
        )

    with op.batch_alter_table("conversation_refs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversation_refs", schema=None) as batch_op:
        batch_op.drop_column("locale")

    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_reminders_once",
            sqlite_where=sa.text("state <> 'cancelled'"),
            postgresql_where=sa.text("state <> 'cancelled'"),
        )
        batch_op.drop_index(batch_op.f("ix_reminders_subject"))
        batch_op.drop_index(batch_op.f("ix_reminders_recipient_aad_id"))
        batch_op.drop_index("ix_reminders_queue")
        batch_op.drop_index(batch_op.f("ix_reminders_network_id"))

    op.drop_table("reminders")
