"""The summary capability's texts, in Norwegian bokmål and English."""

from __future__ import annotations

from dialogs.i18n import register

register(
    {
        "summary.title": {"nb": "Oppsummering av nettverkene", "en": "Summary of the networks"},
        "summary.own_only": {
            "nb": "Du ser bare nettverkene du er med i: oversikten over alle nettverk er for "
            "RHF-rådgivere og fagdirektører.",
            "en": "You see only the networks you belong to: the view of every network is for "
            "RHF advisers and directors.",
        },
        "summary.none": {"nb": "Ingen nettverk å vise.", "en": "No networks to show."},
        "summary.count": {
            "nb": "{shown} av {total} nettverk, sortert etter hva som trenger oppmerksomhet. "
            "Vedtak siste {period} dager.",
            "en": "{shown} of {total} networks, sorted by what needs attention. "
            "Decisions in the last {period} days.",
        },
        "summary.row": {
            "nb": "Åpne saker {cases} · avstemninger {polls}{turnout} · eskaleringer {esc}{age} · "
            "vedtak {decisions} · forankring venter {anchoring} · neste møte {meeting} · "
            "forfalt oppfølging {followups} · forfalte oppdrag {assignments} · årsrapport {report}",
            "en": "Open cases {cases} · polls {polls}{turnout} · escalations {esc}{age} · "
            "decisions {decisions} · anchoring pending {anchoring} · next meeting {meeting} · "
            "overdue follow-ups {followups} · overdue assignments {assignments} · "
            "annual report {report}",
        },
        "summary.turnout": {"nb": " ({percent} % har stemt)", "en": " ({percent}% voted)"},
        "summary.age": {"nb": ", eldste {days} d", "en": ", oldest {days} d"},
        "summary.open_channel": {"nb": "Åpne kanalen", "en": "Open the channel"},
        "summary.details": {"nb": "Detaljer", "en": "Details"},
        "summary.more": {"nb": "Vis flere", "en": "Show more"},
        "summary.back": {"nb": "Tilbake til oppsummeringen", "en": "Back to the summary"},
        "summary.csv": {"nb": "Last ned CSV", "en": "Download CSV"},
        "summary.filter": {"nb": "Filtrer", "en": "Filter"},
        "summary.filter.kind": {"nb": "Type nettverk", "en": "Kind of network"},
        "summary.filter.hf": {
            "nb": "Helseforetak (nettverk med medlem derfra)",
            "en": "Health trust (networks with a member from it)",
        },
        "summary.filter.period": {"nb": "Vedtak i perioden", "en": "Decisions in the period"},
        "summary.filter.any": {"nb": "Alle", "en": "All"},
        "summary.filter.days": {"nb": "Siste {days} dager", "en": "Last {days} days"},
        "summary.field.cases": {"nb": "Åpne saker", "en": "Open cases"},
        "summary.field.polls": {"nb": "Pågående avstemninger", "en": "Running polls"},
        "summary.field.turnout": {"nb": "Oppslutning", "en": "Turnout"},
        "summary.field.escalations": {"nb": "Ventende eskaleringer", "en": "Pending escalations"},
        "summary.field.overdue_escalations": {
            "nb": "Eskaleringer over frist",
            "en": "Escalations past their deadline",
        },
        "summary.field.decisions": {"nb": "Vedtak i perioden", "en": "Decisions in the period"},
        "summary.field.anchoring": {"nb": "Forankring venter", "en": "Anchoring pending"},
        "summary.field.meeting": {"nb": "Neste møte", "en": "Next meeting"},
        "summary.field.followups": {"nb": "Forfalt oppfølging", "en": "Overdue follow-ups"},
        "summary.field.assignments": {
            "nb": "Oppdrag (åpne / over frist)",
            "en": "Assignments (open / overdue)",
        },
        "summary.field.report": {"nb": "Årsrapport", "en": "Annual report"},
        "summary.field.milestones": {
            "nb": "Milepæler over fristen",
            "en": "Overdue milestones",
        },
        "summary.milestones": {
            "nb": " · milepæler over fristen {count}",
            "en": " · overdue milestones {count}",
        },
        "summary.related.title": {
            "nb": "Beslektede saker i ulike nettverk",
            "en": "Related cases in different networks",
        },
        "summary.related.pair": {
            "nb": "{first} ({first_network}) og {second} ({second_network})",
            "en": "{first} ({first_network}) and {second} ({second_network})",
        },
        "summary.related.tell": {
            "nb": "Gi beskjed til begge sekretærene",
            "en": "Tell both secretaries",
        },
        "summary.related.told": {
            "nb": "Sekretærene har fått beskjed.",
            "en": "The secretaries were told.",
        },
        "summary.related.already_told": {
            "nb": "Sekretærene har allerede fått beskjed om disse sakene. Ingenting ble endret.",
            "en": "The secretaries were already told about these cases. Nothing was changed.",
        },
        "summary.related.note": {
            "nb": "{adviser} (RHF) gjør oppmerksom på en beslektet sak i {network}: {case}. "
            "Vurder å ta kontakt med nettverket.",
            "en": "{adviser} (RHF) points out a related case in {network}: {case}. "
            "Consider getting in touch with that network.",
        },
        "summary.digest.title": {
            "nb": "Ukens oppsummering av nettverkene",
            "en": "This week's summary of the networks",
        },
        "summary.digest.awaiting": {
            "nb": "Eskaleringer som venter på fagdirektørnettverket",
            "en": "Escalations awaiting the director network",
        },
        "summary.digest.on": {
            "nb": "Du får ukens oppsummering mandag kl. 08.",
            "en": "You get the weekly summary on Monday at 08:00.",
        },
        "summary.digest.off": {
            "nb": "Du får ikke ukens oppsummering.",
            "en": "You don't get the weekly summary.",
        },
        "summary.digest.stop": {
            "nb": "Stopp ukentlig oppsummering",
            "en": "Stop the weekly summary",
        },
        "summary.digest.start": {"nb": "Få ukentlig oppsummering", "en": "Get the weekly summary"},
        "summary.digest.changed_on": {
            "nb": "Du får ukens oppsummering igjen fra neste mandag.",
            "en": "You'll get the weekly summary again from next Monday.",
        },
        "summary.digest.changed_off": {
            "nb": "Du får ikke lenger ukens oppsummering.",
            "en": "You won't get the weekly summary any more.",
        },
        "summary.digest.unchanged": {"nb": "Det var allerede slik.", "en": "That was already so."},
    }
)
