"""framing-compare: the metrics of several runs side by side, with deltas, as Markdown.

    framing-compare experiments/RUN_A experiments/RUN_B

Runs evaluated on different test data are not comparable; compare refuses them unless
--force is given, and then says so at the top of its output. A plain CLI: no Hydra import.
"""

from __future__ import annotations

import argparse
import json
import string
import sys
from pathlib import Path
from typing import Any, Sequence, TextIO

from framing.errors import FramingError
from framing.runs import METRICS_FILE, METRICS_SCHEMA, METRICS_SCHEMA_VERSION, read_versioned_json, write_output

def load_metrics(path: Path) -> dict[str, Any]:
    path = Path(path)
    file = path / METRICS_FILE if path.is_dir() else path
    if not file.is_file():
        raise FramingError(f"{path}: no {METRICS_FILE} here (is it a finished framing run folder?)")
    metrics = read_versioned_json(file, ("schema", METRICS_SCHEMA), ("schema_version", METRICS_SCHEMA_VERSION), "metrics file")
    for key in ("heads", "data", "run"):
        if not isinstance(metrics.get(key), dict):
            raise FramingError(f"{file}: damaged metrics file (no '{key}' section)")
    metrics["_path"] = str(file.parent)
    return metrics


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}{key}."))
        return out
    return {prefix[:-1]: value}


def _run_config(metrics: dict[str, Any]) -> dict[str, Any]:
    manifest = Path(metrics["_path"]) / "model.json"
    try:
        return _flatten(json.loads(manifest.read_text(encoding="utf-8")).get("config", {}))
    except (OSError, ValueError):
        return {}


def _check_comparable(runs: list[dict[str, Any]], force: bool) -> list[str]:
    """Problems that make the runs incomparable; raised unless forced, then returned as warnings."""
    problems = []
    hashes = {run["data"]["splits"]["test"]["sha256"] for run in runs}
    if len(hashes) > 1:
        detail = "; ".join(
            f"{run['run']['id']}: {run['data']['splits']['test']['source']} (sha256 {run['data']['splits']['test']['sha256'][:12]})"
            for run in runs
        )
        problems.append(f"the runs were evaluated on different test data ({detail})")
    first = runs[0]["heads"]
    for run in runs[1:]:
        for name, head in run["heads"].items():
            if name in first and head["labels"] != first[name]["labels"]:
                problems.append(f"head {name} has different label sets ({first[name]['labels']} vs {head['labels']})")
    if problems and not force:
        raise FramingError("; ".join(problems) + ". Their scores are not comparable; pass --force to compare anyway")
    return problems


def _fmt(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}"


def _delta(value: Any, reference: Any) -> str:
    if value is None or reference is None:
        return "–"
    return f"{value - reference:+.3f}"


def render(runs: list[dict[str, Any]], warnings: Sequence[str] = ()) -> str:
    letters = list(string.ascii_uppercase) + [f"R{i}" for i in range(27, 1000)]
    tags = letters[: len(runs)]
    out = ["# Comparison", ""]
    for warning in warnings:
        out.append(f"> **WARNING: {warning}. Deltas below may mean nothing.**")
        out.append("")
    out += ["| run | folder | name | test paragraphs | test sha256 |", "|---|---|---|---|---|"]
    for tag, run in zip(tags, runs):
        test = run["data"]["splits"]["test"]
        out.append(f"| {tag} | `{run['_path']}` | {run['run'].get('name')} | {test['n']} | {test['sha256'][:12]} |")

    configs = [_run_config(run) for run in runs]
    keys = sorted(set().union(*configs))
    differing = [k for k in keys if len({json.dumps(c.get(k), sort_keys=True) for c in configs}) > 1]
    if differing:
        out += ["", "## Config differences", "", "| key | " + " | ".join(tags) + " |", "|---|" + "---|" * len(tags)]
        for key in differing:
            out.append(f"| {key} | " + " | ".join(f"`{json.dumps(c.get(key))}`" for c in configs) + " |")

    head_names = list(dict.fromkeys(name for run in runs for name in run["heads"]))
    for name in head_names:
        present = [run["heads"].get(name) for run in runs]
        reference = present[0]
        headline = next(h for h in present if h)["headline"]
        header = ["metric"] + tags + [f"Δ {tag}−A" for tag in tags[1:]] + ["majority (A)"]
        out += ["", f"## {name}", "", "| " + " | ".join(header) + " |", "|---|" + "---|" * (len(header) - 1)]
        for metric in headline:
            values = [h["test"].get(metric) if h else None for h in present]
            base = reference["baseline"]["test"].get(metric) if reference else None
            row = [metric] + [_fmt(v) for v in values] + [_delta(v, values[0]) for v in values[1:]] + [_fmt(base)]
            out.append("| " + " | ".join(row) + " |")
    out += ["", "Values are on each run's test split; Δ is the difference from run A."]
    return "\n".join(out) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing-compare", description="Compare the test metrics of framing runs.")
    parser.add_argument("runs", nargs="+", metavar="RUN", help="run folders (or their metrics.json files)")
    parser.add_argument("--force", action="store_true", help="compare even runs with different test data or label sets (warns)")
    parser.add_argument("--output", "-o", help="write the Markdown here (atomically) instead of stdout")
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        runs = [load_metrics(Path(run)) for run in args.runs]
        warnings = _check_comparable(runs, args.force)
        for warning in warnings:
            print(f"framing-compare: WARNING: {warning}", file=stderr)
        write_output(render(runs, warnings), args.output, stdout)
    except FramingError as exc:
        print(f"framing-compare: error: {exc}", file=stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
