"""Cards for registering a network. Pure functions of their inputs."""

from __future__ import annotations

from microsoft_teams.cards import AdaptiveCard, Choice, ChoiceSetInput, DateInput, TextInput

from dialogs.cardkit import card, execute, facts, heading, paragraph
from dialogs.i18n import Lang, day, t
from dialogs.networks import messages as _messages  # noqa: F401  (registers texts)
from dialogs.networks.rules import Kind
from dialogs.networks.service import RegistrationForm
from storage.models import Network


def kind_name(kind: str, lang: Lang) -> str:
    """A network kind as users call it (`fagråd`, `council`)."""
    return t(f"network.kind.{kind}", lang)


def registration_card(form: RegistrationForm, lang: Lang) -> AdaptiveCard:
    """The form that binds this channel to a new network."""
    return card(
        [
            heading(t("network.register.title", lang)),
            paragraph(t("network.register.intro", lang), subtle=True),
            TextInput(
                id="name",
                label=t("network.field.name", lang),
                is_required=True,
                error_message=t("network.field.name.error", lang),
                max_length=200,
            ),
            ChoiceSetInput(
                id="kind",
                label=t("network.field.kind", lang),
                is_required=True,
                error_message=t("network.field.kind.error", lang),
                value=Kind.PROFESSIONAL_LEADER.value,
                choices=[Choice(title=kind_name(k.value, lang), value=k.value) for k in Kind],
            ),
            ChoiceSetInput(
                id="parent_id",
                label=t("network.field.parent", lang),
                choices=[Choice(title=name, value=str(i)) for i, name in form.parents],
                placeholder=t("network.field.parent.placeholder", lang),
            ),
            DateInput(id="end_date", label=t("network.field.end_date", lang)),
            ChoiceSetInput(
                id="secretary",
                label=t("network.field.secretary", lang),
                is_required=True,
                error_message=t("network.field.secretary.error", lang),
                value=form.default_secretary,
                choices=[Choice(title=p.name, value=p.aad_id) for p in form.people],
            ),
        ],
        [execute(t("network.register.submit", lang), "network.register")],
    )


def registered_card(network: Network, secretary: str, lang: Lang) -> AdaptiveCard:
    """The confirmation that replaces the form once the channel is bound."""
    rows = [
        (t("network.field.name", lang), network.name),
        (t("network.field.kind", lang), kind_name(network.kind, lang)),
        (t("network.field.secretary", lang), secretary),
    ]
    if network.end_date:
        rows.append((t("network.field.end_date", lang), day(network.end_date, lang)))
    return card(
        [
            heading(t("network.registered.title", lang, name=network.name)),
            facts(rows),
            paragraph(t("network.registered.next", lang)),
        ],
        [execute(t("members.show", lang), "members.show")],
    )
