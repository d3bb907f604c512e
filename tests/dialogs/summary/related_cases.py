"""A labelled set of Norwegian cases in ten networks, with the pairs that must be flagged as
related (the same topic in other words) and those that must not (shared words, other topics).

Networks: 1 barn, 2 anestesi, 3 hjerte, 4 kreft, 5 psykisk helse, 6 føde, 7 laboratorium,
8 radiologi, 9 rus, 10 geriatri.
"""

from __future__ import annotations

CASES: dict[int, tuple[int, str]] = {
    1: (1, "Faste før narkose hos barn. Hvor lenge skal barn faste før anestesi ved dagkirurgi?"),
    2: (2, "Preoperativ faste. Felles retningslinje for faste og klare væsker før operasjon."),
    3: (3, "Oppfølging etter hjerteinfarkt. Kontroller og hjerterehabilitering etter utskrivning."),
    4: (10, "Rehabilitering av eldre etter infarkt. Kontroll og trening etter hjerteinfarkt."),
    5: (4, "Pakkeforløp for lungekreft. Ventetider og utredning ved mistanke om lungekreft."),
    6: (8, "CT-kapasitet for utredning av lungekreft i pakkeforløpet."),
    7: (5, "Selvmordsforebygging i akuttpsykiatrien. Kartlegging av selvmordsrisiko."),
    8: (9, "Kartlegging av selvmordsrisiko hos pasienter i rusbehandling."),
    9: (6, "Igangsetting av fødsel. Indikasjoner for induksjon ved overtid i svangerskapet."),
    10: (2, "Epiduralbedøvelse under fødsel. Tilgang til anestesilege på fødeavdelingen."),
    11: (7, "Felles analyserepertoar for laboratoriene. Harmonisering av referanseområder."),
    12: (3, "Referanseområder for troponin. Harmonisering av troponinanalysen mellom sykehusene."),
    13: (10, "Fallforebygging hos eldre på sykehus. Kartlegging av fallrisiko ved innleggelse."),
    14: (5, "Tvangsbruk i psykisk helsevern. Registrering og rapportering av tvang."),
    15: (9, "Legemiddelassistert rehabilitering. Ventetid og oppstart i LAR."),
    16: (1, "Smertebehandling av barn etter operasjon. Smertelindring etter kirurgi hos barn."),
    17: (2, "Postoperativ smertelindring. Regional prosedyre for smertebehandling etter kirurgi."),
    18: (8, "MR-protokoller for barn. Sedasjon av barn ved MR-undersøkelser."),
    19: (4, "Anskaffelse av strålebehandlingsutstyr. Nye lineærakseleratorer."),
    20: (7, "Anskaffelse av analyseinstrumenter til laboratoriet. Felles innkjøp."),
    21: (6, "Svangerskapsdiabetes. Screening og oppfølging av gravide med diabetes."),
    22: (10, "Diabetes hos eldre. Oppfølging av diabetes i sykehjem."),
    23: (3, "Faste legemidler ved hjertesvikt. Legemiddelgjennomgang av fast medisinering."),
    24: (5, "Faste møter med kommunene om utskrivningsklare pasienter i psykisk helsevern."),
    25: (9, "Overdoseforebygging. Nalokson nesespray ved utskrivning fra rusbehandling."),
    26: (1, "Vaksinasjon av barn med kronisk sykdom. Oppfølging i barnepoliklinikken."),
    27: (4, "Kreftbehandling hos eldre. Skrøpelighetsvurdering før cellegift."),
    28: (10, "Geriatrisk vurdering før kreftbehandling. Skrøpelige eldre og cellegift."),
    29: (1, "Stråledose ved CT av barn. Optimalisering av protokoller for lav dose."),
    30: (7, "Prøvetaking hos barn. Kapillærprøver og smertelindring ved blodprøver."),
}
"""Case id → (network, title and description)."""

MUST: frozenset[tuple[int, int]] = frozenset(
    {
        (1, 2),  # fasting before anaesthesia, children / adults
        (3, 4),  # follow-up after heart attack
        (5, 6),  # lung cancer pathway, CT capacity
        (7, 8),  # suicide risk assessment
        (11, 12),  # harmonising reference ranges
        (16, 17),  # post-operative pain relief
        (21, 22),  # diabetes follow-up
        (27, 28),  # frailty before chemotherapy in the elderly
    }
)
"""Pairs in different networks that name the same topic."""

MUST_NOT: frozenset[tuple[int, int]] = frozenset(
    {
        (2, 23),  # "faste" (fasting) and "faste legemidler" (regular medication)
        (1, 24),  # "faste" and "faste møter"
        (23, 24),  # "faste" twice, different topics
        (19, 20),  # both procurement of equipment
        (9, 10),  # both childbirth, different questions
        (13, 27),  # both the elderly
        (14, 8),  # both mental health and addiction, different topics
        (10, 21),  # both pregnancy and birth
        (18, 29),  # both children's imaging, sedation and radiation dose
        (6, 29),  # both CT
        (16, 30),  # both pain relief in children, different settings
        (26, 30),  # both children
        (4, 23),  # both heart, different topics
    }
)
"""Pairs that share words or a field but not a topic."""
