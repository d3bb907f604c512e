"""The meetings capability's texts."""

from dialogs.i18n import register

register(
    {
        "meeting.form.title": {"nb": "Planlegg et møte", "en": "Plan a meeting"},
        "meeting.gathering.form.title": {
            "nb": "Planlegg den årlige samlingen",
            "en": "Plan the annual gathering",
        },
        "meeting.gathering.form.intro": {
            "nb": "Jeg finner tider i arbeidstiden (08–16 norsk tid) på virkedager for alle "
            "nettverkenes ledere og de inviterte fagdirektørene og klinikksjefene.",
            "en": "I'll find times within working hours (08–16 Norwegian time) on working days "
            "for every network's leaders and the invited directors and heads of clinic.",
        },
        "meeting.gathering.host": {"nb": "Fagnettverkene", "en": "The networks"},
        "meeting.form.intro": {
            "nb": "Jeg finner tider i arbeidstiden (08–16 norsk tid) på virkedager for "
            "nettverkets stemmeberettigede medlemmer og leder. Åpne saker blir sakslisten.",
            "en": "I'll find times within working hours (08–16 Norwegian time) on working days "
            "for the network's voting members and leader. Open cases become the agenda.",
        },
        "meeting.field.title": {"nb": "Tittel", "en": "Title"},
        "meeting.field.title.error": {"nb": "Skriv en tittel.", "en": "Enter a title."},
        "meeting.field.earliest": {"nb": "Tidligste dato", "en": "Earliest date"},
        "meeting.field.earliest.error": {"nb": "Velg en dato.", "en": "Choose a date."},
        "meeting.field.latest": {"nb": "Seneste dato", "en": "Latest date"},
        "meeting.field.latest.error": {"nb": "Velg en dato.", "en": "Choose a date."},
        "meeting.field.duration": {"nb": "Varighet", "en": "Duration"},
        "meeting.field.duration.error": {"nb": "Velg en varighet.", "en": "Choose a duration."},
        "meeting.duration": {"nb": "{minutes} minutter", "en": "{minutes} minutes"},
        "meeting.field.adviser": {
            "nb": "Inviter RHF-rådgiveren (valgfri deltaker)",
            "en": "Invite the RHF adviser (optional attendee)",
        },
        "meeting.form.submit": {"nb": "Finn tider", "en": "Find times"},
        "meeting.proposal.title": {
            "nb": "Forslag til tid: {title}",
            "en": "Suggested times: {title}",
        },
        "meeting.proposal.all_free": {
            "nb": "De tre beste tidene, best først.",
            "en": "The three best times, best first.",
        },
        "meeting.proposal.nobody_free": {
            "nb": "Ingen tid i perioden passer for alle påkrevde deltakere. Her er de minst "
            "dårlige, best først.",
            "en": "No time in the period suits every required attendee. Here are the least bad "
            "ones, best first.",
        },
        "meeting.slot.heading": {"nb": "Tid {n}: {when}", "en": "Time {n}: {when}"},
        "meeting.slot.everyone": {"nb": "Alle kan", "en": "Everyone can come"},
        "meeting.slot.cannot": {"nb": "Kan ikke", "en": "Cannot come"},
        "meeting.slot.cannot_optional": {
            "nb": "Kan ikke (valgfri)",
            "en": "Cannot come (optional)",
        },
        "meeting.slot.tentative": {"nb": "Foreløpig opptatt", "en": "Tentative"},
        "meeting.slot.unknown": {"nb": "Kalender ukjent", "en": "Calendar unknown"},
        "meeting.book": {"nb": "Book tid {n}", "en": "Book time {n}"},
        "meeting.no_slot.no_working_days": {
            "nb": "Perioden har ingen virkedager (bare helg eller helligdager). Velg en annen "
            "periode. Ingenting ble lagret.",
            "en": "The period has no working days (only weekends or public holidays). Please "
            "choose another period. Nothing was saved.",
        },
        "meeting.no_slot.too_long": {
            "nb": "Møtet er lengre enn arbeidsdagen (08–16). Velg en kortere varighet. "
            "Ingenting ble lagret.",
            "en": "The meeting is longer than the working day (08–16). Please choose a shorter "
            "duration. Nothing was saved.",
        },
        "meeting.no_slot.window_passed": {
            "nb": "Alle tidene i perioden er passert. Velg en senere periode. Ingenting ble lagret.",
            "en": "Every time in the period has passed. Please choose a later period. Nothing "
            "was saved.",
        },
        "meeting.graph.not_configured": {
            "nb": "Microsoft Graph er ikke satt opp, så jeg ser ikke kalenderne og kan ikke "
            "booke møtet direkte. Med applikasjonstillatelsene Calendars.ReadBasic (ledig/opptatt) "
            "og Calendars.ReadWrite (booking) kan jeg det. Inntil da får dere en .ics-invitasjon.",
            "en": "Microsoft Graph is not configured, so I can't see the calendars or book the "
            "meeting directly. The application permissions Calendars.ReadBasic (free/busy) and "
            "Calendars.ReadWrite (booking) would let me. Until then you get an .ics invitation.",
        },
        "meeting.graph.forbidden": {
            "nb": "Appen mangler tillatelsen {permission} i Microsoft Graph, så jeg kunne ikke "
            "bruke kalenderne. En administrator kan gi den. Inntil da får dere en .ics-invitasjon.",
            "en": "The app lacks the Microsoft Graph permission {permission}, so I couldn't use "
            "the calendars. An administrator can grant it. Until then you get an .ics invitation.",
        },
        "meeting.forbidden": {
            "nb": "Appen mangler tillatelsen {permission} i Microsoft Graph. Ingenting ble endret.",
            "en": "The app lacks the Microsoft Graph permission {permission}. Nothing was changed.",
        },
        "meeting.booked.title": {"nb": "Møtet er booket: {title}", "en": "Meeting booked: {title}"},
        "meeting.planned.title": {
            "nb": "Møtet er planlagt: {title}",
            "en": "Meeting planned: {title}",
        },
        "meeting.moved.title": {"nb": "Møtet er flyttet: {title}", "en": "Meeting moved: {title}"},
        "meeting.cancelled.title": {
            "nb": "Møtet er avlyst: {title}",
            "en": "Meeting cancelled: {title}",
        },
        "meeting.booked.note": {
            "nb": "Invitasjonen er sendt fra kalenderen, og kortet med Teams-lenken ligger i kanalen.",
            "en": "The invitation went out from the calendar, and the card with the Teams link "
            "is in the channel.",
        },
        "meeting.planned.note": {
            "nb": "Kortet ligger i kanalen. Last ned invitasjonen og send den til deltakerne.",
            "en": "The card is in the channel. Download the invitation and send it to the "
            "attendees.",
        },
        "meeting.gone": {
            "nb": "Møtet var fjernet fra kalenderen i Outlook, så det er ikke lenger booket. "
            "Kanalkortet sier det nå.",
            "en": "The meeting was removed from the calendar in Outlook, so it is no longer "
            "booked. The channel card now says so.",
        },
        "meeting.ics": {"nb": "Last ned invitasjon (.ics)", "en": "Download invitation (.ics)"},
        "meeting.join": {"nb": "Bli med i Teams-møtet", "en": "Join the Teams meeting"},
        "meeting.card.title": {"nb": "Møte: {title}", "en": "Meeting: {title}"},
        "meeting.card.when": {"nb": "Tid", "en": "Time"},
        "meeting.card.state": {"nb": "Status", "en": "Status"},
        "meeting.card.agenda": {"nb": "Saksliste", "en": "Agenda"},
        "meeting.card.attendees": {"nb": "Inviterte", "en": "Invited"},
        "meeting.state.proposed": {"nb": "Foreslått", "en": "Proposed"},
        "meeting.state.booking": {"nb": "Bookes nå", "en": "Being booked"},
        "meeting.state.booked": {"nb": "Booket i Teams", "en": "Booked in Teams"},
        "meeting.state.planned": {
            "nb": "Planlagt (invitasjon som .ics)",
            "en": "Planned (invitation as .ics)",
        },
        "meeting.state.cancelled": {"nb": "Avlyst", "en": "Cancelled"},
        "meeting.state.gone": {
            "nb": "Fjernet fra kalenderen i Outlook",
            "en": "Removed from the calendar in Outlook",
        },
        "meeting.state.held": {"nb": "Holdt", "en": "Held"},
        "meeting.card.cancelled": {"nb": "Møtet er avlyst.", "en": "The meeting is cancelled."},
        "meeting.card.gone": {
            "nb": "Møtet ble fjernet fra kalenderen i Outlook og holdes ikke slik det står her.",
            "en": "The meeting was removed from the calendar in Outlook and will not take place "
            "as shown here.",
        },
        "meeting.agenda.intro": {"nb": "Saksliste for {network}:", "en": "Agenda for {network}:"},
        "meeting.agenda.empty": {"nb": "Ingen åpne saker.", "en": "No open cases."},
        "meeting.show": {"nb": "Vis møtet", "en": "Show the meeting"},
        "meeting.move": {"nb": "Flytt", "en": "Move"},
        "meeting.cancel": {"nb": "Avlys", "en": "Cancel"},
        "meeting.cancel.comment": {"nb": "Møtet er avlyst.", "en": "The meeting is cancelled."},
        "meeting.move.title": {"nb": "Flytt møtet: {title}", "en": "Move the meeting: {title}"},
        "meeting.move.intro": {
            "nb": "Ny tid i norsk tid. Deltakerne får en oppdatert invitasjon.",
            "en": "New time in Norwegian time. The attendees get an updated invitation.",
        },
        "meeting.field.date": {"nb": "Dato", "en": "Date"},
        "meeting.field.date.error": {"nb": "Velg en dato.", "en": "Choose a date."},
        "meeting.field.time": {"nb": "Starttid", "en": "Start time"},
        "meeting.field.time.error": {"nb": "Velg et klokkeslett.", "en": "Choose a time."},
        "meeting.move.submit": {"nb": "Flytt møtet", "en": "Move the meeting"},
        "meeting.graph_busy": {
            "nb": "Teams-kalenderen er opptatt akkurat nå. Prøv igjen om et minutt. "
            "Ingenting ble endret.",
            "en": "The Teams calendar is busy right now. Please try again in a minute. "
            "Nothing was changed.",
        },
        "meeting.graph_failed": {
            "nb": "Teams-kalenderen svarte med en feil. Ingenting ble endret. Prøv igjen senere.",
            "en": "The Teams calendar answered with an error. Nothing was changed. Please try "
            "again later.",
        },
        "meeting.booking_in_progress": {
            "nb": "Møtet bookes akkurat nå. Vent litt og se kortet i kanalen.",
            "en": "The meeting is being booked right now. Wait a moment and look at the card in "
            "the channel.",
        },
        "meeting.closed": {
            "nb": "Møtet er avlyst eller avsluttet. Ingenting ble endret.",
            "en": "The meeting is cancelled or over. Nothing was changed.",
        },
        "meeting.not_booked": {
            "nb": "Møtet har ingen tid ennå. Book en av de foreslåtte tidene først.",
            "en": "The meeting has no time yet. Book one of the suggested times first.",
        },
        "meeting.invalid.title": {
            "nb": "Skriv en tittel (høyst 200 tegn). Ingenting ble lagret.",
            "en": "Enter a title (at most 200 characters). Nothing was saved.",
        },
        "meeting.invalid.duration": {
            "nb": "Velg en varighet på 30, 60, 90 eller 120 minutter. Ingenting ble lagret.",
            "en": "Choose a duration of 30, 60, 90 or 120 minutes. Nothing was saved.",
        },
        "meeting.invalid.window": {
            "nb": "Perioden må starte i dag eller senere, slutte etter at den starter og være "
            "kortere enn to måneder. Ingenting ble lagret.",
            "en": "The period must start today or later, end after it starts and be shorter "
            "than two months. Nothing was saved.",
        },
        "meeting.invalid.slot": {
            "nb": "Den tiden finnes ikke i forslaget. Ingenting ble endret.",
            "en": "That time is not among the suggestions. Nothing was changed.",
        },
        "meeting.invalid.start": {
            "nb": "Velg både dato og starttid. Ingenting ble endret.",
            "en": "Choose both a date and a start time. Nothing was changed.",
        },
        "meeting.invalid.start_past": {
            "nb": "Den nye tiden er passert. Velg en tid fram i tid. Ingenting ble endret.",
            "en": "The new time has passed. Please choose a time ahead. Nothing was changed.",
        },
        "meeting.invalid.no_attendees": {
            "nb": "Nettverket har ingen stemmeberettigede medlemmer eller leder å invitere ennå. "
            "Tildel roller med **medlemmer** først.",
            "en": "The network has no voting members or leader to invite yet. Assign roles with "
            "**members** first.",
        },
    }
)
