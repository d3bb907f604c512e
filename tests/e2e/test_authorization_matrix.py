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
from datetime import UTC, datetime
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
from storage.models import Base, Case, Decision, Escalation, Membership, Network, Poll, Reminder

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

    where: str  # "hjerte", "director", "personal", or "new:<n>" (an unregistered channel)
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

HJERTE = Channel("19:team-hjerte@thread.tacv2", "19:general-hjerte@thread.tacv2", "Hjerte")
DIRECTORS = Channel("19:team-dir@thread.tacv2", "19:general-dir@thread.tacv2", "Fagdirektører")
LUNGE = Channel("19:team-lunge@thread.tacv2", "19:general-lunge@thread.tacv2", "Lunge")

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
        assert "er åpnet" in str(opened.body), opened.body
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
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
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


# -- the table -------------------------------------------------------------------------------
#
# Managers (leader, secretary) run the network; voters (member, leader) vote and confirm
# anchoring for their HF; the director decides escalations. Reading — help, composition, cases,
# decisions, escalations, a poll's tally — is open to everyone, as DESIGN has the RHF adviser
# read across networks and `members`/`decisions <network>` work from anywhere.

_CASE_FORM = {"action": "case.create", "title": "Sak fra skjema", "case_type": "other"}
_DISPUTE = "eskaler sammensetning Uenighet om hvem som representerer HNT."
_SENT = "er sendt til eskalering"

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
    Row("- - + + - - - - -", "escalate composition", say(_DISPUTE), shows=_SENT, writes=True),
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
    Row("- - + + - - - - -", "poll.open", _poll_open, shows="er åpnet", writes=True),
    Row("- + + - - - - - -", "poll.vote", _poll_vote, writes=True),
    Row("+ + + + + + + + +", "poll.refresh", _poll_refresh),
    Row("- - + + - - - - -", "poll.close", _poll_close, writes=True),
    Row("- - + + - - - - -", "poll.extend", _poll_extend, shows="er forlenget", writes=True),
    Row("- - + + - - - - -", "poll.escalate", _poll_escalate, shows="er meldt til eskalering", writes=True),
    Row("- + + - - - - - -", "anchoring.confirm", _anchoring, writes=True),
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

    assert checks == len(TABLE) * len(ROLES) == 297
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
