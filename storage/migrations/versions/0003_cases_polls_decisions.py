"""cases, polls, stances, decisions, anchoring, escalations

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=4000), nullable=False),
        sa.Column("proposal", sa.String(length=2000), nullable=False),
        sa.Column("case_type", sa.String(length=40), nullable=False),
        sa.Column("user_participation", sa.Boolean(), nullable=False),
        sa.Column("needs_anchoring", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("service_url", sa.String(length=500), nullable=False),
        sa.Column("thread_id", sa.String(length=400), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_cases_network_id_networks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("network_id", "year", "number", name="uq_cases_number"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_network_id"), ["network_id"], unique=False)

    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("quorum_rule", sa.String(length=40), nullable=False),
        sa.Column("deadline", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("deadline_moved", sa.Boolean(), nullable=False),
        sa.Column("opened_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("close_reason", sa.String(length=20), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("card_conversation_id", sa.String(length=400), nullable=True),
        sa.Column("card_activity_id", sa.String(length=200), nullable=True),
        sa.Column("announced_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_polls_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_polls_network_id_networks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
    )
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_polls_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_polls_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_polls_network_id"), ["network_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_polls_state"), ["state"], unique=False)

    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("target_network_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=4000), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("requested_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_escalations_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_escalations_network_id_networks")
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_escalations_poll_id_polls")
        ),
        sa.ForeignKeyConstraint(
            ["target_network_id"],
            ["networks.id"],
            name=op.f("fk_escalations_target_network_id_networks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalations")),
        sa.UniqueConstraint("poll_id", name=op.f("uq_escalations_poll_id")),
    )
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_escalations_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_escalations_network_id"), ["network_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_escalations_state"), ["state"], unique=False)

    op.create_table(
        "poll_voters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("aad_id", sa.String(length=64), nullable=False),
        sa.Column("teams_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("hf", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_poll_voters_poll_id_polls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_voters")),
        sa.UniqueConstraint("poll_id", "aad_id", name="uq_poll_voters_voter"),
    )
    with op.batch_alter_table("poll_voters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_voters_poll_id"), ["poll_id"], unique=False)

    op.create_table(
        "stances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("aad_id", sa.String(length=64), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.Column("cast_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["poll_id"], ["polls.id"], name=op.f("fk_stances_poll_id_polls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stances")),
        sa.UniqueConstraint("poll_id", "aad_id", name="uq_stances_voter"),
    )
    with op.batch_alter_table("stances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stances_poll_id"), ["poll_id"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("poll_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("decided_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("stance_summary", sa.JSON(), nullable=False),
        sa.Column("anchoring_hfs", sa.JSON(), nullable=False),
        sa.Column("amends_id", sa.Integer(), nullable=True),
        sa.Column("escalation_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["amends_id"], ["decisions.id"], name=op.f("fk_decisions_amends_id_decisions")
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_decisions_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalations.id"],
            name=op.f("fk_decisions_escalation_id_escalations"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_decisions_network_id_networks")
        ),
        sa.ForeignKeyConstraint(["poll_id"], ["polls.id"], name=op.f("fk_decisions_poll_id_polls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("network_id", "year", "number", name="uq_decisions_number"),
        sa.UniqueConstraint("poll_id", name=op.f("uq_decisions_poll_id")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_network_id"), ["network_id"], unique=False)

    op.create_table(
        "anchoring_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("hf", sa.String(length=40), nullable=False),
        sa.Column("confirmed_by", sa.String(length=64), nullable=False),
        sa.Column("confirmed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_anchoring_confirmations_decision_id_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anchoring_confirmations")),
        sa.UniqueConstraint("decision_id", "hf", name="uq_anchoring_confirmations_hf"),
    )
    with op.batch_alter_table("anchoring_confirmations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_anchoring_confirmations_decision_id"), ["decision_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("anchoring_confirmations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_anchoring_confirmations_decision_id"))

    op.drop_table("anchoring_confirmations")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_network_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_case_id"))

    op.drop_table("decisions")
    with op.batch_alter_table("stances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stances_poll_id"))

    op.drop_table("stances")
    with op.batch_alter_table("poll_voters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_voters_poll_id"))

    op.drop_table("poll_voters")
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalations_state"))
        batch_op.drop_index(batch_op.f("ix_escalations_network_id"))
        batch_op.drop_index(batch_op.f("ix_escalations_case_id"))

    op.drop_table("escalations")
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_polls_state"))
        batch_op.drop_index(batch_op.f("ix_polls_network_id"))
        batch_op.drop_index(batch_op.f("ix_polls_deadline"))
        batch_op.drop_index(batch_op.f("ix_polls_case_id"))

    op.drop_table("polls")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_network_id"))

    op.drop_table("cases")
