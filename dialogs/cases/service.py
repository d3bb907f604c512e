"""Creating and finding cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.cases.rules import (
    CaseDraft,
    CaseState,
    case_label,
    numbering_year,
    parse_label,
    validate_case,
)
from dialogs.errors import NotFound
from dialogs.i18n import Lang
from dialogs.members.service import MemberService
from dialogs.turn import Actor, Place
from storage.clock import Now, system_clock
from storage.db import Sessions
from storage.events import record
from storage.models import Case, Network
from storage.numbering import next_number


@dataclass(frozen=True)
class CaseForm:
    """The submitted case form."""

    title: str | None
    description: str | None
    proposal: str | None
    case_type: str | None
    user_participation: bool
    needs_anchoring: bool


class CaseService:
    """Numbered cases per network and year."""

    def __init__(
        self, sessions: Sessions, members: MemberService, *, now: Now = system_clock
    ) -> None:
        self._sessions = sessions
        self._members = members
        self._now = now

    async def create(
        self, actor: Actor, network: Network, place: Place, form: CaseForm, lang: Lang
    ) -> Case:
        """Open a case with the network's next number; its thread is where it was created, and
        its channel posts are in the language of the person who created it.

        Raises:
            NotAllowed: the actor does not manage the network.
            InvalidInput: the form is wrong.
        """
        await self._members.check_may_manage(actor, network.id)
        draft = validate_case(
            title=form.title,
            description=form.description,
            proposal=form.proposal,
            case_type=form.case_type,
            user_participation=form.user_participation,
            needs_anchoring=form.needs_anchoring,
        )
        year = numbering_year(self._now())
        for attempt in range(5):
            try:
                async with self._sessions.begin() as session:
                    case = Case(
                        network_id=network.id,
                        year=year,
                        number=await next_number(session, Case, network.id, year),
                        title=draft.title,
                        description=draft.description,
                        proposal=draft.proposal,
                        case_type=draft.case_type.value,
                        user_participation=draft.user_participation,
                        needs_anchoring=draft.needs_anchoring,
                        service_url=place.service_url,
                        thread_id=place.conversation_id,
                        lang=lang,
                        created_by=actor.aad_id,
                    )
                    session.add(case)
                    await session.flush()
                    record(
                        session,
                        "CaseOpened",
                        actor=actor.aad_id,
                        network_id=network.id,
                        subject=f"case:{case.id}",
                        number=case_label(case.number, year),
                        title=case.title,
                        type=case.case_type,
                        needs_anchoring=case.needs_anchoring,
                    )
                return case
            except IntegrityError:
                # Another case took the number between our read and write; take the next.
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    async def open_in(
        self,
        session: AsyncSession,
        *,
        network_id: int,
        thread: Place | tuple[str, str],
        draft: CaseDraft,
        lang: Lang,
        created_by: str,
        **event: object,
    ) -> Case:
        """Open a case with the network's next number inside the caller's transaction (a case
        another capability brings onto a network's agenda). `thread` is where its channel posts
        go: a place, or `(service_url, conversation_id)`. `event` adds fields to `CaseOpened`.
        The caller has checked permission and validated `draft` (`rules.validate_case`)."""
        service_url, conversation_id = (
            (thread.service_url, thread.conversation_id) if isinstance(thread, Place) else thread
        )
        year = numbering_year(self._now())
        case = Case(
            network_id=network_id,
            year=year,
            number=await next_number(session, Case, network_id, year),
            title=draft.title,
            description=draft.description,
            proposal=draft.proposal,
            case_type=draft.case_type.value,
            user_participation=draft.user_participation,
            needs_anchoring=draft.needs_anchoring,
            service_url=service_url,
            thread_id=conversation_id,
            lang=lang,
            created_by=created_by,
        )
        session.add(case)
        await session.flush()
        record(
            session,
            "CaseOpened",
            actor=created_by,
            network_id=network_id,
            subject=f"case:{case.id}",
            number=case_label(case.number, year),
            title=case.title,
            type=case.case_type,
            needs_anchoring=case.needs_anchoring,
            **event,
        )
        return case

    async def by_label(self, network: Network, label: str) -> Case:
        """The network's case `7/2026`.

        Raises:
            InvalidInput: not a case number. NotFound: no such case here.
        """
        number, year = parse_label(label)
        async with self._sessions() as session:
            case = await session.scalar(
                select(Case).where(
                    Case.network_id == network.id, Case.year == year, Case.number == number
                )
            )
        if case is None:
            raise NotFound(name=label.strip())
        return case

    async def get(self, case_id: int) -> Case:
        """A case by id.

        Raises:
            NotFound: no such case.
        """
        async with self._sessions() as session:
            case = await session.get(Case, case_id)
        if case is None:
            raise NotFound(name=str(case_id))
        return case

    async def open_cases(self, network: Network) -> Sequence[Case]:
        """The network's cases not yet decided, newest first."""
        async with self._sessions() as session:
            return (
                await session.scalars(
                    select(Case)
                    .where(Case.network_id == network.id, Case.state != CaseState.DECIDED.value)
                    .order_by(Case.year.desc(), Case.number.desc())
                )
            ).all()
