"""Featurizers written for framing. Any scikit-learn transformer works as a featurizer (name
it with `_target_` in a `features/` config); these add what plain ones lack."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted


def _ngram_range(value, name: str) -> tuple[int, int]:
    # YAML has no tuples; accept [1, 2] from config as well as (1, 2) from Python.
    low, high = (int(v) for v in value)
    if not 1 <= low <= high:
        raise ValueError(f"{name} must be (low, high) with 1 <= low <= high, got {value!r}")
    return low, high


class WordCharTfidf(TransformerMixin, BaseEstimator):
    """Word n-gram and character n-gram TF-IDF side by side, the strong classic baseline for
    stance (the SemEval-2016 Task 6 organisers' SVM used word 1-3 and character 2-5 grams).

    Character n-grams inside word boundaries (`char_wb`) catch morphology and names ("Taiwan's",
    "PLA-led"); word n-grams catch short phrases. Each block is L2-normalised by TF-IDF, then
    scaled by its weight so that neither drowns the other.
    """

    def __init__(
        self,
        word_ngram_range=(1, 2),
        char_ngram_range=(2, 5),
        min_df=1,
        max_df=1.0,
        max_features=None,
        sublinear_tf=True,
        lowercase=True,
        word_weight=1.0,
        char_weight=1.0,
    ):
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
        self.lowercase = lowercase
        self.word_weight = word_weight
        self.char_weight = char_weight

    def _vectorizers(self) -> list[tuple[str, TfidfVectorizer, float]]:
        common = dict(
            min_df=self.min_df,
            max_df=self.max_df,
            max_features=self.max_features,
            sublinear_tf=self.sublinear_tf,
            lowercase=self.lowercase,
            dtype=np.float32,
        )
        blocks = []
        if self.word_weight:
            word = TfidfVectorizer(
                analyzer="word",
                ngram_range=_ngram_range(self.word_ngram_range, "word_ngram_range"),
                token_pattern=r"(?u)\b\w[\w'-]*\b",
                **common,
            )
            blocks.append(("word", word, float(self.word_weight)))
        if self.char_weight:
            char = TfidfVectorizer(
                analyzer="char_wb", ngram_range=_ngram_range(self.char_ngram_range, "char_ngram_range"), **common
            )
            blocks.append(("char", char, float(self.char_weight)))
        if not blocks:
            raise ValueError("WordCharTfidf: word_weight and char_weight are both 0; no features left")
        return blocks

    def fit(self, X, y=None):
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        texts = list(X)
        self.vectorizers_ = []
        parts = []
        for name, vectorizer, weight in self._vectorizers():
            parts.append(vectorizer.fit_transform(texts) * weight)
            self.vectorizers_.append((name, vectorizer, weight))
        self.n_features_out_ = sum(p.shape[1] for p in parts)
        return sp.hstack(parts, format="csr")

    def transform(self, X):
        check_is_fitted(self, "vectorizers_")
        texts = list(X)
        return sp.hstack([v.transform(texts) * w for _, v, w in self.vectorizers_], format="csr")

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "vectorizers_")
        return np.concatenate(
            [np.array([f"{name}__{f}" for f in v.get_feature_names_out()], dtype=object) for name, v, _ in self.vectorizers_]
        )
