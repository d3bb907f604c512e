"""Related cases on the labelled set: precision and recall, printed, both at least 0.8."""

from __future__ import annotations

from related_cases import CASES, MUST, MUST_NOT

from dialogs.summary.similarity import Document, related_pairs


def test_precision_and_recall_on_the_labelled_set() -> None:
    assert len(CASES) >= 25
    for first, second in MUST | MUST_NOT:
        assert CASES[first][0] != CASES[second][0], "pairs are in two networks"
    flagged = {
        (p.first, p.second)
        for p in related_pairs([Document(i, n, text) for i, (n, text) in CASES.items()])
    }
    true_positives = len(flagged & MUST)
    precision = true_positives / len(flagged) if flagged else 0.0
    recall = true_positives / len(MUST)
    print(
        f"\nrelated cases: {len(CASES)} cases, {len(MUST)} must, {len(MUST_NOT)} must not; "
        f"flagged {len(flagged)}: precision {precision:.2f}, recall {recall:.2f}; "
        f"wrongly flagged: {sorted(flagged - MUST)}"
    )
    assert precision >= 0.8
    assert recall >= 0.8
