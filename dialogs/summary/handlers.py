"""Teams commands and card actions for the summary across networks."""

from __future__ import annotations

from typing import Literal

from dialogs.i18n import t
from dialogs.links import Document, SignedLinks
from dialogs.routing import ActionRoute, CardAction, CommandHandler
from dialogs.summary.cards import details_card, summary_card
from dialogs.summary.rules import Filters, validate_filters
from dialogs.summary.service import SummaryService
from dialogs.turn import Reply, Turn


class FilterSummary(CardAction):
    """`summary.filter`: the summary with a kind, HF, period and page."""

    action: Literal["summary.filter"]
    kind: str | None = None
    hf: str | None = None
    period: int | None = None
    page: int | None = None


class SummaryDetails(CardAction):
    """`summary.details`: one network's figures."""

    action: Literal["summary.details"]
    network_id: int


class TellSecretaries(CardAction):
    """`summary.tell`: tell the secretaries of two related cases of each other."""

    action: Literal["summary.tell"]
    first: int
    second: int


class SetDigest(CardAction):
    """`summary.digest`: opt in to (`on`) or out of the weekly digest."""

    action: Literal["summary.digest"]
    on: bool


class SummaryHandlers:
    """Translates `summary` and its buttons into summary service calls."""

    def __init__(self, summary: SummaryService, links: SignedLinks) -> None:
        self._summary = summary
        self._links = links
        links.serve("summary", {"csv"}, self.export)

    def commands(self) -> dict[str, CommandHandler]:
        """Command name → handler."""
        return {"summary": self.show}

    def actions(self) -> list[ActionRoute]:
        """Card actions this capability answers."""
        return [
            ActionRoute("summary.filter", FilterSummary, self.filter),
            ActionRoute("summary.details", SummaryDetails, self.details),
            ActionRoute("summary.tell", TellSecretaries, self.tell),
            ActionRoute("summary.digest", SetDigest, self.digest),
        ]

    async def export(self, subject: str, fmt: str) -> Document:
        """The summary as CSV for the person the link was made for."""
        del fmt
        body = await self._summary.csv(subject)
        return Document(body.encode("utf-8-sig"), "text/csv; charset=utf-8", "oppsummering.csv")

    async def _card(self, turn: Turn, filters: Filters) -> Reply:
        summary = await self._summary.summary(turn.actor, filters)
        try:
            link: str | None = self._links.url("summary", turn.actor.aad_id, "csv")
        except ValueError:  # not an Entra object id: no download to sign for it
            link = None
        return Reply(card=summary_card(summary, turn.lang, csv_url=link))

    async def show(self, turn: Turn, _args: str) -> Reply:
        """`oppsummering`: every network for advisers and directors, else the reader's own."""
        return await self._card(turn, Filters())

    async def filter(self, turn: Turn, payload: FilterSummary) -> Reply:
        """The summary again with the chosen filters and page."""
        filters = validate_filters(payload.kind, payload.hf, payload.period, payload.page)
        return await self._card(turn, filters)

    async def details(self, turn: Turn, payload: SummaryDetails) -> Reply:
        """One network's figures."""
        row = await self._summary.details(turn.actor, payload.network_id)
        summary_now = await self._summary.now()
        return Reply(card=details_card(row, summary_now, turn.lang))

    async def tell(self, turn: Turn, payload: TellSecretaries) -> Reply:
        """Tell both secretaries; the summary is shown again with the pair marked told."""
        await self._summary.tell(turn.actor, payload.first, payload.second, turn.lang)
        reply = await self._card(turn, Filters())
        return Reply(card=reply.card, extra=(Reply(text=t("summary.related.told", turn.lang)),))

    async def digest(self, turn: Turn, payload: SetDigest) -> Reply:
        """Opt in to or out of the weekly digest; the summary shows the new setting."""
        changed = await self._summary.set_digest(turn.actor, on=payload.on)
        key = (
            "summary.digest.unchanged"
            if not changed
            else "summary.digest.changed_on"
            if payload.on
            else "summary.digest.changed_off"
        )
        reply = await self._card(turn, Filters())
        return Reply(card=reply.card, extra=(Reply(text=t(key, turn.lang)),))
