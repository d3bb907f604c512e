"""The annual cycle's texts, in Norwegian bokmål and English."""

from dialogs.i18n import register

register(
    {
        # the template's headings
        "annual.section.activity": {"nb": "Aktivitet", "en": "Activity"},
        "annual.section.goals": {
            "nb": "Måloppnåelse for årets prioriterte mål",
            "en": "Attainment of the year's prioritised goals",
        },
        "annual.section.standardisation": {
            "nb": "Regionale fagprosedyrer og pasientforløp",
            "en": "Regional procedures and patient pathways",
        },
        "annual.section.competence": {
            "nb": "Kompetansebehov på tvers av profesjoner",
            "en": "Competence needs across professions",
        },
        "annual.section.research": {
            "nb": "Forskning og innovasjon",
            "en": "Research and innovation",
        },
        "annual.section.collaboration": {
            "nb": "Samhandling med primærhelsetjenesten og helsefellesskapene",
            "en": "Collaboration with primary care and the health communities",
        },
        "annual.section.digitalisation": {"nb": "Digitalisering", "en": "Digitalisation"},
        "annual.section.escalations": {
            "nb": "Saker løftet til fagdirektørnettverket",
            "en": "Cases raised to the director network",
        },
        "annual.section.councils": {
            "nb": "Rapporter fra fagråd og arbeidsgrupper",
            "en": "Reports from councils and working groups",
        },
        "annual.section.other": {"nb": "Annet", "en": "Other"},
        # mandate tasks and sources
        "annual.task.standardisation": {
            "nb": "Regional standardisering",
            "en": "Regional standardisation",
        },
        "annual.task.method_assessment": {
            "nb": "Vurdering av metoder",
            "en": "Method assessment",
        },
        "annual.task.patient_participation": {
            "nb": "Pasientmedvirkning",
            "en": "Patient participation",
        },
        "annual.task.competence": {"nb": "Kompetanse", "en": "Competence"},
        "annual.task.research": {
            "nb": "Forskning og innovasjon",
            "en": "Research and innovation",
        },
        "annual.task.task_sharing": {
            "nb": "Oppgavedeling mellom sykehus",
            "en": "Task sharing between hospitals",
        },
        "annual.task.primary_care": {
            "nb": "Samhandling med primærhelsetjenesten",
            "en": "Primary care collaboration",
        },
        "annual.task.digitalisation": {"nb": "Digitalisering", "en": "Digitalisation"},
        "annual.task.equipment": {
            "nb": "Medisinsk utstyr og forbruksmateriell",
            "en": "Medical equipment and consumables",
        },
        "annual.task.procurement": {"nb": "Anskaffelser", "en": "Procurement"},
        "annual.source.quality_registries": {
            "nb": "Nasjonale og regionale kvalitetsregistre",
            "en": "National and regional quality registries",
        },
        "annual.source.health_atlas": {"nb": "Helseatlas", "en": "Health atlas"},
        "annual.source.publications": {
            "nb": "Vitenskapelige publikasjoner",
            "en": "Scientific publications",
        },
        "annual.source.patient_experience": {
            "nb": "Pasienterfaringsundersøkelser",
            "en": "Patient experience surveys",
        },
        "annual.source.prom_prem": {
            "nb": "Pasient- og brukerrapporterte data (PROM/PREM)",
            "en": "Patient-reported data (PROM/PREM)",
        },
        "annual.source.quality_indicators": {
            "nb": "Nasjonale kvalitetsindikatorer",
            "en": "National quality indicators",
        },
        "annual.source.staffing": {
            "nb": "Bemannings- og kompetanseanalyser",
            "en": "Staffing and competence analyses",
        },
        "annual.attainment.achieved": {"nb": "Nådd", "en": "Achieved"},
        "annual.attainment.partly": {"nb": "Delvis nådd", "en": "Partly achieved"},
        "annual.attainment.not_achieved": {"nb": "Ikke nådd", "en": "Not achieved"},
        "annual.attainment.unknown": {"nb": "ikke vurdert", "en": "not assessed"},
        # the priorities case
        "annual.priorities.title": {
            "nb": "Prioriterte mål og tiltak {year}",
            "en": "Prioritised goals and measures {year}",
        },
        "annual.priorities.description": {
            "nb": "Fast årlig sak etter mandatet: nettverkets prioriterte fagspesifikke mål og "
            "tiltak for {year}, med utgangspunkt i oppgavelisten og relevante styrings- og "
            "kvalitetsdata. Målene fra {previous} er tatt med som utgangspunkt.",
            "en": "The mandate's fixed annual case: the network's prioritised goals and measures "
            "for {year}, from the list of tasks and the relevant steering and quality data. "
            "The goals of {previous} are carried in as a starting point.",
        },
        "annual.priorities.proposal": {
            "nb": "Nettverket vedtar målene og tiltakene på prioriteringskortet som årets mål.",
            "en": "The network adopts the goals and measures on the priorities card as the "
            "year's goals.",
        },
        "annual.priorities.card.title": {
            "nb": "Prioriterte mål og tiltak {year}: sak {label}",
            "en": "Prioritised goals and measures {year}: case {label}",
        },
        "annual.priorities.card.intro": {
            "nb": "Sekretær eller leder fyller inn målene og kildene, og åpner avstemning om "
            "saken. Når nettverket har vedtatt saken, er målene årets mål.",
            "en": "The secretary or leader fills in the goals and sources, then opens a poll on "
            "the case. Once the network has decided the case, the goals are the year's goals.",
        },
        "annual.priorities.decided": {
            "nb": "Vedtatt: dette er nettverkets mål for {year}.",
            "en": "Decided: these are the network's goals for {year}.",
        },
        "annual.priorities.none": {"nb": "Ingen mål er fylt inn ennå.", "en": "No goals yet."},
        "annual.priorities.sources": {"nb": "Kilder", "en": "Sources"},
        "annual.priorities.no_sources": {"nb": "ingen oppgitt", "en": "none given"},
        "annual.priorities.saved": {
            "nb": "Målene er lagret ({count}).",
            "en": "The goals are saved ({count}).",
        },
        "annual.priorities.edit": {"nb": "Rediger målene", "en": "Edit the goals"},
        "annual.priorities.save": {"nb": "Lagre målene", "en": "Save the goals"},
        "annual.field.goal": {"nb": "Mål {n}", "en": "Goal {n}"},
        "annual.field.measures": {"nb": "Tiltak for mål {n}", "en": "Measures for goal {n}"},
        "annual.field.owner": {"nb": "Ansvarlig for mål {n}", "en": "Owner of goal {n}"},
        "annual.field.task": {
            "nb": "Oppgave i mandatet for mål {n}",
            "en": "Mandate task of goal {n}",
        },
        "annual.field.sources": {
            "nb": "Kilder lagt til grunn",
            "en": "Sources used",
        },
        "annual.goal.line": {
            "nb": "**{goal}** — tiltak: {measures}; ansvarlig: {owner}; oppgave: {task}",
            "en": "**{goal}** — measures: {measures}; owner: {owner}; task: {task}",
        },
        # the report cycle
        "annual.cycle.opened": {
            "nb": "Årsrapporten for {year} er startet. Innspill innen {inputs}, rapporten innen "
            "{report}. {count} medlemmer har fått et innspillskort.",
            "en": "The {year} annual report has started. Inputs by {inputs}, the report by "
            "{report}. {count} members got an input card.",
        },
        "annual.cycle.exists": {
            "nb": "Årsrapporten for {year} er allerede startet.",
            "en": "The {year} annual report has already started.",
        },
        "annual.cycle.none": {
            "nb": "Årsrapporten for {year} er ikke startet. Skriv **rapport start {year}**.",
            "en": "The {year} annual report hasn't started. Type **report start {year}**.",
        },
        "annual.input.title": {
            "nb": "Innspill til årsrapporten {year}: {network}",
            "en": "Input to the {year} annual report: {network}",
        },
        "annual.input.intro": {
            "nb": "Svar kort, i stikkordsform. Du kan endre svaret til fristen {deadline}.",
            "en": "Answer briefly, in bullet form. You can change your answer until {deadline}.",
        },
        "annual.input.channel": {
            "nb": "Årsrapporten {year} samler innspill fra medlemmene innen {deadline}. Hvert "
            "medlem har fått et kort i chat; du kan også svare her.",
            "en": "The {year} annual report is collecting the members' inputs by {deadline}. "
            "Each member got a card in chat; you can also answer here.",
        },
        "annual.input.open": {"nb": "Gi innspill", "en": "Give input"},
        "annual.input.field.activity": {
            "nb": "Aktivitet i året",
            "en": "Activity during the year",
        },
        "annual.input.field.competence": {
            "nb": "Endringer i kompetansebehov (alle profesjoner), kompetansebygging og utdanning",
            "en": "Changes in competence needs (all professions), competence building and "
            "education",
        },
        "annual.input.field.research": {
            "nb": "Forskning og innovasjon",
            "en": "Research and innovation",
        },
        "annual.input.field.collaboration": {
            "nb": "Samhandling med primærhelsetjenesten og helsefellesskapene",
            "en": "Collaboration with primary care and the health communities",
        },
        "annual.input.field.digitalisation": {"nb": "Digitalisering", "en": "Digitalisation"},
        "annual.input.field.other": {"nb": "Annet", "en": "Other"},
        "annual.input.field.attainment": {
            "nb": "Måloppnåelse: {goal}",
            "en": "Attainment: {goal}",
        },
        "annual.input.field.attainment_note": {
            "nb": "Én linje om målet: {goal}",
            "en": "One line on the goal: {goal}",
        },
        "annual.input.no_goals": {
            "nb": "Nettverket har ingen vedtatte mål for året.",
            "en": "The network has no decided goals for the year.",
        },
        "annual.input.submit": {"nb": "Send innspillet", "en": "Send the input"},
        "annual.input.saved": {
            "nb": "Takk! Innspillet ditt er lagret (versjon {version}). Du kan endre det til "
            "{deadline}.",
            "en": "Thank you! Your input is saved (version {version}). You can change it until "
            "{deadline}.",
        },
        "annual.input.closed": {
            "nb": "Fristen for innspill til årsrapporten {year} gikk ut {deadline}, så "
            "innspillet ble ikke lagret. Be lederen åpne for innspill igjen om du vil bidra.",
            "en": "The deadline for input to the {year} annual report passed on {deadline}, so "
            "the input wasn't saved. Ask the leader to reopen inputs if you'd like to add it.",
        },
        "annual.input.not_asked": {
            "nb": "Du er ikke blant medlemmene som gir innspill til denne rapporten.",
            "en": "You're not among the members giving input to this report.",
        },
        "annual.status.title": {
            "nb": "Årsrapporten {year}: innspill",
            "en": "The {year} annual report: inputs",
        },
        "annual.status.counts": {
            "nb": "{answered} av {total} har svart. Frist for innspill {inputs}, for rapporten "
            "{report}.",
            "en": "{answered} of {total} have answered. Inputs due {inputs}, the report {report}.",
        },
        "annual.status.answered": {"nb": "Har svart", "en": "Answered"},
        "annual.status.waiting": {"nb": "Venter på", "en": "Waiting for"},
        "annual.status.nobody": {"nb": "ingen", "en": "nobody"},
        "annual.status.submitted": {
            "nb": "Rapporten er godkjent og sendt {when}.",
            "en": "The report was approved and sent on {when}.",
        },
        "annual.reopen": {"nb": "Åpne for innspill igjen", "en": "Reopen inputs"},
        "annual.reopen.field": {"nb": "Ny frist for innspill", "en": "New input deadline"},
        "annual.reopened": {
            "nb": "Innspill tas imot igjen til {deadline}.",
            "en": "Inputs are taken again until {deadline}.",
        },
        # the draft
        "annual.draft.title": {
            "nb": "Utkast: årsrapport {year} for {network}",
            "en": "Draft: {year} annual report of {network}",
        },
        "annual.draft.intro": {
            "nb": "Én side, i stikkordsform. Rediger hver del (ett punkt per linje) og lagre; "
            "godkjenn når rapporten er klar. Den sendes til {recipient}.",
            "en": "One page, in bullet form. Edit each part (one bullet per line) and save; "
            "approve when the report is ready. It goes to {recipient}.",
        },
        "annual.draft.cut": {
            "nb": "{heading}: {dropped} punkter tatt ut og {shortened} forkortet for å holde "
            "rapporten på én side.",
            "en": "{heading}: {dropped} bullets left out and {shortened} shortened to keep the "
            "report to one page.",
        },
        "annual.draft.show": {"nb": "Vis utkastet", "en": "Show the draft"},
        "annual.draft.save": {"nb": "Lagre endringene", "en": "Save the changes"},
        "annual.draft.approve": {
            "nb": "Godkjenn og send",
            "en": "Approve and send",
        },
        "annual.draft.saved": {
            "nb": "Endringene er lagret.",
            "en": "The changes are saved.",
        },
        "annual.draft.field": {
            "nb": "{heading} (ett punkt per linje, høyst {limit})",
            "en": "{heading} (one bullet per line, at most {limit})",
        },
        "annual.approved": {
            "nb": "Årsrapporten er godkjent og sendt til {recipient}.",
            "en": "The annual report is approved and sent to {recipient}.",
        },
        "annual.already_submitted": {
            "nb": "Årsrapporten for {year} er allerede godkjent og sendt.",
            "en": "The {year} annual report is already approved and sent.",
        },
        "annual.not_leader": {
            "nb": "Bare nettverkets leder kan redigere og godkjenne årsrapporten. Ingenting ble "
            "endret.",
            "en": "Only the network's leader can edit and approve the annual report. Nothing "
            "was changed.",
        },
        "annual.no_recipient": {
            "nb": "Finner ikke nettverket rapporten skal til (fagdirektørnettverket eller "
            "overordnet nettverk). Ingenting ble sendt.",
            "en": "I can't find the network the report goes to (the director network or the "
            "parent network). Nothing was sent.",
        },
        # the submitted report
        "annual.report.title": {
            "nb": "Årsrapport {year}: {network}",
            "en": "Annual report {year}: {network}",
        },
        "annual.report.intro": {
            "nb": "Godkjent av {leader} {when}. Bygger på {inputs} innspill og {decisions} vedtak.",
            "en": "Approved by {leader} on {when}. Draws on inputs {inputs} and decisions "
            "{decisions}.",
        },
        "annual.report.file": {"nb": "Åpne i kanalens filer", "en": "Open in the channel files"},
        "annual.report.get": {"nb": "Hent rapporten", "en": "Get the report"},
        "annual.download.docx": {"nb": "Last ned Word", "en": "Download Word"},
        "annual.download.md": {"nb": "Last ned Markdown", "en": "Download Markdown"},
        # documents
        "annual.doc.title": {
            "nb": "Årsrapport {year} — {network}",
            "en": "Annual report {year} — {network}",
        },
        "annual.doc.to": {"nb": "Til: {recipient}", "en": "To: {recipient}"},
        "annual.doc.nothing": {"nb": "Ingenting å melde.", "en": "Nothing to report."},
        # facts from the record
        "annual.fact.meetings": {
            "nb": "{count} møter holdt; {followups} oppfølgingspunkter lukket",
            "en": "Meetings held: {count}; follow-up items closed: {followups}",
        },
        "annual.fact.decisions": {
            "nb": "{count} vedtak: {list}",
            "en": "Decisions {count}: {list}",
        },
        "annual.fact.decisions_none": {
            "nb": "Ingen vedtak i året",
            "en": "No decisions during the year",
        },
        "annual.fact.approved_line": {"nb": "Godkjent: {text}", "en": "Approved: {text}"},
        "annual.fact.escalation": {"nb": "{case}: {outcome}", "en": "{case}: {outcome}"},
        "annual.fact.escalation.pending": {"nb": "venter på avgjørelse", "en": "pending"},
        "annual.fact.escalation.approved": {"nb": "godkjent", "en": "approved"},
        "annual.fact.escalation.rejected": {"nb": "avvist", "en": "rejected"},
        "annual.fact.escalation.returned": {
            "nb": "sendt tilbake med veiledning",
            "en": "returned with guidance",
        },
        "annual.fact.goal": {
            "nb": "{goal}: {level}",
            "en": "{goal}: {level}",
        },
        "annual.fact.council": {
            "nb": "{network}: årsrapport godkjent, se vedlagt rapport",
            "en": "{network}: annual report approved, see its report",
        },
        "annual.invalid.too_long": {
            "nb": "Et av svarene er for langt. Ingenting ble lagret.",
            "en": "One of the answers is too long. Nothing was saved.",
        },
        "annual.invalid.goal_missing": {
            "nb": "Mål {n} har tiltak eller ansvarlig, men ingen måltekst. Ingenting ble lagret.",
            "en": "Goal {n} has measures or an owner but no goal text. Nothing was saved.",
        },
        "annual.invalid.task": {
            "nb": "Velg hvilken oppgave i mandatet mål {n} gjelder. Ingenting ble lagret.",
            "en": "Choose the mandate task goal {n} serves. Nothing was saved.",
        },
        "annual.invalid.source": {
            "nb": "En av kildene er ukjent. Ingenting ble lagret.",
            "en": "One of the sources is unknown. Nothing was saved.",
        },
        "annual.invalid.attainment": {
            "nb": "Velg nådd, delvis nådd eller ikke nådd. Ingenting ble lagret.",
            "en": "Choose achieved, partly or not achieved. Nothing was saved.",
        },
        "annual.invalid.empty": {
            "nb": "Innspillet er tomt. Skriv minst ett svar.",
            "en": "The input is empty. Write at least one answer.",
        },
        "annual.invalid.start": {
            "nb": "Skriv **rapport start** og året, f.eks. **rapport start 2026**, ev. med "
            "frister: **rapport start 2026 2026-12-01 2027-01-15**.",
            "en": "Type **report start** and the year, e.g. **report start 2026**, optionally "
            "with deadlines: **report start 2026 2026-12-01 2027-01-15**.",
        },
        "annual.invalid.deadline_past": {
            "nb": "Fristen har allerede passert. Ingenting ble endret.",
            "en": "That deadline has already passed. Nothing was changed.",
        },
        "annual.invalid.deadline_order": {
            "nb": "Fristen for innspill må komme før rapportfristen. Ingenting ble endret.",
            "en": "The input deadline must come before the report deadline. Nothing was changed.",
        },
        "annual.invalid.usage": {
            "nb": "Skriv **rapport start 2026**, **rapport status** eller **rapport utkast**.",
            "en": "Type **report start 2026**, **report status** or **report draft**.",
        },
        "annual.priorities.locked": {
            "nb": "Saken er til avstemning eller vedtatt, så målene kan ikke endres. Ingenting "
            "ble endret.",
            "en": "The case is being polled or is decided, so the goals can't change. Nothing "
            "was changed.",
        },
    }
)
