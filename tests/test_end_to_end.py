"""Slow: the installed console scripts on the bundled corpus, exactly as README.md shows them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def readme_commands() -> list[str]:
    """Every runnable command in README.md's bash blocks. From the first block (the set-up
    commands) the part after the install is kept and the test command is left out, since
    this is the test command; lines with a <placeholder> are left out."""
    blocks = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    setup, rest = blocks[0], blocks[1:]
    commands = [setup.splitlines()[0].split("&&", 1)[1].strip()]
    for block in rest:
        commands += [line for line in block.splitlines() if line.strip() and not re.search(r"<[^>]+>", line)]
    return commands


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    copy.mkdir()
    shutil.copytree(ROOT / "data", copy / "data")
    (copy / "experiments").mkdir()
    return copy


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_console_scripts_are_installed():
    for script in ("framing-train", "framing-score", "framing-compare"):
        assert shutil.which(script), f"{script} not on PATH: pip install -e ."


def test_every_readme_command_runs(repo_copy):
    commands = readme_commands()
    assert commands[0] == "framing-train"
    for command in commands:
        result = _run(command, repo_copy)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    runs = [p for p in (repo_copy / "experiments").iterdir() if not p.name.startswith(".")]
    assert len(runs) >= sum(c.startswith("framing-train") for c in commands)  # sweeps add several
    assert (repo_copy / "comparison.md").read_text().startswith("# Comparison")


def test_train_score_compare_on_the_bundled_corpus(repo_copy):
    first = _run("framing-train", repo_copy)
    assert first.returncode == 0, first.stderr
    score = _run('framing-score "Beijing condemned the arms sale."', repo_copy)
    assert score.returncode == 0, score.stderr
    header = score.stdout.splitlines()[0].split()
    assert header == ["id", "stance_beijing", "stance_taipei", "stance_washington", "frames"]
    second = _run("framing-train model.C=0.3", repo_copy)
    assert second.returncode == 0, second.stderr
    runs = sorted(p for p in (repo_copy / "experiments").iterdir() if not p.name.startswith("."))
    compare = _run(f"framing-compare {runs[0]} {runs[1]}", repo_copy)
    assert compare.returncode == 0, compare.stderr
    assert "| model.C | `1.0` | `0.3` |" in compare.stdout
    # The report shows every head against its majority baseline on the test file.
    report = (runs[0] / "report.md").read_text()
    for head in ("stance_beijing", "stance_taipei", "stance_washington", "frames"):
        assert f"| {head} |" in report


def test_bad_data_exits_with_the_row_named(repo_copy):
    bad = repo_copy / "data" / "bad.jsonl"
    lines = (repo_copy / "data" / "train.jsonl").read_text().splitlines()
    lines[2] = lines[2].replace('"stance_beijing": "', '"stance_beijing": "x')
    bad.write_text("\n".join(lines) + "\n")
    result = _run("framing-train data.train=data/bad.jsonl", repo_copy)
    assert result.returncode == 1
    assert "data/bad.jsonl:3: field 'stance_beijing': unknown label" in result.stderr
    assert "Traceback" not in result.stderr


def _sweep_on_tiny_data(arguments: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess, Path]:
    """framing-train -m ARGUMENTS on tiny data made here, runs under tmp_path/exp."""
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from tiny import write_splits

    files = write_splits(tmp_path / "tiny")
    data = " ".join(f"data.{name}={path}" for name, path in files.items())
    experiments = tmp_path / "exp"
    return _run(f"framing-train -m {arguments} paths.experiments_dir={experiments} {data}", tmp_path), experiments


def _finished_runs(experiments: Path) -> list[str]:
    return sorted(p.name for p in experiments.iterdir() if not p.name.startswith("."))


def test_multirun_grid_in_parallel_then_resumed(tmp_path):
    """A grid sweep with the local parallel launcher writes one run per job; re-running it
    with resume=true trains nothing again."""
    arguments = "hydra/launcher=local_parallel hydra.launcher.n_jobs=2 resume=true model.C=0.1,1.0,10.0"
    first, experiments = _sweep_on_tiny_data(arguments, tmp_path)
    assert first.returncode == 0, first.stderr
    runs = _finished_runs(experiments)
    assert len(runs) == 3
    again, _ = _sweep_on_tiny_data(arguments, tmp_path)
    assert again.returncode == 0, again.stderr
    assert _finished_runs(experiments) == runs
    assert (again.stdout + again.stderr).count("already finished") == 3


def test_optuna_search_runs_trials(tmp_path):
    result, experiments = _sweep_on_tiny_data("hparams_search=optuna hydra.sweeper.n_trials=3", tmp_path)
    assert result.returncode == 0, result.stderr
    assert 1 <= len(_finished_runs(experiments)) <= 3  # trials repeating a finished configuration are resumed
    assert "Best value" in result.stdout + result.stderr
