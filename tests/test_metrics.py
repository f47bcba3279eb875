"""Metrics on small cases whose answers are worked out by hand."""

from __future__ import annotations

import pytest

from framing.metrics import majority_label, multi_label_metrics, single_label_metrics
from framing.task import Head

LABELS = ["pro", "anti", "neutral", "absent"]


def test_single_label_by_hand():
    gold = ["pro", "pro", "anti", "anti", "neutral", "absent"]
    pred = ["pro", "anti", "anti", "anti", "absent", "absent"]
    m = single_label_metrics(gold, pred, LABELS, favg_labels=["pro", "anti"])
    assert m["n"] == 6 and m["accuracy"] == pytest.approx(4 / 6)
    # pro: P=1/1, R=1/2 -> F1=2/3; anti: P=2/3, R=1 -> F1=0.8; neutral: 0; absent: P=1/2, R=1 -> 2/3
    assert m["per_class"]["pro"]["f1"] == pytest.approx(2 / 3)
    assert m["per_class"]["anti"]["f1"] == pytest.approx(0.8)
    assert m["per_class"]["neutral"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert m["f_avg"] == pytest.approx((2 / 3 + 0.8) / 2)
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0.8 + 0 + 2 / 3) / 4)
    assert m["confusion_matrix"]["matrix"] == [[1, 1, 0, 0], [0, 2, 0, 0], [0, 0, 0, 1], [0, 0, 0, 1]]


def test_macro_f1_skips_labels_absent_from_gold_and_predictions():
    m = single_label_metrics(["pro", "anti"], ["pro", "anti"], LABELS)
    assert m["macro_f1"] == 1.0
    assert m["per_class"]["neutral"]["support"] == 0
    assert "f_avg" not in m


def test_multi_label_by_hand():
    labels = ["Economic", "Political", "Morality", "Other"]
    gold = [["Economic", "Political"], ["Political"], ["Morality"]]
    pred = [["Political", "Economic"], ["Political", "Economic"], ["Political"]]
    m = multi_label_metrics(gold, pred, labels)
    # tp = 3 (E, P in row 1; P in row 2), fp = 2 (E in row 2, P in row 3), fn = 1 (Morality)
    assert m["micro_f1"] == pytest.approx(2 * 3 / (2 * 3 + 2 + 1))
    # Economic P=1/2 R=1 F=2/3; Political P=2/3 R=1 F=0.8; Morality 0; Other not present anywhere.
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0.8 + 0) / 3)
    assert m["primary_accuracy"] == pytest.approx(1 / 3)  # only row 2's first label matches
    assert m["subset_accuracy"] == pytest.approx(1 / 3)  # row 1 matches as a set
    assert m["per_class"]["Other"]["support"] == 0
    assert m["confusion_matrix"]["matrix"][0] == [0, 1, 0, 0]  # gold primary Economic -> predicted Political


def test_majority_label_and_its_tie_break():
    head = Head("h", "h", "single", tuple(LABELS))
    assert majority_label(head, ["anti", "anti", "pro"]) == "anti"
    assert majority_label(head, ["anti", "pro"]) == "pro"  # tie: first in config order
    frames = Head("f", "f", "multi", ("Economic", "Political"))
    assert majority_label(frames, [["Political", "Economic"], ["Political"], ["Economic"]]) == ["Political"]


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        single_label_metrics(["pro"], [], LABELS)
    with pytest.raises(ValueError):
        multi_label_metrics([], [], ["a", "b"])
