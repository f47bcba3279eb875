"""Target-aware featurizers on cases worked by hand, and their estimator contract."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from sklearn.base import clone

from framing.actors import TARGET_TOKEN, ActorMatcher, actor_token
from framing.target_features import ActorMasker, TargetContextTfidf, TargetLexicon

ALIASES = {"beijing": ["Beijing", "China"], "taipei": ["Taipei", "Taiwan"], "washington": ["Washington"]}
MATCHER = ActorMatcher(ALIASES)
TEXTS = [
    "Beijing praised the talks. Markets were calm. Washington said little.",
    "Taipei condemned the drills on Monday morning. Beijing was not good, critics said.",
    "Nothing about any of them here at all.",
]


def items(target):
    return [MATCHER.targeted(text, target) for text in TEXTS]


def test_sentence_context_keeps_only_sentences_with_the_target():
    featurizer = TargetContextTfidf(scope="sentence")
    assert featurizer._context(items("beijing")[0]).split() == [TARGET_TOKEN, "praised", "the", "talks."]
    assert featurizer._context(items("washington")[0]).split() == [TARGET_TOKEN, "said", "little."]
    second = featurizer._context(items("beijing")[1]).split()
    assert second[0] == TARGET_TOKEN and actor_token("taipei") not in second  # other sentence left out
    assert featurizer._context(items("beijing")[2]) == ""


def test_window_context():
    featurizer = TargetContextTfidf(scope="window", window=1)
    assert featurizer._context(items("taipei")[1]).split() == [TARGET_TOKEN, "condemned"]  # one token each side


def test_mention_features_flag_absence():
    featurizer = TargetContextTfidf().fit(items("washington"))
    matrix = featurizer.transform(items("washington")).toarray()
    no_mention, log_target, log_others = matrix[:, -3], matrix[:, -2], matrix[:, -1]
    assert list(no_mention) == [0.0, 1.0, 1.0]
    assert log_target[0] == pytest.approx(math.log1p(1)) and log_others[1] == pytest.approx(math.log1p(2))
    assert not matrix[2, :-3].any()  # no mention: empty context


def test_lexicon_near_the_target_with_negation():
    featurizer = TargetLexicon(window=3, negation_window=3).fit(items("beijing"))
    rows = featurizer.transform(items("beijing")).toarray()
    # Paragraph 1: "praised" (+2.2) is next to Beijing; "calm" (+1.3) is far from it.
    pos_near, neg_near, pos_all, neg_all, negated_near, negated_all = rows[0]
    assert pos_near == pytest.approx(math.log1p(2.2 / 4))
    assert pos_all == pytest.approx(math.log1p((2.2 + 1.3) / 4))
    assert neg_near == 0 and negated_all == 0
    # Paragraph 2: "not good" next to Beijing counts as negative; "condemned" (-1.9) is far.
    pos_near, neg_near, pos_all, neg_all, negated_near, negated_all = rows[1]
    assert pos_near == 0
    assert neg_near == pytest.approx(math.log1p(1.9 / 4))
    assert neg_all == pytest.approx(math.log1p((1.9 + 1.9) / 4))
    assert negated_near == pytest.approx(math.log1p(1))


def test_featurizers_refuse_plain_strings():
    with pytest.raises(TypeError, match="TargetedText"):
        TargetContextTfidf().fit(TEXTS)


@pytest.mark.parametrize("featurizer", [TargetContextTfidf(scope="window"), TargetContextTfidf(), TargetLexicon()], ids=repr)
def test_clone_and_pickle(featurizer):
    fitted = clone(featurizer).fit(items("taipei"))
    again = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(fitted.transform(items("taipei")).toarray(), again.transform(items("taipei")).toarray())


def test_bad_scope():
    with pytest.raises(ValueError, match="scope must be"):
        TargetContextTfidf(scope="paragraph").fit(items("taipei"))


def test_actor_masker():
    masker = ActorMasker(ALIASES).fit(TEXTS)
    assert masker.transform(["China and Washington met."]) == [f" {actor_token('beijing')}  and  {actor_token('washington')}  met."]
    assert pickle.loads(pickle.dumps(masker)).transform(["Taipei"]) == [f" {actor_token('taipei')} "]


def test_target_blocks_put_each_text_in_its_targets_block():
    from sklearn.feature_extraction.text import CountVectorizer

    from framing.actors import TargetedText
    from framing.target_features import TargetBlocks

    items = [TargetedText("red blue", (), (), "b"), TargetedText("blue", (), (), "a"), TargetedText("red", (), (), "zzz")]
    blocks = TargetBlocks(CountVectorizer()).fit(items[:2])
    assert blocks.targets_ == ["a", "b"]
    # vocabulary [blue, red]; block a = columns 0-1, block b = columns 2-3; unseen target -> zeros
    assert blocks.transform(items).toarray().tolist() == [[0, 0, 1, 1], [1, 0, 0, 0], [0, 0, 0, 0]]
    again = pickle.loads(pickle.dumps(clone(blocks).fit(items[:2])))
    assert again.transform(items[:1]).toarray().tolist() == [[0, 0, 1, 1]]
    with pytest.raises(ValueError, match="needs items with a target"):
        TargetBlocks(CountVectorizer()).fit([TargetedText("x", ())])


def test_sided_window_tells_speaker_from_target():
    matcher = ActorMatcher({"beijing": ["Beijing"], "washington": ["Washington"]})
    featurizer = TargetContextTfidf(scope="window", window=2, sided=True)
    text = "Beijing condemned Washington yesterday."
    as_speaker = featurizer._context(matcher.targeted(text, "beijing")).split()
    as_target = featurizer._context(matcher.targeted(text, "washington")).split()
    assert as_speaker == [TARGET_TOKEN, "after_condemned", "after_" + actor_token("washington")]
    assert as_target == ["before_" + actor_token("beijing"), "before_condemned", TARGET_TOKEN, "after_yesterday"]
