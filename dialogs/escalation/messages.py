"""The escalation capability's texts."""

from dialogs.i18n import register

register(
    {
        "escalation.card.title": {
            "nb": "Eskalert sak {label}: {title}",
            "en": "Escalated case {label}: {title}",
        },
        "escalation.card.title.composition": {
            "nb": "Uenighet om sammensetningen av {network}",
            "en": "Disagreement on the composition of {network}",
        },
        "escalation.card.network": {"nb": "Nettverk", "en": "Network"},
        "escalation.card.case": {"nb": "Sak", "en": "Case"},
        "escalation.card.reason": {"nb": "Årsak", "en": "Reason"},
        "escalation.card.deadline": {"nb": "Frist for beslutning", "en": "Decision deadline"},
        "escalation.card.moved": {
            "nb": "{when} (flyttet fra helg/helligdag)",
            "en": "{when} (moved from a weekend/holiday)",
        },
        "escalation.card.state": {"nb": "Status", "en": "Status"},
        "escalation.card.proposal": {"nb": "Forslag til vedtak", "en": "Proposed decision"},
        "escalation.card.stances": {
            "nb": "Standpunkter i nettverket",
            "en": "Stances in the network",
        },
        "escalation.card.no_stances": {
            "nb": "Ingen standpunkter registrert.",
            "en": "No stances recorded.",
        },
        "escalation.card.ask": {
            "nb": "**Nettverket ber fagdirektørnettverket avgjøre:** {ask}",
            "en": "**The network asks the director network to decide:** {ask}",
        },
        "escalation.card.ask.proposal": {
            "nb": "om forslaget «{proposal}» skal vedtas.",
            "en": "whether the proposal “{proposal}” is adopted.",
        },
        "escalation.card.ask.composition": {
            "nb": "uenigheten om nettverkets sammensetning.",
            "en": "the disagreement on the network's composition.",
        },
        "escalation.card.text": {
            "nb": "Beslutning og begrunnelse (veiledning hvis saken sendes tilbake)",
            "en": "Decision and reasons (guidance if the case is returned)",
        },
        "escalation.card.text.error": {
            "nb": "Skriv beslutningen før du velger.",
            "en": "Write the decision before you choose.",
        },
        "escalation.card.approve": {"nb": "Godkjenn", "en": "Approve"},
        "escalation.card.reject": {"nb": "Avvis", "en": "Reject"},
        "escalation.card.return": {
            "nb": "Send tilbake med veiledning",
            "en": "Return with guidance",
        },
        "escalation.card.decided": {
            "nb": "**Beslutning: {verdict}.** Registrert av {name}, {when}.",
            "en": "**Decision: {verdict}.** Recorded by {name}, {when}.",
        },
        "escalation.reason.no_consensus": {
            "nb": "Ikke konsensus (blokkert)",
            "en": "No consensus (blocked)",
        },
        "escalation.reason.inconclusive": {
            "nb": "Avstemningen ble ikke avgjort",
            "en": "The poll was inconclusive",
        },
        "escalation.reason.secretary": {
            "nb": "Løftet av sekretæren",
            "en": "Raised by the secretary",
        },
        "escalation.reason.composition": {
            "nb": "Uenighet om sammensetning",
            "en": "Disagreement on composition",
        },
        "escalation.state.requested": {"nb": "Venter på levering", "en": "Waiting to be delivered"},
        "escalation.state.delivering": {"nb": "Leveres nå", "en": "Being delivered"},
        "escalation.state.delivered": {"nb": "Venter på beslutning", "en": "Awaiting decision"},
        "escalation.state.not_delivered": {"nb": "Ikke levert", "en": "Not delivered"},
        "escalation.state.uncertain": {
            "nb": "Usikker levering – sjekk kanalen",
            "en": "Delivery uncertain – check the channel",
        },
        "escalation.state.decided": {"nb": "Avgjort", "en": "Decided"},
        "escalation.thread.delivered": {
            "nb": "Sak {label} er sendt til {target} for beslutning. Frist for beslutning: {deadline}.",
            "en": "Case {label} has gone to {target} for a decision. Decision deadline: {deadline}.",
        },
        "escalation.thread.delivered.composition": {
            "nb": "Uenigheten om sammensetningen er sendt til {target} for beslutning. Frist: {deadline}.",
            "en": "The disagreement on the composition has gone to {target} for a decision. Deadline: {deadline}.",
        },
        "escalation.thread.to_parent": {
            "nb": "Sak {label} er sendt videre til {target}, der den behandles som sak {parent_label}. Frist for beslutning: {deadline}. Svaret kommer i denne tråden.",
            "en": "Case {label} has gone on to {target}, where it is handled as case {parent_label}. Decision deadline: {deadline}. The answer will come in this thread.",
        },
        "escalation.thread.no_director": {
            "nb": "Det finnes ikke noe fagdirektørnettverk i Fagnett ennå, så saken kan ikke sendes videre nå. Den venter og sendes automatisk når fagdirektørnettverket er registrert.",
            "en": "There is no director network in Fagnett yet, so the case cannot be sent on now. It waits and is sent automatically once the director network is registered.",
        },
        "escalation.thread.no_director.addressed": {
            "nb": "{names}, det finnes ikke noe fagdirektørnettverk i Fagnett ennå, så saken kan ikke sendes videre nå. Den venter og sendes automatisk når fagdirektørnettverket er registrert.",
            "en": "{names}, there is no director network in Fagnett yet, so the case cannot be sent on now. It waits and is sent automatically once the director network is registered.",
        },
        "escalation.directors_missing": {
            "nb": {
                "one": "{count} eskalert sak venter på beslutning her, men ingen i nettverket har rollen fagdirektør ennå. Gi fagdirektørene rollen med **medlemmer**, så kan de avgjøre den.",
                "other": "{count} eskalerte saker venter på beslutning her, men ingen i nettverket har rollen fagdirektør ennå. Gi fagdirektørene rollen med **medlemmer**, så kan de avgjøre dem.",
            },
            "en": {
                "one": "{count} escalated case is waiting for a decision here, but nobody in the network has the director role yet. Give the directors their role with **members** so they can decide it.",
                "other": "{count} escalated cases are waiting for a decision here, but nobody in the network has the director role yet. Give the directors their role with **members** so they can decide them.",
            },
        },
        "escalation.directors_missing.addressed": {
            "nb": {
                "one": "{names}, {count} eskalert sak venter på beslutning her, men ingen i nettverket har rollen fagdirektør ennå. Gi fagdirektørene rollen med **medlemmer**, så kan de avgjøre den.",
                "other": "{names}, {count} eskalerte saker venter på beslutning her, men ingen i nettverket har rollen fagdirektør ennå. Gi fagdirektørene rollen med **medlemmer**, så kan de avgjøre dem.",
            },
            "en": {
                "one": "{names}, {count} escalated case is waiting for a decision here, but nobody in the network has the director role yet. Give the directors their role with **members** so they can decide it.",
                "other": "{names}, {count} escalated cases are waiting for a decision here, but nobody in the network has the director role yet. Give the directors their role with **members** so they can decide them.",
            },
        },
        "escalation.retry": {
            "nb": "Den kom ikke fram til {target} ennå. Fagnett prøver igjen {when}.",
            "en": "It has not reached {target} yet. Fagnett tries again {when}.",
        },
        "escalation.retry.later": {
            "nb": "Den kom ikke fram til {target} ennå. Fagnett prøver igjen senere.",
            "en": "It has not reached {target} yet. Fagnett tries again later.",
        },
        "escalation.thread.decided": {
            "nb": "{target} har avgjort sak {label}: **{verdict}**. {text} Vedtak {decision} er ført i vedtaksloggen.",
            "en": "{target} has decided case {label}: **{verdict}**. {text} Decision {decision} is in the decision log.",
        },
        "escalation.thread.decided.composition": {
            "nb": "{target} har avgjort uenigheten om sammensetningen: **{verdict}**. {text} Vedtak {decision} er ført i vedtaksloggen.",
            "en": "{target} has decided the disagreement on the composition: **{verdict}**. {text} Decision {decision} is in the decision log.",
        },
        "escalation.thread.returned": {
            "nb": "Saken er åpnet igjen. Sekretæren kan starte en ny avstemning.",
            "en": "The case is open again. The secretary can start a new poll.",
        },
        "escalation.parent.intro": {
            "nb": "Ny sak eskalert fra {network} (sak {label}), som ikke kom til konsensus. Start en avstemning; frist for beslutning: {deadline}.",
            "en": "A new case escalated from {network} (case {label}), which did not reach consensus. Start a poll; decision deadline: {deadline}.",
        },
        "escalation.parent.description": {
            "nb": "Eskalert fra {network} (sak {label}). Standpunkter der:",
            "en": "Escalated from {network} (case {label}). Stances there:",
        },
        "escalation.verdict.approved": {"nb": "Godkjent", "en": "Approved"},
        "escalation.verdict.rejected": {"nb": "Avvist", "en": "Rejected"},
        "escalation.verdict.returned": {
            "nb": "Sendt tilbake med veiledning",
            "en": "Returned with guidance",
        },
        "escalation.confirmed": {
            "nb": "Sak {label} er sendt til eskalering. {state}",
            "en": "Case {label} is sent for escalation. {state}",
        },
        "escalation.usage": {
            "nb": "Skriv **eskaler 7/2026** for å løfte en sak, eller **eskaler sammensetning** fulgt av en beskrivelse ved uenighet om sammensetningen.",
            "en": "Type **escalate 7/2026** to raise a case, or **escalate composition** followed by a description for a disagreement on the composition.",
        },
        "escalation.not_director": {
            "nb": "Bare fagdirektører i fagdirektørnettverket kan registrere beslutningen. Ingenting ble endret.",
            "en": "Only directors in the director network can record the decision. Nothing was changed.",
        },
        "escalation.already_decided": {
            "nb": "Denne saken er allerede avgjort. Ingenting ble endret.",
            "en": "This case has already been decided. Nothing was changed.",
        },
        "escalation.not_delivered_yet": {
            "nb": "Denne eskaleringen er ikke levert ennå, så den kan ikke avgjøres. Ingenting ble endret.",
            "en": "This escalation has not been delivered yet, so it cannot be decided. Nothing was changed.",
        },
        "escalation.already_escalated": {
            "nb": "Sak {label} er allerede eskalert.",
            "en": "Case {label} is already escalated.",
        },
        "escalation.case_not_open": {
            "nb": "Bare en åpen sak uten pågående avstemning kan eskaleres direkte. Sak {label} er: {state}.",
            "en": "Only an open case without a running poll can be escalated directly. Case {label} is: {state}.",
        },
        "escalation.director_network": {
            "nb": "Fagdirektørnettverket eskalerer ikke videre.",
            "en": "The director network does not escalate further.",
        },
        "escalation.invalid.verdict": {
            "nb": "Ukjent beslutning. Ingenting ble endret.",
            "en": "Unknown decision. Nothing was changed.",
        },
        "escalation.invalid.text": {
            "nb": "Skriv beslutningen (høyst 4000 tegn). Ingenting ble endret.",
            "en": "Write the decision (at most 4000 characters). Nothing was changed.",
        },
        "escalation.invalid.description": {
            "nb": "Beskriv uenigheten (10–4000 tegn). Ingenting ble endret.",
            "en": "Describe the disagreement (10–4000 characters). Nothing was changed.",
        },
        "escalations.title": {"nb": "Eskaleringer: {network}", "en": "Escalations: {network}"},
        "escalations.empty": {"nb": "Ingen eskaleringer.", "en": "No escalations."},
        "escalations.pending": {"nb": "Venter", "en": "Pending"},
        "escalations.decided": {"nb": "Avgjort", "en": "Decided"},
        "escalations.age": {
            "nb": {
                "=0": "Meldt i dag",
                "one": "Meldt for {count} dag siden",
                "other": "Meldt for {count} dager siden",
            },
            "en": {
                "=0": "Raised today",
                "one": "Raised {count} day ago",
                "other": "Raised {count} days ago",
            },
        },
        "escalations.overdue": {"nb": "Forfalt", "en": "Overdue"},
        "escalations.not_delivered": {
            "nb": "Ikke levert ennå. Prøves igjen {when}.",
            "en": "Not delivered yet. Will be tried again {when}.",
        },
        "escalations.no_target": {
            "nb": "Venter på at fagdirektørnettverket registreres.",
            "en": "Waiting for the director network to be registered.",
        },
        "escalations.to": {"nb": "Til", "en": "To"},
        "escalations.no_deadline": {"nb": "ikke satt ennå", "en": "not set yet"},
    }
)
