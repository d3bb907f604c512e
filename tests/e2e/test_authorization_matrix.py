"""Who may do what: every command and card action × every role, from one table, end to end.

Each row names a command or card action, what an allowed answer shows, and the expected outcome
for each of the nine roles (`+` allowed, `-` refused). The test builds one world over HTTP — the
director network, the Hjerte network with a person in every role, a network in another team —
then sends each row's command or click as each person and compares what the bot answered.

Refusals come before forms: a row that shows a form (`case`, `poll`, `escalate`, `register`,
`members.edit`, `decisions.amend_form`, `poll.form`) must refuse whoever could not submit it.
Every check also compares the database before and after: a refusal changes nothing, an allowed
row marked `writes` changes something, and any other row changes nothing for anyone.
Refusals also come before the inputs are checked: whoever may not submit a form is refused, not
asked to fix a field first (`test_a_refused_person_is_not_asked_to_fix_the_form_first`).
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

import dialogs
from dialogs.commands import COMMANDS
from dialogs.i18n import t
from dialogs.routing import CardAction
from harness.client import Channel, Response, TeamsClient, card_text
from harness.clock import FakeClock
from harness.connector import Connector, Person
from harness.scenario import assign_roles, create_case, ok_card, register_network
from storage.db import Sessions
from storage.models import (
    AgendaProposal,
    AnnualPriorities,
    Assignment,
    Base,
    Case,
    Decision,
    Escalation,
    FollowUp,
    Meeting,
    Membership,
    Network,
    Poll,
    QualityAgreement,
    QualityMilestone,
    Reminder,
    ReportCycle,
)

# The nine roles, in the order of the table's columns.
ROLES = (
    "no_role",
    "member",
    "leader",
    "secretary",
    "rhf_adviser",
    "director",
    "user_representative",
    "observer",
    "other_network",
)

CARD = "card"
"""What an allowed row shows when its answer is a card (a form, a view, an updated card)."""


@dataclass(frozen=True)
class Send:
    """One command or click: where, and the text or the card action's data."""

    where: str  # "hjerte", "director", "kvalitet", "kvalitet-ny", "personal", or "new:<n>"
    text: str | None = None
    data: dict[str, Any] | None = None


@dataclass(frozen=True)
class Who:
    """The person a check sends as, and whether the table expects them to be allowed."""

    key: str
    allowed: bool


@dataclass(frozen=True)
class Row:
    """A command or card action, who may use it, and how to send it."""

    expected: str  # `+` (allow) or `-` (refuse) per role, in the order of ROLES
    name: str  # starts with the command word or the card action's name
    send: Callable[[World, Who], Awaitable[Send]]
    shows: str = CARD  # CARD, or a text an allowed answer contains
    writes: bool = False  # an allowed answer changes the database

    @property
    def covers(self) -> str:
        """`command:<name>` or `action:<name>`."""
        word = self.name.split()[0]
        return f"action:{word}" if "." in word else f"command:{word}"

    def allowed(self, role: str) -> bool:
        """Whether the table allows `role`."""
        return self.expected.split()[ROLES.index(role)] == "+"


# -- the world -------------------------------------------------------------------------------

MATRIX_MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
"""The matrix's clock, which stays put: a Monday morning."""

HJERTE = Channel("19:team-hjerte@thread.tacv2", "19:general-hjerte@thread.tacv2", "Hjerte")
DIRECTORS = Channel("19:team-dir@thread.tacv2", "19:general-dir@thread.tacv2", "Fagdirektører")
LUNGE = Channel("19:team-lunge@thread.tacv2", "19:general-lunge@thread.tacv2", "Lunge")
# Two channels in the Hjerte team, registered as quality and competence networks on first use:
# one set up by its coordinator, one not yet set up.
QUALITY = Channel(HJERTE.team_id, "19:kvalitet-hjerte@thread.tacv2", "Kvalitet")
QUALITY_NEW = Channel(HJERTE.team_id, "19:kvalitet-ny@thread.tacv2", "Kvalitet ny")

PEOPLE = {
    p.key: p
    for p in [
        Person("nils", "Nils Uten Rolle", "aad-nils", "nils@stolav.no"),
        Person("ola", "Ola Hansen", "aad-ola", "ola@hmr.no"),
        Person("kari", "Kari Nordmann", "aad-kari", "kari@stolav.no"),
        Person("per", "Per Olsen", "aad-per", "per@stolav.no"),
        Person("siri", "Siri Dahl", "aad-siri", "siri@helse-midt.no"),
        Person("dag", "Dag Direktør", "aad-dag", "dag@stolav.no"),
        Person("ulla", "Ulla Bruker", "aad-ulla", "ulla@example.org"),
        Person("otto", "Otto Observatør", "aad-otto", "otto@example.org"),
        Person("eva", "Eva Utenfor", "aad-eva", "eva@hmr.no"),
        # Not personas: a third voter (so two votes do not close a poll), a person whose HF the
        # roles card changes, and the other networks' secretaries.
        Person("ingrid", "Ingrid Berg", "aad-ingrid", "ingrid@hnt.no"),
        Person("tone", "Tone Reserve", "aad-tone", "tone@hnt.no"),
        Person("hanne", "Hanne Sekretær", "aad-hanne", "hanne@helse-midt.no"),
        Person("lars", "Lars Lunge", "aad-lars", "lars@stolav.no"),
    ]
}

# Who plays each role. All but two are in the Hjerte team (Nils with no role assigned); Dag is a
# director in the director network only, Eva a member of the Lunge network in another team.
PERSONA = {
    "no_role": "nils",
    "member": "ola",
    "leader": "kari",
    "secretary": "per",
    "rhf_adviser": "siri",
    "director": "dag",
    "user_representative": "ulla",
    "observer": "otto",
    "other_network": "eva",
}

HJERTE_ROLES = {
    "ola": ("member", "hmr"),
    "kari": ("leader", "st_olav"),
    "per": ("secretary", "st_olav"),
    "siri": ("rhf_adviser", "rhf"),
    "ulla": ("user_representative", "hnt"),
    "otto": ("observer", "other"),
    "ingrid": ("member", "hnt"),
}

# Every permission refusal the bot gives, as a person reads it.
REFUSALS = frozenset(
    t(key, "nb")
    for key in (
        "error.not_allowed",
        "network.register.managers_only",
        "escalation.not_director",
        "poll.not_a_voter",
        "decision.anchoring.not_representative",
        "nudge.not_found",
        "annual.not_leader",
        "annual.input.not_asked",
        "agenda.not_adviser",
        "assignment.not_director",
    )
)

# Tables that record deliveries and conversations, not what people did.
_NOT_STATE = frozenset({"outbox", "conversation_refs"})


@dataclass
class World:
    """The networks and people, and the objects the rows act on (made on first use)."""

    teams: TeamsClient
    connector: Connector
    sessions: Sessions
    hjerte_id: int = 0
    shared: dict[str, Any] = field(default_factory=dict)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next(self) -> int:
        """A number no other check used."""
        return next(self._counter)

    @property
    def secretary(self) -> Person:
        """Hjerte's secretary, who sets up the objects."""
        return PEOPLE["per"]

    async def once(self, key: str, make: Callable[[], Awaitable[Any]]) -> Any:
        """An object shared by every check of a row (or of several rows)."""
        if key not in self.shared:
            self.shared[key] = await make()
        return self.shared[key]

    async def consumable(self, who: Who, key: str, make: Callable[[], Awaitable[Any]]) -> Any:
        """An object an allowed check uses up (a poll it closes, a case it escalates): new for
        each allowed person; those to be refused share one, which a refusal leaves as it was.
        (Were one wrongly allowed, it would use the shared one up and the next refusal would
        answer something else: the mismatch shows either way.) Fewer objects keep the channel
        under Teams' send limits, which the bot's outbox honours."""
        if who.allowed:
            return await make()
        return await self.once(key, make)

    async def case(self, *, needs_anchoring: bool = False) -> tuple[int, str]:
        """A new open case in Hjerte: its id and label."""
        n = self.next()
        await create_case(
            self.teams,
            self.secretary,
            HJERTE,
            title=f"Matrisesak {n}",
            proposal=f"Forslag {n}",
            needs_anchoring=needs_anchoring,
        )
        async with self.sessions() as session:
            case = await session.scalar(select(Case).order_by(Case.id.desc()).limit(1))
        assert case is not None
        assert case.title == f"Matrisesak {n}"
        return case.id, f"{case.number}/{case.year}"

    async def poll(self, *, needs_anchoring: bool = False) -> int:
        """An open poll on a new case: its id."""
        case_id, _label = await self.case(needs_anchoring=needs_anchoring)
        opened = await self.teams.click(
            self.secretary, {"action": "poll.open", "case_id": case_id}, HJERTE
        )
        assert "Til avstemning" in str(opened.body), opened.body
        async with self.sessions() as session:
            poll_id = await session.scalar(select(Poll.id).where(Poll.case_id == case_id))
        assert poll_id is not None
        return poll_id

    async def inconclusive_poll(self) -> int:
        """A poll the secretary closed before anyone voted: quorum not met, no block."""
        poll_id = await self.poll()
        await self.teams.click(self.secretary, {"action": "poll.close", "poll_id": poll_id}, HJERTE)
        async with self.sessions() as session:
            outcome = await session.scalar(select(Poll.outcome).where(Poll.id == poll_id))
        assert outcome == "inconclusive"
        return poll_id

    async def anchoring_decision(self) -> int:
        """A provisional decision waiting for St. Olav, HMR and HNT to confirm anchoring."""
        poll_id = await self.poll(needs_anchoring=True)
        for key in ("kari", "ola", "ingrid"):
            await self.teams.click(
                PEOPLE[key], {"action": "poll.vote", "poll_id": poll_id, "stance": "agree"}, HJERTE
            )
        async with self.sessions() as session:
            decision = await session.scalar(select(Decision).where(Decision.poll_id == poll_id))
        assert decision is not None
        assert sorted(decision.anchoring_hfs) == ["hmr", "hnt", "st_olav"]
        return decision.id

    async def escalation(self) -> int:
        """A case the secretary escalated, delivered to the director network."""
        _case_id, label = await self.case()
        await self.teams.say(self.secretary, f"eskaler {label}", HJERTE)
        async with self.sessions() as session:
            escalation = await session.scalar(
                select(Escalation).order_by(Escalation.id.desc()).limit(1)
            )
        assert escalation is not None
        assert escalation.state == "delivered", escalation.state
        return escalation.id

    async def reminder_of(self, key: str) -> int:
        """A waiting poll reminder for one person."""
        poll_id = await self.poll()
        async with self.sessions() as session:
            reminder_id = await session.scalar(
                select(Reminder.id)
                .where(
                    Reminder.subject == f"poll:{poll_id}",
                    Reminder.recipient_aad_id == PEOPLE[key].aad_id,
                )
                .limit(1)
            )
        assert reminder_id is not None
        return reminder_id

    async def membership_id(self, key: str) -> tuple[int, str | None]:
        """A Hjerte membership's id and current HF."""
        async with self.sessions() as session:
            membership = await session.scalar(
                select(Membership).where(
                    Membership.network_id == self.hjerte_id,
                    Membership.aad_id == PEOPLE[key].aad_id,
                )
            )
        assert membership is not None
        return membership.id, membership.hf


async def build_world(
    teams: TeamsClient, connector: Connector, sessions: Sessions, clock: FakeClock
) -> World:
    """Three networks in three teams, over HTTP the way their people would set them up."""
    # A Monday morning, so deadlines and working hours read the same on every run.
    clock.set(MATRIX_MONDAY)
    hjerte_team = ["kari", "per", "ola", "ingrid", "siri", "ulla", "otto", "nils", "tone"]
    connector.teams.clear()
    connector.teams[HJERTE.team_id] = [PEOPLE[k] for k in hjerte_team]
    connector.teams[DIRECTORS.team_id] = [PEOPLE["hanne"], PEOPLE["dag"]]
    connector.teams[LUNGE.team_id] = [PEOPLE["lars"], PEOPLE["eva"]]

    ok_card(
        await register_network(
            teams, PEOPLE["hanne"], DIRECTORS, name="Fagdirektørnettverket", kind="director"
        )
    )
    await assign_roles(teams, PEOPLE["hanne"], DIRECTORS, PEOPLE, {"dag": ("director", "st_olav")})
    ok_card(
        await register_network(
            teams, PEOPLE["kari"], HJERTE, name="Hjertenettverket", secretary=PEOPLE["per"]
        )
    )
    await assign_roles(teams, PEOPLE["per"], HJERTE, PEOPLE, HJERTE_ROLES)
    ok_card(await register_network(teams, PEOPLE["lars"], LUNGE, name="Lungenettverket"))
    await assign_roles(teams, PEOPLE["lars"], LUNGE, PEOPLE, {"eva": ("member", "hmr")})

    async with sessions() as session:
        hjerte = await session.scalar(select(Network).where(Network.name == "Hjertenettverket"))
        roles = {
            (m.network_id, m.aad_id): m.role for m in await session.scalars(select(Membership))
        }
    assert hjerte is not None
    assert roles[(hjerte.id, "aad-nils")] is None
    assert (hjerte.id, "aad-dag") not in roles
    assert (hjerte.id, "aad-eva") not in roles
    return World(teams, connector, sessions, hjerte_id=hjerte.id)


# -- what each row sends ---------------------------------------------------------------------


def say(text: str, where: str = "hjerte") -> Callable[[World, Who], Awaitable[Send]]:
    """A fixed command."""

    async def send(_world: World, _who: Who) -> Send:
        return Send(where, text=text)

    return send


def click(data: dict[str, Any], where: str = "hjerte") -> Callable[[World, Who], Awaitable[Send]]:
    """A fixed card action."""

    async def send(_world: World, _who: Who) -> Send:
        return Send(where, data=data)

    return send


async def _register_command(world: World, _who: Who) -> Send:
    return Send(f"new:{world.next()}", text="registrer")


async def _register_submit(world: World, who: Who) -> Send:
    n = world.next()
    data = {
        "action": "network.register",
        "name": f"Nytt nettverk {n}",
        "kind": "professional_leader",
        "secretary": PEOPLE[who.key].aad_id,
    }
    return Send(f"new:{n}", data=data)


async def _members_edit(world: World, _who: Who) -> Send:
    return Send("hjerte", data={"action": "members.edit", "network_id": world.hjerte_id})


async def _members_assign(world: World, _who: Who) -> Send:
    # Each check asks for a real change: Tone's HF moves to one she does not have.
    membership_id, hf = await world.membership_id("tone")
    data = {
        "action": "members.assign",
        "network_id": world.hjerte_id,
        f"hf_{membership_id}": "hmr" if hf == "hnt" else "hnt",
    }
    return Send("hjerte", data=data)


async def _open_case_label(world: World) -> str:
    _case_id, label = await world.once("open case", world.case)
    return str(label)


async def _case_view(world: World, _who: Who) -> Send:
    return Send("hjerte", text=f"sak {await _open_case_label(world)}")


async def _poll_command(world: World, _who: Who) -> Send:
    return Send("hjerte", text=f"avstemning {await _open_case_label(world)}")


async def _escalate_case(world: World, who: Who) -> Send:
    _case_id, label = await world.consumable(who, "case to escalate", world.case)
    return Send("hjerte", text=f"eskaler {label}")


async def _decisions_filter(world: World, _who: Who) -> Send:
    return Send(
        "hjerte", data={"action": "decisions.filter", "network_id": world.hjerte_id, "text": "1"}
    )


async def _decision(world: World) -> int:
    return int(await world.once("decision", world.anchoring_decision))


async def _amend_form(world: World, _who: Who) -> Send:
    return Send(
        "hjerte", data={"action": "decisions.amend_form", "decision_id": await _decision(world)}
    )


async def _amend(world: World, _who: Who) -> Send:
    data = {
        "action": "decisions.amend",
        "decision_id": await _decision(world),
        "text": f"Korrigert tekst {world.next()}",
    }
    return Send("hjerte", data=data)


async def _anchoring(world: World, who: Who) -> Send:
    hf = HJERTE_ROLES.get(who.key, ("", "st_olav"))[1]
    data = {"action": "anchoring.confirm", "decision_id": await _decision(world), "hf": hf}
    return Send("hjerte", data=data)


async def _escalation_decide(world: World, who: Who) -> Send:
    data = {
        "action": "escalation.decide",
        "escalation_id": await world.consumable(who, "escalation to decide", world.escalation),
        "verdict": "approved",
        "text": "Fagdirektørene slutter seg til forslaget.",
    }
    return Send("director", data=data)


async def _escalation_view(world: World, _who: Who) -> Send:
    escalation_id = await world.once("escalation", world.escalation)
    return Send("personal", data={"action": "escalation.view", "escalation_id": escalation_id})


async def _snooze(world: World, _who: Who) -> Send:
    reminder_id = await world.once("ola's reminder", lambda: world.reminder_of("ola"))
    return Send("personal", data={"action": "nudge.snooze", "reminder_id": reminder_id})


async def _poll_form(world: World, _who: Who) -> Send:
    case_id, _label = await world.once("open case", world.case)
    return Send("hjerte", data={"action": "poll.form", "case_id": case_id})


async def _poll_open(world: World, who: Who) -> Send:
    case_id, _label = await world.consumable(who, "case to poll", world.case)
    return Send("hjerte", data={"action": "poll.open", "case_id": case_id})


async def _shared_poll(world: World) -> int:
    return int(await world.once("open poll", world.poll))


async def _poll_vote(world: World, _who: Who) -> Send:
    data = {"action": "poll.vote", "poll_id": await _shared_poll(world), "stance": "agree"}
    return Send("hjerte", data=data)


async def _poll_refresh(world: World, _who: Who) -> Send:
    return Send("hjerte", data={"action": "poll.refresh", "poll_id": await _shared_poll(world)})


async def _poll_close(world: World, who: Who) -> Send:
    poll_id = await world.consumable(who, "poll to close", world.poll)
    return Send("hjerte", data={"action": "poll.close", "poll_id": poll_id})


async def _poll_extend(world: World, who: Who) -> Send:
    data = {
        "action": "poll.extend",
        "poll_id": await world.consumable(who, "poll to extend", world.inconclusive_poll),
        "deadline_date": "2026-12-07",
        "deadline_time": "12:00",
    }
    return Send("hjerte", data=data)


async def _poll_escalate(world: World, who: Who) -> Send:
    poll_id = await world.consumable(who, "poll to escalate", world.inconclusive_poll)
    return Send("hjerte", data={"action": "poll.escalate", "poll_id": poll_id})


_MEETING_FORM = {"title": "Matrisemøte", "duration": "60"}


async def _proposed_meeting(world: World) -> int:
    """A meeting the secretary proposed (slots shown, nothing booked): its id."""
    data = {"action": "meeting.propose", "network_id": world.hjerte_id, **_MEETING_FORM}
    ok_card(await world.teams.click(world.secretary, data, HJERTE))
    async with world.sessions() as session:
        meeting_id = await session.scalar(select(Meeting.id).order_by(Meeting.id.desc()).limit(1))
    assert meeting_id is not None
    return meeting_id


async def _planned_meeting(world: World) -> int:
    """A meeting the secretary booked (planned, as the matrix's bot has no Graph): its id."""
    meeting_id = await _proposed_meeting(world)
    data = {"action": "meeting.book", "meeting_id": meeting_id, "slot": 0}
    ok_card(await world.teams.click(world.secretary, data, HJERTE))
    return meeting_id


async def _meeting_propose(world: World, _who: Who) -> Send:
    data = {"action": "meeting.propose", "network_id": world.hjerte_id, **_MEETING_FORM}
    return Send("hjerte", data=data)


async def _meeting_book(world: World, who: Who) -> Send:
    meeting_id = await world.consumable(who, "meeting to book", lambda: _proposed_meeting(world))
    return Send("hjerte", data={"action": "meeting.book", "meeting_id": meeting_id, "slot": 0})


async def _meeting_show(world: World, _who: Who) -> Send:
    meeting_id = await world.once("planned meeting", lambda: _planned_meeting(world))
    return Send("hjerte", data={"action": "meeting.show", "meeting_id": meeting_id})


async def _meeting_move_form(world: World, _who: Who) -> Send:
    meeting_id = await world.once("planned meeting", lambda: _planned_meeting(world))
    return Send("hjerte", data={"action": "meeting.move_form", "meeting_id": meeting_id})


async def _meeting_move(world: World, who: Who) -> Send:
    meeting_id = await world.consumable(who, "meeting to move", lambda: _planned_meeting(world))
    data = {
        "action": "meeting.move",
        "meeting_id": meeting_id,
        "day": "2026-12-08",
        "start": "10:00",
        "duration": "60",
    }
    return Send("hjerte", data=data)


async def _meeting_cancel(world: World, who: Who) -> Send:
    meeting_id = await world.consumable(who, "meeting to cancel", lambda: _planned_meeting(world))
    return Send("hjerte", data={"action": "meeting.cancel", "meeting_id": meeting_id})


async def _started_meeting(world: World) -> int:
    """A booked Hjerte meeting that began an hour ago, without minutes: its id.

    Booking only takes times ahead of the clock, and minutes follow a meeting that has begun,
    which the matrix's fixed clock never reaches; so the meeting is written as booking leaves it.
    """
    n = world.next()
    async with world.sessions.begin() as session:
        network = await session.get(Network, world.hjerte_id)
        assert network is not None
        members = await session.scalars(
            select(Membership).where(
                Membership.network_id == world.hjerte_id,
                Membership.aad_id.in_(["aad-kari", "aad-per", "aad-ola"]),
            )
        )
        started = MATRIX_MONDAY - timedelta(hours=1)
        meeting = Meeting(
            network_id=world.hjerte_id,
            title=f"Møte med referat {n}",
            state="booked",
            window_from=started.date(),
            window_to=started.date(),
            duration_minutes=60,
            start_at=started,
            end_at=started,
            attendees=[{"aad_id": m.aad_id, "name": m.name, "required": True} for m in members],
            agenda=[],
            transaction_id=f"matrix-minutes-{n}",
            service_url=network.service_url,
            conversation_id=HJERTE.channel_id,
            created_by=world.secretary.aad_id,
        )
        session.add(meeting)
        await session.flush()
        return meeting.id


def _record(meeting_id: int, **inputs: str) -> dict[str, Any]:
    return {
        "action": "minutes.record",
        "meeting_id": meeting_id,
        "present": "aad-kari,aad-per",
        **inputs,
    }


async def _held_meeting(world: World) -> int:
    """A meeting whose minutes the secretary recorded: its id."""
    meeting_id = await _started_meeting(world)
    ok_card(await world.teams.click(world.secretary, _record(meeting_id), HJERTE))
    return meeting_id


async def _olas_followup(world: World) -> int:
    """An open follow-up item Ola owns, from minutes the secretary recorded: its id."""
    meeting_id = await _started_meeting(world)
    ola, _hf = await world.membership_id("ola")
    data = _record(meeting_id, task_0="Følge opp", owner_0=str(ola), due_0="2026-12-10")
    ok_card(await world.teams.click(world.secretary, data, HJERTE))
    async with world.sessions() as session:
        item = await session.scalar(select(FollowUp.id).where(FollowUp.meeting_id == meeting_id))
    assert item is not None
    return item


async def _minutes_form(world: World, _who: Who) -> Send:
    meeting_id = await world.once("started meeting", lambda: _started_meeting(world))
    return Send("hjerte", text=f"referat {meeting_id}")


async def _minutes_record(world: World, who: Who) -> Send:
    meeting_id = await world.consumable(who, "meeting for minutes", lambda: _started_meeting(world))
    return Send("hjerte", data=_record(meeting_id))


async def _minutes_show(world: World, _who: Who) -> Send:
    meeting_id = await world.once("held meeting", lambda: _held_meeting(world))
    return Send("hjerte", data={"action": "minutes.show", "meeting_id": meeting_id})


async def _followup_done(world: World, who: Who) -> Send:
    item = await world.consumable(who, "ola's follow-up", lambda: _olas_followup(world))
    return Send("hjerte", data={"action": "followup.done", "followup_id": item})


async def _summary_details(world: World, _who: Who) -> Send:
    return Send("personal", data={"action": "summary.details", "network_id": world.hjerte_id})


def _proposal_form(world: World) -> dict[str, Any]:
    return {
        "action": "agenda.propose",
        "network_id": world.hjerte_id,
        "scope": "regional",
        "title": f"Regional sak {world.next()}",
        "description": "Styret i Helse Midt-Norge ber nettverkene vurdere saken.",
        "source": "Styresak 88/2026",
    }


async def _proposal(world: World) -> int:
    """A pending proposal from Siri to Hjerte: its id."""
    ok_card(await world.teams.click(PEOPLE["siri"], _proposal_form(world)))
    async with world.sessions() as session:
        proposal_id = await session.scalar(
            select(AgendaProposal.id).order_by(AgendaProposal.id.desc()).limit(1)
        )
    assert proposal_id is not None
    return proposal_id


async def _agenda_propose(world: World, _who: Who) -> Send:
    return Send("personal", data=_proposal_form(world))


async def _agenda_accept(world: World, who: Who) -> Send:
    proposal_id = await world.consumable(who, "proposal to accept", lambda: _proposal(world))
    return Send("hjerte", data={"action": "agenda.accept", "proposal_id": proposal_id})


async def _agenda_decline(world: World, who: Who) -> Send:
    proposal_id = await world.consumable(who, "proposal to decline", lambda: _proposal(world))
    data = {"action": "agenda.decline", "proposal_id": proposal_id, "reason": "Ikke nå"}
    return Send("hjerte", data=data)


def _assignment_form(world: World) -> dict[str, Any]:
    return {
        "action": "assignment.give",
        "network_id": world.hjerte_id,
        "title": f"Oppdrag {world.next()}",
        "description": "Gi fagdirektørene en oversikt.",
        "deadline": "2026-12-18",
    }


async def _assignment(world: World) -> int:
    """An open assignment Dag gave Hjerte from the director channel: its id."""
    ok_card(await world.teams.click(PEOPLE["dag"], _assignment_form(world), DIRECTORS))
    async with world.sessions() as session:
        assignment_id = await session.scalar(
            select(Assignment.id).order_by(Assignment.id.desc()).limit(1)
        )
    assert assignment_id is not None
    return assignment_id


async def _assignment_give(world: World, _who: Who) -> Send:
    return Send("director", data=_assignment_form(world))


async def _answer_form(world: World, _who: Who) -> Send:
    assignment_id = await world.once("assignment", lambda: _assignment(world))
    return Send("hjerte", data={"action": "assignment.answer_form", "assignment_id": assignment_id})


async def _assignment_answer(world: World, who: Who) -> Send:
    assignment_id = await world.consumable(who, "assignment to answer", lambda: _assignment(world))
    data = {"action": "assignment.answer", "assignment_id": assignment_id, "text": "Svar"}
    return Send("hjerte", data=data)


def _report_year(world: World) -> int:
    """A report year no other check started (the matrix's cycles are one per year)."""
    years: itertools.count[int] = world.shared.setdefault("report years", itertools.count(2001))
    return next(years)


async def _report_cycle(world: World, year: int = 2026) -> int:
    """Hjerte's report cycle for `year`, started by the secretary: its id."""
    said = await world.teams.say(world.secretary, f"rapport start {year}", HJERTE)
    assert said.status in (200, 201)
    async with world.sessions() as session:
        cycle_id = await session.scalar(
            select(ReportCycle.id).where(
                ReportCycle.network_id == world.hjerte_id, ReportCycle.year == year
            )
        )
    assert cycle_id is not None
    return cycle_id


async def _cycle(world: World) -> int:
    return int(await world.once("report cycle", lambda: _report_cycle(world)))


async def _approved_report(world: World) -> int:
    """A report the leader approved: its cycle id."""
    cycle_id = await _report_cycle(world, _report_year(world))
    ok_card(
        await world.teams.click(
            PEOPLE["kari"], {"action": "annual.approve", "cycle_id": cycle_id}, HJERTE
        )
    )
    return cycle_id


async def _priorities(world: World) -> int:
    """An open priorities case in Hjerte: its id.

    The annual job opens it on the first working day of January, which the matrix's fixed
    clock never reaches; so the case is written as the job leaves it.
    """
    n = world.next()
    async with world.sessions.begin() as session:
        network = await session.get(Network, world.hjerte_id)
        assert network is not None
        case = Case(
            network_id=world.hjerte_id,
            year=1990 + n,
            number=1,
            title=f"Prioriterte mål {n}",
            case_type="other",
            service_url=network.service_url,
            thread_id=HJERTE.channel_id,
            created_by="fagnett",
        )
        session.add(case)
        await session.flush()
        priorities = AnnualPriorities(
            network_id=world.hjerte_id, year=1990 + n, case_id=case.id, goals=[], sources=[]
        )
        session.add(priorities)
        await session.flush()
        return priorities.id


async def _report_start(world: World, who: Who) -> Send:
    year = _report_year(world) if who.allowed else 2026
    await _cycle(world)
    return Send("hjerte", text=f"rapport start {year}")


async def _report_status(world: World, _who: Who) -> Send:
    await _cycle(world)
    return Send("hjerte", text="rapport status")


async def _input_form(world: World, _who: Who) -> Send:
    return Send("personal", data={"action": "annual.input_form", "cycle_id": await _cycle(world)})


async def _input_give(world: World, _who: Who) -> Send:
    data = {
        "action": "annual.input_give",
        "cycle_id": await _cycle(world),
        "activity": f"Aktivitet {world.next()}",
    }
    return Send("personal", data=data)


async def _draft(world: World, _who: Who) -> Send:
    return Send("hjerte", data={"action": "annual.draft", "cycle_id": await _cycle(world)})


async def _draft_save(world: World, _who: Who) -> Send:
    data = {
        "action": "annual.draft_save",
        "cycle_id": await _cycle(world),
        "section_other": f"Endret {world.next()}",
    }
    return Send("hjerte", data=data)


async def _approve(world: World, who: Who) -> Send:
    cycle_id = await world.consumable(
        who, "cycle to approve", lambda: _report_cycle(world, _report_year(world))
    )
    return Send("hjerte", data={"action": "annual.approve", "cycle_id": cycle_id})


async def _reopen(world: World, _who: Who) -> Send:
    day = f"2026-12-{10 + world.next() % 15:02d}"
    data = {"action": "annual.reopen", "cycle_id": await _cycle(world), "deadline": day}
    return Send("hjerte", data=data)


async def _report_show(world: World, _who: Who) -> Send:
    cycle_id = await world.once("approved report", lambda: _approved_report(world))
    return Send("hjerte", data={"action": "annual.report", "cycle_id": cycle_id})


async def _priorities_form(world: World, _who: Who) -> Send:
    priorities_id = await world.once("priorities", lambda: _priorities(world))
    return Send("hjerte", data={"action": "annual.priorities_form", "priorities_id": priorities_id})


async def _priorities_save(world: World, _who: Who) -> Send:
    data = {
        "action": "annual.priorities_save",
        "priorities_id": await world.once("priorities", lambda: _priorities(world)),
        "goal_0": f"Mål {world.next()}",
        "task_0": "competence",
    }
    return Send("hjerte", data=data)


_QUALITY_SETUP = {
    "action": "quality.setup",
    "coordinating_hf": "St. Olavs hospital HF",
    "coordinating_region": "midt",
    "clinic": "Klinikk for hjertemedisin",
    "start_on": "2026-01-01",
    "english_name": "Norwegian National Network for Heart Rhythm",
}


async def _quality_channel(world: World, where: Channel, name: str, *, set_up: bool) -> int:
    """A quality and competence network in the Hjerte team, registered by Kari with Per as
    secretary and Hjerte's roles, set up by Per if `set_up`: its id."""
    registered = await register_network(
        world.teams,
        PEOPLE["kari"],
        where,
        name=name,
        kind="quality_competence",
        secretary=world.secretary,
    )
    ok_card(registered)
    await assign_roles(world.teams, world.secretary, where, PEOPLE, HJERTE_ROLES)
    if set_up:
        ok_card(await world.teams.click(world.secretary, _QUALITY_SETUP, where))
    async with world.sessions() as session:
        network_id = await session.scalar(select(Network.id).where(Network.name == name))
    assert network_id is not None
    return network_id


async def _quality(world: World) -> int:
    return int(
        await world.once(
            "quality network",
            lambda: _quality_channel(world, QUALITY, "Hjerterytmenettverket", set_up=True),
        )
    )


def say_quality(text: str) -> Callable[[World, Who], Awaitable[Send]]:
    """A fixed command in the quality network."""

    async def send(world: World, _who: Who) -> Send:
        await _quality(world)
        return Send("kvalitet", text=text)

    return send


def click_quality(data: dict[str, Any]) -> Callable[[World, Who], Awaitable[Send]]:
    """A fixed card action in the quality network."""

    async def send(world: World, _who: Who) -> Send:
        await _quality(world)
        return Send("kvalitet", data=data)

    return send


async def _quality_not_set_up(world: World, _who: Who) -> Send:
    await world.once(
        "quality network without set-up",
        lambda: _quality_channel(world, QUALITY_NEW, "Nytt kvalitetsnettverk", set_up=False),
    )
    return Send("kvalitet-ny", text="kvalitet")


def _agreement_form(person: str) -> dict[str, str]:
    return {
        "host_hf": "Helse Bergen HF",
        "region": "vest",
        "person": person,
        "content": "Kompetansespredning i Helse Vest",
        "percent": "20",
        "start_on": "2026-12-01",
        "end_on": "2027-11-30",
        "yearly_cost": "100000",
        "anchored_by": "Klinikksjef Vest",
    }


async def _new_agreement(world: World) -> int:
    """An agreement Per recorded in the quality network: its id."""
    await _quality(world)
    data = {"action": "quality.agreement_save", **_agreement_form(f"Avtaleperson {world.next()}")}
    ok_card(await world.teams.click(world.secretary, data, QUALITY))
    async with world.sessions() as session:
        agreement_id = await session.scalar(
            select(QualityAgreement.id).order_by(QualityAgreement.id.desc()).limit(1)
        )
    assert agreement_id is not None
    return agreement_id


async def _agreement_save(world: World, _who: Who) -> Send:
    await _quality(world)
    data = {"action": "quality.agreement_save", **_agreement_form(f"Person {world.next()}")}
    return Send("kvalitet", data=data)


async def _agreement_form_of(world: World, _who: Who) -> Send:
    agreement_id = await world.once("agreement", lambda: _new_agreement(world))
    return Send("kvalitet", data={"action": "quality.agreement_form", "agreement_id": agreement_id})


async def _agreement_history(world: World, _who: Who) -> Send:
    agreement_id = await world.once("agreement", lambda: _new_agreement(world))
    data = {"action": "quality.agreement_history", "agreement_id": agreement_id}
    return Send("kvalitet", data=data)


async def _agreement_end(world: World, who: Who) -> Send:
    agreement_id = await world.consumable(who, "agreement to end", lambda: _new_agreement(world))
    return Send("kvalitet", data={"action": "quality.agreement_end", "agreement_id": agreement_id})


async def _olas_milestone(world: World) -> int:
    """A planned milestone Ola owns, added by Per: its id."""
    await _quality(world)
    data = {
        "action": "quality.milestone_save",
        "title": f"Milepæl {world.next()}",
        "due_on": "2026-12-15",
        "owner": PEOPLE["ola"].aad_id,
    }
    ok_card(await world.teams.click(world.secretary, data, QUALITY))
    async with world.sessions() as session:
        milestone_id = await session.scalar(
            select(QualityMilestone.id).order_by(QualityMilestone.id.desc()).limit(1)
        )
    assert milestone_id is not None
    return milestone_id


async def _milestone_state(world: World, who: Who) -> Send:
    milestone_id = await world.consumable(who, "ola's milestone", lambda: _olas_milestone(world))
    data = {"action": "quality.milestone_state", "milestone_id": milestone_id, "state": "done"}
    return Send("kvalitet", data=data)


async def _milestone_save(world: World, _who: Who) -> Send:
    await _quality(world)
    data = {
        "action": "quality.milestone_save",
        "title": f"Ny milepæl {world.next()}",
        "due_on": "2026-12-20",
        "owner": PEOPLE["kari"].aad_id,
    }
    return Send("kvalitet", data=data)


async def _report_period(world: World) -> tuple[str, str]:
    last = date(2026, 1, 1) + timedelta(days=world.next())
    return "2026-01-01", last.isoformat()


async def _report_approve(world: World, who: Who) -> Send:
    await _quality(world)
    first, last = await world.consumable(who, "period to approve", lambda: _report_period(world))
    data = {"action": "quality.report_approve", "period_from": first, "period_to": last}
    return Send("kvalitet", data=data)


_COST = {
    "action": "quality.cost_save",
    "text": "Reise til nettverksmøte",
    "region": "midt",
    "spent_on": "2026-11-20",
    "amount": "5000",
}


# -- the table -------------------------------------------------------------------------------
#
# Managers (leader, secretary) run the network; voters (member, leader) vote and confirm
# anchoring for their HF; the director decides escalations. Reading — help, composition, cases,
# decisions, escalations, a poll's tally — is open to everyone, as DESIGN has the RHF adviser
# read across networks and `members`/`decisions <network>` work from anywhere.

_CASE_FORM = {"action": "case.create", "title": "Sak fra skjema", "case_type": "other"}
_DISPUTE = "eskaler sammensetning Uenighet om hvem som representerer HNT."
_SENT = "er sendt til eskalering"
_DISPUTED = "Uenigheten om sammensetningen er sendt til Fagdirektørnettverket for beslutning."

# fmt: off
# One row per line, so the table reads as a grid. Columns, in the order of ROLES: no role,
# member, leader, secretary, RHF adviser, director, user representative, observer, and a member
# of another network. `+` allowed, `-` refused.
TABLE: tuple[Row, ...] = (
    #    N M L S A D U O X
    Row("+ + + + + + + + +", "help", say("hjelp")),
    Row("- - + + - - - - -", "register (new channel)", _register_command),
    Row("+ + + + + + + + +", "members", say("medlemmer")),
    Row("- - + + - - - - -", "case (new-case form)", say("sak")),
    Row("+ + + + + + + + +", "case 1/2026 (view)", _case_view),
    Row("+ + + + + + + + +", "cases", say("saker")),
    Row("- - + + - - - - -", "poll (which case?)", say("avstemning"), shows="Hvilken sak?"),
    Row("- - + + - - - - -", "poll 1/2026 (form)", _poll_command),
    Row("+ + + + + + + + +", "decisions", say("vedtak")),
    Row("- - + + - - - - -", "escalate (how to)", say("eskaler"), shows="eskaler 7/2026"),
    Row("- - + + - - - - -", "escalate 1/2026", _escalate_case, shows=_SENT, writes=True),
    Row("- - + + - - - - -", "escalate composition", say(_DISPUTE), shows=_DISPUTED, writes=True),
    Row("+ + + + + + + + +", "escalations", say("eskaleringer")),
    Row("+ + + + + + + + +", "reminders", say("påminnelser", "personal")),
    Row("- - + + - - - - -", "case.create", click(_CASE_FORM), writes=True),
    Row("+ + + + + + + + +", "decisions.filter", _decisions_filter),
    Row("- - + + - - - - -", "decisions.amend_form", _amend_form),
    Row("- - + + - - - - -", "decisions.amend", _amend, writes=True),
    Row("- - - - - + - - -", "escalation.decide", _escalation_decide, writes=True),
    Row("+ + + + + + + + +", "escalation.view", _escalation_view),
    Row("+ + + + + + + + +", "members.show", click({"action": "members.show"})),
    Row("- - + + - - - - -", "members.edit", _members_edit),
    Row("- - + + - - - - -", "members.assign", _members_assign, writes=True),
    Row("- - + + - - - - -", "network.register", _register_submit, writes=True),
    Row("- + - - - - - - -", "nudge.snooze (the member's reminder)", _snooze, writes=True),
    Row("- - + + - - - - -", "poll.form", _poll_form),
    Row("- - + + - - - - -", "poll.open", _poll_open, shows="Til avstemning", writes=True),
    Row("- + + - - - - - -", "poll.vote", _poll_vote, writes=True),
    Row("+ + + + + + + + +", "poll.refresh", _poll_refresh),
    Row("- - + + - - - - -", "poll.close", _poll_close, writes=True),
    Row("- - + + - - - - -", "poll.extend", _poll_extend, shows="er forlenget", writes=True),
    Row("- - + + - - - - -", "poll.escalate", _poll_escalate, shows="er meldt til eskalering", writes=True),
    Row("- + + - - - - - -", "anchoring.confirm", _anchoring, writes=True),
    Row("- - + + - - - - -", "minutes 12 (form)", _minutes_form),
    Row("- - + + - - - - -", "minutes.record", _minutes_record, writes=True),
    Row("+ + + + + + + + +", "minutes.show", _minutes_show),
    Row("+ + + + + + + + +", "followups", say("oppfølging")),
    Row("- + + + - - - - -", "followup.done (Ola's item)", _followup_done, writes=True),
    Row("- - + + - - - - -", "meeting (planning form)", say("møte")),
    Row("- - - - + - - - -", "meeting samling (annual gathering form)", say("møte samling")),
    Row("- - + + - - - - -", "meeting.propose", _meeting_propose, writes=True),
    Row("- - + + - - - - -", "meeting.book", _meeting_book, writes=True),
    Row("+ + + + + + + + +", "meeting.show", _meeting_show),
    Row("- - + + - - - - -", "meeting.move_form", _meeting_move_form),
    Row("- - + + - - - - -", "meeting.move", _meeting_move, writes=True),
    Row("- - + + - - - - -", "meeting.cancel", _meeting_cancel, writes=True),
    Row("+ + + + + + + + +", "quality (overview)", say_quality("kvalitet")),
    Row("- - + + - - - - -", "quality (set-up form, not yet set up)", _quality_not_set_up),
    Row("+ + + + + + + + +", "agreements", say_quality("avtaler")),
    Row("+ + + + + + + + +", "budget", say_quality("budsjett")),
    Row("+ + + + + + + + +", "milestones", say_quality("milepæler")),
    Row("+ + + + + + + + +", "progress", say_quality("framdrift")),
    Row("+ + + + + + + + +", "quality.show", click_quality({"action": "quality.show"})),
    Row("- - + + - - - - -", "quality.setup_form", click_quality({"action": "quality.setup_form"})),
    Row("- - + + - - - - -", "quality.setup", click_quality(_QUALITY_SETUP), writes=True),
    Row("+ + + + + + + + +", "quality.agreements (as of a day)", click_quality({"action": "quality.agreements", "as_of": "2026-11-23"})),
    Row("- - + + - - - - -", "quality.agreement_form (change)", _agreement_form_of),
    Row("- - + + - - - - -", "quality.agreement_save", _agreement_save, writes=True),
    Row("- - + + - - - - -", "quality.agreement_end", _agreement_end, writes=True),
    Row("+ + + + + + + + +", "quality.agreement_history", _agreement_history),
    Row("- - + + - - - - -", "quality.cost_form", click_quality({"action": "quality.cost_form"})),
    Row("- - + + - - - - -", "quality.cost_save", click_quality(_COST), writes=True),
    Row("- - + + - - - - -", "quality.milestone_form", click_quality({"action": "quality.milestone_form"})),
    Row("- - + + - - - - -", "quality.milestone_save", _milestone_save, writes=True),
    Row("- + + + - - - - -", "quality.milestone_state (Ola's milestone)", _milestone_state, writes=True),
    Row("- - + + - - - - -", "quality.report_approve", _report_approve, writes=True),
    Row("+ + + + + + + + +", "progress eRapport (a year's text)", say_quality("framdrift eRapport 2026")),
    Row("+ + + + + + + + +", "quality.erapport", click_quality({"action": "quality.erapport", "year": 2026})),
    Row("+ + + + + + + + +", "summary", say("oppsummering", "personal")),
    Row("+ + + + + + + + +", "summary.filter", click({"action": "summary.filter", "period": "90"}, "personal")),
    Row("+ + + + + + + + -", "summary.details (Hjerte)", _summary_details),
    Row("- - - - + + - - -", "summary.tell (a pair not flagged)", click({"action": "summary.tell", "first": 1, "second": 2}, "personal"), shows="Fant ikke"),
    Row("- - - - + + - - -", "summary.digest (opt out)", click({"action": "summary.digest", "on": False}, "personal"), writes=True),
    Row("- - - - + - - - -", "propose (form)", say("foreslå", "personal")),
    Row("- - - - + - - - -", "agenda.propose", _agenda_propose, writes=True),
    Row("- - + + - - - - -", "agenda.accept", _agenda_accept, writes=True),
    Row("- - + + - - - - -", "agenda.decline", _agenda_decline, writes=True),
    Row("- - - - - + - - -", "assignment (form)", say("oppdrag", "director")),
    Row("- - - - - + - - -", "assignment.give", _assignment_give, writes=True),
    Row("- - + + - - - - -", "assignment.answer_form", _answer_form),
    Row("- - + + - - - - -", "assignment.answer", _assignment_answer, writes=True),
    Row("- - + + - - - - -", "report start", _report_start, shows="innspillskort", writes=True),
    Row("+ + + + + + + + +", "report status", _report_status),
    Row("- + + - - - - - -", "annual.input_form", _input_form),
    Row("- + + - - - - - -", "annual.input_give", _input_give, writes=True),
    Row("- - + + - - - - -", "annual.draft", _draft),
    Row("- - + - - - - - -", "annual.draft_save", _draft_save, writes=True),
    Row("- - + - - - - - -", "annual.approve", _approve, writes=True),
    Row("- - + + - - - - -", "annual.reopen", _reopen, shows="tas imot igjen", writes=True),
    Row("+ + + + + + + + +", "annual.report", _report_show),
    Row("- - + + - - - - -", "annual.priorities_form", _priorities_form),
    Row("- - + + - - - - -", "annual.priorities_save", _priorities_save, writes=True),
)
# fmt: on


# -- discovering what must be covered --------------------------------------------------------


def card_actions() -> set[str]:
    """Every card action's name: the `action` literal of each `CardAction` subclass."""
    for module in pkgutil.walk_packages(dialogs.__path__, "dialogs."):
        if module.name.endswith(".handlers"):
            importlib.import_module(module.name)
    names: set[str] = set()
    pending = list(CardAction.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        names.update(typing.get_args(model.model_fields["action"].annotation))
    return names


def test_the_table_covers_every_command_and_card_action() -> None:
    covered = {row.covers for row in TABLE}
    commands = {f"command:{c.name}" for c in COMMANDS}
    actions = {f"action:{name}" for name in card_actions()}

    assert len(actions) >= 19
    assert commands - covered == set(), "commands without a row"
    assert actions - covered == set(), "card actions without a row"
    assert covered - commands - actions == set(), "rows for commands or actions that are gone"
    for row in TABLE:
        assert len(row.expected.split()) == len(ROLES), row.name
        assert set(row.expected.split()) <= {"+", "-"}, row.name
    assert len({row.name for row in TABLE}) == len(TABLE)


# -- running it ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What the bot answered one check: texts and cards."""

    texts: tuple[str, ...]
    cards: tuple[dict[str, Any], ...]

    def verdict(self, shows: str) -> str:
        """`refuse`, `allow`, or what else it said."""
        if not self.cards and any(text in REFUSALS for text in self.texts):
            return "refuse"
        if shows == CARD and self.cards:
            return "allow"
        visible = [*self.texts, *(card_text(card) for card in self.cards)]
        if shows != CARD and any(shows in text for text in visible):
            return "allow"
        return f"something else: {visible}"


def _place(send: Send) -> Channel | None:
    if send.where == "hjerte":
        return HJERTE
    if send.where == "director":
        return DIRECTORS
    if send.where == "personal":
        return None
    if send.where == "kvalitet":
        return QUALITY
    if send.where == "kvalitet-ny":
        return QUALITY_NEW
    n = send.where.removeprefix("new:")
    return Channel(HJERTE.team_id, f"19:ny-{n}@thread.tacv2", f"Ny {n}")


async def answer_of(world: World, person: Person, send: Send) -> Answer:
    """Send the command or click as `person`; what the bot answered that turn."""
    where = _place(send)
    if send.data is not None:
        response: Response = await world.teams.click(person, send.data, where)
        assert response.status == 200, response
        body = response.body
        if body["type"] == "application/vnd.microsoft.card.adaptive":
            return Answer((), (body["value"],))
        return Answer((str(body["value"]),), ())
    assert send.text is not None
    conversation = (
        f"a:personal-{person.key}-{world.next()}"
        if where is None
        else f"{where.channel_id};messageid=matrix-{world.next()}"
    )
    before = set(world.connector.activities)
    said = await world.teams.say(person, send.text, where, conversation_id=conversation)
    assert said.status in (200, 201), said
    replies = [
        a
        for key, a in world.connector.activities.items()
        if key not in before and a.get("conversation", {}).get("id") == conversation
    ]
    cards = tuple(
        attachment["content"]
        for a in replies
        for attachment in a.get("attachments") or []
        if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive"
    )
    return Answer(tuple(a["text"] for a in replies if a.get("text")), cards)


async def state_of(sessions: Sessions) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table that records what people did."""
    async with sessions() as session:
        return {
            table.name: [
                tuple(row)
                for row in await session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
            if table.name not in _NOT_STATE
        }


async def test_authorization_matrix(
    teams: TeamsClient,
    connector: Connector,
    bot_sessions: Sessions,
    clock: FakeClock,
) -> None:
    world = await build_world(teams, connector, bot_sessions, clock)
    mismatches: list[str] = []
    checks = 0
    for row in TABLE:
        for role in ROLES:
            key = PERSONA[role]
            send = await row.send(world, Who(key, row.allowed(role)))
            before = await state_of(bot_sessions)
            answer = await answer_of(world, PEOPLE[key], send)
            changed = await state_of(bot_sessions) != before
            checks += 1
            expected = "allow" if row.allowed(role) else "refuse"
            got = answer.verdict(row.shows)
            if got != expected:
                mismatches.append(f"{row.name} × {role}: expected {expected}, got {got}")
            elif changed and not (expected == "allow" and row.writes):
                mismatches.append(f"{row.name} × {role}: {got}, but the database changed")
            elif expected == "allow" and row.writes and not changed:
                mismatches.append(f"{row.name} × {role}: allowed, but nothing was stored")

    assert checks == len(TABLE) * len(ROLES)
    summary = (
        f"authorization matrix: {len(TABLE)} commands and card actions × {len(ROLES)} roles "
        f"= {checks} checks, "
        + ("all as expected" if not mismatches else f"{len(mismatches)} not as expected")
    )
    print(f"\n{summary}")
    assert not mismatches, summary + "\n" + "\n".join(mismatches)


# -- refusals come before the form is checked ------------------------------------------------


async def _vote_block_without_reason(world: World, _who: Who) -> Send:
    data = {"action": "poll.vote", "poll_id": await _shared_poll(world), "stance": "block"}
    return Send("hjerte", data=data)


async def _amend_without_text(world: World, _who: Who) -> Send:
    return Send("hjerte", data={"action": "decisions.amend", "decision_id": await _decision(world)})


async def _decide_without_text(world: World, _who: Who) -> Send:
    escalation_id = await world.once("escalation", world.escalation)
    data = {"action": "escalation.decide", "escalation_id": escalation_id, "verdict": "approved"}
    return Send("director", data=data)


async def _assign_unknown_role(world: World, _who: Who) -> Send:
    membership_id, _hf = await world.membership_id("tone")
    data = {
        "action": "members.assign",
        "network_id": world.hjerte_id,
        f"role_{membership_id}": "emperor",
    }
    return Send("hjerte", data=data)


async def _register_without_name(world: World, who: Who) -> Send:
    data = {"action": "network.register", "kind": "council", "secretary": PEOPLE[who.key].aad_id}
    return Send(f"new:{world.next()}", data=data)


async def _meeting_propose_without_title(world: World, _who: Who) -> Send:
    data = {"action": "meeting.propose", "network_id": world.hjerte_id, "duration": "60"}
    return Send("hjerte", data=data)


async def _decline_without_reason(world: World, _who: Who) -> Send:
    proposal_id = await world.once("proposal to decline", lambda: _proposal(world))
    return Send("hjerte", data={"action": "agenda.decline", "proposal_id": proposal_id})


async def _give_without_deadline(world: World, _who: Who) -> Send:
    data = {**_assignment_form(world), "deadline": ""}
    return Send("director", data=data)


@dataclass(frozen=True)
class Invalid:
    """A submission with a wrong input: who may make it (and is asked to fix it), who may not."""

    name: str
    send: Callable[[World, Who], Awaitable[Send]]
    may: str
    may_not: str
    fix: str  # the message key that asks to fix the input


# fmt: off
INVALID: tuple[Invalid, ...] = (
    Invalid("poll.vote block without a reason", _vote_block_without_reason, "kari", "otto", "poll.reason_required"),
    Invalid("decisions.amend without text", _amend_without_text, "per", "ola", "decision.invalid.text"),
    Invalid("escalation.decide without text", _decide_without_text, "dag", "per", "escalation.invalid.text"),
    Invalid("members.assign with an unknown role", _assign_unknown_role, "per", "ola", "members.invalid.role"),
    Invalid("case.create without a title", click({"action": "case.create"}), "per", "ola", "case.invalid.title"),
    Invalid("escalate composition without a description", say("eskaler sammensetning"), "per", "ola", "escalation.invalid.description"),
    Invalid("network.register without a name", _register_without_name, "per", "ola", "network.invalid.name"),
    Invalid("meeting.propose without a title", _meeting_propose_without_title, "per", "ola", "meeting.invalid.title"),
    Invalid("agenda.decline without a reason", _decline_without_reason, "per", "ola", "agenda.invalid.reason"),
    Invalid("assignment.give without a deadline", _give_without_deadline, "dag", "per", "assignment.invalid.deadline"),
)
# fmt: on


async def test_a_refused_person_is_not_asked_to_fix_the_form_first(
    teams: TeamsClient,
    connector: Connector,
    bot_sessions: Sessions,
    clock: FakeClock,
) -> None:
    world = await build_world(teams, connector, bot_sessions, clock)
    wrong: list[str] = []
    for case in INVALID:
        sends = [
            await case.send(world, Who(case.may, True)),
            await case.send(world, Who(case.may_not, False)),
        ]
        before = await state_of(bot_sessions)
        asked = await answer_of(world, PEOPLE[case.may], sends[0])
        refused = await answer_of(world, PEOPLE[case.may_not], sends[1])
        if asked.texts != (t(case.fix, "nb"),):
            wrong.append(f"{case.name}: {case.may} should be asked to fix it, got {asked}")
        if refused.verdict(CARD) != "refuse":
            wrong.append(f"{case.name}: {case.may_not} should be refused, got {refused}")
        if await state_of(bot_sessions) != before:
            wrong.append(f"{case.name}: the database changed")
    assert not wrong, "\n".join(wrong)
