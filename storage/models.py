"""The tables. Each model's docstring says which rule of DESIGN.md it carries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def stamped(*, on_update: bool = False, index: bool = False) -> Any:
    """A timestamp the session fills from its clock when left empty (and on every ORM update,
    with `on_update`): `storage.db.create_sessions` takes the one clock, so no model reads the
    wall clock."""
    return mapped_column(index=index, info={"stamp": "update" if on_update else "insert"})


class Base(DeclarativeBase):
    """Declarative base with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class Network(Base):
    """A network bound to one Teams channel. Exactly one network has kind `director`."""

    __tablename__ = "networks"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", name="uq_networks_channel"),
        Index(
            "uq_networks_one_director",
            "kind",
            unique=True,
            sqlite_where=text("kind = 'director'"),
            postgresql_where=text("kind = 'director'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    team_id: Mapped[str] = mapped_column(String(200))
    channel_id: Mapped[str] = mapped_column(String(200))
    service_url: Mapped[str] = mapped_column(String(500))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id"))
    end_date: Mapped[date | None] = mapped_column(Date)
    escalation_target_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id"))
    quorum_rule: Mapped[str] = mapped_column(String(40), default="every_hf")
    user_representatives_vote: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = stamped()
    created_by: Mapped[str] = mapped_column(String(64))

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="network", order_by="Membership.name"
    )


class Membership(Base):
    """A person's place in a network: their role and health trust (HF). Never deleted."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("network_id", "aad_id", name="uq_memberships_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"))
    aad_id: Mapped[str] = mapped_column(String(64))
    teams_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    role: Mapped[str | None] = mapped_column(String(40))
    hf: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = stamped(on_update=True)

    network: Mapped[Network] = relationship(back_populates="memberships")


class ConversationRef(Base):
    """Where the bot can speak later: a personal chat, a team's channel or a group chat.

    Stored on install, marked inactive on uninstall, never deleted.
    """

    __tablename__ = "conversation_refs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(400), unique=True)
    scope: Mapped[str] = mapped_column(String(20))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    team_id: Mapped[str | None] = mapped_column(String(200), index=True)
    aad_id: Mapped[str | None] = mapped_column(String(64), index=True)
    teams_id: Mapped[str | None] = mapped_column(String(200))
    service_url: Mapped[str] = mapped_column(String(500))
    reference: Mapped[dict[str, Any]]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = stamped(on_update=True)
    locale: Mapped[str | None] = mapped_column(String(20))


class Event(Base):
    """The append-only audit log: one past-tense event per domain change."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = stamped(index=True)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id"), index=True)
    subject: Mapped[str | None] = mapped_column(String(100), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Reminder(Base):
    """One nudge to one person about one deadline, at one moment in the working window.

    DESIGN.md "Nudges": sent within working hours, never twice, never lost. "Never twice" is a
    database fact: at most one non-cancelled reminder per (subject, recipient, due moment), a
    partial unique index that SQLite and PostgreSQL both enforce. When due, a reminder is claimed
    in the database and queued in the outbox in one transaction (`state` pending → queued →
    sent/abandoned/uncertain), so several instances share the work; see
    dialogs/nudges/service.py and dialogs/outbox.py.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        Index(
            "uq_reminders_once",
            "subject",
            "recipient_aad_id",
            "due_at",
            unique=True,
            sqlite_where=text("state <> 'cancelled'"),
            postgresql_where=text("state <> 'cancelled'"),
        ),
        Index("ix_reminders_queue", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id"), index=True)
    recipient_aad_id: Mapped[str] = mapped_column(String(64), index=True)
    deadline: Mapped[datetime]
    due_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None]
    send_started_at: Mapped[datetime | None]
    activity_id: Mapped[str | None] = mapped_column(String(200))
    delivered_via: Mapped[str | None] = mapped_column(String(20))
    last_error: Mapped[str | None] = mapped_column(String(500))
    action: Mapped[dict[str, Any]] = mapped_column(default=dict)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = stamped()
    sent_at: Mapped[datetime | None]


class OutboxMessage(Base):
    """A message the bot sends outside its answer to a turn: written in the transaction of the
    change that causes it, delivered once by a claimed worker (`dialogs.outbox`).

    `kind` is `post` (a new channel thread), `reply` (into a thread), `update` (replace a posted
    message; `coalesce_key` makes the latest update win) or `personal` (1:1, with an optional
    channel `fallback`). `after_id` names a message whose delivery this one waits for (an update
    of a card not yet posted). `then` names the hook told of the outcome.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_queue", "state", "next_attempt_at"),
        Index("ix_outbox_coalesce", "coalesce_key", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(100), index=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id"), index=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[dict[str, Any]] = mapped_column(default=dict)
    message: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fallback: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    then: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    coalesce_key: Mapped[str | None] = mapped_column(String(150))
    after_id: Mapped[int | None] = mapped_column(Integer)
    working_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None]
    send_started_at: Mapped[datetime | None]
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    delivered_via: Mapped[str | None] = mapped_column(String(20))
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = stamped()
    sent_at: Mapped[datetime | None]


class Case(Base):
    """A case (sak) with a per-network, per-year number, e.g. `7/2026`."""

    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("network_id", "year", "number", name="uq_cases_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(4000), default="")
    proposal: Mapped[str] = mapped_column(String(2000), default="")
    case_type: Mapped[str] = mapped_column(String(40))
    user_participation: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_anchoring: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(20), default="open")
    service_url: Mapped[str] = mapped_column(String(500))
    thread_id: Mapped[str] = mapped_column(String(400))
    lang: Mapped[str] = mapped_column(String(2), default="nb")
    created_at: Mapped[datetime] = stamped()
    created_by: Mapped[str] = mapped_column(String(64))


class Poll(Base):
    """A consensus poll on a case. `round` grows when an inconclusive poll is extended."""

    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="open", index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    quorum_rule: Mapped[str] = mapped_column(String(40))
    deadline: Mapped[datetime] = mapped_column(index=True)
    deadline_moved: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_at: Mapped[datetime] = stamped()
    opened_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(64))
    close_reason: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(20))
    card_conversation_id: Mapped[str | None] = mapped_column(String(400))
    card_activity_id: Mapped[str | None] = mapped_column(String(200))
    announced_at: Mapped[datetime | None]


class PollVoter(Base):
    """An eligible voter, fixed when the poll opens, with the HF they speak for."""

    __tablename__ = "poll_voters"
    __table_args__ = (UniqueConstraint("poll_id", "aad_id", name="uq_poll_voters_voter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), index=True)
    aad_id: Mapped[str] = mapped_column(String(64))
    teams_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    hf: Mapped[str | None] = mapped_column(String(40))


class Stance(Base):
    """A voter's current stance. One row per voter per poll; changes are events."""

    __tablename__ = "stances"
    __table_args__ = (UniqueConstraint("poll_id", "aad_id", name="uq_stances_voter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), index=True)
    aad_id: Mapped[str] = mapped_column(String(64))
    stance: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(2000))
    cast_at: Mapped[datetime] = stamped()


class Decision(Base):
    """An entry of the append-only decision log. A correction is a new row that `amends` one."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("network_id", "year", "number", name="uq_decisions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    poll_id: Mapped[int | None] = mapped_column(ForeignKey("polls.id"), unique=True)
    text: Mapped[str] = mapped_column(String(4000))
    outcome: Mapped[str] = mapped_column(String(20))
    decided_at: Mapped[datetime] = stamped()
    decided_by: Mapped[str] = mapped_column(String(20))
    recorded_by: Mapped[str] = mapped_column(String(64))
    stance_summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    anchoring_hfs: Mapped[list[str]] = mapped_column(JSON, default=list)
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    escalation_id: Mapped[int | None] = mapped_column(ForeignKey("escalations.id"))
    meeting_id: Mapped[int | None] = mapped_column(Integer)


class AnchoringConfirmation(Base):
    """An HF's confirmation that a decision is anchored in its own line organisation."""

    __tablename__ = "anchoring_confirmations"
    __table_args__ = (UniqueConstraint("decision_id", "hf", name="uq_anchoring_confirmations_hf"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    hf: Mapped[str] = mapped_column(String(40))
    confirmed_by: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime] = stamped()


class Escalation(Base):
    """A case lifted to the escalation target network; at most one per failed poll."""

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    poll_id: Mapped[int | None] = mapped_column(ForeignKey("polls.id"), unique=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    target_network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id"))
    reason: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(4000), default="")
    state: Mapped[str] = mapped_column(String(20), default="requested", index=True)
    requested_at: Mapped[datetime] = stamped()
    requested_by: Mapped[str] = mapped_column(String(64))
    # Delivery to the target network (migration 0004). See dialogs/escalation/service.py.
    deadline: Mapped[datetime | None]
    deadline_moved: Mapped[bool] = mapped_column(Boolean, default=False)
    thread_service_url: Mapped[str | None] = mapped_column(String(500))
    thread_id: Mapped[str | None] = mapped_column(String(400))
    conversation_id: Mapped[str | None] = mapped_column(String(400))
    activity_id: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    next_attempt_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_by_name: Mapped[str | None] = mapped_column(String(200))
    decision: Mapped[str | None] = mapped_column(String(20))
    guidance: Mapped[str | None] = mapped_column(String(4000))
    parent_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)


class Meeting(Base):
    """A network meeting (or the RHF's annual gathering): planned from free/busy, booked as a
    Teams meeting through Graph or offered as an `.ics` invitation, then held with minutes.

    `state`: `proposed` (slots shown, nothing booked), `booked` (an event in the organiser's
    calendar), `planned` (recorded without Graph; invitation by `.ics`), `cancelled`, `gone`
    (removed in Outlook by hand), `held` (minutes recorded). `transaction_id` is Graph's
    idempotency key for the event, so a retried booking cannot create two meetings.
    """

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="network")
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    organiser: Mapped[str | None] = mapped_column(String(320))
    window_from: Mapped[date] = mapped_column(Date)
    window_to: Mapped[date] = mapped_column(Date)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    start_at: Mapped[datetime | None] = mapped_column(index=True)
    end_at: Mapped[datetime | None]
    attendees: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    proposals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    agenda: Mapped[list[int]] = mapped_column(JSON, default=list)
    present: Mapped[list[str]] = mapped_column(JSON, default=list)
    transaction_id: Mapped[str] = mapped_column(String(100), unique=True)
    event_id: Mapped[str | None] = mapped_column(String(400))
    join_url: Mapped[str | None] = mapped_column(String(2000))
    service_url: Mapped[str] = mapped_column(String(500))
    conversation_id: Mapped[str] = mapped_column(String(400))
    card_activity_id: Mapped[str | None] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(2), default="nb")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = stamped()
    updated_at: Mapped[datetime] = stamped(on_update=True)
    held_at: Mapped[datetime | None]


class MinutesEntry(Base):
    """The minutes of one agenda case at one meeting: what was discussed, and the decision
    (in the decision log) where one was reached."""

    __tablename__ = "minutes_entries"
    __table_args__ = (UniqueConstraint("meeting_id", "case_id", name="uq_minutes_entries_case"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    discussed: Mapped[str] = mapped_column(String(4000), default="")
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = stamped()


class FollowUp(Base):
    """A follow-up item from the minutes: who does what by when. `state` is `open` or `done`."""

    __tablename__ = "followups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    text: Mapped[str] = mapped_column(String(1000))
    owner_aad_id: Mapped[str] = mapped_column(String(64), index=True)
    owner_name: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(20), default="open", index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = stamped()
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(64))


class AnnualPriorities(Base):
    """A network's prioritised goals and measures for one year: the fixed annual case (the
    mandate's "fast årlig sak"), one per network and year, with the sources it used. The goals
    are the year's goals once the case is decided."""

    __tablename__ = "annual_priorities"
    __table_args__ = (UniqueConstraint("network_id", "year", name="uq_annual_priorities_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    goals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = stamped()
    updated_at: Mapped[datetime] = stamped(on_update=True)


class ReportCycle(Base):
    """A network's annual report for one year (one per network and year): the input and report
    deadlines, the leader's edits per section, and once approved the report as submitted, with
    what it drew on. `state`: `collecting` until approved, then `submitted`."""

    __tablename__ = "report_cycles"
    __table_args__ = (UniqueConstraint("network_id", "year", name="uq_report_cycles_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default="collecting", index=True)
    input_deadline: Mapped[datetime]
    report_deadline: Mapped[datetime] = mapped_column(index=True)
    edits: Mapped[dict[str, Any]] = mapped_column(default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    drew_on: Mapped[dict[str, Any]] = mapped_column(default=dict)
    file_url: Mapped[str | None] = mapped_column(String(2000))
    lang: Mapped[str] = mapped_column(String(2), default="nb")
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = stamped()
    approved_at: Mapped[datetime | None]
    approved_by: Mapped[str | None] = mapped_column(String(64))


class ReportInput(Base):
    """One voting member's input to a report cycle: one row (and one card) per member and cycle,
    created when the cycle opens; `answers` stays empty until they answer. Every version is kept
    in the events (`ReportInputGiven`)."""

    __tablename__ = "report_inputs"
    __table_args__ = (UniqueConstraint("cycle_id", "aad_id", name="uq_report_inputs_member"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("report_cycles.id"), index=True)
    aad_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    hf: Mapped[str | None] = mapped_column(String(40))
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=0)
    answered_at: Mapped[datetime | None]


class QualityNetwork(Base):
    """A kvalitets- og kompetansenettverk's registration beyond the network itself: the
    coordinating HF and clinic it is anchored in, the five-year term (`end_on` = the term's last
    day), the English name ("Norwegian National Network for …"), a yearly frame the RHF set
    (else the sheet's 1 or 2 MNOK applies), the logo and website of the start-up checklist, and
    the evaluation case opened six months before the term ends."""

    __tablename__ = "quality_networks"

    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), primary_key=True)
    coordinating_hf: Mapped[str] = mapped_column(String(200))
    coordinating_region: Mapped[str] = mapped_column(String(20), default="midt")
    clinic: Mapped[str] = mapped_column(String(200))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date, index=True)
    english_name: Mapped[str] = mapped_column(String(300), default="")
    frame_ore: Mapped[int | None] = mapped_column(BigInteger)
    logo_assigned: Mapped[bool] = mapped_column(Boolean, default=False)
    website: Mapped[str] = mapped_column(String(500), default="")
    evaluation_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = stamped()
    updated_at: Mapped[datetime] = stamped(on_update=True)


class QualityAgreement(Base):
    """A part-time position agreement between the coordinating HF and a host HF: its identity
    only. What it says lives in `QualityAgreementVersion`, one row per change, never updated, so
    the agreement as it stood on any date can be shown."""

    __tablename__ = "quality_agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = stamped()


class QualityAgreementVersion(Base):
    """One version of an agreement (append-only): host HF and region, person, content,
    percentage (hundredths of a percent; the sheet's 10–20 %), period, yearly cost in øre and the
    host leader who anchored it. `state` `ended` marks the version that ended the agreement."""

    __tablename__ = "quality_agreement_versions"
    __table_args__ = (
        UniqueConstraint("agreement_id", "version", name="uq_quality_agreement_versions_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("quality_agreements.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    host_hf: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(20))
    person: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(String(2000), default="")
    percent: Mapped[int] = mapped_column(Integer)
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date)
    yearly_cost_ore: Mapped[int] = mapped_column(BigInteger)
    anchored_by: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(20), default="active")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = stamped(index=True)


class QualityCost(Base):
    """A cost besides the agreements (running the website, gatherings…), in øre, by region and
    day: part of the year's use of the frame."""

    __tablename__ = "quality_costs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    region: Mapped[str] = mapped_column(String(20))
    spent_on: Mapped[date] = mapped_column(Date)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(String(500))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = stamped()


class QualityMilestone(Base):
    """A milestone of the network's progress plan: a date, an owner and a state (`planned`,
    `in_progress`, `done`, `cancelled`; overdue is derived)."""

    __tablename__ = "quality_milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    owner_aad_id: Mapped[str] = mapped_column(String(64))
    owner_name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = stamped()
    updated_at: Mapped[datetime] = stamped(on_update=True)
    done_at: Mapped[datetime | None]


class QualityReport(Base):
    """A progress report for a period (the basis for invoicing) or the yearly eRapport text,
    approved by the coordinator; one approval per network, kind and period."""

    __tablename__ = "quality_reports"
    __table_args__ = (
        UniqueConstraint(
            "network_id", "kind", "period_from", "period_to", name="uq_quality_reports_period"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    approved_by: Mapped[str] = mapped_column(String(64))
    approved_at: Mapped[datetime] = stamped()


class DigestOptOut(Base):
    """A person who does not want the weekly digest (issue 16: opt out and back in per person).
    Opting back in deletes the row."""

    __tablename__ = "digest_optouts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aad_id: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = stamped()


class DigestSent(Base):
    """The weekly digest to one person for one ISO week: sent once. The unique key is the claim,
    so instances whose jobs race send it once between them (dialogs/summary/service.py)."""

    __tablename__ = "digests_sent"
    __table_args__ = (UniqueConstraint("aad_id", "week", name="uq_digests_sent_week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aad_id: Mapped[str] = mapped_column(String(64))
    week: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = stamped()


class RelatedPairTold(Base):
    """Two related cases in two networks whose secretaries the adviser has told of each other:
    told once (`first_case_id` < `second_case_id`)."""

    __tablename__ = "related_pairs_told"
    __table_args__ = (
        UniqueConstraint("first_case_id", "second_case_id", name="uq_related_pairs_told_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    second_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    told_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = stamped()


class Assignment(Base):
    """An assignment (oppdrag) the director network gives a network: a case there with a
    deadline, nudged like any deadline; the answer goes back to the director thread it was given
    in. `state` is `open` or `answered`."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    director_network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"))
    deadline: Mapped[datetime] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(String(20), default="open", index=True)
    thread_service_url: Mapped[str] = mapped_column(String(500))
    thread_id: Mapped[str] = mapped_column(String(400))
    given_by: Mapped[str] = mapped_column(String(64))
    given_at: Mapped[datetime] = stamped()
    answer: Mapped[str | None] = mapped_column(String(4000))
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[datetime | None]


class AgendaProposal(Base):
    """A national or regional matter the RHF adviser proposes for a network's agenda. The
    network's secretary accepts it (it becomes a case there, `case_id`) or declines it with a
    reason. `state` is `pending`, `accepted` or `declined`."""

    __tablename__ = "agenda_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id"), index=True)
    scope: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(4000))
    source: Mapped[str] = mapped_column(String(500))
    proposed_by: Mapped[str] = mapped_column(String(64))
    proposed_by_name: Mapped[str] = mapped_column(String(200))
    proposed_at: Mapped[datetime] = stamped()
    lang: Mapped[str] = mapped_column(String(2), default="nb")
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(String(1000))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), unique=True)
