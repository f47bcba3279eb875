"""Finding near-duplicate paragraphs: Jaccard similarity of word 5-gram shingles.

Two paragraphs that share most of their 5-word sequences are one paragraph written twice
(a template, a light edit); with one in train and one in test, the test score measures memory.
Only pairs that share at least one shingle are compared, found through an inverted index, so
a corpus of thousands of paragraphs is checked in well under a second.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Sequence

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 5) -> frozenset[tuple[str, ...]]:
    words = WORD.findall(text.casefold())
    if len(words) < n:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def near_duplicate_pairs(texts: Sequence[str], threshold: float = 0.6, n: int = 5) -> list[tuple[int, int, float]]:
    """(i, j, similarity) for every pair i < j whose shingle Jaccard similarity exceeds
    `threshold`, most similar first."""
    sets = [shingles(text, n) for text in texts]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, items in enumerate(sets):
        for shingle in items:
            index[shingle].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in index.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                shared[(members[a], members[b])] += 1
    pairs = []
    for (i, j), common in shared.items():
        similarity = common / (len(sets[i]) + len(sets[j]) - common)
        if similarity > threshold:
            pairs.append((i, j, similarity))
    return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))
