"""The multi-head model and the featurizer honour scikit-learn's estimator contract."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from framing.features import WordCharTfidf
from framing.model import MultiHeadClassifier

from tiny import make_records

STANCE = ["pro", "anti", "neutral", "absent"]
FRAMES = ["Economic", "Security_and_defense", "Health_and_safety", "Political", "Morality"]
HEADS = [
    {"name": "stance_beijing", "kind": "single", "labels": STANCE},
    {"name": "frames", "kind": "multi", "labels": FRAMES},
]


def _data(n=40, seed=1):
    records = make_records(n, seed, "m")
    texts = [r["text"] for r in records]
    targets = {"stance_beijing": [r["stance_beijing"] for r in records], "frames": [r["frames"] for r in records]}
    return texts, targets


def _model(**kwargs):
    return MultiHeadClassifier(WordCharTfidf(), LogisticRegression(C=10, max_iter=1000), HEADS, **kwargs)


def test_init_stores_arguments_unchanged_and_clone_round_trips():
    model = _model(threshold=0.4)
    params = model.get_params(deep=False)
    assert params["heads"] is HEADS and params["threshold"] == 0.4
    cloned = clone(model)
    assert cloned.get_params(deep=False)["threshold"] == 0.4
    assert not hasattr(cloned, "estimators_")


def test_fit_returns_self_and_predicts_in_config_label_order():
    texts, targets = _data()
    model = _model()
    assert model.fit(texts, targets) is model
    proba = model.predict_proba(texts[:5])
    assert proba["stance_beijing"].shape == (5, 4)
    assert proba["frames"].shape == (5, 5)
    np.testing.assert_allclose(proba["stance_beijing"].sum(axis=1), 1.0)
    # "Morality" never occurs in training: it exists in the output with probability 0.
    assert (proba["frames"][:, FRAMES.index("Morality")] == 0).all()
    predicted = model.predict(texts)
    accuracy = np.mean([p == g for p, g in zip(predicted["stance_beijing"], targets["stance_beijing"])])
    assert accuracy > 0.9


def test_label_unseen_in_training_still_has_a_column():
    texts, targets = _data()
    keep = [i for i, y in enumerate(targets["stance_beijing"]) if y != "neutral"]
    model = _model().fit([texts[i] for i in keep], {k: [v[i] for i in keep] for k, v in targets.items()})
    proba = model.predict_proba(texts)["stance_beijing"]
    assert (proba[:, STANCE.index("neutral")] == 0).all()
    assert "neutral" not in model.predict(texts)["stance_beijing"]


def test_multi_label_predictions_put_the_most_probable_first_and_are_never_empty():
    texts, targets = _data()
    model = _model(threshold=0.99).fit(texts, targets)
    proba = model.predict_proba(texts)
    predicted = model.labels_from_proba(proba)
    for row, labels in zip(proba["frames"], predicted["frames"]):
        assert len(labels) >= 1
        assert labels[0] == FRAMES[int(np.argmax(row))]
    low = clone(model).set_params(threshold=0.01).fit(texts, targets)
    multi = low.predict(texts)["frames"]
    assert any(len(labels) > 1 for labels in multi)
    for labels, row in zip(multi, low.predict_proba(texts)["frames"]):
        values = [row[FRAMES.index(label)] for label in labels]
        assert values == sorted(values, reverse=True)


def test_features_are_computed_once_for_all_heads():
    calls = []

    class CountingTfidf(TfidfVectorizer):
        def transform(self, raw_documents):
            calls.append(len(raw_documents))
            return super().transform(raw_documents)

    texts, targets = _data()
    model = MultiHeadClassifier(CountingTfidf(), LogisticRegression(), HEADS).fit(texts, targets)
    calls.clear()
    model.predict(texts[:7])
    assert calls == [7]


def test_pickle_round_trip_predicts_the_same():
    texts, targets = _data()
    model = _model().fit(texts, targets)
    again = pickle.loads(pickle.dumps(model))
    for name in ("stance_beijing", "frames"):
        np.testing.assert_array_equal(model.predict_proba(texts)[name], again.predict_proba(texts)[name])


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: {"stance_beijing": ["pro"] * len(t["stance_beijing"]), "frames": t["frames"]}, "only the label\\(s\\) \\['pro'\\]"),
        (lambda t: {"stance_beijing": ["hostile"] + t["stance_beijing"][1:], "frames": t["frames"]}, "labels \\['hostile'\\] are not in"),
        (lambda t: {"stance_beijing": t["stance_beijing"], "frames": [["Economy"]] + t["frames"][1:]}, "label 'Economy' is not in"),
        (lambda t: {"stance_beijing": t["stance_beijing"]}, "no targets given for head frames"),
        (lambda t: {"stance_beijing": t["stance_beijing"][:3], "frames": t["frames"]}, "3 targets for 40 texts"),
    ],
)
def test_fit_validates_targets(change, message):
    texts, targets = _data()
    with pytest.raises(ValueError, match=message):
        _model().fit(texts, change(targets))


def test_classifier_without_probabilities_is_refused_with_a_way_out():
    texts, targets = _data()
    with pytest.raises(ValueError, match="CalibratedClassifierCV"):
        MultiHeadClassifier(WordCharTfidf(), LinearSVC(), HEADS).fit(texts, targets)


@pytest.mark.parametrize("heads", [[], [{"name": "a", "labels": ["x"]}], [{"name": "a", "kind": "ranked", "labels": ["x", "y"]}]])
def test_bad_heads_are_refused(heads):
    texts, targets = _data()
    with pytest.raises(ValueError):
        MultiHeadClassifier(WordCharTfidf(), LogisticRegression(), heads).fit(texts, targets)


def test_word_char_tfidf_is_a_real_estimator():
    texts, _ = _data()
    featurizer = WordCharTfidf(word_ngram_range=[1, 3], char_ngram_range=[3, 4], char_weight=0.5)
    assert featurizer.word_ngram_range == [1, 3]  # stored unchanged; converted in fit
    matrix = featurizer.fit_transform(texts)
    names = featurizer.get_feature_names_out()
    assert matrix.shape == (len(texts), len(names)) == (len(texts), featurizer.n_features_out_)
    assert any(n.startswith("word__") for n in names) and any(n.startswith("char__") for n in names)
    assert (featurizer.transform(texts) != matrix).nnz == 0
    again = pickle.loads(pickle.dumps(clone(featurizer).fit(texts)))
    assert (again.transform(texts[:3]) != matrix[:3]).nnz == 0
    with pytest.raises(ValueError, match="word_ngram_range"):
        WordCharTfidf(word_ngram_range=[2, 1]).fit(texts)
    with pytest.raises(ValueError, match="both 0"):
        WordCharTfidf(word_weight=0, char_weight=0).fit(texts)


def test_row_targets_reach_the_head_featurizer():
    """A head whose target is given per row: the same sentence, different targets, different labels."""
    from framing.target_features import TargetContextTfidf

    inputs, labels = [], []
    for i in range(12):
        text = f"Smith praised the plan while Jones attacked it, item {i}."
        inputs += [{"text": text, "target": "Smith", "span": [0, 5]}, {"text": text, "target": "Jones", "span": None}]
        labels += ["positive", "negative"]
    heads = [{"name": "polarity", "kind": "single", "labels": ["negative", "neutral", "positive"], "target": "row"}]
    model = MultiHeadClassifier(
        WordCharTfidf(), LogisticRegression(C=10, max_iter=1000), heads, target_featurizer=TargetContextTfidf(scope="window", window=1)
    ).fit(inputs, {"polarity": labels})
    assert model.predict(inputs[:2])["polarity"] == ["positive", "negative"]
    with pytest.raises(ValueError, match="reads a target per paragraph"):
        model.predict(["Smith praised the plan."])
