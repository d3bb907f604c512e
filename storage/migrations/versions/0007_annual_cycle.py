"""the annual cycle: goals, report cycles, inputs and reports

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _utc() -> storage.types.UTCDateTime:
    return storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "annual_priorities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_annual_priorities_network_id_networks"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_annual_priorities_case_id_cases"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_annual_priorities"),
        sa.UniqueConstraint("case_id", name="uq_annual_priorities_case_id"),
        sa.UniqueConstraint("network_id", "year", name="uq_annual_priorities_year"),
    )
    op.create_index("ix_annual_priorities_network_id", "annual_priorities", ["network_id"])
    op.create_table(
        "report_cycles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("input_deadline", _utc(), nullable=False),
        sa.Column("report_deadline", _utc(), nullable=False),
        sa.Column("edits", sa.JSON(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("drew_on", sa.JSON(), nullable=False),
        sa.Column("file_url", sa.String(length=2000), nullable=True),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", _utc(), nullable=False),
        sa.Column("approved_at", _utc(), nullable=True),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name="fk_report_cycles_network_id_networks"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_report_cycles"),
        sa.UniqueConstraint("network_id", "year", name="uq_report_cycles_year"),
    )
    op.create_index("ix_report_cycles_network_id", "report_cycles", ["network_id"])
    op.create_index("ix_report_cycles_state", "report_cycles", ["state"])
    op.create_index("ix_report_cycles_report_deadline", "report_cycles", ["report_deadline"])
    op.create_table(
        "report_inputs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("aad_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("hf", sa.String(length=40), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("answered_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["report_cycles.id"], name="fk_report_inputs_cycle_id_report_cycles"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_report_inputs"),
        sa.UniqueConstraint("cycle_id", "aad_id", name="uq_report_inputs_member"),
    )
    op.create_index("ix_report_inputs_cycle_id", "report_inputs", ["cycle_id"])


def downgrade() -> None:
    op.drop_table("report_inputs")
    op.drop_table("report_cycles")
    op.drop_table("annual_priorities")
