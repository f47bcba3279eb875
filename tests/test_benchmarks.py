"""Benchmark tables in README come from the results files; the scripts run when data is present."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import readme_tables  # noqa: E402

RESULTS = sorted(p for p in (ROOT / "benchmarks" / "results").glob("*.json") if not p.name.endswith(".quick.json"))
SHARED = ROOT.parent / "shared" / "benchmarks"


@pytest.mark.parametrize("path", RESULTS, ids=lambda p: p.stem)
def test_readme_table_is_the_rendered_results_file(path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_tables.section(path.stem) in readme, f"run: python benchmarks/{path.stem}.py"
    result = json.loads(path.read_text(encoding="utf-8"))
    assert {"metric", "ours", "published"} <= set(result) and not result["quick"]
    assert "test" not in result["selected"]["on"]


def test_render_by_hand():
    result = {
        "benchmark": "B",
        "metric": "M",
        "ours": 70.123,
        "published": {"X": 68.98},
        "selected": {"setting": "s", "on": "dev"},
        "train_size": 10,
        "fit_seconds": 2.4,
        "test_size": 5,
    }
    table = readme_tables.render(result)
    assert "| X (published) | 68.98 |" in table and "| **framing**: s (ours) | **70.12** |" in table


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "semeval2016_task6").is_dir(), reason="SemEval-2016 data not present")
def test_semeval2016_reduced_run(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "semeval2016.py"), "--quick", "--experiments", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    quick = json.loads((ROOT / "benchmarks" / "results" / "semeval2016.quick.json").read_text())
    assert quick["quick"] and quick["test_size"] == 1249 and quick["train_size"] == 2914
    assert quick["ours"] > 60  # far above the 0 of a broken pipeline; the full run is in README
