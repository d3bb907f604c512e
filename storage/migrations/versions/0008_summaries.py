"""summaries across networks: digests, related cases told, assignments

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _utc() -> storage.types.UTCDateTime:
    return storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "digest_optouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aad_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_digest_optouts"),
        sa.UniqueConstraint("aad_id", name="uq_digest_optouts_aad_id"),
    )
    op.create_table(
        "digests_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aad_id", sa.String(length=64), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_digests_sent"),
        sa.UniqueConstraint("aad_id", "week", name="uq_digests_sent_week"),
    )
    op.create_table(
        "related_pairs_told",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_case_id", sa.Integer(), nullable=False),
        sa.Column("second_case_id", sa.Integer(), nullable=False),
        sa.Column("told_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_case_id"], ["cases.id"], name="fk_related_pairs_told_first_case_id_cases"
        ),
        sa.ForeignKeyConstraint(
            ["second_case_id"], ["cases.id"], name="fk_related_pairs_told_second_case_id_cases"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_related_pairs_told"),
        sa.UniqueConstraint("first_case_id", "second_case_id", name="uq_related_pairs_told_pair"),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("director_network_id", sa.Integer(), nullable=False),
        sa.Column("deadline", _utc(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("thread_service_url", sa.String(length=500), nullable=False),
        sa.Column("thread_id", sa.String(length=400), nullable=False),
        sa.Column("given_by", sa.String(length=64), nullable=False),
        sa.Column("given_at", _utc(), nullable=False),
        sa.Column("answer", sa.String(length=4000), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
        sa.Column("answered_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_assignments_case_id_cases"),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_assignments_network_id_networks"
        ),
        sa.ForeignKeyConstraint(
            ["director_network_id"],
            ["networks.id"],
            name="fk_assignments_director_network_id_networks",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assignments"),
        sa.UniqueConstraint("case_id", name="uq_assignments_case_id"),
    )
    op.create_index("ix_assignments_network_id", "assignments", ["network_id"])
    op.create_index("ix_assignments_deadline", "assignments", ["deadline"])
    op.create_index("ix_assignments_state", "assignments", ["state"])
    op.create_table(
        "agenda_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=4000), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("proposed_by", sa.String(length=64), nullable=False),
        sa.Column("proposed_by_name", sa.String(length=200), nullable=False),
        sa.Column("proposed_at", _utc(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", _utc(), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_agenda_proposals_network_id_networks"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_agenda_proposals_case_id_cases"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_agenda_proposals"),
        sa.UniqueConstraint("case_id", name="uq_agenda_proposals_case_id"),
    )
    op.create_index("ix_agenda_proposals_network_id", "agenda_proposals", ["network_id"])
    op.create_index("ix_agenda_proposals_state", "agenda_proposals", ["state"])


def downgrade() -> None:
    op.drop_table("agenda_proposals")
    op.drop_table("assignments")
    op.drop_table("related_pairs_told")
    op.drop_table("digests_sent")
    op.drop_table("digest_optouts")
