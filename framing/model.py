"""One model, several heads: features are computed once per paragraph and shared by all heads.

`MultiHeadClassifier` is a scikit-learn estimator (it survives `clone` and pickling). Each head
gets its own clone of the configured classifier; a multi-label head wraps it one-vs-rest.
Probabilities always come out in the head's configured label order, with 0 for a label the
training data never showed, so downstream code never has to guess what a column means.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.multiclass import OneVsRestClassifier
from sklearn.utils.validation import check_is_fitted

SINGLE = "single"  # kept equal to framing.task's constants without importing it at score time
MULTI = "multi"
ROW = "row"


def model_input(text: str, target: str | None = None, span: Sequence[int] | None = None) -> Any:
    """What MultiHeadClassifier reads for one paragraph: the text, or, for heads whose target
    is given per row, {"text", "target", "span"}."""
    if target is None:
        return text
    return {"text": text, "target": target, "span": list(span) if span else None}


def _text(item: Any) -> str:
    """Inputs are texts, or mappings with a "text" (and the row's "target" and "span")."""
    return item["text"] if isinstance(item, Mapping) else item


def _occurrences(text: str, target: str) -> tuple[tuple[int, int], ...]:
    """Where `target` occurs in `text`, ignoring case; none for a topic the text never names."""
    return tuple(m.span() for m in re.finditer(re.escape(target), text, flags=re.IGNORECASE))


def _head_specs(heads: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    specs = []
    names = set()
    for head in heads:
        name, kind, labels = head.get("name"), head.get("kind", SINGLE), list(head.get("labels") or [])
        target = head.get("target")
        if not name or name in names:
            raise ValueError(f"every head needs a unique name, got {name!r}")
        if kind not in (SINGLE, MULTI):
            raise ValueError(f"head {name}: kind must be '{SINGLE}' or '{MULTI}', got {kind!r}")
        if len(labels) < 2 or len(set(labels)) != len(labels):
            raise ValueError(f"head {name}: needs two or more distinct labels, got {labels}")
        names.add(name)
        spec = {"name": name, "kind": kind, "labels": labels}
        if target is not None:
            spec["target"] = str(target)
        specs.append(spec)
    if not specs:
        raise ValueError("MultiHeadClassifier needs at least one head")
    return specs


class MultiHeadClassifier(BaseEstimator):
    """Shared featurizer + one classifier per head.

    Parameters
    ----------
    featurizer : transformer turning an iterable of texts into a feature matrix.
    classifier : classifier with `predict_proba`; cloned for every head.
    heads : list of {"name", "kind": "single"|"multi", "labels": [...]}.
    threshold : a multi-label head predicts every label whose probability reaches this; if
        none does, the single most probable label (a paragraph always has a primary frame).
    target_featurizer : optional transformer of `TargetedText` items (framing.target_features),
        cloned and fitted once per head with a `target` (an actor, or "row" for a target given
        with each input); its features are added
        to the shared ones for that head only.
    actor_aliases : {actor: [alias, ...]} used to find each head's target in the text.
    ignore_phrases : phrases that contain an alias but name no actor ("South China Sea").
    """

    def __init__(self, featurizer, classifier, heads, threshold=0.5, target_featurizer=None, actor_aliases=None, ignore_phrases=()):
        self.featurizer = featurizer
        self.classifier = classifier
        self.heads = heads
        self.threshold = threshold
        self.target_featurizer = target_featurizer
        self.actor_aliases = actor_aliases
        self.ignore_phrases = ignore_phrases

    def fit(self, X, y: Mapping[str, Sequence[Any]]):
        inputs = list(X)
        texts = [_text(x) for x in inputs]
        specs = _head_specs(self.heads)
        if not texts:
            raise ValueError("cannot fit on zero texts")
        if not hasattr(self.classifier, "predict_proba"):
            raise ValueError(
                f"{type(self.classifier).__name__} has no predict_proba; wrap it in "
                "sklearn.calibration.CalibratedClassifierCV so that every head reports probabilities"
            )
        if not 0.0 < float(self.threshold) <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        for spec in specs:
            if spec["name"] not in y:
                raise ValueError(f"no targets given for head {spec['name']}")
            if len(y[spec["name"]]) != len(texts):
                raise ValueError(f"head {spec['name']}: {len(y[spec['name']])} targets for {len(texts)} texts")

        self.matcher_ = self._matcher(specs)
        self.featurizer_ = clone(self.featurizer)
        shared = self.featurizer_.fit_transform(texts)
        self.target_featurizers_ = {}
        self.estimators_ = {}
        for spec in specs:
            features = shared
            if "target" in spec and self.target_featurizer is not None:
                head_featurizer = clone(self.target_featurizer)
                targeted = self._targeted(spec, inputs, texts)
                features = sp.hstack([shared, head_featurizer.fit_transform(targeted)], format="csr")
                self.target_featurizers_[spec["name"]] = head_featurizer
            self.estimators_[spec["name"]] = self._fit_head(spec, features, y[spec["name"]])
        self.heads_ = specs
        return self

    def _matcher(self, specs: list[dict[str, Any]]):
        if self.target_featurizer is None or not any("target" in spec for spec in specs):
            return None
        actors = {spec["target"] for spec in specs if spec.get("target", ROW) != ROW}
        missing = sorted(actors - set(self.actor_aliases or {}))
        if missing:
            raise ValueError(f"heads target actors {missing} that have no aliases in actor_aliases")
        if not self.actor_aliases:
            return None
        from framing.actors import ActorMatcher

        return ActorMatcher(self.actor_aliases, self.ignore_phrases)

    def _targeted(self, spec: dict[str, Any], inputs: list[Any], texts: list[str]):
        """The paragraphs as this head sees them: with its target's mentions marked."""
        from framing.actors import TargetedText

        if spec["target"] != ROW:
            return [self.matcher_.targeted(text, spec["target"]) for text in texts]
        items = []
        for item, text in zip(inputs, texts):
            if not isinstance(item, Mapping) or item.get("target") is None:
                raise ValueError(
                    f"head {spec['name']} reads a target per paragraph: give {{'text', 'target', 'span'}} "
                    f"mappings, not plain texts"
                )
            span = item.get("span")
            spans = (tuple(span),) if span else _occurrences(text, item["target"])
            others = tuple(self.matcher_.mentions(text)) if self.matcher_ is not None else ()
            items.append(TargetedText(text, spans, others, item["target"]))
        return items

    def _head_features(self, spec: dict[str, Any], shared, inputs: list[Any], texts: list[str]):
        head_featurizer = self.target_featurizers_.get(spec["name"])
        if head_featurizer is None:
            return shared
        return sp.hstack([shared, head_featurizer.transform(self._targeted(spec, inputs, texts))], format="csr")

    def _fit_head(self, spec: dict[str, Any], features, targets: Sequence[Any]):
        labels = spec["labels"]
        if spec["kind"] == MULTI:
            index = {label: i for i, label in enumerate(labels)}
            matrix = np.zeros((len(targets), len(labels)), dtype=np.int8)
            for row, values in enumerate(targets):
                for value in values:
                    if value not in index:
                        raise ValueError(f"head {spec['name']}: label {value!r} is not in {labels}")
                    matrix[row, index[value]] = 1
            # A label never (or always) seen gets a constant predictor from scikit-learn; that
            # is the honest answer for it, so its warning is expected rather than a fault.
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Label .* is present in all training examples")
                return OneVsRestClassifier(clone(self.classifier)).fit(features, matrix)
        unknown = sorted({t for t in targets if t not in labels}, key=str)
        if unknown:
            raise ValueError(f"head {spec['name']}: labels {unknown} are not in {labels}")
        present = sorted(set(targets), key=labels.index)
        if len(present) < 2:
            raise ValueError(
                f"head {spec['name']}: the training data has only the label(s) {present}; at least two are needed"
            )
        return clone(self.classifier).fit(features, list(targets))

    def _head_proba(self, spec: dict[str, Any], features) -> np.ndarray:
        estimator = self.estimators_[spec["name"]]
        proba = np.asarray(estimator.predict_proba(features), dtype=float)
        if spec["kind"] == MULTI:
            return proba
        # Put columns in the configured label order; labels unseen in training get 0.
        full = np.zeros((proba.shape[0], len(spec["labels"])))
        for column, label in enumerate(estimator.classes_):
            full[:, spec["labels"].index(label)] = proba[:, column]
        return full

    def predict_proba(self, X) -> dict[str, np.ndarray]:
        """{head name: array (n_texts, n_labels)} in each head's configured label order."""
        check_is_fitted(self, "estimators_")
        inputs = list(X)
        texts = [_text(x) for x in inputs]
        shared = self.featurizer_.transform(texts)
        return {
            spec["name"]: self._head_proba(spec, self._head_features(spec, shared, inputs, texts)) for spec in self.heads_
        }

    def labels_from_proba(self, proba: Mapping[str, np.ndarray]) -> dict[str, list[Any]]:
        """Turn probabilities into labels: the argmax for single heads; for multi heads the
        labels at or above the threshold, most probable (the primary one) first."""
        check_is_fitted(self, "estimators_")
        out: dict[str, list[Any]] = {}
        for spec in self.heads_:
            p = proba[spec["name"]]
            labels = spec["labels"]
            if spec["kind"] == SINGLE:
                out[spec["name"]] = [labels[i] for i in p.argmax(axis=1)]
                continue
            rows = []
            for row in p:
                order = np.argsort(-row, kind="stable")
                chosen = [labels[i] for i in order if row[i] >= self.threshold]
                rows.append(chosen or [labels[order[0]]])
            out[spec["name"]] = rows
        return out

    def predict(self, X) -> dict[str, list[Any]]:
        return self.labels_from_proba(self.predict_proba(X))
