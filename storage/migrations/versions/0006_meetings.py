"""meetings, minutes and follow-up items

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _utc() -> storage.types.UTCDateTime:
    return storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("organiser", sa.String(length=320), nullable=True),
        sa.Column("window_from", sa.Date(), nullable=False),
        sa.Column("window_to", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("start_at", _utc(), nullable=True),
        sa.Column("end_at", _utc(), nullable=True),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("proposals", sa.JSON(), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("present", sa.JSON(), nullable=False),
        sa.Column("transaction_id", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.String(length=400), nullable=True),
        sa.Column("join_url", sa.String(length=2000), nullable=True),
        sa.Column("service_url", sa.String(length=500), nullable=False),
        sa.Column("conversation_id", sa.String(length=400), nullable=False),
        sa.Column("card_activity_id", sa.String(length=200), nullable=True),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.Column("held_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_meetings_network_id_networks"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_meetings"),
        sa.UniqueConstraint("transaction_id", name="uq_meetings_transaction_id"),
    )
    op.create_index("ix_meetings_network_id", "meetings", ["network_id"])
    op.create_index("ix_meetings_state", "meetings", ["state"])
    op.create_index("ix_meetings_start_at", "meetings", ["start_at"])
    op.create_table(
        "minutes_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("discussed", sa.String(length=4000), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_minutes_entries_meeting_id_meetings"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_minutes_entries_case_id_cases"),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name="fk_minutes_entries_decision_id_decisions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_minutes_entries"),
        sa.UniqueConstraint("meeting_id", "case_id", name="uq_minutes_entries_case"),
    )
    op.create_index("ix_minutes_entries_meeting_id", "minutes_entries", ["meeting_id"])
    op.create_index("ix_minutes_entries_case_id", "minutes_entries", ["case_id"])
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("owner_aad_id", sa.String(length=64), nullable=False),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("done_at", _utc(), nullable=True),
        sa.Column("done_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_followups_network_id_networks"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_followups_meeting_id_meetings"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_followups_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_followups"),
    )
    op.create_index("ix_followups_network_id", "followups", ["network_id"])
    op.create_index("ix_followups_meeting_id", "followups", ["meeting_id"])
    op.create_index("ix_followups_owner_aad_id", "followups", ["owner_aad_id"])
    op.create_index("ix_followups_due_on", "followups", ["due_on"])
    op.create_index("ix_followups_state", "followups", ["state"])


def downgrade() -> None:
    op.drop_table("followups")
    op.drop_table("minutes_entries")
    op.drop_table("meetings")
