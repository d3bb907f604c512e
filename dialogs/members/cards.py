"""Cards for a network's composition and for assigning roles. Pure functions."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from microsoft_teams.cards import (
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    Container,
    TextBlock,
)

from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.i18n import Lang, t
from dialogs.members import messages as _messages  # noqa: F401  (registers texts)
from dialogs.members.rules import HF, HF_NAMES, Role, Seat, can_vote, composition
from storage.models import Membership, Network


def role_name(role: str | None, lang: Lang) -> str:
    """A role as users call it."""
    return t(f"role.{role}" if role else "role.none", lang)


def hf_name(hf: str | None, lang: Lang) -> str:
    """A health trust's name (proper names are the same in both languages)."""
    if hf is None:
        return t("hf.none", lang)
    return HF_NAMES[HF(hf)] if hf != HF.OTHER or lang == "nb" else "Other organisation"


def composition_card(
    network: Network,
    members: Sequence[Membership],
    lang: Lang,
    *,
    can_edit: bool,
    unreachable: Collection[str] = (),
) -> AdaptiveCard:
    """The network's members grouped by HF, then role; for managers, who cannot be reached
    personally (their reminders had to go to the channel)."""
    grouped = composition(Seat(m.name, m.role, m.hf) for m in members)
    voters = sum(
        can_vote(m.role, user_representatives_vote=network.user_representatives_vote)
        for m in members
    )
    body: list[CardElement] = [
        heading(t("members.title", lang, name=network.name)),
        paragraph(t("members.summary", lang, count=len(members), voters=voters), subtle=True),
    ]
    for hf, by_role in grouped.items():
        body.append(paragraph(f"**{hf_name(hf, lang)}**"))
        body.append(
            facts([(role_name(role, lang), ", ".join(names)) for role, names in by_role.items()])
        )
    missing = sorted(m.name for m in members if m.aad_id in unreachable)
    if can_edit and missing:
        body.append(
            paragraph(t("members.unreachable", lang, names=", ".join(missing)), subtle=True)
        )
    actions = (
        [execute(t("members.edit", lang), "members.edit", network_id=network.id)]
        if can_edit
        else []
    )
    return card(body, actions)


ROLES_PAGE_SIZE = 15
"""People per roles card: with every role and HF as choices, 15 stay well inside the ~28 KB
Teams accepts, however large the network."""


def roles_pages(members: Sequence[Membership]) -> int:
    """How many roles cards the network's members need."""
    return max(1, -(-len(members) // ROLES_PAGE_SIZE))


def roles_card(
    network: Network, members: Sequence[Membership], lang: Lang, *, page: int = 0
) -> AdaptiveCard:
    """A role and an HF to choose for each member on `page` (of `ROLES_PAGE_SIZE` people), one
    under the other at full width so long health-trust names are never cut; buttons to the
    previous and next page. Saving saves this page only."""
    pages = roles_pages(members)
    page = min(max(page, 0), pages - 1)
    shown = members[page * ROLES_PAGE_SIZE : (page + 1) * ROLES_PAGE_SIZE]
    role_choices = [Choice(title=role_name(r.value, lang), value=r.value) for r in Role]
    hf_choices = [Choice(title=hf_name(h.value, lang), value=h.value) for h in HF]
    body: list[CardElement] = [
        heading(t("members.edit.title", lang, name=network.name)),
        paragraph(t("members.edit.intro", lang), subtle=True),
    ]
    if pages > 1:
        first, last = page * ROLES_PAGE_SIZE + 1, page * ROLES_PAGE_SIZE + len(shown)
        body.append(
            paragraph(
                t("members.edit.page", lang, page=page + 1, pages=pages, first=first, last=last)
                + " "
                + t("members.edit.page_saves", lang),
                subtle=True,
            )
        )
    for member in shown:
        body.append(
            Container(
                separator=True,
                items=[
                    TextBlock(text=member.name, weight="Bolder", wrap=True),
                    ChoiceSetInput(
                        id=f"role_{member.id}",
                        label=t("members.field.role", lang, name=member.name),
                        choices=role_choices,
                        value=member.role,
                        placeholder=role_name(None, lang),
                    ),
                    ChoiceSetInput(
                        id=f"hf_{member.id}",
                        label=t("members.field.hf", lang, name=member.name),
                        choices=hf_choices,
                        value=member.hf,
                        placeholder=hf_name(None, lang),
                    ),
                ],
            )
        )
    actions = [execute(t("members.save", lang), "members.assign", network_id=network.id, page=page)]
    if page > 0:
        actions.append(
            execute(
                t("members.page.previous", lang),
                "members.edit",
                network_id=network.id,
                page=page - 1,
            )
        )
    if page < pages - 1:
        actions.append(
            execute(
                t("members.page.next", lang), "members.edit", network_id=network.id, page=page + 1
            )
        )
    return card(body, actions)
