"""train(cfg) end to end on tiny data: the run folder and what is in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing.errors import DataError, FramingError
from framing.train import train

RUN_FILES = {"config.yaml", "metrics.json", "report.md", "predictions.jsonl", "model.joblib", "model.json", "train.log"}


def test_run_folder_holds_everything(trained_run):
    run_dir, metrics = trained_run
    assert {p.name for p in run_dir.iterdir()} == RUN_FILES
    on_disk = json.loads((run_dir / "metrics.json").read_text())
    assert on_disk["schema"] == "framing-metrics" and on_disk["schema_version"] == 1
    assert on_disk["run"]["id"] == run_dir.name
    assert "run_dir" not in on_disk  # where a run lives is not part of what it measured


def test_metrics_per_head(trained_run):
    _, metrics = trained_run
    heads = metrics["heads"]
    assert list(heads) == ["stance_beijing", "stance_taipei", "stance_washington", "frames"]
    stance = heads["stance_taipei"]
    for split in ("test", "dev"):
        for key in ("accuracy", "macro_f1", "f_avg", "per_class", "confusion_matrix"):
            assert key in stance[split]
    assert set(stance["test"]["per_class"]) == {"pro", "anti", "neutral", "absent"}
    assert stance["baseline"]["name"] == "majority"
    assert stance["baseline"]["test"]["accuracy"] <= stance["test"]["accuracy"]
    frames = heads["frames"]
    for key in ("micro_f1", "macro_f1", "primary_accuracy", "per_class"):
        assert key in frames["test"]
    assert len(frames["test"]["per_class"]) == 15
    # Tiny data is learnable: the model must beat the majority baseline clearly.
    assert stance["test"]["macro_f1"] > stance["baseline"]["test"]["macro_f1"] + 0.3


def test_predictions_file_has_every_test_paragraph_with_probabilities(trained_run):
    run_dir, metrics = trained_run
    rows = [json.loads(line) for line in (run_dir / "predictions.jsonl").read_text().splitlines()]
    assert len(rows) == metrics["data"]["splits"]["test"]["n"]
    row = rows[0]
    assert set(row) >= {"id", "gold", "pred", "proba", "text"}
    assert sum(row["proba"]["stance_beijing"].values()) == pytest.approx(1.0, abs=1e-4)
    assert row["pred"]["stance_beijing"] == max(row["proba"]["stance_beijing"], key=row["proba"]["stance_beijing"].get)
    assert isinstance(row["pred"]["frames"], list) and row["pred"]["frames"]


def test_report_shows_model_against_baseline(trained_run):
    run_dir, _ = trained_run
    report = (run_dir / "report.md").read_text()
    assert "| stance_beijing | macro_f1 |" in report and "majority (test)" in report
    assert "Confusion matrix" in report


def test_two_runs_never_share_a_folder_and_overrides_are_recorded(compose, tiny_overrides):
    first = train(compose(tiny_overrides))
    second = train(compose(tiny_overrides + ["model.C=0.3", "seed=3"]))
    assert first["run_dir"] != second["run_dir"]
    config = (Path(second["run_dir"]) / "config.yaml").read_text()
    assert "C: 0.3" in config and "seed: 3" in config
    experiments = Path(first["run_dir"]).parent
    assert not [p for p in experiments.iterdir() if p.name.startswith(".")]


def test_same_seed_same_results(compose, tiny_overrides):
    a = train(compose(tiny_overrides))
    b = train(compose(tiny_overrides))
    for head in a["heads"]:
        assert a["heads"][head]["test"] == b["heads"][head]["test"]


def test_single_file_mode(compose, tmp_path):
    from tiny import make_records, write_jsonl

    path = write_jsonl(tmp_path / "all.jsonl", make_records(100, 4, "one"))
    metrics = train(compose(["data=single_file", f"data.file={path}", f"paths.experiments_dir={tmp_path / 'exp'}"]))
    sizes = {s: metrics["data"]["splits"][s]["n"] for s in ("train", "dev", "test")}
    assert sum(sizes.values()) == 100 and all(sizes.values())


def test_experiment_config_runs(compose, tiny_overrides):
    metrics = train(compose(tiny_overrides + ["experiment=word_only"]))
    assert metrics["run"]["name"] == "word_only" and "word_only" in Path(metrics["run_dir"]).name


def test_bad_data_stops_before_anything_is_written(compose, tiny_overrides, tiny_splits, tmp_path):
    with open(tiny_splits["train"], "a") as handle:
        handle.write('{"id": "x", "text": "t", "stance_beijing": "pro"}\n')
    with pytest.raises(DataError, match="train.jsonl:49: field 'stance_taipei': missing"):
        train(compose(tiny_overrides))
    assert not (tmp_path / "experiments").exists()


def test_failed_training_leaves_no_folder(compose, tiny_overrides, tmp_path):
    with pytest.raises(FramingError, match="could not build"):
        train(compose(tiny_overrides + ["model._target_=sklearn.linear_model.NoSuchModel"]))
    assert not [p for p in (tmp_path / "experiments").iterdir()]


def test_drop_mode_records_counts(compose, tiny_overrides, tiny_splits):
    with open(tiny_splits["train"], "a") as handle:
        handle.write('{"id": "x", "text": "", "stance_beijing": "pro"}\n')
    metrics = train(compose(tiny_overrides + ["data.on_invalid=drop"]))
    assert metrics["data"]["dropped"]["train"]["rows"] == 1
    assert "Rows dropped" in (Path(metrics["run_dir"]) / "report.md").read_text()


def test_resume_returns_the_finished_run_instead_of_training_again(compose, tiny_overrides, tmp_path):
    first = train(compose(tiny_overrides + ["resume=true"]))
    again = train(compose(tiny_overrides + ["resume=true", "name=renamed"]))  # a name does not change the computation
    assert again["resumed"] is True and again["run_dir"] == first["run_dir"]
    changed = train(compose(tiny_overrides + ["resume=true", "model.C=0.5"]))
    assert "resumed" not in changed and changed["run_dir"] != first["run_dir"]
    without = train(compose(tiny_overrides))  # resume=false (the default) always trains
    assert "resumed" not in without
    runs = [p for p in (tmp_path / "experiments").iterdir()]
    assert len(runs) == 3


def test_fingerprint_follows_the_data(compose, tiny_overrides, tiny_splits):
    first = train(compose(tiny_overrides + ["resume=true"]))
    with open(tiny_splits["test"], "a") as handle:
        from tiny import make_records

        handle.write(json.dumps(make_records(1, 99, "extra")[0]) + "\n")
    second = train(compose(tiny_overrides + ["resume=true"]))
    assert "resumed" not in second and second["run"]["fingerprint"] != first["run"]["fingerprint"]


def test_objective_is_the_dev_mean_and_test_is_refused(compose, tiny_overrides):
    metrics = train(compose(tiny_overrides))
    objective = metrics["objective"]
    expected = sum(h["dev"]["macro_f1"] for h in metrics["heads"].values()) / len(metrics["heads"])
    assert objective["split"] == "dev" and objective["value"] == pytest.approx(expected) and objective["heads"] == 4
    with pytest.raises(FramingError, match="objective.split must be 'dev'"):
        train(compose(tiny_overrides + ["objective.split=test"]))


def test_target_aware_heads_get_their_own_featurizers(compose, tiny_overrides):
    from framing.bundle import load_model

    metrics = train(compose(tiny_overrides + ["target_features=context_lexicon"]))
    model, manifest = load_model(metrics["run_dir"])
    assert sorted(model.target_featurizers_) == ["stance_beijing", "stance_taipei", "stance_washington"]
    assert [h.get("target") for h in manifest["heads"]] == ["beijing", "taipei", "washington", None]
    assert model.predict(["Beijing was condemned for reckless intimidation."])["stance_beijing"] == ["anti"]
