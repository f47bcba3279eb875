"""Featurizers that know whom a head is about.

They take `TargetedText` items (a paragraph plus where its target, and every other actor, is
mentioned; see framing.actors) rather than plain strings. `MultiHeadClassifier` builds those
items per head, so each stance head sees its own actor's context:

- `TargetContextTfidf`: TF-IDF of the sentences (or token windows) around the target's
  mentions, with the target masked as one token and other actors as theirs, plus mention
  counts. A paragraph with no mention yields an all-zero context and a `no_mention` flag:
  the signal that leads to `absent`.
- `TargetLexicon`: counts of positive and negative words from the VADER sentiment lexicon
  near the target's mentions, with negation flipping polarity, beside the same counts for the
  whole paragraph.

`ActorMasker` works on plain strings, for the shared featurizer: it replaces every actor
mention by its actor token before any other featurizer sees the text.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from framing.actors import TARGET_TOKEN, ActorMatcher, TargetedText, mask
from framing.features import _ngram_range

SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")
TOKEN = re.compile(r"\w+(?:['’-]\w+)*")


def _check_items(X) -> list[TargetedText]:
    items = list(X)
    for item in items[:1]:
        if not isinstance(item, TargetedText):
            raise TypeError(
                f"expected TargetedText items (a paragraph with its target's mentions), got {type(item).__name__}; "
                "target-aware featurizers are used through MultiHeadClassifier's target_featurizer"
            )
    return items


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _mention_features(items: Sequence[TargetedText]) -> np.ndarray:
    """no_mention, log(1 + mentions of the target), log(1 + mentions of other actors)."""
    rows = [
        (float(not item.target_spans), math.log1p(len(item.target_spans)), math.log1p(len(item.other_spans)))
        for item in items
    ]
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), 3)


class TargetContextTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF of the target's context, and mention counts.

    scope : "sentence" (every sentence that mentions the target) or "window" (`window`
        tokens either side of each mention).
    sided : in "window" scope, mark each context word with the side of the nearest mention
        it is on (before_/after_), so that "X condemned" and "condemned X" differ.
    context_weight : scale of the (L2-normalised) context TF-IDF block relative to the
        shared features, which have norm 1 per block.
    mention_weight : scale of the three mention-count features.
    """

    def __init__(
        self,
        scope="sentence",
        window=8,
        word_ngram_range=(1, 2),
        min_df=1,
        sublinear_tf=True,
        sided=False,
        context_weight=1.0,
        mention_weight=1.0,
    ):
        self.scope = scope
        self.window = window
        self.sided = sided
        self.word_ngram_range = word_ngram_range
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.context_weight = context_weight
        self.mention_weight = mention_weight

    def _context(self, item: TargetedText) -> str:
        if not item.target_spans:
            return ""
        if self.scope == "sentence":
            pieces = [
                (start, end)
                for start, end in _sentences(item.text)
                if any(start <= s < end for s, _ in item.target_spans)
            ]
            return " ".join(mask(_restrict(item, start, end)) for start, end in pieces)
        text = mask(item)
        tokens = TOKEN.findall(text)
        mentions = [i for i, token in enumerate(tokens) if token == TARGET_TOKEN]
        keep = set()
        for i in mentions:
            keep.update(range(max(0, i - int(self.window)), min(len(tokens), i + int(self.window) + 1)))
        if not self.sided:
            return " ".join(tokens[i] for i in sorted(keep))
        # Which side of the nearest mention a word is on: in "X condemned Y" the word is
        # after X (X speaks) and before Y (Y is criticised).
        out = []
        for i in sorted(keep):
            nearest = min(mentions, key=lambda m: abs(m - i))
            out.append(tokens[i] if i == nearest else ("before_" if i < nearest else "after_") + tokens[i])
        return " ".join(out)

    def fit(self, X, y=None):
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        if self.scope not in ("sentence", "window"):
            raise ValueError(f"scope must be 'sentence' or 'window', got {self.scope!r}")
        items = _check_items(X)
        self.vectorizer_ = TfidfVectorizer(
            ngram_range=_ngram_range(self.word_ngram_range, "word_ngram_range"),
            min_df=self.min_df,
            sublinear_tf=self.sublinear_tf,
            token_pattern=r"(?u)\b\w[\w'-]*\b",
            dtype=np.float32,
        )
        contexts = [self._context(item) for item in items]
        # An all-empty training set (no head ever mentioned) leaves nothing to learn a
        # vocabulary from; a placeholder keeps the shape valid and the columns zero.
        matrix = self.vectorizer_.fit_transform(contexts if any(contexts) else ["nomention"] * len(contexts))
        return self._stack(matrix, items)

    def transform(self, X):
        check_is_fitted(self, "vectorizer_")
        items = _check_items(X)
        return self._stack(self.vectorizer_.transform([self._context(item) for item in items]), items)

    def _stack(self, matrix, items):
        counts = sp.csr_matrix(_mention_features(items) * float(self.mention_weight))
        return sp.hstack([matrix * float(self.context_weight), counts], format="csr")


def _restrict(item: TargetedText, start: int, end: int) -> TargetedText:
    """The part of `item` between start and end, with spans shifted to match."""
    inside = lambda s: start <= s[0] and s[1] <= end  # noqa: E731
    return TargetedText(
        item.text[start:end],
        tuple((s - start, e - start) for s, e in item.target_spans if inside((s, e))),
        tuple(((s - start, e - start), actor) for (s, e), actor in item.other_spans if inside((s, e))),
    )


NEGATIONS = frozenset(
    "not no never none nobody nothing neither nor cannot can't won't don't doesn't didn't isn't aren't wasn't "
    "weren't hasn't haven't hadn't shouldn't wouldn't couldn't without hardly barely".split()
)


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """The VADER sentiment lexicon (Hutto and Gilbert, 2014; MIT licence), read from the
    vaderSentiment package's data file. The module itself is not imported (it pulls in
    `requests` for features framing does not use), and nothing is downloaded."""
    import importlib.util

    spec = importlib.util.find_spec("vaderSentiment")
    if spec is None or spec.origin is None:
        raise ImportError("TargetLexicon needs the vaderSentiment package: pip install vaderSentiment")
    path = Path(spec.origin).parent / "vader_lexicon.txt"
    lexicon = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                lexicon[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return lexicon


class TargetLexicon(TransformerMixin, BaseEstimator):
    """Sentiment-lexicon counts near the target's mentions and in the whole paragraph.

    Six features: positive and negative valence within `window` tokens of a target mention,
    the same over the whole paragraph, and how many lexicon words were negated near the
    target and overall. A word preceded within `negation_window` tokens by a negation
    ("not", "never", "without"...) counts with the opposite polarity. Valences are summed
    and divided by 4 (VADER's scale runs from -4 to 4), then log-scaled.
    """

    def __init__(self, window=6, negation_window=3, weight=1.0):
        self.window = window
        self.negation_window = negation_window
        self.weight = weight

    def fit(self, X, y=None):
        _check_items(X)
        vader_lexicon()  # fail at fit time, not at scoring time, if the lexicon is missing
        self.n_features_out_ = 6
        return self

    def _row(self, item: TargetedText, lexicon: Mapping[str, float]) -> list[float]:
        text = mask(TargetedText(item.text, item.target_spans, ()))
        tokens = [t.lower() for t in TOKEN.findall(text)]
        targets = [i for i, token in enumerate(tokens) if token == TARGET_TOKEN]
        near = set()
        for i in targets:
            near.update(range(max(0, i - int(self.window)), min(len(tokens), i + int(self.window) + 1)))
        pos_near = neg_near = pos_all = neg_all = negated_near = negated_all = 0.0
        for i, token in enumerate(tokens):
            valence = lexicon.get(token)
            if valence is None:
                continue
            negated = any(t in NEGATIONS for t in tokens[max(0, i - int(self.negation_window)) : i])
            if negated:
                valence = -valence
                negated_all += 1
                negated_near += i in near
            if valence > 0:
                pos_all += valence
                pos_near += valence if i in near else 0.0
            else:
                neg_all -= valence
                neg_near -= valence if i in near else 0.0
        raw = [pos_near / 4, neg_near / 4, pos_all / 4, neg_all / 4, negated_near, negated_all]
        return [math.log1p(v) for v in raw]

    def transform(self, X):
        check_is_fitted(self, "n_features_out_")
        items = _check_items(X)
        lexicon = vader_lexicon()
        rows = np.asarray([self._row(item, lexicon) for item in items], dtype=np.float32).reshape(len(items), 6)
        return sp.csr_matrix(rows * float(self.weight))

    def get_feature_names_out(self, input_features=None):
        return np.array(["pos_near", "neg_near", "pos_all", "neg_all", "negated_near", "negated_all"], dtype=object)


class ActorMasker(TransformerMixin, BaseEstimator):
    """Plain texts in, texts with every actor mention replaced by its actor token out; put it
    before a text featurizer in a Pipeline so names do not become features."""

    def __init__(self, aliases, ignore=()):
        self.aliases = aliases
        self.ignore = ignore

    def fit(self, X, y=None):
        self.matcher_ = ActorMatcher(self.aliases, self.ignore)
        return self

    def transform(self, X):
        check_is_fitted(self, "matcher_")
        out = []
        for text in X:
            mentions = self.matcher_.mentions(text)
            out.append(mask(TargetedText(text, (), tuple(mentions))))
        return out


class TargetBlocks(TransformerMixin, BaseEstimator):
    """The `base` featurizer's features of each text, placed in a block of columns of their
    own for each target value. A linear model over these is one model per target (as the
    SemEval-2016 Task 6 organisers' per-target SVMs), while the shared features beside them
    let targets borrow strength from each other. A target unseen in training gets zeros.

    base : a text featurizer (fitted once, on all training texts).
    """

    def __init__(self, base):
        self.base = base

    def fit(self, X, y=None):
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        from sklearn.base import clone

        items = _check_items(X)
        self.targets_ = sorted({item.target for item in items if item.target is not None})
        if not self.targets_:
            raise ValueError("TargetBlocks needs items with a target (a row target or an actor)")
        self.base_ = clone(self.base)
        return self._blocks(self.base_.fit_transform([item.text for item in items]), items)

    def transform(self, X):
        check_is_fitted(self, "base_")
        items = _check_items(X)
        return self._blocks(self.base_.transform([item.text for item in items]), items)

    def _blocks(self, matrix, items: Sequence[TargetedText]):
        matrix = sp.csr_matrix(matrix).tocoo()
        width = matrix.shape[1]
        index = {target: i for i, target in enumerate(self.targets_)}
        block = np.array([index.get(item.target, -1) for item in items])
        keep = block[matrix.row] >= 0
        columns = matrix.col[keep] + block[matrix.row[keep]] * width
        return sp.csr_matrix(
            (matrix.data[keep], (matrix.row[keep], columns)), shape=(len(items), width * len(self.targets_)), dtype=np.float32
        )
