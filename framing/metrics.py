"""Per-head evaluation metrics, and the majority-class baseline they are read against.

Macro averages run over the labels that occur in the gold labels or the predictions of the
evaluated set (scikit-learn's default): a label with no examples on either side has no
defined F1, and counting it as 0 would punish a model for the test file's composition.
Per-class figures are still reported for every configured label, support 0 included.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from framing.task import MULTI, Head

# The figures shown first in reports and compared by default, per kind of head.
HEADLINE = {
    "single": ("macro_f1", "accuracy", "f_avg"),
    "multi": ("micro_f1", "macro_f1", "primary_accuracy"),
}


def _per_class(p, r, f, s, labels: Sequence[str]) -> dict[str, dict[str, float]]:
    return {
        label: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
        for i, label in enumerate(labels)
    }


def _confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    matrix = confusion_matrix(gold, pred, labels=list(labels))
    return {"labels": list(labels), "rows": "gold", "columns": "predicted", "matrix": matrix.tolist()}


def single_label_metrics(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str], favg_labels: Sequence[str] = ()
) -> dict[str, Any]:
    if len(gold) != len(pred) or not gold:
        raise ValueError(f"need equally many, and some, gold and predicted labels ({len(gold)} vs {len(pred)})")
    labels = list(labels)
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    seen = set(gold) | set(pred)
    present = [i for i, label in enumerate(labels) if label in seen]
    out: dict[str, Any] = {
        "n": len(gold),
        "accuracy": float(np.mean([g == q for g, q in zip(gold, pred)])),
        "macro_f1": float(np.mean(f[present])),
    }
    if favg_labels:
        # SemEval-2016 Task 6: F_avg is the mean of the F1 of FAVOR and AGAINST, computed over
        # all items pooled; here, the configured labels (pro and anti).
        out["f_avg"] = float(np.mean([f[labels.index(label)] for label in favg_labels]))
    out["per_class"] = _per_class(p, r, f, s, labels)
    out["confusion_matrix"] = _confusion(gold, pred, labels)
    return out


def _binarize(rows: Sequence[Sequence[str]], labels: Sequence[str]) -> np.ndarray:
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(rows), len(labels)), dtype=np.int8)
    for r, values in enumerate(rows):
        for value in values:
            matrix[r, index[value]] = 1
    return matrix


def multi_label_metrics(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], labels: Sequence[str]) -> dict[str, Any]:
    if len(gold) != len(pred) or not gold:
        raise ValueError(f"need equally many, and some, gold and predicted label lists ({len(gold)} vs {len(pred)})")
    labels = list(labels)
    y_true, y_pred = _binarize(gold, labels), _binarize(pred, labels)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average=None, zero_division=0)
    present = np.flatnonzero(y_true.any(axis=0) | y_pred.any(axis=0))
    tp = int((y_true & y_pred).sum())
    fp = int(((1 - y_true) & y_pred).sum())
    fn = int((y_true & (1 - y_pred)).sum())
    micro = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    gold_primary = [g[0] for g in gold]
    pred_primary = [q[0] for q in pred]
    return {
        "n": len(gold),
        "micro_f1": float(micro),
        "macro_f1": float(np.mean(f[present])) if len(present) else 0.0,
        "primary_accuracy": float(np.mean([g == q for g, q in zip(gold_primary, pred_primary)])),
        "subset_accuracy": float(np.mean((y_true == y_pred).all(axis=1))),
        "label_cardinality": {"gold": float(y_true.sum(axis=1).mean()), "predicted": float(y_pred.sum(axis=1).mean())},
        "per_class": _per_class(p, r, f, s, labels),
        # Of the primary (first) frame, so that it reads like the single-label heads' matrices.
        "confusion_matrix": _confusion(gold_primary, pred_primary, labels),
    }


def evaluate_head(head: Head, gold: Sequence[Any], pred: Sequence[Any]) -> dict[str, Any]:
    if head.kind == MULTI:
        return multi_label_metrics(gold, pred, head.labels)
    return single_label_metrics(gold, pred, head.labels, head.favg_labels)


def majority_label(head: Head, train_targets: Sequence[Any]) -> Any:
    """The majority-class baseline's single answer: the most frequent training label (for a
    multi-label head, the most frequent primary label, as a one-item list). Ties go to the
    label listed first in the config, so the baseline does not depend on data order."""
    if head.kind == MULTI:
        counts = Counter(values[0] for values in train_targets)
    else:
        counts = Counter(train_targets)
    best = max(head.labels, key=lambda label: (counts.get(label, 0), -head.labels.index(label)))
    return [best] if head.kind == MULTI else best
