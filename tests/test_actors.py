"""Finding actors by alias, and masking them."""

from __future__ import annotations

import pickle

import pytest

from framing.actors import TARGET_TOKEN, ActorMatcher, TargetedText, actor_token, mask

ALIASES = {
    "beijing": ["Beijing", "China", "the mainland", "PLA", "Taiwan Affairs Office", "Xi"],
    "taipei": ["Taiwan", "Taipei", "the island", "Lai"],
    "washington": ["Washington", "US", "U.S.", "Pentagon"],
}
IGNORE = ["South China Sea", "Taiwan Strait"]


@pytest.fixture
def matcher():
    return ActorMatcher(ALIASES, IGNORE)


def found(matcher, text):
    return [(text[s:e], actor) for (s, e), actor in matcher.mentions(text)]


def test_aliases_possessives_and_case(matcher):
    text = "The PLA's drills near the Island worried washington; Xi said nothing to us."
    assert found(matcher, text) == [("PLA's", "beijing"), ("the Island", "taipei"), ("washington", "washington"), ("Xi", "beijing")]


def test_capitalised_aliases_match_only_in_capitals(matcher):
    assert found(matcher, "Let us see what the US does.") == [("US", "washington")]
    assert found(matcher, "pla and Pla are not the army") == []


def test_longest_alias_wins_and_ignored_phrases_are_skipped(matcher):
    text = "The Taiwan Affairs Office spoke of ships in the Taiwan Strait and the South China Sea, not Taiwan."
    assert found(matcher, text) == [("Taiwan Affairs Office", "beijing"), ("Taiwan", "taipei")]


def test_no_partial_words(matcher):
    assert found(matcher, "Chinaware, Laid-back Laiwu, Xian and Taiwanese tea") == []


def test_targeted_splits_target_from_others_and_mask_replaces_them(matcher):
    targeted = matcher.targeted("Beijing warned Taipei and the U.S. again.", "taipei")
    assert [targeted.text[s:e] for s, e in targeted.target_spans] == ["Taipei"]
    assert [actor for _, actor in targeted.other_spans] == ["beijing", "washington"]
    masked = mask(targeted)
    assert masked.split() == [actor_token("beijing"), "warned", TARGET_TOKEN, "and", "the", actor_token("washington"), "again."]


def test_unknown_target_and_bad_aliases(matcher):
    with pytest.raises(ValueError, match="no aliases configured for actor 'tokyo'"):
        matcher.targeted("x", "tokyo")
    with pytest.raises(ValueError, match="non-empty list"):
        ActorMatcher({"a": []})


def test_pickles_without_the_compiled_pattern(matcher):
    matcher.mentions("Beijing")  # compile
    again = pickle.loads(pickle.dumps(matcher))
    assert "_compiled" not in again.__dict__
    assert again.mentions("Beijing and Taipei") == matcher.mentions("Beijing and Taipei")


def test_mask_without_mentions_is_identity():
    assert mask(TargetedText("Nothing here.", (), ())) == "Nothing here."
