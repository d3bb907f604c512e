"""The quality and competence network texts, in Norwegian bokmål and English."""

from dialogs.i18n import register

register(
    {
        "quality.not_quality": {
            "nb": "Dette nettverket er ikke et kvalitets- og kompetansenettverk.",
            "en": "This network isn't a quality and competence network.",
        },
        "quality.not_set_up": {
            "nb": "Nettverket mangler koordinerende HF, oppstartsdato og engelsk navn. "
            "Koordinator kan skrive **kvalitet** for å registrere dem.",
            "en": "The network lacks its coordinating health trust, start date and English "
            "name. The coordinator can type **quality** to record them.",
        },
        "quality.title": {
            "nb": "Kvalitets- og kompetansenettverk: {network}",
            "en": "Quality and competence network: {network}",
        },
        "quality.field.coordinating_hf": {
            "nb": "Koordinerende helseforetak",
            "en": "Coordinating health trust",
        },
        "quality.field.coordinating_region": {
            "nb": "Koordinerende region",
            "en": "Coordinating region",
        },
        "quality.field.clinic": {"nb": "Ansvarlig klinikk", "en": "Responsible clinic"},
        "quality.field.start": {"nb": "Oppstartsdato", "en": "Start date"},
        "quality.field.term": {"nb": "Varighet (fem år)", "en": "Term (five years)"},
        "quality.field.english_name": {"nb": "Engelsk navn", "en": "English name"},
        "quality.field.frame": {
            "nb": "Årlig ramme fastsatt av RHF-ene, kr (tomt: 1 eller 2 mill. etter regelen)",
            "en": "Yearly frame set by the RHFs, NOK (empty: 1 or 2 million by the rule)",
        },
        "quality.field.logo": {
            "nb": "Logo er tildelt av RHF-enes servicemiljø",
            "en": "Logo assigned by the RHFs' service unit",
        },
        "quality.field.website": {"nb": "Nettside (adresse)", "en": "Website (address)"},
        "quality.field.evaluation": {"nb": "Evaluering", "en": "Evaluation"},
        "quality.evaluation.due": {"nb": "saken åpnes {day}", "en": "the case opens {day}"},
        "quality.evaluation.case": {"nb": "sak {label}", "en": "case {label}"},
        "quality.term": {"nb": "{start} – {end}", "en": "{start} – {end}"},
        "quality.english.ok": {
            "nb": "Det engelske navnet har riktig form.",
            "en": "The English name has the required form.",
        },
        "quality.english.suggestion": {
            "nb": "Det engelske navnet skal ha formen «Norwegian National Network for …». "
            "Forslag: **{suggestion}**",
            "en": "The English name must read “Norwegian National Network for …”. "
            "Suggestion: **{suggestion}**",
        },
        "quality.english.missing": {
            "nb": "Det engelske navnet mangler; det skal ha formen «Norwegian National Network for …».",
            "en": "The English name is missing; it must read “Norwegian National Network for …”.",
        },
        "quality.checklist.title": {"nb": "Oppstart", "en": "Start-up"},
        "quality.checklist.done": {"nb": "✔ {item}", "en": "✔ {item}"},
        "quality.checklist.missing": {"nb": "✘ {item} mangler", "en": "✘ {item} missing"},
        "quality.checklist.agreements": {
            "nb": "Avtaler om deltidsstillinger",
            "en": "Part-time position agreements",
        },
        "quality.checklist.progress_plan": {
            "nb": "Framdriftsplan med milepæler",
            "en": "Progress plan with milestones",
        },
        "quality.checklist.logo": {"nb": "Logo", "en": "Logo"},
        "quality.checklist.website": {"nb": "Nettside", "en": "Website"},
        "quality.checklist.english_name": {
            "nb": "Engelsk navn i riktig form",
            "en": "English name in the required form",
        },
        "quality.setup.title": {
            "nb": "Registrer kvalitetsnettverket",
            "en": "Register the quality network",
        },
        "quality.setup.intro": {
            "nb": "Nettverket forankres i RHF og ligger i linja til HF-et og klinikken som har "
            "ansvaret. Varigheten er fem år fra oppstart.",
            "en": "The network is anchored in the RHF, in the line of the health trust and clinic "
            "responsible. It runs for five years from the start.",
        },
        "quality.setup.submit": {"nb": "Lagre", "en": "Save"},
        "quality.setup.edit": {"nb": "Endre registreringen", "en": "Edit the registration"},
        "quality.setup.saved": {
            "nb": "Registreringen er lagret.",
            "en": "The registration is saved.",
        },
        "quality.registered.next": {
            "nb": "Skriv **kvalitet** for å registrere koordinerende HF, oppstartsdato og engelsk navn.",
            "en": "Type **quality** to record the coordinating health trust, start date and English name.",
        },
        "quality.region.nord": {"nb": "Helse Nord", "en": "Northern Norway (Helse Nord)"},
        "quality.region.midt": {
            "nb": "Helse Midt-Norge",
            "en": "Central Norway (Helse Midt-Norge)",
        },
        "quality.region.vest": {"nb": "Helse Vest", "en": "Western Norway (Helse Vest)"},
        "quality.region.sor_ost": {
            "nb": "Helse Sør-Øst",
            "en": "South-Eastern Norway (Helse Sør-Øst)",
        },
        "quality.agreements.title": {
            "nb": "Avtaler om deltidsstillinger: {network}",
            "en": "Part-time position agreements: {network}",
        },
        "quality.agreements.as_of": {
            "nb": "Slik avtalene sto {day}",
            "en": "The agreements as they stood on {day}",
        },
        "quality.agreements.empty": {
            "nb": "Ingen avtaler er registrert.",
            "en": "No agreements are recorded.",
        },
        "quality.agreement.line": {
            "nb": "{host} ({region}) · {percent} · {start} – {end} · {cost} per år",
            "en": "{host} ({region}) · {percent} · {start} – {end} · {cost} a year",
        },
        "quality.agreement.anchored": {"nb": "Forankret hos {name}", "en": "Anchored with {name}"},
        "quality.agreement.ended": {"nb": "Avsluttet", "en": "Ended"},
        "quality.agreement.version": {
            "nb": "versjon {version}, registrert {when}",
            "en": "version {version}, recorded {when}",
        },
        "quality.warning.percent": {
            "nb": "⚠ Stillingsprosenten er utenfor 10–20 %.",
            "en": "⚠ The percentage is outside 10–20 %.",
        },
        "quality.warning.overlap": {
            "nb": "⚠ Overlapper med en annen avtale for samme person.",
            "en": "⚠ Overlaps another agreement for the same person.",
        },
        "quality.warning.past_term": {
            "nb": "⚠ Varer lenger enn nettverkets femårsperiode.",
            "en": "⚠ Runs past the network's five-year term.",
        },
        "quality.warning.not_anchored": {
            "nb": "⚠ Mangler bekreftelse på forankring hos leder/klinikksjef.",
            "en": "⚠ No anchoring confirmed with the host's leader or head of clinic.",
        },
        "quality.agreement.new": {"nb": "Ny avtale", "en": "New agreement"},
        "quality.agreement.change": {"nb": "Endre", "en": "Change"},
        "quality.agreement.end": {"nb": "Avslutt", "en": "End"},
        "quality.agreement.history": {"nb": "Historikk", "en": "History"},
        "quality.agreement.as_of": {
            "nb": "Vis avtalene per dato",
            "en": "Show the agreements on a date",
        },
        "quality.agreement.as_of.day": {"nb": "Dato", "en": "Date"},
        "quality.agreement.form.title": {
            "nb": "Avtale om deltidsstilling",
            "en": "Part-time position agreement",
        },
        "quality.agreement.form.intro": {
            "nb": "Avtalen mellom koordinerende HF og HF-et der stillingen er, skal minst omfatte "
            "innhold, varighet, stillingsprosent og kostnad.",
            "en": "The agreement between the coordinating health trust and the host must cover "
            "at least content, duration, percentage and cost.",
        },
        "quality.field.host_hf": {
            "nb": "Helseforetak der stillingen er",
            "en": "Host health trust",
        },
        "quality.field.region": {"nb": "Region", "en": "Region"},
        "quality.field.person": {"nb": "Person", "en": "Person"},
        "quality.field.content": {"nb": "Stillingens innhold", "en": "The position's content"},
        "quality.field.percent": {"nb": "Stillingsprosent (10–20)", "en": "Percentage (10–20)"},
        "quality.field.agreement_start": {"nb": "Fra", "en": "From"},
        "quality.field.agreement_end": {"nb": "Til", "en": "To"},
        "quality.field.yearly_cost": {"nb": "Kostnad per år, kr", "en": "Cost per year, NOK"},
        "quality.field.anchored_by": {
            "nb": "Leder/klinikksjef som har forankret stillingen",
            "en": "Leader or head of clinic who anchored the position",
        },
        "quality.agreement.submit": {"nb": "Lagre avtalen", "en": "Save the agreement"},
        "quality.agreement.saved": {
            "nb": "Avtalen er lagret (versjon {version}).",
            "en": "The agreement is saved (version {version}).",
        },
        "quality.agreement.saved_warned": {
            "nb": "Avtalen er lagret (versjon {version}), men se advarslene: {warnings}",
            "en": "The agreement is saved (version {version}), but note the warnings: {warnings}",
        },
        "quality.agreement.closed": {
            "nb": "Avtalen er avsluttet.",
            "en": "The agreement is ended.",
        },
        "quality.agreement.ended_already": {
            "nb": "Avtalen er avsluttet og kan ikke endres.",
            "en": "The agreement is ended and can't be changed.",
        },
        "quality.agreement.history.title": {
            "nb": "Historikk for avtalen med {person}",
            "en": "History of the agreement with {person}",
        },
        "quality.budget.title": {
            "nb": "Budsjett {year}: {network}",
            "en": "Budget {year}: {network}",
        },
        "quality.budget.frame": {"nb": "Ramme", "en": "Frame"},
        "quality.budget.frame.rule_one": {
            "nb": "1 mill. kr: koordinerende enhet",
            "en": "NOK 1 million: the coordinating unit",
        },
        "quality.budget.frame.rule_two": {
            "nb": "2 mill. kr: deltidsstillinger i alle regioner",
            "en": "NOK 2 million: part-time positions in all regions",
        },
        "quality.budget.frame.rhf": {"nb": "fastsatt av RHF-ene", "en": "set by the RHFs"},
        "quality.budget.committed": {"nb": "Avtaler", "en": "Agreements"},
        "quality.budget.other": {"nb": "Andre kostnader", "en": "Other costs"},
        "quality.budget.used": {"nb": "Brukt", "en": "Used"},
        "quality.budget.remaining": {"nb": "Gjenstår", "en": "Remaining"},
        "quality.budget.region": {
            "nb": "{region}: avtaler {committed}, andre {other}",
            "en": "{region}: agreements {committed}, other {other}",
        },
        "quality.budget.months": {"nb": "Per måned", "en": "By month"},
        "quality.budget.level.near": {
            "nb": "⚠ Over 90 % av rammen er brukt.",
            "en": "⚠ Over 90 % of the frame is used.",
        },
        "quality.budget.level.over": {
            "nb": "⚠ Rammen er overskredet.",
            "en": "⚠ The frame is exceeded.",
        },
        "quality.budget.warning.near": {
            "nb": "{network}: {used} av rammen på {frame} for {year} er brukt eller bundet. "
            "Rammen er snart nådd.",
            "en": "{network}: {used} of the {frame} frame for {year} is used or committed. "
            "The frame is nearly reached.",
        },
        "quality.budget.warning.over": {
            "nb": "{network}: {used} er brukt eller bundet for {year}, over rammen på {frame}.",
            "en": "{network}: {used} is used or committed for {year}, above the {frame} frame.",
        },
        "quality.cost.new": {"nb": "Registrer kostnad", "en": "Record a cost"},
        "quality.cost.form.title": {"nb": "Annen kostnad", "en": "Other cost"},
        "quality.field.cost_text": {"nb": "Hva gjelder kostnaden", "en": "What the cost is for"},
        "quality.field.cost_day": {"nb": "Dato", "en": "Date"},
        "quality.field.amount": {"nb": "Beløp, kr", "en": "Amount, NOK"},
        "quality.cost.submit": {"nb": "Lagre kostnaden", "en": "Save the cost"},
        "quality.cost.saved": {"nb": "Kostnaden er registrert.", "en": "The cost is recorded."},
        "quality.milestones.title": {
            "nb": "Framdriftsplan: {network}",
            "en": "Progress plan: {network}",
        },
        "quality.milestones.empty": {"nb": "Ingen milepæler ennå.", "en": "No milestones yet."},
        "quality.milestone.line": {
            "nb": "{owner} · frist {due} · {state}",
            "en": "{owner} · due {due} · {state}",
        },
        "quality.milestone.state.planned": {"nb": "planlagt", "en": "planned"},
        "quality.milestone.state.in_progress": {"nb": "pågår", "en": "in progress"},
        "quality.milestone.state.done": {"nb": "fullført", "en": "done"},
        "quality.milestone.state.cancelled": {"nb": "avlyst", "en": "cancelled"},
        "quality.milestone.state.overdue": {"nb": "⚠ forfalt", "en": "⚠ overdue"},
        "quality.milestone.to.in_progress": {"nb": "Påbegynt", "en": "Started"},
        "quality.milestone.to.done": {"nb": "Fullført", "en": "Done"},
        "quality.milestone.to.cancelled": {"nb": "Avlys", "en": "Cancel"},
        "quality.milestone.new": {"nb": "Ny milepæl", "en": "New milestone"},
        "quality.milestone.form.title": {"nb": "Ny milepæl", "en": "New milestone"},
        "quality.field.milestone_title": {"nb": "Milepæl", "en": "Milestone"},
        "quality.field.milestone_due": {"nb": "Dato", "en": "Date"},
        "quality.field.milestone_owner": {"nb": "Ansvarlig", "en": "Owner"},
        "quality.milestone.submit": {"nb": "Lagre milepælen", "en": "Save the milestone"},
        "quality.milestone.saved": {
            "nb": "Milepælen er lagt til.",
            "en": "The milestone is added.",
        },
        "quality.milestone.moved": {
            "nb": "Milepælen er oppdatert.",
            "en": "The milestone is updated.",
        },
        "quality.report.title": {
            "nb": "Framdriftsrapport {start} – {end}: {network}",
            "en": "Progress report {start} – {end}: {network}",
        },
        "quality.report.milestones": {"nb": "Milepæler", "en": "Milestones"},
        "quality.report.agreements": {
            "nb": "Avtaler og kostnad i perioden",
            "en": "Agreements and their cost in the period",
        },
        "quality.report.agreement": {
            "nb": "{person}, {host} ({region}), {percent}: {cost}",
            "en": "{person}, {host} ({region}), {percent}: {cost}",
        },
        "quality.report.other": {"nb": "Andre kostnader", "en": "Other costs"},
        "quality.report.cost": {
            "nb": "{day} {region}: {text}, {cost}",
            "en": "{day} {region}: {text}, {cost}",
        },
        "quality.report.decisions": {"nb": "Vedtak i perioden", "en": "Decisions in the period"},
        "quality.report.none": {"nb": "Ingen.", "en": "None."},
        "quality.report.total": {
            "nb": "Sum kostnader i perioden: {total}",
            "en": "Total cost in the period: {total}",
        },
        "quality.report.basis": {
            "nb": "Grunnlag for fakturering. Årlig rapportering til eget HF/RHF skjer gjennom eRapport.",
            "en": "The basis for invoicing. Yearly reporting to own health trust/RHF is through eRapport.",
        },
        "quality.report.approved": {
            "nb": "Godkjent av koordinator.",
            "en": "Approved by the coordinator.",
        },
        "quality.report.draft": {"nb": "Utkast, ikke godkjent.", "en": "Draft, not approved."},
        "quality.report.approve": {"nb": "Godkjenn rapporten", "en": "Approve the report"},
        "quality.report.already_approved": {
            "nb": "Rapporten for denne perioden er allerede godkjent.",
            "en": "The report for this period is approved already.",
        },
        "quality.report.approved_now": {
            "nb": "Framdriftsrapporten er godkjent.",
            "en": "The progress report is approved.",
        },
        "quality.report.download.docx": {"nb": "Last ned Word", "en": "Download Word"},
        "quality.report.download.md": {"nb": "Last ned Markdown", "en": "Download Markdown"},
        "quality.evaluation.case_title": {
            "nb": "Evaluering av nettverket (perioden slutter {end})",
            "en": "Evaluation of the network (term ends {end})",
        },
        "quality.evaluation.case_description": {
            "nb": "{network} har varighet {start} – {end}. Etter fem år evalueres nettverket av "
            "RHF-ene, og videre tilskudd kan vurderes. Et vedtak om videre finansiering lukker saken.",
            "en": "{network} runs {start} – {end}. After five years the RHFs evaluate the network "
            "and may consider further funding. A decision on continued funding closes the case.",
        },
        "quality.evaluation.opened": {
            "nb": "Sak {label} er åpnet: evaluering av {network}. Femårsperioden slutter {end}; "
            "koordinator og RHF-rådgiver får påminnelser.",
            "en": "Case {label} is open: evaluation of {network}. The five-year term ends {end}; "
            "the coordinator and the RHF adviser get reminders.",
        },
        "quality.invalid.percent": {
            "nb": "Skriv stillingsprosenten som et tall, f.eks. 15 eller 12,5. Ingenting ble lagret.",
            "en": "Write the percentage as a number, e.g. 15 or 12.5. Nothing was saved.",
        },
        "quality.invalid.amount": {
            "nb": "Skriv beløpet i kroner, f.eks. 150 000. Ingenting ble lagret.",
            "en": "Write the amount in NOK, e.g. 150,000. Nothing was saved.",
        },
        "quality.invalid.person": {
            "nb": "Avtalen trenger personen som har stillingen. Ingenting ble lagret.",
            "en": "The agreement needs the person holding the position. Nothing was saved.",
        },
        "quality.invalid.period": {
            "nb": "Sluttdatoen må komme etter startdatoen. Ingenting ble lagret.",
            "en": "The end date must come after the start date. Nothing was saved.",
        },
        "quality.invalid.region": {
            "nb": "Velg en region. Ingenting ble lagret.",
            "en": "Choose a region. Nothing was saved.",
        },
        "quality.invalid.host_hf": {
            "nb": "Avtalen trenger helseforetaket der stillingen er. Ingenting ble lagret.",
            "en": "The agreement needs the host health trust. Nothing was saved.",
        },
        "quality.invalid.content": {
            "nb": "Innholdet er for langt. Ingenting ble lagret.",
            "en": "The content is too long. Nothing was saved.",
        },
        "quality.invalid.anchored_by": {
            "nb": "Navnet på den som forankret er for langt. Ingenting ble lagret.",
            "en": "The anchoring name is too long. Nothing was saved.",
        },
        "quality.invalid.coordinating_hf": {
            "nb": "Skriv hvilket helseforetak som koordinerer. Ingenting ble lagret.",
            "en": "Name the coordinating health trust. Nothing was saved.",
        },
        "quality.invalid.clinic": {
            "nb": "Skriv hvilken klinikk som har ansvaret. Ingenting ble lagret.",
            "en": "Name the responsible clinic. Nothing was saved.",
        },
        "quality.invalid.start": {
            "nb": "Velg oppstartsdato. Ingenting ble lagret.",
            "en": "Choose the start date. Nothing was saved.",
        },
        "quality.invalid.english_name": {
            "nb": "Det engelske navnet er for langt. Ingenting ble lagret.",
            "en": "The English name is too long. Nothing was saved.",
        },
        "quality.invalid.website": {
            "nb": "Nettadressen er for lang. Ingenting ble lagret.",
            "en": "The web address is too long. Nothing was saved.",
        },
        "quality.invalid.cost_text": {
            "nb": "Skriv hva kostnaden gjelder. Ingenting ble lagret.",
            "en": "Say what the cost is for. Nothing was saved.",
        },
        "quality.invalid.cost_day": {
            "nb": "Velg datoen for kostnaden. Ingenting ble lagret.",
            "en": "Choose the cost's date. Nothing was saved.",
        },
        "quality.invalid.milestone_title": {
            "nb": "Skriv hva milepælen er. Ingenting ble lagret.",
            "en": "Say what the milestone is. Nothing was saved.",
        },
        "quality.invalid.milestone_due": {
            "nb": "Milepælen trenger en dato som ikke har passert. Ingenting ble lagret.",
            "en": "The milestone needs a date that hasn't passed. Nothing was saved.",
        },
        "quality.invalid.milestone_owner": {
            "nb": "Velg en ansvarlig fra nettverket. Ingenting ble lagret.",
            "en": "Choose an owner from the network. Nothing was saved.",
        },
        "quality.invalid.state": {
            "nb": "Milepælen kan ikke flyttes dit. Ingenting ble endret.",
            "en": "The milestone can't move there. Nothing was changed.",
        },
        "quality.invalid.erapport_year": {
            "nb": "Skriv et årstall som har begynt, f.eks. **framdrift eRapport 2026**.",
            "en": "Type a year that has begun, e.g. **progress eRapport 2026**.",
        },
        "quality.milestones.overdue": {
            "nb": {
                "one": "{count} milepæl er over fristen og står øverst.",
                "other": "{count} milepæler er over fristen og står øverst.",
            },
            "en": {
                "one": "{count} milestone is past its due date, shown first.",
                "other": "{count} milestones are past their due dates, shown first.",
            },
        },
        "quality.milestone.overdue_title": {
            "nb": "⚠ **{title}** (over fristen)",
            "en": "⚠ **{title}** (overdue)",
        },
        "quality.erapport.button": {"nb": "eRapport {year}", "en": "eRapport {year}"},
        "quality.erapport.title": {
            "nb": "eRapport {year}: {network}",
            "en": "eRapport {year}: {network}",
        },
        "quality.erapport.intro": {
            "nb": "Tekst til den årlige rapporteringen til eget HF og RHF i eRapport, per {day}. "
            "Hvert avsnitt limes inn i ett felt.",
            "en": "Text for the yearly reporting to own health trust and RHF in eRapport, as of "
            "{day}. Paste each section into one field.",
        },
        "quality.erapport.network": {"nb": "Nettverket", "en": "The network"},
        "quality.erapport.coordinating": {
            "nb": "Koordinerende HF: {hf}, {clinic}.",
            "en": "Coordinating health trust: {hf}, {clinic}.",
        },
        "quality.erapport.term": {
            "nb": "Femårsperiode: {start} – {end}.",
            "en": "Five-year term: {start} – {end}.",
        },
        "quality.erapport.reached": {
            "nb": "Milepæler nådd i {year}",
            "en": "Milestones reached in {year}",
        },
        "quality.erapport.reached_line": {
            "nb": "{title} ({owner}): frist {due}, nådd {done}.",
            "en": "{title} ({owner}): due {due}, reached {done}.",
        },
        "quality.erapport.overdue": {"nb": "Milepæler over fristen", "en": "Overdue milestones"},
        "quality.erapport.coming": {
            "nb": "Milepæler som gjenstår i {year}",
            "en": "Milestones remaining in {year}",
        },
        "quality.erapport.due_line": {
            "nb": "{title} ({owner}): frist {due}.",
            "en": "{title} ({owner}): due {due}.",
        },
        "quality.erapport.agreements": {
            "nb": "Avtaler om deltidsstillinger",
            "en": "Part-time position agreements",
        },
        "quality.erapport.agreements_total": {
            "nb": "Avtalenes kostnad i {year}: {total}.",
            "en": "The agreements' cost in {year}: {total}.",
        },
        "quality.erapport.budget": {"nb": "Økonomi {year}", "en": "Finances {year}"},
        "quality.erapport.frame": {"nb": "Ramme: {frame}.", "en": "Frame: {frame}."},
        "quality.erapport.frame_rhf": {
            "nb": "Ramme: {frame} (satt av RHF).",
            "en": "Frame: {frame} (set by the RHFs).",
        },
        "quality.erapport.used": {
            "nb": "Brukt: {used} ({share} av rammen), herav avtaler {committed} og andre "
            "kostnader {other}.",
            "en": "Used: {used} ({share} of the frame), of which agreements {committed} and "
            "other costs {other}.",
        },
        "quality.erapport.remaining": {"nb": "Gjenstår: {amount}.", "en": "Remaining: {amount}."},
        "quality.erapport.over": {
            "nb": "Over rammen med {amount}.",
            "en": "Over the frame by {amount}.",
        },
        "quality.erapport.reports": {
            "nb": "Framdriftsrapporter godkjent",
            "en": "Progress reports approved",
        },
        "quality.erapport.report_line": {
            "nb": "{start} – {end}, godkjent {approved}.",
            "en": "{start} – {end}, approved {approved}.",
        },
        "quality.erapport.download.txt": {"nb": "Last ned tekst", "en": "Download text"},
        "quality.invalid.year": {
            "nb": "Skriv et årstall, f.eks. **budsjett 2027**.",
            "en": "Type a year, e.g. **budget 2027**.",
        },
        "quality.invalid.report_period": {
            "nb": "Skriv **framdrift** alene, eller med to datoer, f.eks. **framdrift 2026-01-01 2026-06-30**.",
            "en": "Type **progress** alone, or with two dates, e.g. **progress 2026-01-01 2026-06-30**.",
        },
    }
)
