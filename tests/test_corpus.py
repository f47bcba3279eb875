"""The bundled corpus in data/ is valid under the task config that ships with it."""

from __future__ import annotations

import pytest
from omegaconf import OmegaConf

from framing.data import load_data
from framing.task import task_from_config

from conftest import ROOT

SPLITS = {name: ROOT / "data" / f"{name}.jsonl" for name in ("train", "dev", "test")}
pytestmark = pytest.mark.skipif(not all(p.is_file() for p in SPLITS.values()), reason="bundled corpus not present")


@pytest.fixture(scope="module")
def corpus():
    conf = OmegaConf.load(ROOT / "conf" / "task" / "taiwan_strait.yaml")
    task = task_from_config(OmegaConf.to_container(OmegaConf.create({"task": conf}), resolve=True)["task"])
    # on_invalid=error: any bad row, duplicate id or cross-split text fails here with its line.
    return task, load_data({name: str(path) for name, path in SPLITS.items()}, task, seed=0)


def test_every_record_is_valid_and_ids_are_unique(corpus):
    _, data = corpus
    ids = [r.id for split in data.splits.values() for r in split]
    assert len(ids) == len(set(ids)) >= 200


def test_no_article_spans_two_splits(corpus):
    _, data = corpus
    groups = {name: {r.group for r in records} for name, records in data.splits.items()}
    assert not groups["train"] & groups["dev"]
    assert not groups["train"] & groups["test"]
    assert not groups["dev"] & groups["test"]


def test_every_record_has_an_article_and_a_source(corpus):
    _, data = corpus
    for records in data.splits.values():
        for record in records:
            assert record.doc_id, record.locator
            assert record.source, record.locator


def test_every_label_occurs_in_train(corpus):
    task, data = corpus
    train = data.splits["train"]
    for head in task.heads:
        seen = {label for r in train for label in (r.labels[head.name] if head.kind == "multi" else [r.labels[head.name]])}
        assert seen == set(head.labels), head.name


def test_near_duplicates_none_above_threshold(corpus):
    from framing.near_duplicates import near_duplicate_pairs

    _, data = corpus
    records = [r for split in data.splits.values() for r in split]
    pairs = near_duplicate_pairs([r.text for r in records], threshold=0.6)
    assert not pairs, [(records[i].id, records[j].id, round(s, 3)) for i, j, s in pairs[:5]]


def test_paragraph_lengths(corpus):
    _, data = corpus
    for records in data.splits.values():
        for record in records:
            assert 30 <= len(record.text.split()) <= 150, record.locator


def test_split_proportions_and_size(corpus):
    _, data = corpus
    sizes = {name: len(records) for name, records in data.splits.items()}
    total = sum(sizes.values())
    assert total >= 2400
    assert 0.70 <= sizes["train"] / total <= 0.80
    assert 0.08 <= sizes["dev"] / total <= 0.13
    assert 0.13 <= sizes["test"] / total <= 0.18


def test_balance_minimums_in_train(corpus):
    task, data = corpus
    train = data.splits["train"]
    for head in task.heads:
        for label in head.labels:
            if head.kind == "multi":
                count = sum(label in r.labels[head.name] for r in train)
                assert count >= 40, (head.name, label, count)
            else:
                share = sum(r.labels[head.name] == label for r in train) / len(train)
                assert share >= 0.15, (head.name, label, round(share, 3))


def test_double_coded_sample_is_resolved_in_the_data(corpus):
    import json

    task, data = corpus
    path = ROOT / "data" / "annotation" / "double_coded.jsonl"
    coded = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(coded) >= 300
    by_id = {r.id: r for split in data.splits.values() for r in split}
    for item in coded:
        record = by_id[item["id"]]
        for head in task.heads:
            assert record.labels[head.name] == item["final"][head.name], (item["id"], head.name)
            for coder in ("first", "second"):
                value = item[coder][head.name]
                values = value if head.kind == "multi" else [value]
                assert set(values) <= set(head.labels), (item["id"], coder, head.name)


def test_datasheet_figures_are_generated_not_typed():
    from framing.datasheet import main

    assert main(["--root", str(ROOT), "--check"]) == 0, "run: python -m framing.datasheet"
