"""one durable outbox for every proactive message

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _utc() -> storage.types.UTCDateTime:
    return storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("target", sa.JSON(), nullable=False),
        sa.Column("message", sa.JSON(), nullable=False),
        sa.Column("fallback", sa.JSON(), nullable=True),
        sa.Column("then", sa.JSON(), nullable=True),
        sa.Column("coalesce_key", sa.String(length=150), nullable=True),
        sa.Column("after_id", sa.Integer(), nullable=True),
        sa.Column("working_hours", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _utc(), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_at", _utc(), nullable=True),
        sa.Column("send_started_at", _utc(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("delivered_via", sa.String(length=20), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("sent_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_outbox_network_id_networks"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
    )
    op.create_index("ix_outbox_queue", "outbox", ["state", "next_attempt_at"])
    op.create_index("ix_outbox_coalesce", "outbox", ["coalesce_key", "state"])
    op.create_index("ix_outbox_subject", "outbox", ["subject"])
    op.create_index("ix_outbox_network_id", "outbox", ["network_id"])


def downgrade() -> None:
    op.drop_table("outbox")
