from __future__ import annotations

from framing.near_duplicates import near_duplicate_pairs, shingles


def test_shingles_ignore_case_and_punctuation():
    assert shingles("The PLA, said the ministry, held drills.") == shingles("the pla said the ministry held drills")
    assert len(shingles("one two three four five six")) == 2
    assert shingles("too short") == frozenset([("too", "short")])
    assert shingles("") == frozenset()


def test_pairs_above_threshold_by_hand():
    base = "the coast guard said its ships had shadowed the supply vessel for six hours on tuesday"
    light_edit = base.replace("six hours", "seven hours")
    unrelated = "markets in tokyo closed higher as exporters gained on a weaker yen and strong orders"
    # 16 words, 12 shingles each; "six" sits in the last 4 shingles: 8 shared, 16 in the union.
    assert near_duplicate_pairs([base, unrelated, light_edit], threshold=0.6) == []
    assert near_duplicate_pairs([base, unrelated, light_edit], threshold=0.4) == [(0, 2, 0.5)]
    assert near_duplicate_pairs([base, base.upper()], threshold=0.99) == [(0, 1, 1.0)]
    assert near_duplicate_pairs([base, unrelated], threshold=0.0) == []
