"""The networks capability's texts."""

from dialogs.i18n import register

register(
    {
        "network.kind.professional_leader": {
            "nb": "Fagledernettverk",
            "en": "Professional leader network",
        },
        "network.kind.council": {"nb": "Fagråd", "en": "Council"},
        "network.kind.working_group": {"nb": "Arbeidsgruppe", "en": "Working group"},
        "network.kind.quality_competence": {
            "nb": "Kvalitets- og kompetansenettverk",
            "en": "Quality and competence network",
        },
        "network.kind.director": {"nb": "Fagdirektørnettverket", "en": "Director network"},
        "network.register.title": {
            "nb": "Registrer et nettverk i denne kanalen",
            "en": "Register a network in this channel",
        },
        "network.register.intro": {
            "nb": "Kanalen blir nettverkets hjem: saker, avstemninger og vedtak havner her.",
            "en": "The channel becomes the network's home: cases, polls and decisions land here.",
        },
        "network.register.submit": {"nb": "Registrer", "en": "Register"},
        "network.field.name": {"nb": "Navn på nettverket", "en": "Network name"},
        "network.field.name.error": {"nb": "Skriv inn et navn.", "en": "Enter a name."},
        "network.field.kind": {"nb": "Type nettverk", "en": "Kind of network"},
        "network.field.kind.error": {"nb": "Velg en type.", "en": "Choose a kind."},
        "network.field.parent": {
            "nb": "Overordnet nettverk (for fagråd og arbeidsgrupper)",
            "en": "Parent network (for councils and working groups)",
        },
        "network.field.parent.placeholder": {"nb": "Ingen", "en": "None"},
        "network.field.end_date": {
            "nb": "Sluttdato (for arbeidsgrupper)",
            "en": "End date (for working groups)",
        },
        "network.field.secretary": {"nb": "Sekretær", "en": "Secretary"},
        "network.field.secretary.error": {"nb": "Velg en sekretær.", "en": "Choose a secretary."},
        "network.registered.title": {
            "nb": "{name} er registrert i denne kanalen",
            "en": "{name} is registered in this channel",
        },
        "network.registered.next": {
            "nb": "Neste steg: gi medlemmene roller og helseforetak med **medlemmer**.",
            "en": "Next: give the members roles and health trusts with **members**.",
        },
        "network.already_registered": {
            "nb": "Denne kanalen er allerede knyttet til nettverket **{name}**.",
            "en": "This channel is already bound to the network **{name}**.",
        },
        "network.register.admins_only": {
            "nb": "Bare administratorer kan registrere nettverk. Ingenting ble endret.",
            "en": "Only administrators can register networks. Nothing was changed.",
        },
        "network.register.managers_only": {
            "nb": "Bare sekretær eller leder i et av teamets nettverk, eller en administrator, "
            "kan registrere flere nettverk her. Ingenting ble endret.",
            "en": "Only a secretary or leader of one of this team's networks, or an administrator, "
            "can register more networks here. Nothing was changed.",
        },
        "network.register.channel_only": {
            "nb": "Et nettverk registreres i en kanal i et team. Skriv **registrer** der.",
            "en": "A network is registered in a team channel. Type **register** there.",
        },
        "network.invalid.name": {
            "nb": "Navnet må ha mellom 2 og 200 tegn. Ingenting ble endret.",
            "en": "The name must have 2 to 200 characters. Nothing was changed.",
        },
        "network.invalid.kind": {
            "nb": "Ukjent type nettverk. Ingenting ble endret.",
            "en": "Unknown kind of network. Nothing was changed.",
        },
        "network.invalid.second_director": {
            "nb": "Det finnes allerede et fagdirektørnettverk, og det kan bare være ett. "
            "Ingenting ble endret.",
            "en": "A director network exists already, and there can be only one. "
            "Nothing was changed.",
        },
        "network.invalid.parent_required": {
            "nb": "Fagråd og arbeidsgrupper må ha et overordnet nettverk. Ingenting ble endret.",
            "en": "Councils and working groups need a parent network. Nothing was changed.",
        },
        "network.invalid.parent_director": {
            "nb": "Fagdirektørnettverket kan ikke være overordnet et fagråd eller en arbeidsgruppe. "
            "Velg et fagledernettverk. Ingenting ble endret.",
            "en": "The director network cannot be the parent of a council or working group. "
            "Choose a professional leader network. Nothing was changed.",
        },
        "network.invalid.parent_not_allowed": {
            "nb": "Bare fagråd og arbeidsgrupper har overordnet nettverk. Fjern valget og prøv igjen.",
            "en": "Only councils and working groups have a parent network. Clear it and try again.",
        },
        "network.invalid.end_date_required": {
            "nb": "En arbeidsgruppe trenger en sluttdato. Ingenting ble endret.",
            "en": "A working group needs an end date. Nothing was changed.",
        },
        "network.invalid.end_date_past": {
            "nb": "Sluttdatoen må være etter i dag. Ingenting ble endret.",
            "en": "The end date must be after today. Nothing was changed.",
        },
        "network.invalid.secretary": {
            "nb": "Sekretæren må være medlem av teamet. Ingenting ble endret.",
            "en": "The secretary must be a member of the team. Nothing was changed.",
        },
    }
)
