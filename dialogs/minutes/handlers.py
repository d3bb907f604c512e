"""Teams commands and card actions for minutes and follow-up items."""

from __future__ import annotations

from typing import Literal

from microsoft_teams.cards import AdaptiveCard
from pydantic import ConfigDict

from dialogs.errors import NotFound
from dialogs.i18n import t
from dialogs.links import Document, SignedLinks
from dialogs.minutes.cards import followups_card, minutes_form_card, summary_card
from dialogs.minutes.documents import file_name, to_docx, to_markdown
from dialogs.minutes.rules import meeting_argument
from dialogs.minutes.service import MinutesService
from dialogs.networks.service import NetworkService
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.turn import Reply, Turn

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class RecordMinutes(CardAction):
    """`minutes.record`: the minutes form: `present`, and per agenda case `discussed_<case>`,
    `decision_<case>`, `task_<case>_<n>`, `owner_<case>_<n>`, `due_<case>_<n>`."""

    model_config = ConfigDict(extra="allow", frozen=True)

    action: Literal["minutes.record"]
    meeting_id: int
    present: str | None = None

    def inputs(self) -> dict[str, object]:
        """The per-case inputs, by id."""
        return dict(self.model_extra or {})


class ShowMinutes(CardAction):
    """`minutes.show`: the minutes' summary with fresh download links."""

    action: Literal["minutes.show"]
    meeting_id: int


class FollowUpDone(CardAction):
    """`followup.done`: mark a follow-up item done."""

    action: Literal["followup.done"]
    followup_id: int


class MinutesHandlers:
    """Translates `minutes`, `followups` and their buttons into minutes service calls."""

    def __init__(
        self, networks: NetworkService, minutes: MinutesService, links: SignedLinks
    ) -> None:
        self._networks = networks
        self._minutes = minutes
        self._links = links
        links.serve("minutes", {"md", "docx"}, self.export)

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"minutes": self.form, "followups": self.followups}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [
            ActionRoute("minutes.record", RecordMinutes, self.record),
            ActionRoute("minutes.show", ShowMinutes, self.show),
            ActionRoute("followup.done", FollowUpDone, self.done),
        ]

    async def export(self, subject: str, fmt: str) -> Document:
        """A held meeting's minutes as Markdown or DOCX, for a signed link."""
        try:
            document, lang = await self._minutes.document(int(subject))
        except (ValueError, NotFound):
            raise LookupError(subject) from None
        if fmt == "docx":
            return Document(to_docx(document, lang), DOCX, file_name(document, "docx"))
        return Document(
            to_markdown(document, lang).encode(),
            "text/markdown; charset=utf-8",
            file_name(document, "md"),
        )

    def _links_of(self, meeting_id: int) -> tuple[str, str]:
        return (
            self._links.url("minutes", meeting_id, "docx"),
            self._links.url("minutes", meeting_id, "md"),
        )

    async def form(self, turn: Turn, args: str) -> Reply:
        """`referat [møtenummer]`: the minutes form for the meeting."""
        network = await self._networks.require(turn.place)
        meeting_id = meeting_argument(args) if args else None
        form = await self._minutes.form(turn.actor, network, meeting_id)
        return Reply(card=minutes_form_card(form, turn.lang))

    async def record(self, turn: Turn, payload: RecordMinutes) -> Reply:
        """Save the minutes; the form becomes the summary with download links."""
        recorded = await self._minutes.record(
            turn.actor, payload.meeting_id, payload.inputs(), present=payload.present
        )
        note = t(
            "minutes.recorded",
            turn.lang,
            decisions=recorded.decisions,
            followups=recorded.followups,
        )
        return Reply(
            card=summary_card(
                recorded.document, turn.lang, links=self._links_of(payload.meeting_id)
            ),
            extra=(Reply(text=note),),
        )

    async def show(self, turn: Turn, payload: ShowMinutes) -> Reply:
        """The minutes' summary with download links valid for a short while."""
        document, _lang = await self._minutes.document(payload.meeting_id)
        return Reply(
            card=summary_card(document, turn.lang, links=self._links_of(payload.meeting_id))
        )

    async def followups(self, turn: Turn, _args: str) -> Reply:
        """`oppfølging`: in a network's channel its open items; elsewhere the reader's own."""
        return Reply(card=await self._list(turn))

    async def done(self, turn: Turn, payload: FollowUpDone) -> Reply:
        """Mark the item done; the list it was clicked on is shown again."""
        await self._minutes.mark_done(turn.actor, payload.followup_id)
        return Reply(
            card=await self._list(turn), extra=(Reply(text=t("followup.closed", turn.lang)),)
        )

    async def _list(self, turn: Turn) -> AdaptiveCard:
        network = (
            await self._networks.of_place(turn.place) if turn.place.scope == "channel" else None
        )
        items = await self._minutes.open_items(
            turn.actor, network_id=network.id if network else None
        )
        return followups_card(items, turn.lang, network=network.name if network else None)
