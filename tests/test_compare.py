"""framing-compare through main(argv)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from framing.compare import main
from framing.train import train


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def two_runs(compose, tiny_overrides):
    a = train(compose(tiny_overrides))
    b = train(compose(tiny_overrides + ["model.C=0.01"]))
    return Path(a["run_dir"]), Path(b["run_dir"]), a, b


def test_two_runs_side_by_side_with_deltas(two_runs):
    a_dir, b_dir, a, b = two_runs
    code, out, err = run([str(a_dir), str(b_dir)])
    assert code == 0, err
    assert "| metric | A | B | Δ B−A | majority (A) |" in out
    for head in ("stance_beijing", "stance_taipei", "stance_washington", "frames"):
        assert f"## {head}" in out
    value_a = a["heads"]["stance_beijing"]["test"]["macro_f1"]
    value_b = b["heads"]["stance_beijing"]["test"]["macro_f1"]
    assert f"| macro_f1 | {value_a:.3f} | {value_b:.3f} | {value_b - value_a:+.3f} |" in out
    assert "| model.C | `1.0` | `0.01` |" in out  # the config keys that differ


def test_metrics_json_paths_work_too(two_runs):
    a_dir, b_dir, _, _ = two_runs
    code, out, _ = run([str(a_dir / "metrics.json"), str(b_dir / "metrics.json")])
    assert code == 0 and "## frames" in out


def test_different_test_data_is_refused_then_forced_with_a_warning(compose, tiny_overrides, tmp_path, two_runs):
    from tiny import make_records, write_jsonl

    a_dir, _, _, _ = two_runs
    other_test = write_jsonl(tmp_path / "other_test.jsonl", make_records(12, 9, "ot"))
    overrides = [o for o in tiny_overrides if not o.startswith("data.test=")] + [f"data.test={other_test}"]
    c_dir = Path(train(compose(overrides))["run_dir"])
    code, out, err = run([str(a_dir), str(c_dir)])
    assert code == 1 and "different test data" in err and "--force" in err and out == ""
    code, out, err = run([str(a_dir), str(c_dir), "--force"])
    assert code == 0
    assert "WARNING: the runs were evaluated on different test data" in out
    assert "WARNING" in err


def test_different_label_sets_are_refused(two_runs, tmp_path):
    a_dir, b_dir, _, _ = two_runs
    copy = tmp_path / "copy"
    shutil.copytree(b_dir, copy)
    metrics = json.loads((copy / "metrics.json").read_text())
    metrics["heads"]["stance_taipei"]["labels"] = ["pro", "anti", "other"]
    (copy / "metrics.json").write_text(json.dumps(metrics))
    code, _, err = run([str(a_dir), str(copy)])
    assert code == 1 and "head stance_taipei has different label sets" in err


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: (d / "metrics.json").unlink(), "no metrics.json here"),
        (lambda d: (d / "metrics.json").write_text("{truncated"), "damaged metrics file"),
        (lambda d: (d / "metrics.json").write_text('{"schema": "other"}'), "not a framing metrics file"),
        (lambda d: (d / "metrics.json").write_text('{"schema": "framing-metrics", "schema_version": 7}'), "metrics file version 7"),
        (lambda d: (d / "metrics.json").write_text('{"schema": "framing-metrics", "schema_version": 1}'), "no 'heads' section"),
    ],
)
def test_missing_or_damaged_metrics(two_runs, tmp_path, damage, message):
    a_dir, b_dir, _, _ = two_runs
    copy = tmp_path / "copy"
    shutil.copytree(b_dir, copy)
    damage(copy)
    code, _, err = run([str(a_dir), str(copy)])
    assert code == 1 and message in err


def test_output_file(two_runs, tmp_path):
    a_dir, b_dir, _, _ = two_runs
    code, out, _ = run([str(a_dir), str(b_dir), "--output", str(tmp_path / "cmp.md")])
    assert code == 0 and out == "" and (tmp_path / "cmp.md").read_text().startswith("# Comparison")


def test_compare_does_not_import_hydra(two_runs):
    a_dir, b_dir, _, _ = two_runs
    code = (
        "import sys\nfrom framing.compare import main\n"
        f"assert main([{str(a_dir)!r}, {str(b_dir)!r}]) == 0\n"
        "assert not [m for m in ('hydra', 'datasets', 'sklearn') if m in sys.modules]\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
