"""Related cases across networks: the same topic in other words. Pure; no I/O, no network.

A case's title and description become features: Snowball's Norwegian stems (stop words
dropped, a few clinical synonyms folded to one word) and the stems' character 5-grams, which
let compounds meet their parts ("barneanestesi" and "anestesi hos barn"). Features are weighted
by TF-IDF, with document frequencies over the cases compared and a fixed reference corpus of
typical case texts (`dialogs/summary/reference.py`): over the compared cases alone, a word two of
three open cases share would weigh nothing, and two related cases alone would score 0. Then two cases in different networks are related when the
cosine of their vectors reaches `THRESHOLD`. Everything is computed in the process: no text
leaves the tenant.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from dialogs.summary.reference import REFERENCE_TEXTS

THRESHOLD = 0.3
"""Chosen on the labelled set in tests/dialogs/summary/related_cases.py."""

GRAM = 5
GRAM_WEIGHT = 0.35
"""Character n-grams count less than whole stems: they catch compounds, and also chance."""

_WORD = re.compile(r"[a-zæøåéèüäö]+")

_STOP_TEXT = """
    og i jeg det at en et den til er som på de med han av ikke der så var meg seg men ett har om
    vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva
    skal selv sjøl her alle vil bli ble blitt kunne inn når være kom noen noe ville dere som deres
    kun ja etter ned skulle denne for deg si sine sitt mot å meget hvorfor dette disse uten hvordan
    ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver hvem vors hvis både bare
    enn fordi før mange også slik vært være båe begge siden dykk dykkar dei deira deires deim di
    eg ein eit eitt elles honom hjå ho hoe henne hennar hennes hoss hossen ikkje ingi inkje korleis
    kva kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre si
    sia sidan so somt somme um upp vere vore verte vort varte vart ny nye nytt felles regional
    regionalt regionale sak saker behov forslag vurdering vurdere arbeid helse midt norge hf rhf
"""

STOP_WORDS = frozenset(_STOP_TEXT.split())
"""NLTK's Norwegian stop words, and words every case in the region uses."""

SYNONYMS: Mapping[str, str] = {
    "narkose": "anestesi",
    "bedøvelse": "anestesi",
    "anestesien": "anestesi",
    "preoperativ": "kirurgi",
    "preoperativt": "kirurgi",
    "postoperativ": "kirurgi",
    "postoperativt": "kirurgi",
    "dagkirurgi": "kirurgi",
    "operasjon": "kirurgi",
    "operasjoner": "kirurgi",
    "inngrep": "kirurgi",
    "barna": "barn",
    "pediatrisk": "barn",
    "pediatri": "barn",
    "legemiddel": "legemidler",
    "medikamenter": "legemidler",
    "medisiner": "legemidler",
    "hjerteinfarkt": "infarkt",
    "slag": "hjerneslag",
    "apopleksi": "hjerneslag",
    "kreft": "onkologi",
    "svangerskap": "graviditet",
    "gravide": "graviditet",
}
"""Clinical words that name the same thing, folded to one before stemming."""


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("norwegian")


def stems(text: str) -> list[str]:
    """The text's Norwegian stems, without stop words, synonyms folded."""
    words = [SYNONYMS.get(w, w) for w in _WORD.findall(text.casefold()) if w not in STOP_WORDS]
    return [s for s in _stemmer().stemWords([w for w in words if len(w) > 1]) if len(s) > 1]


def features(text: str) -> Counter[str]:
    """Stems (`w:`) and their character n-grams (`g:`), counted."""
    counted: Counter[str] = Counter()
    for stem in stems(text):
        counted[f"w:{stem}"] += 1
        padded = f"_{stem}_"
        for i in range(len(padded) - GRAM + 1):
            counted[f"g:{padded[i : i + GRAM]}"] += 1
    return counted


@dataclass(frozen=True)
class Document:
    """A case as compared: its id, its network, and its text (title and description)."""

    case_id: int
    network_id: int
    text: str


@dataclass(frozen=True)
class Related:
    """Two cases in different networks that resemble each other; `first` < `second`."""

    first: int
    second: int
    score: float


def vectors(
    documents: Sequence[Document], background: Sequence[str] = REFERENCE_TEXTS
) -> dict[int, dict[str, float]]:
    """TF-IDF vectors, normalised to length 1, by case id; `background` texts count in the
    document frequencies only."""
    counted = {d.case_id: features(d.text) for d in documents}
    frequency: Counter[str] = Counter()
    for c in counted.values():
        frequency.update(c.keys())
    for text in background:
        frequency.update(features(text).keys())
    total = len(documents) + len(background)
    result: dict[int, dict[str, float]] = {}
    for case_id, c in counted.items():
        vector = {
            f: (1 + math.log(n))
            * math.log((1 + total) / (1 + frequency[f]))
            * (GRAM_WEIGHT if f.startswith("g:") else 1.0)
            for f, n in c.items()
        }
        vector = {f: w for f, w in vector.items() if w > 0}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        result[case_id] = {f: w / norm for f, w in vector.items()}
    return result


def related_pairs(
    documents: Sequence[Document],
    *,
    threshold: float = THRESHOLD,
    background: Sequence[str] = REFERENCE_TEXTS,
) -> list[Related]:
    """Pairs of cases in different networks whose similarity reaches `threshold`, most similar
    first. Sparse: only cases sharing a feature are compared."""
    by_id = {d.case_id: d for d in documents}
    weighted = vectors(documents, background)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for case_id, vector in weighted.items():
        for f, w in vector.items():
            postings[f].append((case_id, w))
    scores: dict[tuple[int, int], float] = defaultdict(float)
    for posting in postings.values():
        for i, (a, wa) in enumerate(posting):
            for b, wb in posting[i + 1 :]:
                if by_id[a].network_id != by_id[b].network_id:
                    scores[(min(a, b), max(a, b))] += wa * wb
    pairs = [Related(a, b, s) for (a, b), s in scores.items() if s >= threshold]
    return sorted(pairs, key=lambda r: (-r.score, r.first, r.second))


def similarity(first: str, second: str, corpus: Iterable[str] = ()) -> float:
    """The cosine of two texts, with IDF taken over them and `corpus`."""
    docs = [Document(1, 1, first), Document(2, 2, second)]
    docs += [Document(3 + i, 3 + i, text) for i, text in enumerate(corpus)]
    weighted = vectors(docs)
    a, b = weighted[1], weighted[2]
    return sum(w * b.get(f, 0.0) for f, w in a.items())
