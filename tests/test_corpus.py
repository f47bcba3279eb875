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
