"""escalation delivery, deadline and the director decision

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _utc() -> storage.types.UTCDateTime:
    return storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline", _utc(), nullable=True))
        batch_op.add_column(
            sa.Column("deadline_moved", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("thread_service_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("thread_id", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("conversation_id", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("activity_id", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(sa.Column("last_error", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("next_attempt_at", _utc(), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", _utc(), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", _utc(), nullable=True))
        batch_op.add_column(sa.Column("decided_at", _utc(), nullable=True))
        batch_op.add_column(sa.Column("decided_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("decided_by_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("decision", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("guidance", sa.String(length=4000), nullable=True))
        batch_op.add_column(sa.Column("parent_case_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_escalations_parent_case_id_cases"), "cases", ["parent_case_id"], ["id"]
        )
        batch_op.create_index(
            batch_op.f("ix_escalations_parent_case_id"), ["parent_case_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalations_parent_case_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_escalations_parent_case_id_cases"), type_="foreignkey"
        )
        for column in (
            "parent_case_id",
            "guidance",
            "decision",
            "decided_by_name",
            "decided_by",
            "decided_at",
            "delivered_at",
            "claimed_at",
            "next_attempt_at",
            "last_error",
            "attempts",
            "activity_id",
            "conversation_id",
            "thread_id",
            "thread_service_url",
            "deadline_moved",
            "deadline",
        ):
            batch_op.drop_column(column)
