"""The polls capability's texts."""

from dialogs.i18n import register

register(
    {
        "stance.agree": {"nb": "Enig", "en": "Agree"},
        "stance.stand_aside": {"nb": "Kan leve med det", "en": "Stand aside"},
        "stance.abstain": {"nb": "Avstår", "en": "Abstain"},
        "stance.block": {"nb": "Uenig – blokkerer", "en": "Block"},
        "outcome.consensus": {"nb": "Konsensus", "en": "Consensus"},
        "outcome.no_consensus": {"nb": "Ikke konsensus", "en": "No consensus"},
        "outcome.inconclusive": {"nb": "Ikke avgjort", "en": "Inconclusive"},
        "poll.form.title": {
            "nb": "Åpne avstemning: sak {label}",
            "en": "Open a poll: case {label}",
        },
        "poll.form.intro": {
            "nb": "Frist i norsk tid. Faller fristen på en helg eller helligdag, flyttes den til neste virkedag.",
            "en": "Deadline in Norwegian time. A deadline on a weekend or public holiday moves to the next working day.",
        },
        "poll.field.date": {"nb": "Fristdato", "en": "Deadline date"},
        "poll.field.date.error": {"nb": "Velg en dato.", "en": "Choose a date."},
        "poll.field.time": {"nb": "Klokkeslett", "en": "Time"},
        "poll.field.time.error": {"nb": "Velg et klokkeslett.", "en": "Choose a time."},
        "poll.open.submit": {"nb": "Åpne avstemning", "en": "Open poll"},
        "poll.opened": {
            "nb": "Avstemningen på sak {label} er åpnet med frist {deadline}. Kortet ligger i sakens tråd.",
            "en": "The poll on case {label} is open until {deadline}. Its card is in the case's thread.",
        },
        "poll.card.title": {
            "nb": "Avstemning: sak {label} {title}",
            "en": "Poll: case {label} {title}",
        },
        "poll.card.deadline": {"nb": "Frist", "en": "Deadline"},
        "poll.card.moved": {
            "nb": "{when} (flyttet fra helg/helligdag)",
            "en": "{when} (moved from a weekend/holiday)",
        },
        "poll.card.state": {"nb": "Status", "en": "Status"},
        "poll.card.open": {"nb": "Åpen", "en": "Open"},
        "poll.card.closed": {"nb": "Lukket: {outcome}", "en": "Closed: {outcome}"},
        "poll.card.tally": {
            "nb": "Stemmer: {counts} ({voted} av {voters})",
            "en": "Votes: {counts} ({voted} of {voters})",
        },
        "poll.card.hfs": {
            "nb": "Helseforetak som har svart",
            "en": "Health trusts that have answered",
        },
        "poll.card.stances": {"nb": "Hvem mener hva", "en": "Who said what"},
        "poll.card.no_stances": {"nb": "Ingen har stemt ennå.", "en": "Nobody has voted yet."},
        "poll.card.reason": {
            "nb": "Begrunnelse (må fylles ut for å blokkere)",
            "en": "Reason (required to block)",
        },
        "poll.card.yours": {
            "nb": "Din stemme: **{stance}**. Du kan endre den til avstemningen lukkes.",
            "en": "Your vote: **{stance}**. You can change it until the poll closes.",
        },
        "poll.card.not_voted": {"nb": "Du har ikke stemt ennå.", "en": "You have not voted yet."},
        "poll.card.more_stances": {
            "nb": {
                "one": "… og {count} stemme til, talt med i oversikten over.",
                "other": "… og {count} stemmer til, talt med i oversikten over.",
            },
            "en": {
                "one": "… and {count} more vote, counted in the tally above.",
                "other": "… and {count} more votes, counted in the tally above.",
            },
        },
        "poll.card.yours_final": {
            "nb": "Din stemme: **{stance}**. Avstemningen er lukket.",
            "en": "Your vote: **{stance}**. The poll is closed.",
        },
        "poll.card.not_voted_final": {
            "nb": "Du stemte ikke før avstemningen ble lukket.",
            "en": "You did not vote before the poll closed.",
        },
        "poll.card.close": {"nb": "Lukk avstemningen", "en": "Close the poll"},
        "poll.card.hf_yes": {"nb": "har svart", "en": "answered"},
        "poll.card.hf_no": {"nb": "venter", "en": "waiting"},
        "poll.closed": {
            "nb": "Avstemningen er lukket, så stemmen ble ikke registrert.",
            "en": "The poll has closed, so your vote was not recorded.",
        },
        "poll.not_a_voter": {
            "nb": "Du var ikke blant de stemmeberettigede da avstemningen ble åpnet. Ingenting ble endret.",
            "en": "You were not among the eligible voters when the poll opened. Nothing was changed.",
        },
        "poll.reason_required": {
            "nb": "Skriv en begrunnelse i feltet før du blokkerer. Stemmen ble ikke registrert.",
            "en": "Write a reason in the field before you block. Your vote was not recorded.",
        },
        "poll.already_open": {
            "nb": "Sak {case} har allerede en åpen avstemning.",
            "en": "Case {case} already has an open poll.",
        },
        "poll.invalid.deadline_past": {
            "nb": "Fristen må være fram i tid. Ingenting ble endret.",
            "en": "The deadline must be in the future. Nothing was changed.",
        },
        "poll.invalid.deadline": {
            "nb": "Fristen var ikke en gyldig dato og tid. Ingenting ble endret.",
            "en": "The deadline was not a valid date and time. Nothing was changed.",
        },
        "poll.invalid.no_voters": {
            "nb": "Ingen i nettverket har stemmerett ennå. Gi medlemmene roller med **medlemmer** først.",
            "en": "Nobody in the network can vote yet. Give the members roles with **members** first.",
        },
        "poll.invalid.reason": {
            "nb": "Begrunnelsen kan være på høyst 2000 tegn.",
            "en": "The reason can be at most 2000 characters.",
        },
        "poll.invalid.not_inconclusive": {
            "nb": "Bare en avstemning som endte uavgjort kan forlenges eller eskaleres herfra.",
            "en": "Only a poll that ended inconclusive can be extended or escalated from here.",
        },
        "poll.which_case": {
            "nb": "Hvilken sak? Skriv for eksempel **avstemning 7/2026**.",
            "en": "Which case? Type for example **poll 7/2026**.",
        },
        "poll.outcome.consensus": {
            "nb": "Avstemningen om sak {label} er avsluttet med **konsensus**. Vedtak {decision} er ført i vedtaksloggen.",
            "en": "The poll on case {label} ended in **consensus**. Decision {decision} is in the decision log.",
        },
        "poll.outcome.provisional": {
            "nb": "Avstemningen om sak {label} endte med **konsensus**. Vedtak {decision} er **foreløpig** til hvert helseforetak har bekreftet forankring i egen linje.",
            "en": "The poll on case {label} ended in **consensus**. Decision {decision} is **provisional** until each health trust confirms it is anchored in its own line organisation.",
        },
        "poll.outcome.no_consensus": {
            "nb": "Avstemningen om sak {label} endte **uten konsensus** (blokkert). Saken er meldt til eskalering til {target}.",
            "en": "The poll on case {label} ended **without consensus** (blocked). The case is sent for escalation to {target}.",
        },
        "poll.outcome.inconclusive": {
            "nb": "Avstemningen om sak {label} ble **ikke avgjort**: ingen blokkering, men kravet til deltakelse ble ikke nådd. Sekretær: forleng fristen eller eskaler saken.",
            "en": "The poll on case {label} was **inconclusive**: no block, but the participation rule was not met. Secretary: extend the deadline or escalate the case.",
        },
        "poll.no_target": {
            "nb": "fagdirektørnettverket (som ikke er registrert ennå)",
            "en": "the director network (not registered yet)",
        },
        "poll.extend": {"nb": "Forleng fristen", "en": "Extend the deadline"},
        "poll.escalate": {"nb": "Eskaler saken", "en": "Escalate the case"},
        "poll.extended": {
            "nb": "Avstemningen om sak {label} er forlenget til {deadline}.",
            "en": "The poll on case {label} is extended until {deadline}.",
        },
        "poll.escalated": {
            "nb": "Sak {label} er meldt til eskalering til {target}.",
            "en": "Case {label} is sent for escalation to {target}.",
        },
        "anchoring.title": {
            "nb": "Forankring av vedtak {decision}",
            "en": "Anchoring of decision {decision}",
        },
        "anchoring.pending": {"nb": "Venter på: {hfs}", "en": "Waiting for: {hfs}"},
        "anchoring.confirm": {"nb": "Bekreft forankring: {hf}", "en": "Confirm anchoring: {hf}"},
        "anchoring.final": {
            "nb": "Vedtak {decision} er nå **endelig**: alle helseforetak har bekreftet forankring.",
            "en": "Decision {decision} is now **final**: every health trust has confirmed anchoring.",
        },
        "anchoring.confirmed": {
            "nb": "Forankring bekreftet for {hf}.",
            "en": "Anchoring confirmed for {hf}.",
        },
        "decision.anchoring.already": {
            "nb": "{hf} har allerede bekreftet forankring.",
            "en": "{hf} has already confirmed anchoring.",
        },
        "decision.anchoring.not_representative": {
            "nb": "Bare stemmeberettigede representanter for dette helseforetaket kan bekrefte forankring. Ingenting ble endret.",
            "en": "Only voting representatives of this health trust can confirm anchoring. Nothing was changed.",
        },
    }
)
