"""A reference corpus for related cases: typical case texts from the region's networks. It takes
part only in the document frequencies, so that words every case uses weigh little, and words
two cases share weigh something, even when only a handful of cases are open."""

from __future__ import annotations

REFERENCE_TEXTS: tuple[str, ...] = (
    "Regional prosedyre for behandling av sepsis i akuttmottak.",
    "Standardisert pasientforløp for hoftebrudd hos eldre pasienter.",
    "Metodevurdering av ny behandling for multippel sklerose.",
    "Kompetanseplan for sykepleiere i intensivavdelingene.",
    "Anskaffelse av ultralydapparater til poliklinikkene.",
    "Forskningssamarbeid om kunstig intelligens i bildediagnostikk.",
    "Felles rutine for utskrivning og epikrise til fastlegen.",
    "Ventetider for poliklinisk time i ortopedi.",
    "Oppfølging av pasienter med diabetes type 1 i overgangen fra barn til voksen.",
    "Prosedyre for håndtering av blodprøver og prøvetaking på sengepost.",
    "Tolketjeneste for pasienter som ikke snakker norsk.",
    "Bruk av videokonsultasjon i spesialisthelsetjenesten.",
    "Legemiddelhåndtering og samstemming av legemiddellister ved innleggelse.",
    "Ernæringsstatus og kostholdsveiledning for inneliggende pasienter.",
    "Smittevern og isolering ved resistente bakterier.",
    "Hjemmesykehus for pasienter med kronisk obstruktiv lungesykdom.",
    "Kapasitet i operasjonsstuer og planlegging av elektiv virksomhet.",
    "Overføring av pasienter mellom sykehusene i regionen.",
    "Behandlingslinjer for hjerneslag og trombolyse.",
    "Palliativ omsorg og lindrende behandling i livets sluttfase.",
    "Samhandling med kommunene om utskrivningsklare pasienter.",
    "Rekruttering av spesialister til distriktene.",
    "Journalføring og dokumentasjon i elektronisk pasientjournal.",
    "Pasientsikkerhet og meldingskultur for uønskede hendelser.",
    "Brukermedvirkning i utvikling av tjenestene.",
    "Utdanning av leger i spesialisering og veiledning.",
    "Screening av nyfødte for hørselstap.",
    "Behandling av alvorlige infeksjoner hos barn på sykehus.",
    "Retningslinje for antibiotikabruk i sykehus.",
    "Diagnostikk og behandling av demens hos eldre.",
    "Rehabilitering etter ortopediske operasjoner.",
    "Akuttberedskap og ambulansetjeneste i regionen.",
)
"""Thirty-odd short case texts of the kinds the networks handle, none of them in the labelled
set of tests/dialogs/summary/related_cases.py."""
