"""The cases capability's texts."""

from dialogs.i18n import register

register(
    {
        "case_type.regional_procedure": {"nb": "Regional fagprosedyre", "en": "Regional procedure"},
        "case_type.patient_pathway": {
            "nb": "Standardisert pasientforløp",
            "en": "Standardised patient pathway",
        },
        "case_type.method_assessment": {"nb": "Metodevurdering", "en": "Method assessment"},
        "case_type.competence_input": {"nb": "Kompetanseinnspill", "en": "Competence input"},
        "case_type.procurement": {"nb": "Anskaffelse/utstyr", "en": "Procurement/equipment"},
        "case_type.research_innovation": {
            "nb": "Forskning/innovasjon",
            "en": "Research/innovation",
        },
        "case_type.composition": {"nb": "Sammensetning", "en": "Composition"},
        "case_type.other": {"nb": "Annet", "en": "Other"},
        "case_state.open": {"nb": "Åpen", "en": "Open"},
        "case_state.polling": {"nb": "Til avstemning", "en": "Being polled"},
        "case_state.decided": {"nb": "Vedtatt", "en": "Decided"},
        "case_state.escalated": {"nb": "Eskalert", "en": "Escalated"},
        "case.form.title": {"nb": "Ny sak", "en": "New case"},
        "case.field.title": {"nb": "Tittel", "en": "Title"},
        "case.field.title.error": {
            "nb": "Skriv en tittel (3–200 tegn).",
            "en": "Enter a title (3–200 characters).",
        },
        "case.field.description": {"nb": "Beskrivelse", "en": "Description"},
        "case.field.proposal": {"nb": "Forslag til vedtak", "en": "Proposed decision"},
        "case.field.type": {"nb": "Sakstype", "en": "Case type"},
        "case.field.type.error": {"nb": "Velg en sakstype.", "en": "Choose a case type."},
        "case.field.user_participation": {
            "nb": "Brukermedvirkning er relevant",
            "en": "User participation is relevant",
        },
        "case.field.needs_anchoring": {
            "nb": "Krever forankring (konsekvenser ut over eget økonomisk/administrativt ansvar)",
            "en": "Needs anchoring (consequences beyond members' own financial/administrative authority)",
        },
        "case.form.submit": {"nb": "Opprett sak", "en": "Create case"},
        "case.card.title": {"nb": "Sak {label}: {title}", "en": "Case {label}: {title}"},
        "case.card.type": {"nb": "Type", "en": "Type"},
        "case.card.state": {"nb": "Status", "en": "Status"},
        "case.card.flags": {"nb": "Merknader", "en": "Flags"},
        "case.card.flag.user": {"nb": "brukermedvirkning", "en": "user participation"},
        "case.card.flag.anchoring": {"nb": "krever forankring", "en": "needs anchoring"},
        "case.card.none": {"nb": "ingen", "en": "none"},
        "case.card.poll": {"nb": "Åpne avstemning", "en": "Open a poll"},
        "case.list.title": {"nb": "Åpne saker: {network}", "en": "Open cases: {network}"},
        "case.list.empty": {"nb": "Ingen åpne saker.", "en": "No open cases."},
        "case.invalid.title": {
            "nb": "Tittelen må ha 3–200 tegn. Ingenting ble endret.",
            "en": "The title must have 3–200 characters. Nothing was changed.",
        },
        "case.invalid.type": {
            "nb": "Ukjent sakstype. Ingenting ble endret.",
            "en": "Unknown case type. Nothing was changed.",
        },
        "case.invalid.description": {
            "nb": "Beskrivelsen kan ha høyst 4000 tegn. Ingenting ble endret.",
            "en": "The description can have at most 4000 characters. Nothing was changed.",
        },
        "case.invalid.proposal": {
            "nb": "Forslaget til vedtak kan ha høyst 2000 tegn. Ingenting ble endret.",
            "en": "The proposed decision can have at most 2000 characters. Nothing was changed.",
        },
        "case.invalid.number": {
            "nb": "«{text}» er ikke et saksnummer. Skriv det som 7/2026.",
            "en": "“{text}” is not a case number. Write it as 7/2026.",
        },
    }
)
