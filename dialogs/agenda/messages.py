"""The agenda capability's texts (proposals and assignments), in Norwegian bokmål and English."""

from __future__ import annotations

from dialogs.i18n import register

register(
    {
        "agenda.not_adviser": {
            "nb": "Bare RHF-rådgivere kan foreslå saker til nettverkenes sakskart.",
            "en": "Only RHF advisers can propose matters for the networks' agendas.",
        },
        "agenda.already_decided": {
            "nb": "Forslaget er allerede tatt opp eller avslått. Ingenting ble endret.",
            "en": "The proposal was already accepted or declined. Nothing was changed.",
        },
        "agenda.invalid.network": {
            "nb": "Velg nettverket forslaget gjelder.",
            "en": "Choose the network the proposal is for.",
        },
        "agenda.invalid.scope": {
            "nb": "Velg om saken er nasjonal eller regional.",
            "en": "Choose whether the matter is national or regional.",
        },
        "agenda.invalid.title": {
            "nb": "Tittelen må ha mellom 3 og 200 tegn.",
            "en": "The title must have between 3 and 200 characters.",
        },
        "agenda.invalid.description": {
            "nb": "Beskriv saken (høyst 3000 tegn).",
            "en": "Describe the matter (at most 3000 characters).",
        },
        "agenda.invalid.source": {
            "nb": "Oppgi kilden: hvor saken kommer fra (høyst 500 tegn).",
            "en": "Give the source: where the matter comes from (at most 500 characters).",
        },
        "agenda.invalid.reason": {
            "nb": "Skriv en begrunnelse for å avslå (3 til 1000 tegn). Den sendes til "
            "RHF-rådgiveren.",
            "en": "Write a reason for declining (3 to 1000 characters). It goes to the RHF "
            "adviser.",
        },
        "agenda.scope.national": {"nb": "Nasjonal sak", "en": "National matter"},
        "agenda.scope.regional": {"nb": "Regional sak", "en": "Regional matter"},
        "agenda.state.pending": {"nb": "Venter på sekretæren", "en": "Waiting for the secretary"},
        "agenda.state.accepted": {"nb": "Tatt opp på sakskartet", "en": "Accepted onto the agenda"},
        "agenda.state.declined": {"nb": "Avslått", "en": "Declined"},
        "agenda.form.title": {
            "nb": "Foreslå en sak til et nettverk",
            "en": "Propose a matter to a network",
        },
        "agenda.form.intro": {
            "nb": "Forslaget legges ut i nettverkets kanal. Sekretæren tar det opp som sak eller "
            "avslår med begrunnelse, og du får beskjed.",
            "en": "The proposal is posted in the network's channel. The secretary takes it up as "
            "a case or declines it with a reason, and you are told.",
        },
        "agenda.form.submit": {"nb": "Send forslaget", "en": "Send the proposal"},
        "agenda.field.network": {"nb": "Nettverk", "en": "Network"},
        "agenda.field.network.error": {"nb": "Velg et nettverk.", "en": "Choose a network."},
        "agenda.field.scope": {"nb": "Nasjonal eller regional", "en": "National or regional"},
        "agenda.field.scope.error": {
            "nb": "Velg nasjonal eller regional.",
            "en": "Choose national or regional.",
        },
        "agenda.field.title": {"nb": "Tittel", "en": "Title"},
        "agenda.field.title.error": {"nb": "Skriv en tittel.", "en": "Write a title."},
        "agenda.field.description": {"nb": "Beskrivelse", "en": "Description"},
        "agenda.field.description.error": {"nb": "Beskriv saken.", "en": "Describe the matter."},
        "agenda.field.source": {"nb": "Kilde", "en": "Source"},
        "agenda.field.source.error": {"nb": "Oppgi kilden.", "en": "Give the source."},
        "agenda.field.reason": {
            "nb": "Begrunnelse (ved avslag)",
            "en": "Reason (when declining)",
        },
        "agenda.card.title": {
            "nb": "Forslag til sakskartet: {title}",
            "en": "Proposed for the agenda: {title}",
        },
        "agenda.card.adviser": {"nb": "Foreslått av (RHF)", "en": "Proposed by (RHF)"},
        "agenda.card.state": {"nb": "Status", "en": "State"},
        "agenda.card.case": {"nb": "Sak", "en": "Case"},
        "agenda.card.reason": {"nb": "Begrunnelse", "en": "Reason"},
        "agenda.card.accept": {"nb": "Ta opp som sak", "en": "Accept onto the agenda"},
        "agenda.card.decline": {"nb": "Avslå", "en": "Decline"},
        "agenda.sent": {
            "nb": "Forslaget er sendt til {network}. Du får beskjed når sekretæren har svart.",
            "en": "The proposal was sent to {network}. You'll be told when the secretary answers.",
        },
        "agenda.accepted": {
            "nb": "Forslaget er tatt opp som sak {case}.",
            "en": "The proposal was accepted as case {case}.",
        },
        "agenda.declined": {
            "nb": "Forslaget er avslått, og RHF-rådgiveren får begrunnelsen.",
            "en": "The proposal was declined, and the RHF adviser gets the reason.",
        },
        "agenda.case.brought": {
            "nb": "Meldt inn av RHF ({adviser}): {scope}. Kilde: {source}",
            "en": "Brought by the RHF ({adviser}): {scope}. Source: {source}",
        },
        "agenda.told.accepted": {
            "nb": "{secretary} har tatt forslaget ditt «{title}» opp på sakskartet i {network} "
            "som sak {case}.",
            "en": "{secretary} accepted your proposal “{title}” onto the agenda of {network} "
            "as case {case}.",
        },
        "agenda.told.declined": {
            "nb": "{secretary} har avslått forslaget ditt «{title}» til {network}. "
            "Begrunnelse: {reason}",
            "en": "{secretary} declined your proposal “{title}” to {network}. Reason: {reason}",
        },
        "assignment.not_director": {
            "nb": "Bare fagdirektører kan gi oppdrag, fra fagdirektørnettverkets kanal.",
            "en": "Only directors can give assignments, from the director network's channel.",
        },
        "assignment.already_answered": {
            "nb": "Oppdraget er allerede besvart. Ingenting ble endret.",
            "en": "The assignment was already answered. Nothing was changed.",
        },
        "assignment.invalid.network": {
            "nb": "Velg nettverket som skal få oppdraget (ikke fagdirektørnettverket selv).",
            "en": "Choose the network to give the assignment to (not the director network itself).",
        },
        "assignment.invalid.title": {
            "nb": "Tittelen må ha mellom 3 og 200 tegn.",
            "en": "The title must have between 3 and 200 characters.",
        },
        "assignment.invalid.description": {
            "nb": "Beskrivelsen kan ha høyst 3000 tegn.",
            "en": "The description can have at most 3000 characters.",
        },
        "assignment.invalid.deadline": {
            "nb": "Fristen må være en dato etter i dag og innen to år.",
            "en": "The deadline must be a date after today and within two years.",
        },
        "assignment.invalid.answer": {
            "nb": "Skriv et svar (høyst 3000 tegn), oppgi et vedtaksnummer, eller begge deler.",
            "en": "Write an answer (at most 3000 characters), give a decision number, or both.",
        },
        "assignment.state.open": {"nb": "Åpent", "en": "Open"},
        "assignment.state.answered": {"nb": "Besvart", "en": "Answered"},
        "assignment.state.overdue": {"nb": "Åpent, over fristen", "en": "Open, past its deadline"},
        "assignment.form.title": {
            "nb": "Gi et oppdrag til et nettverk",
            "en": "Give a network an assignment",
        },
        "assignment.form.intro": {
            "nb": "Oppdraget blir en sak i nettverket med frist og påminnelser. Svaret kommer "
            "tilbake i denne tråden.",
            "en": "The assignment becomes a case in the network, with a deadline and reminders. "
            "The answer comes back to this thread.",
        },
        "assignment.form.submit": {"nb": "Gi oppdraget", "en": "Give the assignment"},
        "assignment.field.network": {"nb": "Nettverk", "en": "Network"},
        "assignment.field.title": {"nb": "Oppdrag", "en": "Assignment"},
        "assignment.field.description": {"nb": "Beskrivelse", "en": "Description"},
        "assignment.field.deadline": {"nb": "Frist", "en": "Deadline"},
        "assignment.field.deadline.error": {"nb": "Velg en frist.", "en": "Choose a deadline."},
        "assignment.field.answer": {"nb": "Svar", "en": "Answer"},
        "assignment.field.decision": {
            "nb": "Vedtak som svarer på oppdraget (valgfritt)",
            "en": "Decision that answers the assignment (optional)",
        },
        "assignment.field.decision.hint": {"nb": "f.eks. 3/2026", "en": "e.g. 3/2026"},
        "assignment.card.title": {
            "nb": "Oppdrag fra fagdirektørnettverket",
            "en": "Assignment from the director network",
        },
        "assignment.card.case": {"nb": "Sak", "en": "Case"},
        "assignment.card.state": {"nb": "Status", "en": "State"},
        "assignment.card.answer": {"nb": "Svar på oppdraget", "en": "Answer the assignment"},
        "assignment.case.given": {
            "nb": "Oppdrag fra {network} med frist {deadline}.",
            "en": "Assignment from {network}, due {deadline}.",
        },
        "assignment.given": {
            "nb": "Oppdraget er gitt til {network}. Svaret kommer i denne tråden.",
            "en": "The assignment was given to {network}. The answer will come to this thread.",
        },
        "assignment.answer_form.title": {
            "nb": "Svar på oppdraget",
            "en": "Answer the assignment",
        },
        "assignment.answer_form.submit": {"nb": "Send svaret", "en": "Send the answer"},
        "assignment.answer.decision": {
            "nb": "Vedtak {label}: {text}",
            "en": "Decision {label}: {text}",
        },
        "assignment.answered.title": {
            "nb": "{network} har svart på oppdraget",
            "en": "{network} answered the assignment",
        },
        "assignment.answered.by": {"nb": "Besvart av", "en": "Answered by"},
        "assignment.answered": {
            "nb": "Svaret er sendt til fagdirektørnettverket.",
            "en": "The answer was sent to the director network.",
        },
    }
)
