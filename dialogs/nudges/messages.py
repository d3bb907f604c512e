"""The nudges capability's texts. Each reminder kind has a title, a sentence and a button.

The sentence may use `{title}` (e.g. `7/2026 Ny prosedyre`), `{network}` and `{deadline}`.
"""

from dialogs.i18n import register

KINDS = (
    "poll_vote",
    "anchoring",
    "director_decision",
    "report_input",
    "report",
    "milestone",
    "agreement_end",
    "evaluation",
    "meeting",
    "followup",
    "assignment",
)

register(
    {
        "nudge.poll_vote.title": {
            "nb": "Avstemningen venter på din stemme",
            "en": "A poll is waiting for your vote",
        },
        "nudge.poll_vote.text": {
            "nb": "Sak {title} i {network} er til avstemning. Fristen er {deadline}.",
            "en": "Case {title} in {network} is being polled. The deadline is {deadline}.",
        },
        "nudge.poll_vote.act": {"nb": "Stem nå", "en": "Vote now"},
        "nudge.anchoring.title": {
            "nb": "Bekreft forankring i ditt helseforetak",
            "en": "Confirm anchoring in your health trust",
        },
        "nudge.anchoring.text": {
            "nb": "Vedtaket i sak {title} i {network} blir endelig når hvert helseforetak har bekreftet forankring. Fristen er {deadline}.",
            "en": "The decision on case {title} in {network} becomes final when each health trust has confirmed anchoring. The deadline is {deadline}.",
        },
        "nudge.anchoring.act": {"nb": "Bekreft forankring", "en": "Confirm anchoring"},
        "nudge.director_decision.title": {
            "nb": "En sak venter på fagdirektørnettverkets beslutning",
            "en": "A case is waiting for the director network's decision",
        },
        "nudge.director_decision.text": {
            "nb": "Sak {title} fra {network} skal avgjøres innen {deadline}.",
            "en": "Case {title} from {network} is to be decided by {deadline}.",
        },
        "nudge.director_decision.act": {"nb": "Avgjør saken", "en": "Decide the case"},
        "nudge.report_input.title": {
            "nb": "Gi innspill til årsrapporten",
            "en": "Give your input to the annual report",
        },
        "nudge.report_input.text": {
            "nb": "{network} samler innspill til årsrapporten ({title}). Fristen er {deadline}.",
            "en": "{network} is collecting input to the annual report ({title}). The deadline is {deadline}.",
        },
        "nudge.report_input.act": {"nb": "Gi innspill", "en": "Give input"},
        "nudge.report.title": {
            "nb": "Årsrapporten skal godkjennes",
            "en": "The annual report needs your approval",
        },
        "nudge.report.text": {
            "nb": "Årsrapporten for {network} ({title}) skal sendes fagdirektørene innen {deadline}.",
            "en": "The annual report of {network} ({title}) is due to the directors by {deadline}.",
        },
        "nudge.report.act": {"nb": "Se rapporten", "en": "Review the report"},
        "nudge.milestone.title": {
            "nb": "En milepæl venter på deg",
            "en": "A milestone is waiting for you",
        },
        "nudge.milestone.text": {
            "nb": "Milepælen {title} i {network} har frist {deadline}.",
            "en": "Milestone {title} in {network} is due {deadline}.",
        },
        "nudge.milestone.act": {"nb": "Åpne milepælen", "en": "Open the milestone"},
        "nudge.agreement_end.title": {
            "nb": "En avtale om delt stilling går ut",
            "en": "A part-time position agreement is ending",
        },
        "nudge.agreement_end.text": {
            "nb": "Avtalen {title} i {network} går ut {deadline}.",
            "en": "Agreement {title} in {network} ends {deadline}.",
        },
        "nudge.agreement_end.act": {"nb": "Åpne avtalen", "en": "Open the agreement"},
        "nudge.evaluation.title": {
            "nb": "Evalueringen av nettverket nærmer seg",
            "en": "The network's evaluation is coming up",
        },
        "nudge.evaluation.text": {
            "nb": "Evalueringen {title} av {network} har frist {deadline}.",
            "en": "Evaluation {title} of {network} is due {deadline}.",
        },
        "nudge.evaluation.act": {"nb": "Åpne evalueringen", "en": "Open the evaluation"},
        "nudge.meeting.title": {"nb": "Møte i morgen", "en": "Meeting tomorrow"},
        "nudge.meeting.text": {
            "nb": "{network} har møte {deadline}: {title}.",
            "en": "{network} meets {deadline}: {title}.",
        },
        "nudge.meeting.act": {"nb": "Se møtet", "en": "See the meeting"},
        "nudge.followup.title": {
            "nb": "Et oppfølgingspunkt venter på deg",
            "en": "A follow-up item is waiting for you",
        },
        "nudge.followup.text": {
            "nb": "Fra møtereferatet i {network}: {title}. Fristen er {deadline}.",
            "en": "From the minutes of {network}: {title}. The deadline is {deadline}.",
        },
        "nudge.followup.act": {"nb": "Merk som utført", "en": "Mark as done"},
        "nudge.assignment.title": {
            "nb": "Et oppdrag fra fagdirektørnettverket venter på svar",
            "en": "An assignment from the director network is waiting for an answer",
        },
        "nudge.assignment.text": {
            "nb": "Oppdraget {title} til {network} skal besvares innen {deadline}.",
            "en": "Assignment {title} to {network} is to be answered by {deadline}.",
        },
        "nudge.assignment.act": {"nb": "Svar på oppdraget", "en": "Answer the assignment"},
        "nudge.field.network": {"nb": "Nettverk", "en": "Network"},
        "nudge.field.deadline": {"nb": "Frist", "en": "Deadline"},
        "nudge.field.item": {"nb": "Sak", "en": "Item"},
        "nudge.field.when": {"nb": "Påminnes", "en": "Reminder"},
        "nudge.overdue": {
            "nb": "Fristen gikk ut {deadline}.",
            "en": "The deadline passed {deadline}.",
        },
        "nudge.snooze": {"nb": "Minn meg på i morgen", "en": "Remind me tomorrow"},
        "nudge.snoozed": {
            "nb": "Greit, jeg minner deg på det igjen {when}.",
            "en": "OK, I'll remind you again {when}.",
        },
        "nudge.mention": {
            "nb": "{name}, dette venter på deg. Installer Fagnett i en personlig chat for å få påminnelser direkte.",
            "en": "{name}, this is waiting for you. Install Fagnett in a personal chat to get reminders directly.",
        },
        "nudge.list.title": {"nb": "Dine påminnelser", "en": "Your reminders"},
        "nudge.list.empty": {
            "nb": "Du har ingen påminnelser på vei.",
            "en": "You have no reminders coming up.",
        },
        "nudge.list.personal_only": {
            "nb": "Skriv **påminnelser** til meg i en personlig chat, så viser jeg dine påminnelser der.",
            "en": "Type **reminders** to me in a personal chat and I'll show your reminders there.",
        },
        "nudge.not_found": {
            "nb": "Fant ikke denne påminnelsen. Ingenting ble endret.",
            "en": "Couldn't find this reminder. Nothing was changed.",
        },
    }
)
