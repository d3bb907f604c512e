"""The minutes and follow-up texts, in Norwegian bokmål and English."""

from dialogs.i18n import register

register(
    {
        "minutes.doc.title": {"nb": "Referat: {title}", "en": "Minutes: {title}"},
        "minutes.doc.network": {"nb": "Nettverk", "en": "Network"},
        "minutes.doc.held": {"nb": "Møtetidspunkt", "en": "Held"},
        "minutes.doc.present": {"nb": "Til stede", "en": "Present"},
        "minutes.doc.nobody": {"nb": "ingen registrert", "en": "nobody recorded"},
        "minutes.doc.discussed": {"nb": "Drøftet", "en": "Discussed"},
        "minutes.doc.nothing": {"nb": "ikke notert", "en": "not noted"},
        "minutes.doc.decision": {"nb": "Vedtak", "en": "Decision"},
        "minutes.doc.no_decision": {"nb": "ingen vedtak", "en": "no decision"},
        "minutes.doc.decision_label": {
            "nb": "{text} (vedtak {label})",
            "en": "{text} (decision {label})",
        },
        "minutes.doc.followups": {"nb": "Oppfølgingspunkter", "en": "Follow-up items"},
        "minutes.doc.no_followups": {
            "nb": "Ingen oppfølgingspunkter.",
            "en": "No follow-up items.",
        },
        "minutes.doc.case": {"nb": "Sak", "en": "Case"},
        "minutes.doc.owner": {"nb": "Ansvarlig", "en": "Owner"},
        "minutes.doc.due": {"nb": "Frist", "en": "Due"},
        "minutes.doc.task": {"nb": "Oppgave", "en": "Task"},
        "minutes.form.title": {"nb": "Referat: {title}", "en": "Minutes: {title}"},
        "minutes.form.intro": {
            "nb": "Skriv hva som ble drøftet i hver sak. Fyll inn vedtak bare der nettverket kom "
            "til enighet i møtet; det føres i vedtaksloggen. Et oppfølgingspunkt trenger "
            "ansvarlig og frist.",
            "en": "Write what was discussed on each case. Fill in a decision only where the "
            "network reached consensus in the meeting; it goes into the decision log. A "
            "follow-up item needs an owner and a due date.",
        },
        "minutes.form.no_agenda": {
            "nb": "Møtet hadde ingen saker på agendaen.",
            "en": "The meeting had no cases on its agenda.",
        },
        "minutes.field.present": {"nb": "Til stede", "en": "Present"},
        "minutes.field.present.error": {
            "nb": "Velg hvem som var til stede.",
            "en": "Choose who was present.",
        },
        "minutes.field.discussed": {"nb": "Drøftet i sak {label}", "en": "Discussed on {label}"},
        "minutes.field.decision": {
            "nb": "Vedtak i sak {label} (bare ved enighet i møtet)",
            "en": "Decision on {label} (only if agreed in the meeting)",
        },
        "minutes.followups.title": {"nb": "Oppfølgingspunkter", "en": "Follow-up items"},
        "minutes.field.task": {"nb": "Oppfølgingspunkt {n}", "en": "Follow-up item {n}"},
        "minutes.field.case": {"nb": "Sak for punkt {n}", "en": "Case of item {n}"},
        "minutes.field.owner": {"nb": "Ansvarlig for punkt {n}", "en": "Owner of item {n}"},
        "minutes.field.due": {"nb": "Frist for punkt {n}", "en": "Due date of item {n}"},
        "minutes.submit": {"nb": "Lagre referatet", "en": "Save the minutes"},
        "minutes.decision": {"nb": "Vedtak {label}: {text}", "en": "Decision {label}: {text}"},
        "minutes.no_decision": {"nb": "Ingen vedtak.", "en": "No decision."},
        "minutes.summary.title": {
            "nb": "Referat fra møtet: {title}",
            "en": "Minutes of the meeting: {title}",
        },
        "minutes.summary.followups": {
            "nb": "Oppfølgingspunkter: {count}. Skriv **oppfølging** for å se dem.",
            "en": "Follow-up items: {count}. Type **followups** to see them.",
        },
        "minutes.summary.get": {"nb": "Hent referatet", "en": "Get the minutes"},
        "minutes.download.docx": {"nb": "Last ned Word", "en": "Download Word"},
        "minutes.download.md": {"nb": "Last ned Markdown", "en": "Download Markdown"},
        "minutes.recorded": {
            "nb": "Referatet er lagret: {decisions} vedtak og {followups} oppfølgingspunkter. "
            "Hver sak har fått sin del i tråden sin.",
            "en": "The minutes are saved: decisions {decisions}, follow-up items {followups}. "
            "Each case got its part in its thread.",
        },
        "minutes.note.title": {
            "nb": "**Referat fra møtet {title}** ({when})",
            "en": "**Minutes of the meeting {title}** ({when})",
        },
        "minutes.note.discussed": {"nb": "Drøftet: {text}", "en": "Discussed: {text}"},
        "minutes.note.followup": {
            "nb": "Oppfølging: {text} — {owner}, frist {due}",
            "en": "Follow-up: {text} — {owner}, due {due}",
        },
        "minutes.no_meeting": {
            "nb": "Jeg finner ikke noe møte i dette nettverket som har startet og mangler "
            "referat. Skriv **referat** og møtenummeret for et bestemt møte.",
            "en": "I can't find a meeting in this network that has started and has no minutes "
            "yet. Type **minutes** and the meeting number for a particular meeting.",
        },
        "minutes.already_recorded": {
            "nb": "Referatet for dette møtet er allerede lagret. Rettelser i et lagret referat "
            "kan ikke gjøres her ennå; et vedtak rettes med **vedtak**.",
            "en": "The minutes of this meeting are already saved. Corrections to saved minutes "
            "can't be made here yet; a decision is corrected with **decisions**.",
        },
        "minutes.not_recordable": {
            "nb": "Dette møtet kan ikke få referat: det er avlyst, fjernet eller ikke begynt.",
            "en": "This meeting can't have minutes: it is cancelled, removed or hasn't started.",
        },
        "minutes.invalid.meeting": {
            "nb": "Skriv **referat** alene, eller **referat** og et møtenummer, f.eks. "
            "**referat 12**.",
            "en": "Type **minutes** alone, or **minutes** and a meeting number, e.g. "
            "**minutes 12**.",
        },
        "minutes.invalid.present": {
            "nb": "Velg hvem som var til stede, blant de inviterte. Ingenting ble lagret.",
            "en": "Choose who was present, among those invited. Nothing was saved.",
        },
        "minutes.invalid.too_long": {
            "nb": "En av tekstene er for lang. Ingenting ble lagret.",
            "en": "One of the texts is too long. Nothing was saved.",
        },
        "minutes.invalid.followup_text": {
            "nb": "Et oppfølgingspunkt har ansvarlig eller frist, men ingen tekst. Ingenting ble "
            "lagret.",
            "en": "A follow-up item has an owner or due date but no text. Nothing was saved.",
        },
        "minutes.invalid.followup_case": {
            "nb": "Et oppfølgingspunkt gjelder en sak som ikke er på agendaen. Ingenting ble "
            "lagret.",
            "en": "A follow-up item names a case that isn't on the agenda. Nothing was saved.",
        },
        "minutes.invalid.followup_owner": {
            "nb": "Hvert oppfølgingspunkt trenger en ansvarlig fra nettverket. Ingenting ble "
            "lagret.",
            "en": "Each follow-up item needs an owner from the network. Nothing was saved.",
        },
        "minutes.invalid.followup_due": {
            "nb": "Hvert oppfølgingspunkt trenger en frist som ikke har passert. Ingenting ble "
            "lagret.",
            "en": "Each follow-up item needs a due date that hasn't passed. Nothing was saved.",
        },
        "minutes.invalid.polling": {
            "nb": "Sak {label} er til avstemning, så vedtaket kommer fra avstemningen. Ta bort "
            "vedtaksteksten for den saken. Ingenting ble lagret.",
            "en": "Case {label} is being polled, so its decision comes from the poll. Remove the "
            "decision text for that case. Nothing was saved.",
        },
        "followup.list.network": {
            "nb": "Åpne oppfølgingspunkter i {network}",
            "en": "Open follow-up items in {network}",
        },
        "followup.list.mine": {
            "nb": "Dine åpne oppfølgingspunkter",
            "en": "Your open follow-up items",
        },
        "followup.list.empty": {
            "nb": "Ingen åpne oppfølgingspunkter.",
            "en": "No open follow-up items.",
        },
        "followup.due": {"nb": "frist {due}", "en": "due {due}"},
        "followup.overdue": {"nb": "⚠ forfalt {due}", "en": "⚠ overdue since {due}"},
        "followup.done": {"nb": "Merk som utført", "en": "Mark as done"},
        "followup.closed": {
            "nb": "Oppfølgingspunktet er merket som utført.",
            "en": "The follow-up item is marked as done.",
        },
        "followup.already_done": {
            "nb": "Dette oppfølgingspunktet er allerede utført.",
            "en": "This follow-up item is already done.",
        },
    }
)
