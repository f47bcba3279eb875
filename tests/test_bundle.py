"""The saved model: round trip, and refusal of damaged, mismatched or incomplete files."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from framing.bundle import MANIFEST_FILE, MODEL_FILE, load_model
from framing.errors import ModelLoadError


def test_round_trip_from_run_folder_model_file_and_manifest(trained_run):
    run_dir, metrics = trained_run
    model, manifest = load_model(run_dir)
    texts = ["Beijing was condemned for reckless intimidation.", "Markets were calm."]
    expected = model.predict_proba(texts)
    for path in (run_dir / MODEL_FILE, run_dir / MANIFEST_FILE):
        again, _ = load_model(path)
        for head in expected:
            np.testing.assert_array_equal(expected[head], again.predict_proba(texts)[head])
    assert [h["name"] for h in manifest["heads"]] == ["stance_beijing", "stance_taipei", "stance_washington", "frames"]
    assert manifest["heads"][0]["labels"] == ["pro", "anti", "neutral", "absent"]
    assert set(manifest["versions"]) == {"framing", "scikit-learn", "python"}
    assert manifest["training_data"]["train"]["sha256"] == metrics["data"]["splits"]["train"]["sha256"]
    assert manifest["config"]["model"]["_target_"] == "sklearn.linear_model.LogisticRegression"


def test_damaged_model_file_is_refused(trained_run, tmp_path):
    run_dir, _ = trained_run
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    data = bytearray((copy / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="damaged or changed after it was saved"):
        load_model(copy)


def test_truncated_model_file_is_refused(trained_run, tmp_path):
    run_dir, _ = trained_run
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    (copy / MODEL_FILE).write_bytes((copy / MODEL_FILE).read_bytes()[:100])
    with pytest.raises(ModelLoadError, match="damaged"):
        load_model(copy / MODEL_FILE)


def _edit_manifest(folder, change):
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    change(manifest)
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda m: m["versions"].update({"scikit-learn": "0.24.2"}), r"saved with scikit-learn 0\.24\.2 \(here .*--ignore-version-mismatch"),
        (lambda m: m["versions"].update({"framing": "9.9.9"}), r"saved with framing 9\.9\.9"),
        (lambda m: m["versions"].update({"python": "2.7.18"}), r"Python 2\.7\.18"),
    ],
)
def test_version_mismatch_is_refused_unless_asked(trained_run, tmp_path, change, message):
    run_dir, _ = trained_run
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    _edit_manifest(copy, change)
    with pytest.raises(ModelLoadError, match=message):
        load_model(copy)
    model, _ = load_model(copy, check_versions=False)
    assert model.predict(["text"])


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: (d / MANIFEST_FILE).unlink(), "manifest missing"),
        (lambda d: (d / MANIFEST_FILE).write_text("{not json"), "damaged model manifest"),
        (lambda d: (d / MANIFEST_FILE).write_text('{"format": "other"}'), "not a framing model manifest"),
        (lambda d: _edit_manifest(d, lambda m: m.update(format_version=99)), "model manifest version 99"),
        (lambda d: (d / MODEL_FILE).unlink(), "model file missing"),
        (lambda d: _edit_manifest(d, lambda m: m["heads"][0].update(labels=["x", "y"])), "heads do not match its manifest"),
    ],
)
def test_incomplete_model_folders_are_refused(trained_run, tmp_path, setup, message):
    run_dir, _ = trained_run
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    setup(copy)
    with pytest.raises(ModelLoadError, match=message):
        load_model(copy)


def test_missing_path(tmp_path):
    with pytest.raises(ModelLoadError, match="no such model file or run folder"):
        load_model(tmp_path / "nothing")
