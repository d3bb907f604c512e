"""The decision log's texts."""

from dialogs.i18n import register

register(
    {
        "decisions.title": {"nb": "Vedtaksloggen: {network}", "en": "Decision log: {network}"},
        "decisions.empty": {
            "nb": "Ingen vedtak passer filteret.",
            "en": "No decisions match the filter.",
        },
        "decisions.shown": {
            "nb": "Viser {shown} av {total} vedtak, nyeste først.",
            "en": "Showing {shown} of {total} decisions, newest first.",
        },
        "decisions.field.year": {"nb": "År", "en": "Year"},
        "decisions.field.outcome": {"nb": "Utfall", "en": "Outcome"},
        "decisions.field.text": {"nb": "Fritekst", "en": "Free text"},
        "decisions.filter": {"nb": "Filtrer", "en": "Filter"},
        "decisions.csv": {"nb": "Last ned CSV", "en": "Download CSV"},
        "decisions.markdown": {"nb": "Last ned Markdown", "en": "Download Markdown"},
        "decisions.entry": {"nb": "Vedtak {label}", "en": "Decision {label}"},
        "decisions.by.network": {"nb": "nettverket", "en": "the network"},
        "decisions.by.director_network": {
            "nb": "fagdirektørnettverket",
            "en": "the director network",
        },
        "decisions.by.parent_network": {"nb": "overordnet nettverk", "en": "the parent network"},
        "decisions.in_meeting": {"nb": "i møte", "en": "in a meeting"},
        "decisions.anchoring.not_needed": {
            "nb": "Krever ikke forankring",
            "en": "No anchoring needed",
        },
        "decisions.anchoring.provisional": {
            "nb": "Foreløpig – venter på forankring fra: {hfs}",
            "en": "Provisional – waiting for anchoring from: {hfs}",
        },
        "decisions.anchoring.final": {"nb": "Endelig (forankret)", "en": "Final (anchored)"},
        "decisions.amends": {"nb": "Korrigerer vedtak {label}", "en": "Corrects decision {label}"},
        "decisions.amended_by": {
            "nb": "Korrigert av vedtak {labels}",
            "en": "Corrected by decision {labels}",
        },
        "decisions.amend": {"nb": "Korriger vedtak {label}", "en": "Correct decision {label}"},
        "decisions.amend.title": {
            "nb": "Korreksjon av vedtak {label}",
            "en": "Correction of decision {label}",
        },
        "decisions.amend.intro": {
            "nb": "Vedtaket endres ikke: korreksjonen blir et nytt vedtak som viser til det gamle.",
            "en": "The decision is not edited: the correction becomes a new decision that refers to it.",
        },
        "decisions.field.new_text": {"nb": "Ny vedtakstekst", "en": "New decision text"},
        "decisions.field.new_text.error": {
            "nb": "Skriv den nye teksten.",
            "en": "Enter the new text.",
        },
        "decisions.amend.submit": {"nb": "Lagre korreksjon", "en": "Save correction"},
        "decisions.amended": {
            "nb": "Vedtak {label} er ført som korreksjon av vedtak {original}.",
            "en": "Decision {label} is recorded as a correction of decision {original}.",
        },
        "decision.invalid.text": {
            "nb": "Vedtaksteksten må fylles ut (høyst 4000 tegn). Ingenting ble endret.",
            "en": "The decision text is required (at most 4000 characters). Nothing was changed.",
        },
        "decision.invalid.year": {
            "nb": "Året må være et årstall, for eksempel 2026.",
            "en": "The year must be a year, for example 2026.",
        },
        "outcome.any": {"nb": "Alle", "en": "All"},
        "outcome.approved": {"nb": "Godkjent", "en": "Approved"},
        "outcome.rejected": {"nb": "Avvist", "en": "Rejected"},
        "outcome.returned": {"nb": "Sendt tilbake", "en": "Returned"},
    }
)
