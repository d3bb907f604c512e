"""The members capability's texts."""

from dialogs.i18n import register

register(
    {
        "role.leader": {"nb": "Leder", "en": "Leader"},
        "role.secretary": {"nb": "Sekretær", "en": "Secretary"},
        "role.member": {"nb": "Medlem", "en": "Member"},
        "role.rhf_adviser": {"nb": "RHF-rådgiver", "en": "RHF adviser"},
        "role.director": {"nb": "Fagdirektør", "en": "Director"},
        "role.user_representative": {"nb": "Brukerrepresentant", "en": "User representative"},
        "role.observer": {"nb": "Observatør", "en": "Observer"},
        "role.none": {"nb": "Uten rolle", "en": "No role"},
        "hf.none": {"nb": "Helseforetak ikke satt", "en": "Health trust not set"},
        "members.title": {"nb": "Sammensetning: {name}", "en": "Composition: {name}"},
        "members.summary": {
            "nb": {
                "one": "{count} medlem, {voters} med stemmerett.",
                "other": "{count} medlemmer, {voters} med stemmerett.",
            },
            "en": {
                "one": "{count} member, {voters} with a vote.",
                "other": "{count} members, {voters} with a vote.",
            },
        },
        "members.unreachable": {
            "nb": "Ikke nåbar personlig (har ikke installert appen, påminnelser går til kanalen): {names}",
            "en": "Not reachable personally (app not installed; reminders go to the channel): {names}",
        },
        "members.show": {"nb": "Vis medlemmer", "en": "Show members"},
        "members.edit": {
            "nb": "Endre roller og helseforetak",
            "en": "Edit roles and health trusts",
        },
        "members.edit.title": {
            "nb": "Roller og helseforetak: {name}",
            "en": "Roles and health trusts: {name}",
        },
        "members.edit.intro": {
            "nb": "Stemmerett følger rollen: leder, medlem og fagdirektør stemmer; "
            "brukerrepresentanter der nettverket tillater det.",
            "en": "Voting follows the role: leaders, members and directors vote; "
            "user representatives where the network allows it.",
        },
        "members.field.role": {"nb": "Rolle for {name}", "en": "Role for {name}"},
        "members.field.hf": {"nb": "Helseforetak for {name}", "en": "Health trust for {name}"},
        "members.save": {"nb": "Lagre", "en": "Save"},
        "members.edit.page": {
            "nb": "Side {page} av {pages}: medlem {first}–{last}.",
            "en": "Page {page} of {pages}: members {first}–{last}.",
        },
        "members.edit.page_saves": {
            "nb": "Lagre før du blar; bare denne siden lagres.",
            "en": "Save before turning the page; only this page is saved.",
        },
        "members.page.previous": {"nb": "Forrige side", "en": "Previous page"},
        "members.page.next": {"nb": "Neste side", "en": "Next page"},
        "members.saved": {
            "nb": {
                "=0": "Ingen endringer å lagre.",
                "one": "Lagret {count} endring.",
                "other": "Lagret {count} endringer.",
            },
            "en": {
                "=0": "No changes to save.",
                "one": "Saved {count} change.",
                "other": "Saved {count} changes.",
            },
        },
        "members.which_network": {
            "nb": "Hvilket nettverk? Skriv for eksempel **medlemmer {example}**.",
            "en": "Which network? Type for example **members {example}**.",
        },
        "members.no_networks": {
            "nb": "Ingen nettverk er registrert ennå.",
            "en": "No networks are registered yet.",
        },
        "members.invalid.role": {
            "nb": "Ukjent rolle. Ingenting ble endret.",
            "en": "Unknown role. Nothing was changed.",
        },
        "members.invalid.hf": {
            "nb": "Ukjent helseforetak. Ingenting ble endret.",
            "en": "Unknown health trust. Nothing was changed.",
        },
        "members.invalid.person": {
            "nb": "Personen er ikke medlem av dette nettverket. Ingenting ble endret.",
            "en": "That person is not a member of this network. Nothing was changed.",
        },
        "members.invalid.no_manager": {
            "nb": "Nettverket må ha minst én sekretær eller leder. Ingenting ble endret.",
            "en": "The network needs at least one secretary or leader. Nothing was changed.",
        },
    }
)
