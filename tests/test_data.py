"""Loading and validating labelled data: every format, every bad input and its message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing.data import load_data
from framing.errors import DataError, FramingError
from framing.readers import read_rows
from framing.split import split_records
from framing.task import task_from_config

from tiny import make_records, write_jsonl

STANCE = ["pro", "anti", "neutral", "absent"]
FRAMES = ["Economic", "Security_and_defense", "Health_and_safety", "Political", "Other"]
TASK = task_from_config(
    {
        "name": "t",
        "group_column": "doc_id",
        "source_column": "source",
        "heads": {
            "stance_beijing": {"labels": STANCE},
            "stance_taipei": {"labels": STANCE},
            "stance_washington": {"labels": STANCE},
            "frames": {"kind": "multi", "labels": FRAMES},
        },
    }
)


def _files(tmp_path: Path, train=None, dev=None, test=None) -> dict:
    return {
        "train": str(write_jsonl(tmp_path / "train.jsonl", train if train is not None else make_records(30, 1, "tr"))),
        "dev": str(write_jsonl(tmp_path / "dev.jsonl", dev if dev is not None else make_records(8, 2, "dv"))),
        "test": str(write_jsonl(tmp_path / "test.jsonl", test if test is not None else make_records(8, 3, "te"))),
    }


def test_three_files_load(tmp_path):
    data = load_data(_files(tmp_path), TASK, seed=0)
    assert [len(data.splits[s]) for s in ("train", "dev", "test")] == [30, 8, 8]
    record = data.splits["train"][0]
    assert record.id == "tr-0" and record.doc_id == "tr-doc0" and isinstance(record.labels["frames"], list)
    assert data.info["splits"]["test"]["sha256"] != data.info["splits"]["dev"]["sha256"]


def test_hash_depends_on_content_not_format(tmp_path):
    records = make_records(6, 1, "x")
    jsonl = write_jsonl(tmp_path / "a.jsonl", records)
    import datasets

    datasets.Dataset.from_list(records).to_parquet(str(tmp_path / "a.parquet"))
    from framing.data import records_sha256
    from framing.validation import validate_rows

    a = validate_rows(read_rows(str(jsonl))[0], TASK)[0]
    b = validate_rows(read_rows(str(tmp_path / "a.parquet"))[0], TASK)[0]
    assert records_sha256(a) == records_sha256(b)


def test_csv_parquet_and_save_to_disk_read_the_same_records(tmp_path):
    import datasets

    records = make_records(5, 1, "x")
    dataset = datasets.Dataset.from_list(records)
    dataset.to_parquet(str(tmp_path / "d.parquet"))
    dataset.save_to_disk(str(tmp_path / "folder"))
    csv_lines = ["id,text,stance_beijing,stance_taipei,stance_washington,frames,doc_id,source"]
    for r in records:
        text = r["text"].replace('"', '""')
        csv_lines.append(
            f'{r["id"]},"{text}",{r["stance_beijing"]},{r["stance_taipei"]},{r["stance_washington"]},'
            f'{";".join(r["frames"])},{r["doc_id"]},{r["source"]}'
        )
    (tmp_path / "d.csv").write_text("\n".join(csv_lines) + "\n", encoding="utf-8")
    from framing.validation import validate_rows

    expected = [(r["id"], r["text"], r["frames"]) for r in records]
    for spec in ("d.parquet", "folder", "d.csv"):
        rows, problems = read_rows(str(tmp_path / spec), TASK.multi_label_columns)
        valid, invalid = validate_rows(rows, TASK)
        assert not problems and not invalid, spec
        assert [(r.id, r.text, r.labels["frames"]) for r in valid] == expected, spec
    rows, _ = read_rows(str(tmp_path / "d.csv"), TASK.multi_label_columns)
    assert rows[0][0].endswith("d.csv:2")  # line 1 is the header
    rows, _ = read_rows(str(tmp_path / "d.parquet"))
    assert rows[2][0].endswith("d.parquet: row 3")


def test_dataset_dict_folder_points_at_its_splits(tmp_path):
    import datasets

    ds = datasets.Dataset.from_list(make_records(4, 1, "x"))
    datasets.DatasetDict({"train": ds, "test": ds}).save_to_disk(str(tmp_path / "dd"))
    with pytest.raises(FramingError, match=r"DatasetDict with splits \['train', 'test'\].*dd/train"):
        read_rows(str(tmp_path / "dd"))


def test_hub_name_fails_fast_offline_and_says_to_pass_a_local_path(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with pytest.raises(FramingError, match="is not a local file or folder.*pass a local path"):
        read_rows("someone/taiwan-news")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(FramingError, match="HF_HUB_OFFLINE is set.*pass a local path"):
        read_rows("someone/taiwan-news", allow_hub=True)


def test_missing_local_file_is_named(tmp_path):
    with pytest.raises(FramingError, match="nope.jsonl: file not found"):
        read_rows(str(tmp_path / "nope.jsonl"))


def test_unknown_file_type(tmp_path):
    (tmp_path / "x.xlsx").write_text("x")
    with pytest.raises(FramingError, match="unknown file type '.xlsx'"):
        read_rows(str(tmp_path / "x.xlsx"))


def _good(i=0, **changes):
    record = make_records(1, 7, "bad")[0]
    record["id"] = f"bad-{i}"
    record["text"] = f"{record['text']} variant {i}"
    record.update(changes)
    return record


def _drop(record, key):
    record = dict(record)
    del record[key]
    return record


BAD_RECORDS = [
    (_drop(_good(), "text"), "text", "missing"),
    (_good(text="   "), "text", "empty"),
    (_good(text=42), "text", "expected a string, got int"),
    (_good(stance_beijing="positive"), "stance_beijing", "unknown label 'positive' \\(allowed: pro, anti, neutral, absent\\)"),
    (_drop(_good(), "stance_taipei"), "stance_taipei", "missing"),
    (_good(stance_washington=["pro"]), "stance_washington", "expected a string label, got list"),
    (_good(frames="Economic"), "frames", "expected a list of labels, got a string"),
    (_good(frames=[]), "frames", "empty list"),
    (_good(frames=["Economic", 3]), "frames", "expected a list of strings, found int 3"),
    (_good(frames=["Economy"]), "frames", "unknown label 'Economy'"),
    (_good(frames=["Economic", "Economic"]), "frames", "a label is repeated"),
    (_good(id=None), "id", "missing"),
    (_good(id=1.5), "id", "expected a string or integer, got float"),
    (_good(id=True), "id", "expected a string or integer, got bool"),
    (_good(doc_id=["a"]), "doc_id", "expected a string or integer, got list"),
    (_good(source=5), "source", "expected a string, got int"),
]


@pytest.mark.parametrize("bad, field, message", BAD_RECORDS, ids=[f"{f}-{i}" for i, (_, f, _) in enumerate(BAD_RECORDS)])
def test_each_bad_value_is_named_with_file_line_and_field(tmp_path, bad, field, message):
    train = make_records(30, 1, "tr")
    train.insert(4, bad)  # line 5
    files = _files(tmp_path, train=train)
    with pytest.raises(DataError, match=rf"train\.jsonl:5: field '{field}': {message}"):
        load_data(files, TASK, seed=0)


def test_invalid_json_and_non_objects_are_named_by_line(tmp_path):
    files = _files(tmp_path)
    with open(files["dev"], "a", encoding="utf-8") as handle:
        handle.write('{"id": "x", "text": \n[1, 2]\n')
    with open(files["dev"], "ab") as handle:
        handle.write(b'{"id": "\xff"}\n')
    with pytest.raises(DataError) as caught:
        load_data(files, TASK, seed=0)
    message = str(caught.value)
    assert "dev.jsonl:9: invalid JSON" in message
    assert "dev.jsonl:10: expected a JSON object, got list" in message
    assert "dev.jsonl:11: not valid UTF-8" in message


def test_duplicate_ids_name_both_places(tmp_path):
    train = make_records(30, 1, "tr")
    train[9]["id"] = train[2]["id"]
    with pytest.raises(DataError, match=r"train\.jsonl:10: field 'id': duplicate id 'tr-2' \(first at .*train\.jsonl:3\)"):
        load_data(_files(tmp_path, train=train), TASK, seed=0)


def test_same_text_in_train_and_test_is_a_leak(tmp_path):
    train = make_records(30, 1, "tr")
    test = make_records(8, 3, "te")
    test[3]["text"] = "  " + train[5]["text"].upper() + " "  # case and spacing do not hide it
    with pytest.raises(DataError, match=r"test\.jsonl:4: field 'text': the same text is in the train split \(.*train\.jsonl:6\)"):
        load_data(_files(tmp_path, train=train, test=test), TASK, seed=0)


def test_same_id_in_two_splits(tmp_path):
    dev = make_records(8, 2, "dv")
    dev[0]["id"] = "tr-3"
    with pytest.raises(DataError, match=r"dev\.jsonl:1: field 'id': id 'tr-3' is also in the train split"):
        load_data(_files(tmp_path, dev=dev), TASK, seed=0)


def test_all_problems_are_listed_at_once(tmp_path):
    train = make_records(30, 1, "tr")
    train[0]["text"] = ""
    train[1]["stance_beijing"] = "hostile"
    with pytest.raises(DataError) as caught:
        load_data(_files(tmp_path, train=train), TASK, seed=0)
    assert len(caught.value.problems) == 2
    assert "data.on_invalid=drop" in str(caught.value)


def test_drop_mode_drops_logs_and_counts(tmp_path, caplog):
    train = make_records(30, 1, "tr")
    train[0]["text"] = ""
    train[1]["stance_beijing"] = "hostile"
    train[1]["frames"] = []
    test = make_records(8, 3, "te")
    test[2]["text"] = train[7]["text"]
    conf = dict(_files(tmp_path, train=train, test=test), on_invalid="drop")
    with caplog.at_level("WARNING", logger="framing"):
        data = load_data(conf, TASK, seed=0)
    assert len(data.splits["train"]) == 28 and len(data.splits["test"]) == 7
    assert data.info["dropped"]["train"] == {"rows": 2, "by_field": {"text": 1, "stance_beijing": 1, "frames": 1}}
    assert data.info["dropped"]["test"] == {"rows": 1, "by_field": {"text": 1}}
    assert sum(r.message.startswith("dropped row:") for r in caplog.records) == 4


def test_bad_on_invalid_value(tmp_path):
    with pytest.raises(FramingError, match="data.on_invalid must be one of"):
        load_data(dict(_files(tmp_path), on_invalid="ignore"), TASK, seed=0)


def test_train_and_test_are_required(tmp_path):
    with pytest.raises(FramingError, match="data.test is not set"):
        load_data({"train": _files(tmp_path)["train"]}, TASK, seed=0)


def test_json_array_file_gets_a_clear_message(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(make_records(3, 1, "x")), encoding="utf-8")
    rows, problems = read_rows(str(path))
    assert not rows and "a JSON array; write one JSON object per line" in str(problems[0])


def test_single_file_is_split_by_group_seeded_and_stratified(tmp_path):
    records = make_records(120, 1, "all")
    path = write_jsonl(tmp_path / "all.jsonl", records)
    conf = {"file": str(path), "split": {"dev_fraction": 0.1, "test_fraction": 0.2, "stratify_head": "stance_beijing"}}
    first = load_data(conf, TASK, seed=5)
    again = load_data(conf, TASK, seed=5)
    other = load_data(conf, TASK, seed=6)
    ids = lambda data: {s: [r.id for r in data.splits[s]] for s in ("train", "dev", "test")}  # noqa: E731
    assert ids(first) == ids(again)
    assert ids(first) != ids(other)
    sizes = {s: len(first.splits[s]) for s in ("train", "dev", "test")}
    assert sum(sizes.values()) == 120
    assert 18 <= sizes["test"] <= 30 and 8 <= sizes["dev"] <= 18
    groups = {s: {r.group for r in first.splits[s]} for s in ("train", "dev", "test")}
    assert not groups["train"] & groups["test"] and not groups["train"] & groups["dev"] and not groups["dev"] & groups["test"]
    test_labels = {r.labels["stance_beijing"] for r in first.splits["test"]}
    assert test_labels == set(STANCE)  # stratified: every class reaches test


def test_single_file_and_three_files_are_exclusive(tmp_path):
    files = _files(tmp_path)
    with pytest.raises(FramingError, match="either 'file'"):
        load_data(dict(files, file=files["train"]), TASK, seed=0)


def test_split_needs_enough_groups():
    from framing.validation import validate_rows

    records = validate_rows([(f"x:{i}", r) for i, r in enumerate(make_records(4, 1, "x"))], TASK)[0]
    with pytest.raises(FramingError, match="only 2 article group"):
        split_records(records, 0.1, 0.2, 0, "stance_beijing")


def test_an_article_in_two_given_files_is_warned_about(tmp_path, caplog):
    test = make_records(8, 3, "te")
    test[0]["doc_id"] = "tr-doc1"
    with caplog.at_level("WARNING", logger="framing"):
        data = load_data(_files(tmp_path, test=test), TASK, seed=0)
    assert data.info["warnings"] == [
        f"1 article(s) have paragraphs in both train ({tmp_path / 'train.jsonl'}) and test ({tmp_path / 'test.jsonl'}), e.g. doc_id 'tr-doc1'"
    ]
    assert "article(s) have paragraphs in both" in caplog.text


def test_paragraphs_without_doc_id_are_their_own_group(tmp_path):
    records = make_records(6, 1, "x")
    for record in records:
        del record["doc_id"]
    path = write_jsonl(tmp_path / "x.jsonl", records)
    from framing.validation import validate_rows

    valid, _ = validate_rows(read_rows(str(path))[0], TASK)
    assert len({r.group for r in valid}) == 6 and all(r.doc_id is None for r in valid)


ROW_TASK = task_from_config(
    {
        "name": "tsc",
        "row_target": {"text_column": "mention", "span_columns": ["from", "to"]},
        "heads": {"polarity": {"labels": ["negative", "neutral", "positive"], "target": "row"}},
    }
)


def _tsc(i=0, **changes):
    record = {"id": f"s{i}", "text": "Critics said Smith lied again.", "mention": "Smith", "from": 13, "to": 18, "polarity": "negative"}
    record.update(changes)
    return record


def test_row_targets_are_read_with_their_spans(tmp_path):
    from framing.validation import validate_rows

    path = write_jsonl(tmp_path / "t.jsonl", [_tsc(0), _tsc(1, text="Smith won.", **{"from": 0, "to": 5})])
    records, problems = validate_rows(read_rows(str(path))[0], ROW_TASK)
    assert not problems
    assert records[0].model_input == {"text": "Critics said Smith lied again.", "target": "Smith", "span": [13, 18]}
    assert records[0].as_dict()["target"] == "Smith"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"mention": None}, "mention", "missing"),
        ({"mention": 3}, "mention", "expected a string, got int"),
        ({"from": "x"}, "from", "expected an integer character offset, got str"),
        ({"to": 99}, "from", r"span \[13, 99\) is not inside the text \(length 30\)"),
        ({"from": 18, "to": 13}, "from", "is not inside the text"),
    ],
)
def test_bad_row_targets_are_named(tmp_path, changes, field, message):
    from framing.validation import validate_rows

    path = write_jsonl(tmp_path / "t.jsonl", [_tsc(0), _tsc(1, **changes)])
    _, problems = validate_rows(read_rows(str(path))[0], ROW_TASK)
    assert len(problems) == 1
    assert problems[0].locator.endswith("t.jsonl:2") and problems[0].field == field
    assert __import__("re").search(message, problems[0].message), problems[0].message


def test_row_target_config_errors():
    with pytest.raises(FramingError, match="target 'row' needs the task's row_target"):
        task_from_config({"heads": {"h": {"labels": ["a", "b"], "target": "row"}}})
    with pytest.raises(FramingError, match="must name two columns"):
        task_from_config({"row_target": {"text_column": "m", "span_columns": ["a"]}, "heads": {"h": {"labels": ["a", "b"]}}})


def test_on_leak_warn_keeps_published_test_sets_whole(tmp_path):
    train = make_records(30, 1, "tr")
    test = make_records(8, 3, "te")
    test[3]["text"] = train[5]["text"]
    conf = dict(_files(tmp_path, train=train, test=test), on_leak="warn")
    data = load_data(conf, TASK, seed=0)
    assert len(data.splits["test"]) == 8 and not data.info["dropped"]
    assert data.info["warnings"][0].startswith("kept (data.on_leak=warn): ") and "test.jsonl:4" in data.info["warnings"][0]
    with pytest.raises(FramingError, match="data.on_leak must be one of"):
        load_data(dict(conf, on_leak="ignore"), TASK, seed=0)


def test_on_leak_is_independent_of_on_invalid(tmp_path):
    train = make_records(30, 1, "tr")
    train[0]["text"] = ""  # an invalid row
    test = make_records(8, 3, "te")
    test[3]["text"] = train[5]["text"]  # a leak
    files = _files(tmp_path, train=train, test=test)
    data = load_data(dict(files, on_invalid="drop", on_leak="drop"), TASK, seed=0)
    assert len(data.splits["test"]) == 7 and data.info["dropped"]["test"]["rows"] == 1
    with pytest.raises(DataError) as caught:
        load_data(dict(files, on_invalid="drop", on_leak="error"), TASK, seed=0)
    assert [p.field for p in caught.value.problems] == ["text"] and "same text" in str(caught.value)
    with pytest.raises(DataError) as caught:
        load_data(dict(files, on_invalid="error", on_leak="drop"), TASK, seed=0)
    assert [str(p) for p in caught.value.problems] == [f"{files['train']}:1: field 'text': empty"]
