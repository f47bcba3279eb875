"""What every benchmark script does the same way: find the data, train through framing's
configs, and write the results file and the README table."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def parser(doc: str, data_help: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--data", help=data_help)
    parser.add_argument("--quick", action="store_true", help="one candidate only (for CI); the README is left alone")
    parser.add_argument("--experiments", default=str(ROOT / "experiments" / "benchmarks"), help="where the runs go")
    return parser


def data_dir(folder: str, given: str | None) -> Path:
    """--data, else $FRAMING_BENCHMARKS/<folder>, else ../shared/benchmarks/<folder>."""
    if given:
        return Path(given)
    base = os.environ.get("FRAMING_BENCHMARKS")
    return (Path(base) if base else ROOT.parent / "shared" / "benchmarks") / folder


def run(experiment: str, overrides: list[str], experiments: Path) -> dict:
    """One training run of `experiment=<experiment>` with overrides; returns its metrics."""
    from hydra import compose, initialize_config_dir

    from framing.train import train

    with initialize_config_dir(config_dir=str(ROOT / "conf"), version_base="1.3"):
        cfg = compose("train", overrides=[f"experiment={experiment}", f"paths.experiments_dir={experiments}", *overrides])
    return train(cfg)


def finish(name: str, result: dict, quick: bool) -> None:
    """Write benchmarks/results/<name>.json (or <name>.quick.json) and, for a full run, the
    README table; print the table."""
    from framing.runs import atomic_write_json

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import readme_tables

    path = RESULTS / (f"{name}.quick.json" if quick else f"{name}.json")
    atomic_write_json(path, result)
    print("\n" + readme_tables.render(result))
    if not quick:
        readme_tables.update(name)
    print(f"\nwritten to {path.relative_to(ROOT)}" + ("" if quick else " and README.md"))
