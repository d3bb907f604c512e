"""quality and competence networks: agreements, budget, milestones

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _utc() -> storage.types.UTCDateTime:
    return storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "quality_networks",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("coordinating_hf", sa.String(length=200), nullable=False),
        sa.Column("coordinating_region", sa.String(length=20), nullable=False),
        sa.Column("clinic", sa.String(length=200), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("english_name", sa.String(length=300), nullable=False),
        sa.Column("frame_ore", sa.BigInteger(), nullable=True),
        sa.Column("logo_assigned", sa.Boolean(), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("evaluation_case_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_quality_networks_network_id_networks"
        ),
        sa.ForeignKeyConstraint(
            ["evaluation_case_id"],
            ["cases.id"],
            name="fk_quality_networks_evaluation_case_id_cases",
        ),
        sa.PrimaryKeyConstraint("network_id", name="pk_quality_networks"),
    )
    op.create_index("ix_quality_networks_end_on", "quality_networks", ["end_on"])
    op.create_table(
        "quality_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_quality_agreements_network_id_networks"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_quality_agreements"),
    )
    op.create_index("ix_quality_agreements_network_id", "quality_agreements", ["network_id"])
    op.create_table(
        "quality_agreement_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("host_hf", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=20), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("content", sa.String(length=2000), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("yearly_cost_ore", sa.BigInteger(), nullable=False),
        sa.Column("anchored_by", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["quality_agreements.id"],
            name="fk_quality_agreement_versions_agreement_id_quality_agreements",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_quality_agreement_versions"),
        sa.UniqueConstraint(
            "agreement_id", "version", name="uq_quality_agreement_versions_version"
        ),
    )
    op.create_index(
        "ix_quality_agreement_versions_agreement_id",
        "quality_agreement_versions",
        ["agreement_id"],
    )
    op.create_index(
        "ix_quality_agreement_versions_recorded_at",
        "quality_agreement_versions",
        ["recorded_at"],
    )
    op.create_table(
        "quality_costs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=20), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_quality_costs_network_id_networks"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_quality_costs"),
    )
    op.create_index("ix_quality_costs_network_id", "quality_costs", ["network_id"])
    op.create_table(
        "quality_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("owner_aad_id", sa.String(length=64), nullable=False),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.Column("done_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_quality_milestones_network_id_networks"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_quality_milestones"),
    )
    op.create_index("ix_quality_milestones_network_id", "quality_milestones", ["network_id"])
    op.create_index("ix_quality_milestones_due_on", "quality_milestones", ["due_on"])
    op.create_index("ix_quality_milestones_state", "quality_milestones", ["state"])
    op.create_table(
        "quality_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=False),
        sa.Column("approved_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_quality_reports_network_id_networks"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_quality_reports"),
        sa.UniqueConstraint(
            "network_id", "kind", "period_from", "period_to", name="uq_quality_reports_period"
        ),
    )
    op.create_index("ix_quality_reports_network_id", "quality_reports", ["network_id"])


def downgrade() -> None:
    op.drop_table("quality_reports")
    op.drop_table("quality_milestones")
    op.drop_table("quality_costs")
    op.drop_table("quality_agreement_versions")
    op.drop_table("quality_agreements")
    op.drop_table("quality_networks")
